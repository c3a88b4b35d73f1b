"""Pages of the misconduct register. Every matter comes through `selectors.matter_get` / `matter_list`
(visibility rules and audit); a matter the user may not see answers 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sodsong.accounts.requests import AuthedHttpRequest
from sodsong.audit.models import AuditEvent
from sodsong.audit.services import log_action
from sodsong.core.errors import show_refusal
from sodsong.misconduct import selectors, services
from sodsong.misconduct.forms import (
    DesignateForm,
    MatterForm,
    MeasureForm,
    OutcomeForm,
    ReferForm,
    StepForm,
)
from sodsong.misconduct.models import Allegation, Designation, Matter, Status


def _require_register(request: AuthedHttpRequest) -> None:
    if not selectors.can_use_register(request.user):
        log_action(action=AuditEvent.Action.DENIED, object_type=selectors.OBJECT_TYPE)
        raise PermissionDenied


def _matter_or_404(request: AuthedHttpRequest, uuid: str) -> Matter:
    _require_register(request)
    matter = selectors.matter_get(user=request.user, uuid=str(uuid))
    if matter is None:
        raise Http404
    return matter


@login_required
def index(request: AuthedHttpRequest) -> HttpResponse:
    _require_register(request)
    filters = selectors.MatterFilter(
        status=request.GET.get("status", "") if request.GET.get("status") in Status.values else "",
        allegation=request.GET.get("allegation", "")
        if request.GET.get("allegation") in Allegation.values
        else "",
    )
    matters = selectors.matter_list(user=request.user, filters=filters, limit=200)
    return render(
        request,
        "misconduct/index.html",
        {
            "matters": matters,
            "filters": filters,
            "statuses": Status.choices,
            "allegations": Allegation.choices,
            "can_record": selectors.can_record(request.user),
            "nav_active": "misconduct",
        },
    )


@login_required
def matter_new(request: AuthedHttpRequest) -> HttpResponse:
    _require_register(request)
    if not selectors.can_record(request.user):
        log_action(action=AuditEvent.Action.DENIED, object_type=selectors.OBJECT_TYPE)
        raise PermissionDenied
    form = MatterForm(request.POST or None, investigators=selectors.investigator_users())
    error = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            matter = services.matter_record(
                actor=request.user,
                official=services.OfficialInput(
                    given_name_th=data["given_name_th"],
                    family_name_th=data["family_name_th"],
                    position=data["position"],
                    agency=data["agency"],
                    service=data["service"],
                    investigating_officer=data["investigating_officer"],
                ),
                allegation=data["allegation"],
                particulars=data["particulars"],
                occurred_on=data["occurred_on"],
                related_case_uuid=data["related_case_uuid"] or None,
                source=data["source"],
                source_detail=data["source_detail"],
                received_on=data["received_on"],
                legal_bases=data["legal_bases"],
                authority=data["authority"],
                authority_detail=data["authority_detail"],
                investigators=list(data["investigators"]),
            )
        except ValueError as exc:
            error = str(exc)
        else:
            if selectors.matter_visible(user=request.user, uuid=str(matter.uuid)):
                messages.success(request, _("The matter is recorded."))
                return redirect("misconduct:detail", uuid=matter.uuid)
            messages.success(
                request,
                _(
                    "The matter is recorded. You are in the accused's chain of command, so only "
                    "the designated investigators will see it."
                ),
            )
            return redirect("misconduct:index")
    return render(
        request,
        "misconduct/new.html",
        {"form": form, "error": error, "nav_active": "misconduct"},
    )


def _detail_context(request: HttpRequest, matter: Matter, **forms: object) -> dict[str, object]:
    candidates = selectors.designable_investigators(matter=matter)
    designated = {d.investigator_id for d in matter.designations.all() if d.revoked_at is None}
    free = [u for u in candidates if u.pk not in designated]
    from sodsong.accounts.models import User

    context: dict[str, object] = {
        "matter": matter,
        "steps": list(matter.steps.all()),
        "designations": [d for d in matter.designations.all() if d.revoked_at is None],
        "step_form": StepForm(),
        "measures": list(matter.measures.all()),
        "measure_form": MeasureForm(),
        "refer_form": ReferForm(),
        "outcome_form": OutcomeForm(),
        "designate_form": DesignateForm(
            investigators=User.objects.filter(pk__in=[u.pk for u in free])
        )
        if free
        else None,
        "nav_active": "misconduct",
    }
    context.update(forms)
    return context


@login_required
def matter_detail(request: AuthedHttpRequest, uuid: str) -> HttpResponse:
    matter = _matter_or_404(request, uuid)
    return render(request, "misconduct/detail.html", _detail_context(request, matter))


def _post_action(
    request: AuthedHttpRequest, uuid: str, form_name: str, make_form, act
) -> HttpResponse:
    matter = _matter_or_404(request, uuid)
    form = make_form(matter)
    if form.is_valid():
        try:
            act(matter, form.cleaned_data)
        except ValueError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("Saved."))
            if selectors.matter_visible(user=request.user, uuid=str(matter.uuid)):
                return redirect("misconduct:detail", uuid=matter.uuid)
            return redirect("misconduct:index")
    return render(
        request,
        "misconduct/detail.html",
        _detail_context(request, matter, **{form_name: form}),
        status=400,
    )


@login_required
@require_POST
def step_add(request: AuthedHttpRequest, uuid: str) -> HttpResponse:
    return _post_action(
        request,
        uuid,
        "step_form",
        lambda m: StepForm(request.POST),
        lambda m, d: services.step_add(
            actor=request.user, matter=m, kind=d["kind"], on=d["on"], note=d["note"]
        ),
    )


@login_required
@require_POST
def measure_add(request: AuthedHttpRequest, uuid: str) -> HttpResponse:
    return _post_action(
        request,
        uuid,
        "measure_form",
        lambda m: MeasureForm(request.POST),
        lambda m, d: services.measure_order(actor=request.user, matter=m, **d),
    )


@login_required
@require_POST
def refer(request: AuthedHttpRequest, uuid: str) -> HttpResponse:
    return _post_action(
        request,
        uuid,
        "refer_form",
        lambda m: ReferForm(request.POST),
        lambda m, d: services.matter_refer(
            actor=request.user,
            matter=m,
            referred_to=d["referred_to"],
            referred_on=d["referred_on"],
            reference=d["reference"],
        ),
    )


@login_required
@require_POST
def outcome(request: AuthedHttpRequest, uuid: str) -> HttpResponse:
    return _post_action(
        request,
        uuid,
        "outcome_form",
        lambda m: OutcomeForm(request.POST),
        lambda m, d: services.matter_set_outcome(
            actor=request.user,
            matter=m,
            outcome=d["outcome"],
            outcome_on=d["outcome_on"],
            penalty=d["penalty"],
            criminal_result=d["criminal_result"],
            note=d["note"],
        ),
    )


@login_required
@require_POST
def designate(request: AuthedHttpRequest, uuid: str) -> HttpResponse:
    from sodsong.accounts.models import User

    def make_form(matter: Matter) -> DesignateForm:
        candidates = selectors.designable_investigators(matter=matter)
        return DesignateForm(
            request.POST, investigators=User.objects.filter(pk__in=[u.pk for u in candidates])
        )

    return _post_action(
        request,
        uuid,
        "designate_form",
        make_form,
        lambda m, d: services.investigator_designate(
            actor=request.user, matter=m, investigator=d["investigator"]
        ),
    )


@login_required
@require_POST
def revoke(request: AuthedHttpRequest, uuid: str, designation: str) -> HttpResponse:
    matter = _matter_or_404(request, uuid)
    found = Designation.objects.filter(
        matter=matter, uuid=designation, revoked_at__isnull=True
    ).first()
    if found is None:
        raise Http404
    try:
        services.designation_revoke(actor=request.user, designation=found)
    except ValueError as exc:
        show_refusal(request, exc)
    else:
        messages.success(request, _("Saved."))
    if selectors.matter_visible(user=request.user, uuid=str(matter.uuid)):
        return redirect("misconduct:detail", uuid=matter.uuid)
    return redirect("misconduct:index")
