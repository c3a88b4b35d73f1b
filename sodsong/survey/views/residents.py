"""The survey's start page and the registry of residents: listed, registered, read and acted on."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sodsong.accounts.requests import AuthedHttpRequest
from sodsong.accounts.scope import scope_for
from sodsong.core.concurrency import VersionConflict
from sodsong.core.errors import show_refusal
from sodsong.people.services import DocumentInput
from sodsong.survey import access, forms, selectors, services
from sodsong.survey.models import ResidentStatus, Submission, Tm30Status
from sodsong.survey.views.common import _deny, _require_personal, _writable_villages
from sodsong.web.conflicts import Conflict, changed_values, conflict_for


@login_required
def index(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    scope = scope_for(user)
    personal = access.sees_personal(user)
    context: dict[str, Any] = {
        "nav_active": "survey",
        "personal": personal,
        "can_write": bool(access.writable_codes(user)),
        "can_import": access.can_import(user),
        "can_open_round": bool(access.round_codes(user)),
        "rounds": selectors.round_list(user=user)[:10],
    }
    if personal:
        residents = selectors.resident_queryset(user=user)
        context["resident_count"] = residents.filter(status=ResidentStatus.LIVING).count()
        context["tm30_missing"] = residents.filter(
            status=ResidentStatus.LIVING,
            residences__moved_out_on__isnull=True,
            residences__tm30_status=Tm30Status.MISSING,
        ).count()
        context["visits"] = selectors.visit_list(user=user, limit=5)
        headman_codes = scope.role_areas.get("headman", ())
        context["my_submissions"] = [
            s
            for s in Submission.objects.filter(
                round__status="open", area__code__in=headman_codes
            ).select_related("round", "area")
        ]
    return render(request, "survey/index.html", context)


# --- residents ------------------------------------------------------------------------------


@login_required
def resident_list(request: AuthedHttpRequest) -> HttpResponse:
    _require_personal(request)
    query = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    tm30 = request.GET.get("tm30", "")
    residents = selectors.resident_list(
        user=request.user,
        query=query,
        status=status if status in ResidentStatus.values else "",
        tm30=tm30 if tm30 in Tm30Status.values else "",
        limit=200,
    )
    return render(
        request,
        "survey/resident_list.html",
        {
            "residents": residents,
            "query": query,
            "status": status,
            "tm30": tm30,
            "statuses": ResidentStatus.choices,
            "tm30_statuses": Tm30Status.choices,
            "can_write": bool(access.writable_codes(request.user)),
            "nav_active": "survey",
        },
    )


@login_required
def resident_new(request: AuthedHttpRequest) -> HttpResponse:
    villages = _writable_villages(request.user)
    if not villages:
        raise _deny(request, "survey.resident")
    form = forms.ResidentForm(request.POST or None, villages=villages)
    duplicates: list[Any] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        year, month, day = data["birth"]
        duplicates = selectors.likely_duplicates(
            user=request.user,
            given_name_latin=data["given_name_latin"],
            family_name_latin=data["family_name_latin"],
            given_name_th=data["given_name_th"],
            family_name_th=data["family_name_th"],
            birth_year=year,
            birth_month=month,
        )
        if duplicates and not data["confirm_new"]:
            form.add_error(
                None, _("This may be a person already recorded. Check the list, then confirm.")
            )
        else:
            host = None
            if data["host_kind"] and data["host_name"].strip():
                host = services.HostInput(kind=data["host_kind"], given_name_th=data["host_name"])
            try:
                resident = services.resident_register(
                    user=request.user,
                    area=data["village"],
                    given_name_latin=data["given_name_latin"],
                    family_name_latin=data["family_name_latin"],
                    given_name_th=data["given_name_th"],
                    family_name_th=data["family_name_th"],
                    birth_year=year,
                    birth_month=month,
                    birth_day=day,
                    sex=data["sex"],
                    nationality=data["nationality"].upper(),
                    documents=[
                        DocumentInput(
                            doc_type=data["doc_type"],
                            issuing_state=data["doc_state"],
                            number=data["doc_number"],
                            expires_on=data["doc_expires_on"],
                        )
                    ],
                    occupation=data["occupation"],
                    house_no=data["house_no"],
                    latitude=data["latitude"],
                    longitude=data["longitude"],
                    moved_in_on=data["moved_in_on"],
                    host=host,
                    tm30_notified_on=data["tm30_notified_on"],
                    tm30_reference=data["tm30_reference"],
                    phones=[data["phone"]] if data["phone"] else [],
                )
            except services.SurveyError as exc:
                show_refusal(request, exc, form)
            else:
                messages.success(request, _("The resident is recorded."))
                return redirect("survey:resident", uuid=resident.uuid)
    return render(
        request,
        "survey/resident_form.html",
        {"form": form, "duplicates": duplicates, "nav_active": "survey"},
    )


def _resident_or_404(request: HttpRequest, uuid: str) -> Any:
    resident = selectors.resident_get(user=request.user, uuid=uuid)
    if resident is None:
        raise Http404
    return resident


@login_required
def resident_detail(request: AuthedHttpRequest, uuid: str) -> HttpResponse:
    return _detail_page(request, _resident_or_404(request, uuid))


def _detail_page(
    request: HttpRequest, resident: Any, status: int = 200, conflict: Conflict | None = None
) -> HttpResponse:
    can_write = access.can_write(request.user, resident.area.code)
    villages = _writable_villages(request.user) if can_write else []
    return render(
        request,
        "survey/resident_detail.html",
        {
            "resident": resident,
            "person": resident.person,
            "residences": list(resident.residences.all()),
            "can_write": can_write,
            "conflict": conflict,
            "move_form": forms.MoveForm(villages=villages) if can_write else None,
            "status_form": forms.StatusForm(
                initial={
                    "version": resident.version,
                    "status": resident.status,
                    "occupation": resident.occupation,
                }
            ),
            "tm30_form": forms.Tm30Form(),
            "document_form": forms.DocumentForm(initial={"issuing_state": "THA"}),
            "phone_form": forms.PhoneForm(),
            "visits": list(resident.visits.filter(deleted_at__isnull=True)[:20]),
            "nav_active": "survey",
        },
        status=status,
    )


def _save_status(request: HttpRequest, resident: Any, form: forms.StatusForm) -> Conflict | None:
    """Writes the fields the officer changed. When the record moved on since the page was
    opened, the changes go on top of the other officer's unless both changed the same field:
    then the conflict (both values, field by field) is returned for the officer to choose."""
    changes = changed_values(form, forms.StatusForm.FIELDS)
    was_living = resident.status == ResidentStatus.LIVING
    expected = form.cleaned_data["version"]
    for _attempt in range(3):
        try:
            services.resident_update(
                user=request.user, resident=resident, expected_version=expected, **changes
            )
            break
        except VersionConflict as exc:
            conflict = conflict_for(form, forms.StatusForm.FIELDS, exc.current, request.path)
            if conflict is not None:
                return conflict
            was_living = exc.current.status == ResidentStatus.LIVING
            expected = exc.current.version
    else:  # the record kept moving on: say so rather than drop the change and show "Saved."
        raise services.SurveyError(
            _(
                "Other officers are saving this record right now; nothing was saved. "
                "Please save again."
            )
        )
    status = changes.get("status")
    if status and status != ResidentStatus.LIVING and was_living:
        services.resident_mark_moved_away(
            user=request.user, resident=resident, status=status, moved_out_on=timezone.localdate()
        )
    return None


@login_required
@require_POST
def resident_action(request: AuthedHttpRequest, uuid: str, action: str) -> HttpResponse:
    resident = _resident_or_404(request, uuid)
    if not access.can_write(request.user, resident.area.code):
        raise _deny(request, "survey.resident")
    user = request.user
    form: Any
    try:
        if action == "move":
            form = forms.MoveForm(request.POST, villages=_writable_villages(user))
            if form.is_valid():
                services.resident_move(
                    user=user,
                    resident=resident,
                    area=form.cleaned_data["village"],
                    house_no=form.cleaned_data["house_no"],
                    moved_in_on=form.cleaned_data["moved_in_on"],
                )
        elif action == "status":
            form = forms.StatusForm(request.POST)
            if form.is_valid():
                conflict = _save_status(request, resident, form)
                if conflict is not None:
                    resident.refresh_from_db()
                    return _detail_page(request, resident, status=409, conflict=conflict)
        elif action == "tm30":
            form = forms.Tm30Form(request.POST)
            residence = resident.current_residence
            if residence is None:
                raise services.SurveyError(_("The resident has no current residence."))
            if form.is_valid():
                services.tm30_record(
                    user=user,
                    residence=residence,
                    notified_on=form.cleaned_data["notified_on"],
                    reference=form.cleaned_data["reference"],
                )
        elif action == "document":
            form = forms.DocumentForm(request.POST)
            if form.is_valid():
                d = form.cleaned_data
                services.resident_document_add(
                    user=user,
                    resident=resident,
                    document=DocumentInput(
                        doc_type=d["doc_type"],
                        issuing_state=d["issuing_state"],
                        number=d["number"],
                        expires_on=d["expires_on"],
                        subtype=d["subtype"],
                        issuer_detail=d["issuer_detail"],
                    ),
                )
        elif action == "phone":
            form = forms.PhoneForm(request.POST)
            if form.is_valid():
                services.phone_add(user=user, resident=resident, number=form.cleaned_data["number"])
        else:
            raise Http404
    except services.SurveyError as exc:
        show_refusal(request, exc)
        return redirect("survey:resident", uuid=resident.uuid)
    if form.is_valid():
        messages.success(request, _("Saved."))
    else:
        for field_errors in form.errors.values():
            for error in field_errors:
                messages.error(request, error)
    return redirect("survey:resident", uuid=resident.uuid)
