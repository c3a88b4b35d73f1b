"""Indicator values and reports for other systems (the ministry pulls aggregates from here).

Everything here is an aggregate: counts per area and period, and the reports' frozen values and
narrative. No person's data, and no names or telephone numbers of officers. `public=true` turns
counts from 1 to 4 into "<5" for outputs that are published.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from sodsong.accounts.models import Role
from sodsong.accounts.requests import AuthedHttpRequest
from sodsong.accounts.scope import scope_for
from sodsong.geo.models import Area
from sodsong.indicators import selectors
from sodsong.indicators.catalogue import catalogue
from sodsong.indicators.models import Report, ReportingPeriod

router = Router(tags=["indicators"])
MAX_DAYS = 366 * 20  # twenty years at most per call


class IndicatorOut(Schema):
    code: str
    label_th: str
    label_en: str
    unit_th: str
    unit_en: str
    item: int
    kind: str
    formula: str


class AreaValues(Schema):
    code: str
    name_th: str
    values: dict[str, Any]


class ValuesOut(Schema):
    area: str
    date_from: dt.date
    date_to: dt.date
    computed_at: dt.datetime | None
    public: bool
    values: dict[str, Any]
    children: list[AreaValues]


class PeriodOut(Schema):
    uuid: str
    province: str
    kind: str
    name_th: str
    starts_on: dt.date
    ends_on: dt.date
    district_due_on: dt.date
    province_due_on: dt.date
    directive_reference: str
    # The directive record the period was opened from (GET /api/directives/{uuid}), if any.
    directive: str | None = None


class ReportOut(Schema):
    uuid: str
    period: str
    area: str
    area_name_th: str
    level: str
    status: str
    locked: bool
    submitted_at: dt.datetime | None
    on_time: bool | None
    computed_at: dt.datetime | None
    values: dict[str, Any]
    children: list[AreaValues]
    breakdown: list[dict[str, Any]]
    narrative: list[dict[str, Any]]
    problems: str
    recommendations: str
    late_entries: dict[str, int]
    letter_number: str


def _check(request: AuthedHttpRequest, area_code: str) -> None:
    selectors.check_area(request.user, area_code)


@router.get("/catalogue", response=list[IndicatorOut], summary="The indicator catalogue")
def indicator_catalogue(request: AuthedHttpRequest) -> list[IndicatorOut]:
    if scope_for(request.user).is_empty:
        raise HttpError(403, "forbidden")
    return [
        IndicatorOut(
            code=i.code,
            label_th=i.label_th,
            label_en=i.label_en,
            unit_th=i.unit_th,
            unit_en=i.unit_en,
            item=i.item,
            kind=i.kind,
            formula=i.formula,
        )
        for i in catalogue()
    ]


@router.get("/values", response=ValuesOut, summary="Indicator values of an area and period")
def indicator_values(
    request: AuthedHttpRequest,
    date_from: dt.date,
    date_to: dt.date,
    area: str = "",
    children: bool = False,
    public: bool = False,
) -> ValuesOut:
    """`area` is a DOPA code (2 province, 4 district, 6 sub-district, 8 village) or empty for the
    nation (ministry only). `children=true` adds each area one level below."""
    if date_to < date_from or (date_to - date_from).days > MAX_DAYS:
        raise HttpError(422, "invalid")
    if area and not Area.objects.filter(code=area).exists():
        raise HttpError(404, "not_found")
    _check(request, area)
    values: dict[str, Any] = selectors.compute_values(area, date_from, date_to, viewer=request.user)
    rows = []
    if children and len(area) < 8:
        names = {a.code: a.name_th for a in selectors.child_areas(area)}
        for code, child in selectors.compute_children(
            area, date_from, date_to, viewer=request.user
        ).items():
            rows.append(
                AreaValues(
                    code=code,
                    name_th=names.get(code, ""),
                    values=selectors.suppress_small(child) if public else child,
                )
            )
    if public:
        values = selectors.suppress_small(values)
    statuses = [s.computed_at for s in selectors.source_status().values() if s.computed_at]
    return ValuesOut(
        area=area,
        date_from=date_from,
        date_to=date_to,
        computed_at=min(statuses) if statuses else None,
        public=public,
        values=values,
        children=rows,
    )


def _period_out(p: ReportingPeriod) -> PeriodOut:
    return PeriodOut(
        uuid=str(p.uuid),
        province=p.province.code,
        kind=p.kind,
        name_th=p.name_th,
        starts_on=p.starts_on,
        ends_on=p.ends_on,
        district_due_on=p.district_due_on,
        province_due_on=p.province_due_on,
        directive_reference=p.directive_reference,
        directive=str(p.directive.uuid) if p.directive else None,
    )


@router.get("/periods", response=list[PeriodOut], summary="Reporting periods")
def period_list(request: AuthedHttpRequest) -> list[PeriodOut]:
    periods = selectors.period_queryset(user=request.user).select_related("directive")[:500]
    return [_period_out(p) for p in periods]


def _report_out(r: Report) -> ReportOut:
    snapshot = r.snapshot or {}
    return ReportOut(
        uuid=str(r.uuid),
        period=str(r.period.uuid),
        area=r.area.code,
        area_name_th=r.area.name_th,
        level=r.level,
        status=r.status,
        locked=r.locked,
        submitted_at=r.submitted_at,
        on_time=r.on_time,
        computed_at=r.computed_at,
        values=snapshot.get("values", {}),
        children=[
            AreaValues(
                code=c.get("code", ""), name_th=c.get("name", ""), values=c.get("values", {})
            )
            for c in snapshot.get("children", [])
        ],
        breakdown=snapshot.get("breakdown", []),
        narrative=list(r.narrative or []),
        problems=r.problems,
        recommendations=r.recommendations,
        late_entries=r.late_entries or {},
        letter_number=(
            f"{r.letter_number}/{r.letter_running}" if r.letter_number and r.letter_running else ""
        ),
    )


@router.get("/reports", response=list[ReportOut], summary="Submitted reports (frozen values)")
def report_list(request: AuthedHttpRequest, period: str = "", level: str = "") -> list[ReportOut]:
    """Reports that have been submitted (drafts stay inside the province)."""
    qs = selectors.report_queryset(user=request.user).exclude(computed_at=None)
    if period:
        qs = qs.filter(period__uuid=period) if _is_uuid(period) else qs.none()
    if level:
        qs = qs.filter(level=level)
    return [_report_out(r) for r in qs.order_by("period_id", "area__code")[:500]]


def _is_uuid(value: str) -> bool:
    from uuid import UUID

    try:
        UUID(value)
    except ValueError:
        return False
    return True


@router.get("/reports/{uuid}", response=ReportOut, summary="One report")
def report_get(request: AuthedHttpRequest, uuid: str) -> ReportOut:
    report = selectors.report_get(user=request.user, uuid=uuid)
    if report is None or report.computed_at is None:
        raise HttpError(404, "not_found")
    return _report_out(report)


class JobOut(Schema):
    job: str
    requested_at: dt.datetime


@router.post("/recompute", response={202: JobOut}, summary="Recompute every indicator (a job)")
def recompute(request: AuthedHttpRequest) -> Status[JobOut]:
    if not scope_for(request.user).has_role(Role.PROVINCE, Role.ADMIN):
        raise HttpError(403, "forbidden")
    from sodsong.indicators.tasks import recompute_indicators
    from sodsong.jobs.services import job_enqueue

    run = job_enqueue(
        task=recompute_indicators, name="recompute-indicators", requested_by_id=request.user.pk
    )
    return Status(202, JobOut(job=str(run.uuid), requested_at=timezone.now()))
