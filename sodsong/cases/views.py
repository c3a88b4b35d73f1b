"""The case pages: the list, opening a case, the case page with its forms, the DOCX summary and
the law catalogue. Reads go through `selectors`, writes through `services`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sodsong.accounts.models import Role, User
from sodsong.accounts.requests import AuthedHttpRequest
from sodsong.accounts.scope import scope_for
from sodsong.audit.models import AuditEvent
from sodsong.audit.services import log_action
from sodsong.cases import forms, selectors, services
from sodsong.cases.case_templates import TEMPLATES
from sodsong.cases.models import (
    Case,
    CaseStatus,
    Law,
    LawSection,
    OperationStatus,
    OriginKind,
    Participation,
    Prosecution,
    ReferralTo,
    Screening,
    TaskStatus,
)
from sodsong.cases.timeline import describe
from sodsong.core.attachments import AttachmentError
from sodsong.core.concurrency import VersionConflict
from sodsong.core.errors import show_refusal
from sodsong.core.models import Attachment
from sodsong.geo.models import Area
from sodsong.people.matching import NewPerson
from sodsong.people.services import DocumentInput, PersonError
from sodsong.web.conflicts import changed_values, conflict_for

CASE_ROLES = (Role.AGENCY_OFFICER, Role.DISTRICT, Role.PROVINCE, Role.ANALYST)


def _require_case_role(request: AuthedHttpRequest) -> None:
    if not scope_for(request.user).has_role(*CASE_ROLES):
        log_action(action=AuditEvent.Action.DENIED, object_type="cases.case")
        raise PermissionDenied


@login_required
def index(request: AuthedHttpRequest) -> HttpResponse:
    _require_case_role(request)
    status = request.GET.get("status", "")
    cases = selectors.case_queryset(user=request.user).order_by("-opened_on", "-id")
    if status in CaseStatus.values:
        cases = cases.filter(status=status)
    scope = scope_for(request.user)
    return render(
        request,
        "cases/index.html",
        {
            "cases": list(cases[:200]),
            "status": status,
            "statuses": CaseStatus.choices,
            "tasks": selectors.tasks_for_user(user=request.user),
            "can_create": bool(request.user.agency_id and scope.has_role(*services.CREATOR_ROLES)),
            "nav_active": "cases",
        },
    )


@login_required
def case_new(request: AuthedHttpRequest) -> HttpResponse:
    _require_case_role(request)
    form = forms.CaseCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        area = Area.objects.filter(code=data["area_code"].strip()).first()
        if area is None:
            form.add_error("area_code", _("Unknown area code."))
        else:
            try:
                case = services.case_create(
                    by=request.user,
                    title=data["title"],
                    case_type=data["case_type"],
                    area=area,
                    origin=data["origin"],
                    origin_reference=data["origin_reference"],
                    summary=data["summary"],
                    opened_on=data["opened_on"],
                )
            except (services.CasePermissionError, services.CaseError) as exc:
                show_refusal(request, exc, form)
            else:
                messages.success(request, _("Case %(number)s opened.") % {"number": case.number})
                return redirect("cases:detail", uuid=case.uuid)
    return render(request, "cases/new.html", {"form": form, "nav_active": "cases"})


def _tips_areas(tips: list[Any]) -> list[Area]:
    """The districts of the tips (or their own area when it is coarser than a district)."""
    codes = list(
        dict.fromkeys(t.area.code[:4] if len(t.area.code) >= 4 else t.area.code for t in tips)
    )
    found = {a.code: a for a in Area.objects.filter(code__in=codes)}
    return [found[c] for c in codes if c in found]


@login_required
def from_tips(request: AuthedHttpRequest) -> HttpResponse:
    """Promote one or more tips and watch reports to a new case: the district's (or the
    province's) officers choose the title, the type and the lead agency; the tips are marked
    "passed to a case" and the case lists them as its origin."""
    _require_case_role(request)
    try:
        from sodsong.tips import selectors as tip_selectors
    except ImportError:  # pragma: no cover - the tips module is installed with cases
        raise Http404 from None
    if not tip_selectors.may_promote_any(request.user):
        log_action(
            action=AuditEvent.Action.DENIED, object_type="tips.tip", detail={"path": request.path}
        )
        raise PermissionDenied
    data = request.POST if request.method == "POST" else request.GET
    tips = tip_selectors.promotable_tips(user=request.user, uuids=data.getlist("tip"))
    if tips is None:
        # A tip out of reach answers like a missing one: it must not confirm that it exists.
        raise Http404
    leads = selectors.lead_agency_choices(user=request.user)
    form = forms.FromTipsForm(
        request.POST if request.method == "POST" else None,
        initial={
            "tip": [str(t.uuid) for t in tips],
            "lead_agency": str(request.user.agency.uuid) if request.user.agency else "",
            "summary": "\n\n".join(f"[{t.tracking_code}] {t.description}" for t in tips),
        },
        tip_choices=[(str(t.uuid), t.tracking_code) for t in tips],
        lead_choices=[(str(a.uuid), a.name_th) for a in leads],
    )
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            cleaned = form.cleaned_data
            lead = next((a for a in leads if str(a.uuid) == cleaned["lead_agency"]), None)
            areas = _tips_areas(tips)
            try:
                if lead is None or not areas:
                    raise services.CaseError(_("You may not name this agency to lead the case."))
                case = services.case_create(
                    by=request.user,
                    title=cleaned["title"],
                    case_type=cleaned["case_type"],
                    area=areas[0],
                    areas=areas[1:],
                    origin=OriginKind.TIP,
                    origin_tip_uuids=[t.uuid for t in tips],
                    summary=cleaned["summary"],
                    lead_agency=lead,
                )
            except services.CasePermissionError:
                log_action(action=AuditEvent.Action.DENIED, object_type="cases.case")
                raise PermissionDenied from None
            except services.CaseError as exc:
                show_refusal(request, exc, form)
            else:
                messages.success(
                    request,
                    _("Case %(number)s opened from %(count)s tip(s) or report(s).")
                    % {"number": case.number, "count": len(tips)},
                )
                return redirect("cases:detail", uuid=case.uuid)
    return render(
        request,
        "cases/from_tips.html",
        {"form": form, "tips": tips, "nav_active": "cases"},
        status=status,
    )


def _access_or_404(request: AuthedHttpRequest, uuid: str) -> selectors.CaseAccess:
    access = selectors.case_access_for(user=request.user, uuid=uuid)
    if access is None:
        # Out of scope answers like a missing case: it must not confirm that the case exists.
        raise Http404
    return access


def _section_choices(case: Case) -> list[tuple[str, str]]:
    usual = TEMPLATES.get(case.case_type)
    usual_keys = set(usual.usual_sections) if usual else set()
    rows = (
        LawSection.objects.filter(superseded_by__isnull=True)
        .select_related("version__law")
        .order_by("version__law__code", "key", "-version__effective_from")
    )
    seen: set[tuple[str, str]] = set()
    first: list[tuple[str, str]] = []
    rest: list[tuple[str, str]] = []
    for row in rows:
        natural = (row.version.law.code, row.key)
        if natural in seen or row.kind == "participation":
            continue
        seen.add(natural)
        label = f"{row.version.law.title_th} {row.citation_th} — {row.offence_th}"
        (first if natural in usual_keys else rest).append((f"{natural[0]}|{natural[1]}", label))
    return first + rest


def _detail_context(
    request: AuthedHttpRequest, access: selectors.CaseAccess, **forms_in: Any
) -> dict:
    case = access.case
    parties = selectors.parties_visible(user=request.user, access=access)
    operations = selectors.operations_visible(access=access)
    attachments = Attachment.objects.filter(
        owner_type=ContentType.objects.get_for_model(Case), owner_uuid=case.uuid
    ).order_by("-created_at")
    events = selectors.timeline(access=access)
    for event in events:
        event.text = describe(event)
    section_choices = _section_choices(case)
    context = {
        "case": case,
        "access": access,
        "parties": parties,
        "operations": operations,
        "seizures": list(case.seizures.select_related("operation")),
        "tasks": list(case.tasks.select_related("assignee_agency", "assignee_user")),
        "participants": list(
            case.participations.filter(revoked_at__isnull=True).select_related("agency")
        ),
        "members": list(case.members.filter(removed_at__isnull=True).select_related("user")),
        "hidden": selectors.hidden_counts(access=access),
        "events": events,
        "attachments": attachments,
        "transitions": [(s, CaseStatus(s).label) for s in services.TRANSITIONS[case.status]],
        "is_bangkok": case.area.is_bangkok,
        "planned": OperationStatus.PLANNED,
        "task_statuses": TaskStatus.choices,
        "pending": Screening.PENDING,
        "nav_active": "cases",
        "details_form": forms.DetailsForm(
            initial={
                "version": case.version,
                **{f: getattr(case, f) for f in forms.DetailsForm.FIELDS},
            }
        ),
        "status_form": forms.StatusForm(),
        "grant_form": forms.GrantForm(),
        "member_form": forms.MemberForm(),
        "task_form": forms.TaskForm(),
        "operation_form": forms.OperationForm(),
        "seizure_form": forms.SeizureForm(),
        "party_form": forms.PartyForm(),
        "attachment_form": forms.AttachmentForm(),
        "export_form": forms.ExportForm(),
        "section_choices": section_choices,
        "participation_choices": Participation.choices,
        "screening_form": forms.ScreeningForm(),
        "referral_form": forms.ReferralForm(),
        "referral_choices": ReferralTo.choices,
        "headcount_fields": [
            (name, forms.OperationResultForm.base_fields[name].label) for name in HEADCOUNTS
        ],
        "arrest_form": forms.ArrestForm(),
        "charge_form": forms.ChargeForm(section_choices=section_choices),
        "prosecution_form": forms.ProsecutionForm(),
        "identifier_form": forms.CaseIdentifierForm(),
        "origin_tips": selectors.origin_tips(user=request.user, case=case),
        "shared": selectors.shared_identifiers(user=request.user, case=case),
    }
    context.update(forms_in)
    return context


@login_required
def case_detail(request: AuthedHttpRequest, uuid: str) -> HttpResponse:
    _require_case_role(request)
    access = _access_or_404(request, uuid)
    return render(request, "cases/detail.html", _detail_context(request, access))


# ---------------------------------------------------------------------------------------------
# actions: each takes the bound form's data and the access, and calls one service


def _party_of(request: AuthedHttpRequest, access: selectors.CaseAccess, party_uuid: Any):
    found = selectors.party_get(user=request.user, uuid=party_uuid)
    if found is None or found[1].case_id != access.case.pk:
        raise Http404
    return found[1]


def _save_details(request: AuthedHttpRequest, access: selectors.CaseAccess, form: Any) -> Any:
    """Writes the details the officer changed. When the case moved on since the page was
    opened, the changes go on top of the other officer's unless both changed the same field:
    then the conflict (both values, field by field) is returned for the officer to choose."""
    changes = changed_values(form, forms.DetailsForm.FIELDS)
    expected = form.cleaned_data["version"]
    for _attempt in range(5):
        try:
            services.case_update_details(
                by=request.user, case=access.case, expected_version=expected, **changes
            )
        except VersionConflict as exc:
            conflict = conflict_for(form, forms.DetailsForm.FIELDS, exc.current, request.path)
            if conflict is not None:
                return conflict
            expected = exc.current.version
        else:
            return None
    raise services.CaseError(
        _("Other officers are saving this case right now; nothing was saved. Please save again.")
    )


def _do_status(request, access, data):
    services.case_change_status(
        by=request.user,
        case=access.case,
        to=data["to"],
        reason=data["reason"],
        from_status=data.get("from_status") or None,
    )


def _do_grant(request, access, data):
    services.participation_grant(by=request.user, case=access.case, agency=data["agency"])


def _do_revoke(request, access, data):
    services.participation_revoke(by=request.user, case=access.case, agency=data["agency"])


def _do_member(request, access, data):
    user = User.objects.filter(username=data["username"].strip(), is_active=True).first()
    if user is None:
        raise services.CaseError(_("Unknown officer."))
    services.member_set(
        by=request.user,
        case=access.case,
        user=user,
        informants=data["informants"],
        victims=data["victims"],
        operations=data["operations"],
    )


def _do_task(request, access, data):
    services.task_create(
        by=request.user,
        case=access.case,
        title=data["title"],
        assignee_agency=data["agency"],
        due_on=data["due_on"],
    )


def _do_task_status(request, access, data):
    task = access.case.tasks.filter(uuid=data["task"]).first()
    if task is None:
        raise Http404
    services.task_update(by=request.user, task=task, status=data["status"], note=data["note"])


def _do_operation(request, access, data):
    services.operation_plan(by=request.user, case=access.case, **data)


def _do_operation_result(request, access, data):
    found = selectors.operation_get(user=request.user, uuid=data["operation"])
    if found is None or found[1].case_id != access.case.pk:
        raise Http404
    services.operation_record_result(
        by=request.user,
        operation=found[1],
        held_at=data["held_at"],
        result=data["result"],
        cancelled=data["cancelled"],
        **{name: data.get(name) or 0 for name in HEADCOUNTS},
    )


HEADCOUNTS = (
    "foreigners_inspected",
    "foreigners_in_breach",
    "departures_prevented",
    "people_brought_back",
)


def _do_seizure(request, access, data):
    services.seizure_add(by=request.user, case=access.case, **data)


def _do_party(request, access, data):
    if not access.can_edit:
        raise services.CasePermissionError(_("You may not work on this case."))
    documents: tuple[DocumentInput, ...] = ()
    if not data["person_uuid"] and data["passport_number"]:
        if not data["nationality"]:
            raise services.CaseError(_("Give the nationality that issued the passport."))
        documents = (DocumentInput("passport", data["nationality"], data["passport_number"]),)
    services.party_add_person(
        by=request.user,
        case=access.case,
        role=data["role"],
        person_uuid=data["person_uuid"],
        new=NewPerson(
            given_name_th=data["given_name_th"],
            family_name_th=data["family_name_th"],
            given_name_latin=data["given_name_latin"],
            family_name_latin=data["family_name_latin"],
            nationality=data["nationality"],
            documents=documents,
        ),
        recruited_or_held=data["recruited_or_held"],
        taken_into_care_at=data.get("taken_into_care_at"),
    )


def _do_screening(request, access, data):
    party = _party_of(request, access, data["party"])
    services.party_screen(
        by=request.user,
        party=party,
        result=data["result"],
        screened_on=data["screened_on"],
        reference=data["reference"],
        late_reason=data.get("late_reason") or "",
    )


def _do_referral(request, access, data):
    party = _party_of(request, access, data["party"])
    services.victim_refer(
        by=request.user,
        party=party,
        to=data["to"],
        receiving_name=data["receiving_name"],
        referred_on=data["referred_on"],
        reference=data["reference"],
    )


def _do_arrest(request, access, data):
    party = _party_of(request, access, data.pop("party"))
    services.arrest_record(by=request.user, party=party, **data)


def _do_charge(request, access, data):
    party = _party_of(request, access, data["party"])
    law_code, _sep, key = data["section"].partition("|")
    services.charge_add(
        by=request.user,
        party=party,
        law_code=law_code,
        section_key=key,
        offence_from=data["offence_from"],
        offence_to=data["offence_to"],
        s41_override_reason=data["s41_override_reason"],
        participation=data.get("participation") or "",
    )


def _do_prosecution(request, access, data):
    party = _party_of(request, access, data.pop("party"))
    current = Prosecution.objects.filter(party=party).first()
    # Empty fields keep what was recorded before, so one form can be filled in step by step.
    values = {
        k: v
        for k, v in data.items()
        if v not in (None, "") or (current is None and k in services.PROSECUTION_FIELDS)
    }
    values = {k: ("" if v is None and k in _TEXT else v) for k, v in values.items()}
    services.prosecution_update(by=request.user, party=party, **values)


_TEXT = {"prosecutor_office", "decision", "court", "verdict", "sentence", "deportation"}


def _do_attach(request, access, data):
    try:
        services.case_attach(by=request.user, case=access.case, upload=data["file"])
    except AttachmentError as exc:
        raise services.CaseError(str(exc)) from exc


def _do_identifier(request, access, data):
    services.case_add_identifier(
        by=request.user, case=access.case, type=data["type"], value=data["value"]
    )


ACTIONS: dict[str, tuple[type, Callable[..., None] | None, str]] = {
    "details": (forms.DetailsForm, None, "details_form"),
    "status": (forms.StatusForm, _do_status, "status_form"),
    "grant": (forms.GrantForm, _do_grant, "grant_form"),
    "revoke": (forms.GrantForm, _do_revoke, "grant_form"),
    "member": (forms.MemberForm, _do_member, "member_form"),
    "task": (forms.TaskForm, _do_task, "task_form"),
    "task_status": (forms.TaskStatusForm, _do_task_status, ""),
    "operation": (forms.OperationForm, _do_operation, "operation_form"),
    "operation_result": (forms.OperationResultForm, _do_operation_result, ""),
    "seizure": (forms.SeizureForm, _do_seizure, "seizure_form"),
    "party": (forms.PartyForm, _do_party, "party_form"),
    "screening": (forms.ScreeningForm, _do_screening, "screening_form"),
    "referral": (forms.ReferralForm, _do_referral, "referral_form"),
    "arrest": (forms.ArrestForm, _do_arrest, "arrest_form"),
    "charge": (forms.ChargeForm, _do_charge, "charge_form"),
    "prosecution": (forms.ProsecutionForm, _do_prosecution, "prosecution_form"),
    "attach": (forms.AttachmentForm, _do_attach, "attachment_form"),
    "identifier": (forms.CaseIdentifierForm, _do_identifier, "identifier_form"),
}


@login_required
@require_POST
def case_action(request: AuthedHttpRequest, uuid: str, action: str) -> HttpResponse:
    _require_case_role(request)
    access = _access_or_404(request, uuid)
    if action not in ACTIONS:
        raise Http404
    form_class, handler, context_name = ACTIONS[action]
    kwargs: dict[str, Any] = {}
    if form_class is forms.ChargeForm:
        kwargs["section_choices"] = _section_choices(access.case)
    form = form_class(request.POST, request.FILES, **kwargs)
    if form.is_valid():
        try:
            if handler is None:  # the details: saved field by field, with their version
                conflict = _save_details(request, access, form)
                if conflict is not None:
                    context = _detail_context(request, access, details_form=form)
                    context["conflict"] = conflict
                    return render(request, "cases/detail.html", context, status=409)
            else:
                handler(request, access, dict(form.cleaned_data))
        except services.CasePermissionError:
            log_action(
                action=AuditEvent.Action.DENIED,
                object_type="cases.case",
                object_ids=[access.case.uuid],
                detail={"action": action},
            )
            raise PermissionDenied from None
        except (services.CaseError, PersonError) as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("Saved."))
            return redirect("cases:detail", uuid=access.case.uuid)
    context = _detail_context(request, access)
    if context_name:
        context[context_name] = form
    context["failed_action"] = action
    context["failed_form"] = form
    return render(request, "cases/detail.html", context, status=422)


@login_required
@require_POST
def case_docx(request: AuthedHttpRequest, uuid: str) -> HttpResponse:
    _require_case_role(request)
    access = _access_or_404(request, uuid)
    form = forms.ExportForm(request.POST)
    if not form.is_valid():
        context = _detail_context(request, access, export_form=form)
        context["failed_form"] = form
        return render(request, "cases/detail.html", context, status=422)
    from sodsong.cases.api.cases import _docx_response

    return _docx_response(request, access, form.cleaned_data["purpose"])


@login_required
def laws(request: AuthedHttpRequest) -> HttpResponse:
    catalogue = Law.objects.prefetch_related("versions__sections").order_by("code")
    return render(request, "cases/laws.html", {"laws": catalogue, "nav_active": "cases"})
