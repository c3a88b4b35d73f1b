"""Pages of the indicators module: the dashboard per role, reporting periods and reports."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sodsong.accounts.models import Role
from sodsong.accounts.requests import AuthedHttpRequest
from sodsong.accounts.scope import scope_for
from sodsong.audit.models import AuditEvent
from sodsong.audit.services import log_action
from sodsong.core.errors import show_refusal
from sodsong.directives.selectors import directive_get
from sodsong.geo.models import Area, Level
from sodsong.indicators import periods as P
from sodsong.indicators import selectors, services, svg
from sodsong.indicators.catalogue import TABLE_CODES, by_code
from sodsong.indicators.forms import DashboardFilter, PeriodForm, ReportForm, ReviewForm, UnlockForm
from sodsong.indicators.letters import item_title
from sodsong.indicators.models import ReportingPeriod, ReportLevel, ReportStatus
from sodsong.thai.dates import MONTHS_EN, MONTHS_TH_SHORT
from sodsong.thai.digits import to_thai_digits

OBJECT_TYPE = "indicators"
EVENT_LABELS = {
    "submitted": gettext_lazy("submitted"),
    "approved": gettext_lazy("approved"),
    "returned": gettext_lazy("returned for correction"),
    "unlocked": gettext_lazy("unlocked"),
}


def _deny(request: HttpRequest, detail: dict[str, str] | None = None) -> PermissionDenied:
    log_action(
        action=AuditEvent.Action.DENIED,
        object_type=OBJECT_TYPE,
        detail={"path": request.path, **(detail or {})},
    )
    return PermissionDenied()


def _formatter(request: HttpRequest):
    thai = bool(getattr(request.user, "thai_digits", False)) and translation.get_language() == "th"

    def fmt(value: object) -> str:
        if value is None:
            return "—"
        if isinstance(value, float):
            text = f"{value:,.0f}" if value.is_integer() else f"{value:,.1f}"
        elif isinstance(value, int):
            text = f"{value:,}"
        else:
            text = str(value)
        return to_thai_digits(text) if thai else text

    return fmt


def _range(request: HttpRequest, form: DashboardFilter, latest: ReportingPeriod | None):
    today = timezone.localdate()
    choice = form.cleaned_data.get("range") if form.is_valid() else ""
    choice = choice or ("period" if latest else "30d")
    if choice == "period" and latest is not None:
        return latest.starts_on, latest.ends_on, latest.name_th
    if choice == "month":
        p = P.month_period(today.year, today.month)
    elif choice == "quarter":
        p = P.fiscal_quarter_period(*P.fiscal_quarter_of(today))
    elif choice == "year":
        p = P.fiscal_year_period(P.fiscal_year_of(today))
    elif choice == "custom":
        p = P.custom_period(form.cleaned_data["date_from"], form.cleaned_data["date_to"])
    else:
        p = P.custom_period(today - dt.timedelta(days=29), today)
    name = p.name_en if translation.get_language() == "en" else p.name_th
    return p.starts_on, p.ends_on, name


@login_required
def index(request: AuthedHttpRequest) -> HttpResponse:
    """The dashboard: key figures, a trend, the comparison of the areas below, completeness and
    the district map, for the user's area (or the nation for the ministry)."""
    scope = scope_for(request.user)
    default = selectors.default_area_code(request.user)
    if default is None:
        raise _deny(request)
    form = DashboardFilter(request.GET or None)
    area_code = default
    if form.is_valid() and form.cleaned_data.get("area"):
        area_code = form.cleaned_data["area"].strip()
    area = Area.objects.filter(code=area_code).first() if area_code else None
    if area_code and area is None:
        raise Http404
    try:
        selectors.check_area(request.user, area_code)
    except selectors.OutOfScope:
        raise _deny(request, {"code": area_code}) from None
    province_code = area_code[:2] if area_code else ""
    latest = (
        ReportingPeriod.objects.filter(province__code=province_code).order_by("-starts_on").first()
        if province_code
        else None
    )
    start, end, period_name = _range(request, form, latest)
    indicators = by_code()
    chosen = form.cleaned_data.get("indicator") if form.is_valid() else ""
    chosen = chosen if chosen in indicators else "villages_surveyed"
    fmt = _formatter(request)

    values = selectors.compute_values(area_code, start, end, viewer=request.user)
    key = [(indicators[c], values.get(c)) for c, i in indicators.items() if i.key]
    children = (
        selectors.compute_children(area_code, start, end, viewer=request.user)
        if len(area_code) < 8
        else {}
    )
    child_list = selectors.child_areas(area_code) if children else []
    table_codes = [c for c in TABLE_CODES if c in indicators]
    if chosen not in table_codes:
        table_codes.append(chosen)
    rows = [
        {
            "area": a,
            "cells": [fmt(children.get(a.code, {}).get(c)) for c in table_codes],
            # Link only what the viewer may open (issue 20: 17 districts answered 403).
            "linked": scope.covers_area(a.code),
        }
        for a in child_list
    ]

    months = P.months_back(end, 12)
    month_ranges = [(m.starts_on, m.ends_on) for m in months]
    trend_values = selectors.compute_monthly(area_code, month_ranges, chosen, viewer=request.user)
    names = MONTHS_EN if translation.get_language() == "en" else MONTHS_TH_SHORT
    labels = [
        f"{names[m.starts_on.month - 1][:3] if translation.get_language() == 'en' else names[m.starts_on.month - 1]}"
        for m in months
    ]
    trend = svg.trend_svg(labels, trend_values, title=indicators[chosen].label)

    map_data = None
    linked_codes: set[str] = set()
    if province_code and area is not None and area.level in (Level.PROVINCE, Level.DISTRICT):
        if scope.covers_area(province_code):
            district_values = (
                children
                if area.level == Level.PROVINCE
                else selectors.compute_children(province_code, start, end, viewer=request.user)
            )
            map_values = {c: v.get(chosen) for c, v in district_values.items()}
        else:
            # A district officer sees the province's outline with only their own district filled.
            own = values.get(chosen)
            map_values = {area.code: own}
        map_data = svg.province_map(province_code, map_values, formatter=fmt)
        linked_codes = {a.code for a in map_data["areas"] if scope.covers_area(a.code)}
        if not map_data["areas"]:
            map_data = None

    completeness = None
    reports = []
    if latest is not None and scope.covers_area(province_code):
        completeness = selectors.completeness(latest)
        reports = list(
            selectors.report_queryset(user=request.user)
            .filter(period=latest)
            .order_by("level", "area__code")
        )
    national = None
    if scope.nation:
        recent = ReportingPeriod.objects.order_by("-starts_on")[:200]
        national = selectors.national_completeness(recent)
    statuses = selectors.source_status()
    computed = [s.computed_at for s in statuses.values() if s.computed_at]
    return render(
        request,
        "indicators/index.html",
        {
            "nav_active": "indicators",
            "form": form,
            "area": area,
            "area_code": area_code,
            "start": start,
            "end": end,
            "period_name": period_name,
            "key": [(i, fmt(v)) for i, v in key],
            "all_values": [(i, fmt(values.get(c))) for c, i in indicators.items()],
            "table_codes": [indicators[c] for c in table_codes],
            "rows": rows,
            "trend": mark_safe(trend),  # noqa: S308  (built from escaped parts in svg.py)
            "chosen": indicators[chosen],
            "indicators": list(indicators.values()),
            "map": map_data,
            "attribution": svg.ATTRIBUTION_EN
            if translation.get_language() == "en"
            else svg.ATTRIBUTION_TH,
            "licence_url": svg.LICENCE_URL,
            "latest": latest,
            "completeness": completeness,
            "national": national,
            "reports": reports,
            "linked_codes": linked_codes,
            "computed_at": min(computed) if computed else None,
            "unavailable": [s.indicator for s in statuses.values() if not s.available],
            "can_recompute": scope.has_role(Role.PROVINCE, Role.ADMIN),
            "can_open_period": scope.has_role(Role.PROVINCE),
        },
    )


@login_required
@require_POST
def recompute(request: AuthedHttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    if not scope.has_role(Role.PROVINCE, Role.ADMIN):
        raise _deny(request)
    from sodsong.indicators.tasks import recompute_indicators
    from sodsong.jobs.services import job_enqueue

    run = job_enqueue(
        task=recompute_indicators, name="recompute-indicators", requested_by_id=request.user.pk
    )
    messages.success(request, _("The indicators are being recomputed."))
    try:
        return redirect(reverse("jobs:detail", args=[run.uuid]))
    except Exception:
        return redirect("indicators:index")


# --- periods ---------------------------------------------------------------------------------


@login_required
def period_list(request: AuthedHttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    if scope.is_empty:
        raise _deny(request)
    periods = list(selectors.period_queryset(user=request.user)[:100])
    form = None
    if scope.has_role(Role.PROVINCE):
        from sodsong.directives.selectors import directive_queryset

        form = PeriodForm(
            request.POST or None,
            directives=list(directive_queryset(user=request.user)[:50]),
        )
        if request.method == "POST" and form.is_valid():
            province_code = sorted(scope.role_areas.get(Role.PROVINCE, ()), key=len)[0][:2]
            province = Area.objects.get(code=province_code)
            data = form.cleaned_data
            try:
                period = services.period_create(
                    user=request.user,
                    province=province,
                    kind=data["kind"],
                    name_th=data.get("name_th") or "",
                    received_on=data.get("received_on"),
                    window_days=data.get("window_days"),
                    starts_on=data.get("starts_on"),
                    ends_on=data.get("ends_on"),
                    directive_reference=data.get("directive_reference") or "",
                    directive=data.get("directive"),
                )
            except services.ReportError as exc:
                show_refusal(request, exc, form)
            else:
                messages.success(request, _("The reporting period was opened."))
                return redirect("indicators:period", uuid=period.uuid)
    elif request.method == "POST":
        raise _deny(request)
    return render(
        request,
        "indicators/periods.html",
        {"nav_active": "indicators", "periods": periods, "form": form},
    )


def _period_or_404(request: AuthedHttpRequest, uuid: str) -> ReportingPeriod:
    from uuid import UUID

    try:
        key = UUID(str(uuid))
    except ValueError:
        raise Http404 from None
    period = selectors.period_queryset(user=request.user).filter(uuid=key).first()
    if period is None:
        raise Http404
    return period


@login_required
def period_detail(request: AuthedHttpRequest, uuid: str) -> HttpResponse:
    period = _period_or_404(request, uuid)
    scope = scope_for(request.user)
    reports = {
        r.area.code: r for r in selectors.report_queryset(user=request.user).filter(period=period)
    }
    districts = [
        d for d in selectors.districts_of(period.province.code) if scope.covers_area(d.code)
    ]
    rows = [{"area": d, "report": reports.get(d.code)} for d in districts]
    provincial = reports.get(period.province.code)
    completeness = (
        selectors.completeness(period) if scope.covers_area(period.province.code) else None
    )
    return render(
        request,
        "indicators/period.html",
        {
            "nav_active": "indicators",
            "period": period,
            "rows": rows,
            "provincial": provincial,
            "completeness": completeness,
            "today": timezone.localdate(),
            # The ordering letter links only for those who may open it (issue 20).
            "directive_linked": bool(
                period.directive and directive_get(user=request.user, uuid=period.directive.uuid)
            ),
            "is_province": scope.has_role(Role.PROVINCE)
            and scope.covers_area(period.province.code),
        },
    )


@login_required
@require_POST
def report_open(request: AuthedHttpRequest, uuid: str, code: str) -> HttpResponse:
    period = _period_or_404(request, uuid)
    area = Area.objects.filter(code=code).first()
    if area is None:
        raise Http404
    try:
        report = services.report_open(user=request.user, period=period, area=area)
    except services.NotAllowed:
        raise _deny(request, {"code": code}) from None
    except services.ReportError as exc:
        show_refusal(request, exc)
        return redirect("indicators:period", uuid=period.uuid)
    return redirect("indicators:report", uuid=report.uuid)


# --- reports ---------------------------------------------------------------------------------


def _report_or_404(request: AuthedHttpRequest, uuid: str):
    report = selectors.report_get(user=request.user, uuid=uuid)
    if report is None:
        raise Http404
    return report


@login_required
def report_detail(request: AuthedHttpRequest, uuid: str) -> HttpResponse:
    report = _report_or_404(request, uuid)
    user = request.user
    editable = (
        selectors.can_edit(user, report)
        and not report.locked
        and report.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)
    )
    reviewer = selectors.can_review(user, report)
    initial = {f"item_{i}": part.get("text", "") for i, part in enumerate(report.narrative or [])}
    initial.update(
        {
            f: getattr(report, f)
            for f in (
                "problems",
                "recommendations",
                "contact_name",
                "contact_position",
                "contact_phone",
                "signer_name",
                "signer_position",
                "signer_acting_for",
            )
        }
    )
    form = ReportForm(
        request.POST if request.method == "POST" and editable else None,
        items=list(report.period.items),
        initial=initial,
    )
    if request.method == "POST":
        if not editable:
            raise _deny(request, {"report": str(report.uuid)})
        if form.is_valid():
            data = form.cleaned_data
            try:
                report = services.report_save(
                    user=user,
                    report=report,
                    narrative=form.narrative(),
                    **{k: data.get(k) or "" for k in initial if not k.startswith("item_")},
                )
                if request.POST.get("submit"):
                    report = services.report_submit(
                        user=user,
                        report=report,
                        confirm_incomplete=bool(data.get("confirm_incomplete")),
                    )
                    messages.success(request, _("The report was submitted."))
                else:
                    messages.success(request, _("The report was saved."))
            except services.NotAllowed:
                raise _deny(request, {"report": str(report.uuid)}) from None
            except services.ReportError as exc:
                show_refusal(request, exc, form)
            else:
                return redirect("indicators:report", uuid=report.uuid)
    snapshot = (
        report.snapshot
        if report.computed_at
        else services.snapshot_for(report, viewer=request.user)
    )
    indicators = by_code()
    fmt = _formatter(request)
    values = snapshot.get("values", {})
    table_codes = [c for c in TABLE_CODES if c in indicators]
    children = [
        {
            "name": child.get("name"),
            "source": child.get("source"),
            "cells": [fmt(child.get("values", {}).get(c)) for c in table_codes],
        }
        for child in snapshot.get("children", [])
    ]
    return render(
        request,
        "indicators/report.html",
        {
            "nav_active": "indicators",
            "report": report,
            "form": form,
            "editable": editable,
            "reviewer": reviewer and report.status == ReportStatus.SUBMITTED,
            "can_unlock": reviewer and report.locked,
            "review_form": ReviewForm(),
            "unlock_form": UnlockForm(),
            "values": [
                (i, fmt(values.get(c)), report.late_entries.get(c))
                for c, i in indicators.items()
                if c in values
            ],
            "breakdown": snapshot.get("breakdown", []),
            "table_codes": [indicators[c] for c in table_codes],
            "children": children,
            "events": [
                (e, EVENT_LABELS.get(e.action, e.action))
                for e in report.events.select_related("actor")
            ],
            "is_province": report.level == ReportLevel.PROVINCE,
            "completeness": (
                selectors.completeness(report.period)
                if report.level == ReportLevel.PROVINCE
                else None
            ),
            "narrative": [
                {"item": item_title(part.get("item", "")), "text": part.get("text", "")}
                for part in report.narrative or []
            ],
        },
    )


@login_required
@require_POST
def report_review(request: AuthedHttpRequest, uuid: str, action: str) -> HttpResponse:
    report = _report_or_404(request, uuid)
    comment = request.POST.get("comment", "") or request.POST.get("reason", "")
    steps = {
        "approve": (services.report_approve, {"comment": comment}, _("The report was approved.")),
        "return": (services.report_return, {"comment": comment}, _("The report was returned.")),
        "unlock": (services.report_unlock, {"reason": comment}, _("The report was unlocked.")),
    }
    if action not in steps:
        raise Http404
    step, kwargs, done = steps[action]
    try:
        step(user=request.user, report=report, **kwargs)
    except services.NotAllowed:
        raise _deny(request, {"report": str(report.uuid)}) from None
    except services.ReportError as exc:
        show_refusal(request, exc)
    else:
        messages.success(request, done)
    return redirect("indicators:report", uuid=report.uuid)


@login_required
def report_download(request: AuthedHttpRequest, uuid: str, fmt: str) -> HttpResponse:
    from sodsong.documents.render import CONTENT_TYPES
    from sodsong.indicators import letters

    report = _report_or_404(request, uuid)
    if fmt not in ("docx", "pdf", "xlsx"):
        raise Http404
    content = letters.content_for_report(report, viewer=request.user)
    try:
        data = letters.render(content, fmt)
    except letters.LetterSetupError:
        messages.error(
            request,
            _("The sending office has no letter code yet: ask the administrator to set it."),
        )
        return redirect("indicators:report", uuid=report.uuid)
    log_action(
        action=AuditEvent.Action.EXPORT,
        object_type="indicators.report",
        object_ids=[report.uuid],
        detail={"format": fmt},
    )
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    name = f"report-{report.area.code}-{report.period.starts_on:%Y%m%d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
