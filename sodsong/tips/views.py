"""The officers' pages: the queue, one tip, queue actions, watch reports and designations."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sodsong.accounts.models import User
from sodsong.accounts.requests import AuthedHttpRequest
from sodsong.accounts.scope import scope_for
from sodsong.audit.models import AuditEvent
from sodsong.audit.services import log_action
from sodsong.core.attachments import AttachmentError
from sodsong.core.errors import show_refusal
from sodsong.core.models import Attachment
from sodsong.entities.models import SourceType
from sodsong.entities.selectors import describe_sources, shared_for_source, source_ref
from sodsong.geo.models import Area, Level
from sodsong.tips import redflags, selectors, services
from sodsong.tips.forms import (
    DesignationForm,
    IdentifierForm,
    MergeForm,
    NoteForm,
    QueueFilterForm,
    StatusForm,
    WatchReportForm,
)
from sodsong.tips.models import Tip


def _deny(request: HttpRequest) -> None:
    log_action(
        action=AuditEvent.Action.DENIED, object_type="tips.tip", detail={"path": request.path}
    )
    raise PermissionDenied


def _tip_or_404(request: HttpRequest, uuid: str) -> Tip:
    tip = selectors.tip_get(user=request.user, uuid=uuid)
    if tip is None:
        # Out of scope answers like a missing record: it must not confirm that the tip exists.
        raise Http404
    return tip


def _managed_or_403(request: HttpRequest, uuid: str) -> Tip:
    tip = _tip_or_404(request, uuid)
    if not selectors.can_manage(request.user, tip):
        _deny(request)
    return tip


@login_required
def index(request: AuthedHttpRequest) -> HttpResponse:
    if not selectors.can_use_queue(request.user):
        _deny(request)
    form = QueueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    tips = selectors.tip_list(
        user=request.user,
        status=filters.get("status", ""),
        kind=filters.get("kind", ""),
        urgent=bool(filters.get("urgent")),
        sort=filters.get("sort") or "score",
    )
    scope = scope_for(request.user)
    return render(
        request,
        "tips/index.html",
        {
            "nav_active": "tips",
            "tips": tips,
            "form": form,
            "may_report": scope.has_role(*services.REPORTING_ROLES),
            "may_designate": scope.has_role(*selectors.MANAGE_ROLES),
            "promotable": {t.uuid for t in tips if selectors.can_promote(request.user, t)},
        },
    )


@login_required
def detail(request: AuthedHttpRequest, uuid: str) -> HttpResponse:
    tip = _tip_or_404(request, uuid)
    shows_reporter = selectors.reporter_read(user=request.user, tip=tip)
    manage = selectors.can_manage(request.user, tip)
    shared = shared_for_source(user=request.user, source_type=tip.kind, source_uuid=tip.uuid)
    case_ref = case_elsewhere = None
    if tip.case_uuid:
        case_ref = source_ref(user=request.user, source_type=SourceType.CASE, uuid=tip.case_uuid)
        if case_ref is None:
            found = describe_sources(
                user=request.user,
                source_type=SourceType.CASE,
                uuids=[tip.case_uuid],
                context=f"{tip.kind}:{tip.uuid}",
            )
            case_elsewhere = found.elsewhere[0] if found.elsewhere else ""
    return render(
        request,
        "tips/detail.html",
        {
            "nav_active": "tips",
            "tip": tip,
            "shows_reporter": shows_reporter,
            "manage": manage,
            "shared": shared,
            "may_promote": selectors.can_promote(request.user, tip),
            "case_ref": case_ref,
            "case_elsewhere": case_elsewhere,
            "red_flags": [redflags.red_flag_label(c) for c in tip.red_flags],
            "attachments": Attachment.objects.filter(owner_uuid=tip.uuid).order_by("created_at"),
            "notes": tip.notes.select_related("author") if manage else [],
            "status_form": StatusForm(initial={"status": tip.status}),
            "merge_form": MergeForm(),
            "identifier_form": IdentifierForm(),
            "note_form": NoteForm(),
            "people": list(tip.people.all()) if manage or shows_reporter else [],
        },
    )


def _after_action(request: HttpRequest, tip: Tip, action) -> HttpResponse:
    try:
        action()
    except services.TipError as exc:
        show_refusal(request, exc)
    else:
        messages.success(request, _("Saved."))
    return redirect("tips:detail", uuid=tip.uuid)


@login_required
@require_POST
def set_status(request: AuthedHttpRequest, uuid: str) -> HttpResponse:
    tip = _managed_or_403(request, uuid)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status."))
        return redirect("tips:detail", uuid=tip.uuid)
    return _after_action(
        request,
        tip,
        lambda: services.tip_set_status(
            tip=tip,
            status=form.cleaned_data["status"],
            by=request.user,
            note=form.cleaned_data["note"],
        ),
    )


@login_required
@require_POST
def merge(request: AuthedHttpRequest, uuid: str) -> HttpResponse:
    tip = _managed_or_403(request, uuid)
    form = MergeForm(request.POST)
    into = (
        selectors.tip_by_code_for_officer(user=request.user, code=form.cleaned_data["into_code"])
        if form.is_valid()
        else None
    )
    if into is None or not selectors.can_manage(request.user, into):
        messages.error(request, _("No tip with this tracking code in your area."))
        return redirect("tips:detail", uuid=tip.uuid)
    return _after_action(
        request,
        tip,
        lambda: services.tip_merge(
            duplicate=tip, into=into, by=request.user, note=form.cleaned_data["note"]
        ),
    )


@login_required
@require_POST
def add_identifier(request: AuthedHttpRequest, uuid: str) -> HttpResponse:
    tip = _managed_or_403(request, uuid)
    form = IdentifierForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the type and the value."))
        return redirect("tips:detail", uuid=tip.uuid)
    return _after_action(
        request,
        tip,
        lambda: services.tip_add_identifier(
            tip=tip,
            type=form.cleaned_data["type"],
            value=form.cleaned_data["value"],
            by=request.user,
        ),
    )


@login_required
@require_POST
def add_note(request: AuthedHttpRequest, uuid: str) -> HttpResponse:
    tip = _managed_or_403(request, uuid)
    form = NoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The note is empty."))
        return redirect("tips:detail", uuid=tip.uuid)
    return _after_action(
        request,
        tip,
        lambda: services.tip_add_note(tip=tip, by=request.user, text=form.cleaned_data["text"]),
    )


def _report_areas(user: User) -> list[Area]:
    """The villages (or, without villages, the sub-districts) the user may report about."""
    scope = scope_for(user)
    codes = [c for role in services.REPORTING_ROLES for c in scope.role_areas.get(role, ())]
    areas: dict[str, Area] = {}
    for code in codes:
        within = Area.objects.filter(code__startswith=code, abolished_on__isnull=True).filter(
            level__in=(Level.VILLAGE, Level.SUBDISTRICT)
        )
        for area in within.order_by("code")[:400]:
            areas[area.code] = area
    return [areas[c] for c in sorted(areas)]


def _people_choices(user: User, area_codes: list[str]) -> list[tuple[str, str]]:
    """People the reporter may tie to a report: what the people selector lets him see, in the
    areas he reports about (never widened: a headman sees his villages, not the sub-district)."""
    from sodsong.accounts.scope import prefix_filter
    from sodsong.people.selectors import _log_read, person_queryset

    if not area_codes:
        return []
    people = list(
        person_queryset(user=user)
        .filter(prefix_filter("area__code", area_codes))
        .order_by("family_name_latin", "given_name_latin", "pk")[:300]
    )
    # Listing names in a form is a read of personal data: audited like any other.
    _log_read(user=user, object_ids=[p.uuid for p in people])
    return [(str(p.uuid), f"{p.display_name} · {p.area.name_th}") for p in people]


@login_required
def report_new(request: AuthedHttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    if not scope.has_role(*services.REPORTING_ROLES):
        _deny(request)
    areas = _report_areas(request.user)
    area_choices = [(a.code, f"{a.level_label_th}{a.name_th} ({a.code})") for a in areas]
    people_choices = _people_choices(request.user, [a.code for a in areas])
    form = WatchReportForm(
        request.POST or None,
        request.FILES or None,
        area_choices=area_choices,
        red_flag_choices=redflags.red_flag_choices(),
        people_choices=people_choices,
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            from sodsong.people.selectors import person_queryset

            data = form.cleaned_data
            area = Area.objects.get(code=data["area"])
            try:
                tip = services.watch_report_create(
                    reporter=request.user,
                    area=area,
                    description=data["description"],
                    red_flags=data["red_flags"],
                    people=list(person_queryset(user=request.user).filter(uuid__in=data["people"])),
                    occurred_on=data["occurred_on"],
                    place_text=data["place_text"],
                    files=data["files"],
                )
            except (services.TipError, AttachmentError) as exc:
                show_refusal(request, exc, form)
            else:
                messages.success(request, _("Your report was recorded."))
                return redirect("tips:detail", uuid=tip.uuid)
    return render(
        request, "tips/report_form.html", {"form": form, "nav_active": "tips"}, status=status
    )


@login_required
def designations(request: AuthedHttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    if not scope.has_role(*selectors.MANAGE_ROLES):
        _deny(request)
    codes = [c for role in selectors.MANAGE_ROLES for c in scope.role_areas.get(role, ())]
    districts = [
        d
        for d in Area.objects.filter(level=Level.DISTRICT, abolished_on__isnull=True).order_by(
            "code"
        )
        if any(d.code.startswith(c) for c in codes)
    ]
    form = DesignationForm(
        request.POST or None,
        district_choices=[(d.code, f"{d.level_label_th}{d.name_th}") for d in districts],
    )
    if request.method == "POST" and form.is_valid():
        user = User.objects.filter(username=form.cleaned_data["username"], is_active=True).first()
        district = Area.objects.get(code=form.cleaned_data["district"])
        if user is None:
            form.add_error("username", _("No such user."))
        else:
            try:
                services.designation_grant(district=district, user=user, by=request.user)
            except services.TipError as exc:
                show_refusal(request, exc, form)
            else:
                messages.success(request, _("Saved."))
                return redirect("tips:designations")
    return render(
        request,
        "tips/designations.html",
        {
            "form": form,
            "designations": selectors.designations_for(user=request.user),
            "nav_active": "tips",
        },
    )


@login_required
@require_POST
def designation_revoke(request: AuthedHttpRequest, uuid: str) -> HttpResponse:
    designation = selectors.designations_for(user=request.user).filter(uuid=uuid).first()
    if designation is None:
        raise Http404
    try:
        services.designation_revoke(designation=designation, by=request.user)
    except services.TipError:
        _deny(request)
    messages.success(request, _("Saved."))
    return redirect("tips:designations")
