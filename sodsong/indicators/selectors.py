"""Reads of indicator values, reports and completeness: aggregates only, from the pre-aggregated
facts, within the acting user's scope.

`compute_values` and friends are the unscoped computations (used by jobs, the report command and
the selectors below); every function that takes a `user` checks `scope_for(user)` first and
raises `OutOfScope` for an area the user does not cover.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Substr, TruncMonth

from sodsong.accounts.models import Role, User
from sodsong.accounts.scope import scope_for
from sodsong.geo.models import Area, Level
from sodsong.indicators import formula
from sodsong.indicators.catalogue import Indicator, by_code
from sodsong.indicators.models import (
    Holiday,
    IndicatorFact,
    Report,
    ReportingPeriod,
    ReportLevel,
    ReportStatus,
    SourceStatus,
)

Values = dict[str, float | int | None]
# The fact column that selects an area of each code length, and the one below it.
LEVEL_COLUMN = {2: "province_code", 4: "district_code", 6: "subdistrict_code", 8: "area_code"}
CHILD_COLUMN = {0: "province_code", 2: "district_code", 4: "subdistrict_code", 6: "area_code"}
PUBLIC_MIN_COUNT = 5


class OutOfScope(PermissionError):
    """The area is outside what the user may see."""


def holiday_set(start: dt.date | None = None, end: dt.date | None = None) -> set[dt.date]:
    qs = Holiday.objects.all()
    if start:
        qs = qs.filter(date__gte=start)
    if end:
        qs = qs.filter(date__lte=end)
    return set(qs.values_list("date", flat=True))


# --- computations (unscoped) -----------------------------------------------------------------


# Indicators counted from misconduct matters (breakdown key: the accused's agency and user,
# `sources.accused_key`). A viewer's counts leave out the matters his chain of command hides
# from him, the rule of the misconduct totals (#17 H3, `misconduct.selectors.chain_hides`).
CHAIN_RULED = frozenset(
    {
        "officials_investigated",
        "officials_penalised",
        "officials_suspended",
        "officials_transferred",
    }
)


def _hidden_from(viewer: User) -> Q | None:
    """The facts this viewer's chain of command hides from him (None: nothing)."""
    try:
        from sodsong.misconduct.selectors import chain_hides
    except ImportError:  # pragma: no cover - misconduct not installed: nothing to hide
        return None
    ruled = Q(indicator__in=CHAIN_RULED)
    agencies = chain_hides(viewer)
    if agencies is None:
        return ruled  # a viewer without an agency counts no matter
    ids = "|".join(str(i) for i in sorted(agencies))
    # A fact without the key (stored before the fix, until recomputed) is nobody's to count.
    return ruled & (Q(dim="") | Q(dim__regex=rf"^({ids})(:|$)") | Q(dim__endswith=f":{viewer.pk}"))


def _facts(
    area_code: str, start: dt.date, end: dt.date, viewer: User | None = None
) -> QuerySet[IndicatorFact]:
    """The facts of an area and period; as `viewer` may count them when one is given (pages,
    the API, reports), every fact for the unscoped computations (jobs, comparisons)."""
    qs = IndicatorFact.objects.filter(day__gte=start, day__lte=end)
    if area_code:
        qs = qs.filter(**{LEVEL_COLUMN[len(area_code)]: area_code})
    if viewer is not None:
        hidden = _hidden_from(viewer)
        if hidden is not None:
            qs = qs.exclude(hidden)
    return qs


def _villages(area_code: str) -> QuerySet[Area]:
    return Area.objects.filter(
        level=Level.VILLAGE, code__startswith=area_code, abolished_on__isnull=True
    )


# The catalogue (built-ins plus administrators' formulas) and the list of sources that are not
# available change rarely: each process keeps them for a few seconds instead of asking the
# database several times per page.
_CACHE_SECONDS = 10.0
_cache: dict[str, tuple[float, object]] = {}


def _cached(key: str, load):
    now = time.monotonic()
    hit = _cache.get(key)
    if hit is not None and now - hit[0] < _CACHE_SECONDS:
        return hit[1]
    value = load()
    _cache[key] = (now, value)
    return value


def indicators_now() -> dict[str, Indicator]:
    return _cached("catalogue", by_code)


def clear_cache() -> None:
    _cache.clear()


def _unavailable() -> set[str]:
    return _cached(
        "unavailable",
        lambda: set(
            SourceStatus.objects.filter(available=False).values_list("indicator", flat=True)
        ),
    )


def _finish(values: Values, indicators: dict[str, Indicator]) -> Values:
    """Fills missing counts with 0 and evaluates formulas (in catalogue order, so a formula may
    use the ones before it)."""
    for code, indicator in indicators.items():
        if indicator.kind in ("sum", "distinct", "villages"):
            values.setdefault(code, 0)
    for code, indicator in indicators.items():
        if indicator.kind == "formula":
            try:
                result = formula.evaluate(indicator.formula, values)
            except formula.FormulaError:
                result = None
            values[code] = None if result is None else round(result, indicator.decimals)
    for code in _unavailable() & set(values):
        values[code] = None
    return values


def compute_values(
    area_code: str, start: dt.date, end: dt.date, viewer: User | None = None
) -> Values:
    """Every indicator for one area ("" = the nation) and period (as `viewer` may count it)."""
    indicators = indicators_now()
    facts = _facts(area_code, start, end, viewer)
    values: Values = {}
    distinct = [c for c, i in indicators.items() if i.kind == "distinct"]
    for row in (
        facts.exclude(indicator__in=distinct)
        .order_by()
        .values("indicator")
        .annotate(total=Sum("value"))
    ):
        values[row["indicator"]] = int(row["total"] or 0)
    for row in (
        facts.filter(indicator__in=distinct)
        .order_by()
        .values("indicator")
        .annotate(total=Count("area_code", distinct=True))
    ):
        values[row["indicator"]] = int(row["total"] or 0)
    values["villages_total"] = _villages(area_code).count()
    return _finish(values, indicators)


def child_areas(area_code: str) -> list[Area]:
    """The areas one level below (provinces of the nation when the code is "")."""
    if not area_code:
        return list(Area.objects.filter(level=Level.PROVINCE).order_by("code"))
    return list(
        Area.objects.filter(parent__code=area_code, abolished_on__isnull=True).order_by("code")
    )


def compute_children(
    area_code: str, start: dt.date, end: dt.date, viewer: User | None = None
) -> dict[str, Values]:
    """Every indicator for each area one level below `area_code`, in two GROUP BY queries."""
    indicators = indicators_now()
    column = CHILD_COLUMN[len(area_code)]
    width = {0: 2, 2: 4, 4: 6, 6: 8}[len(area_code)]
    facts = _facts(area_code, start, end, viewer)
    distinct = [c for c, i in indicators.items() if i.kind == "distinct"]
    children: dict[str, Values] = defaultdict(dict)
    for row in (
        facts.exclude(indicator__in=distinct)
        .exclude(**{column: ""})
        .order_by()
        .values(column, "indicator")
        .annotate(total=Sum("value"))
    ):
        children[row[column]][row["indicator"]] = int(row["total"] or 0)
    for row in (
        facts.filter(indicator__in=distinct)
        .exclude(**{column: ""})
        .order_by()
        .values(column, "indicator")
        .annotate(total=Count("area_code", distinct=True))
    ):
        children[row[column]][row["indicator"]] = int(row["total"] or 0)
    for row in (
        _villages(area_code)
        .annotate(child=Substr("code", 1, width))
        .order_by()
        .values("child")
        .annotate(n=Count("pk"))
    ):
        children[row["child"]]["villages_total"] = row["n"]
    result = {}
    for area in child_areas(area_code):
        result[area.code] = _finish(dict(children.get(area.code, {})), indicators)
    return result


def compute_monthly(
    area_code: str,
    months: list[tuple[dt.date, dt.date]],
    code: str,
    viewer: User | None = None,
) -> list[float | int | None]:
    """One indicator per calendar month (the trend line)."""
    indicators = indicators_now()
    indicator = indicators.get(code)
    if indicator is None or not months:
        return []
    start, end = months[0][0], months[-1][1]
    if indicator.kind == "formula":
        needed = formula.names(indicator.formula)
        series = {
            n: compute_monthly(area_code, months, n, viewer) for n in needed if n in indicators
        }
        out: list[float | int | None] = []
        for i in range(len(months)):
            result = formula.evaluate(indicator.formula, {n: s[i] for n, s in series.items()})
            out.append(None if result is None else round(result, indicator.decimals))
        return out
    if indicator.kind == "villages":
        total = _villages(area_code).count()
        return [total for _ in months]
    facts = _facts(area_code, start, end, viewer).filter(indicator=code)
    aggregate = Count("area_code", distinct=True) if indicator.kind == "distinct" else Sum("value")
    by_month = {
        row["month"]: int(row["total"] or 0)
        for row in facts.annotate(month=TruncMonth("day"))
        .order_by()
        .values("month")
        .annotate(total=aggregate)
    }
    return [by_month.get(first, 0) for first, _ in months]


def compute_breakdown(
    area_code: str,
    start: dt.date,
    end: dt.date,
    code: str = "charges",
    viewer: User | None = None,
) -> list[tuple[str, int]]:
    """The breakdown of one indicator (charges by law and section), largest first. Never of
    an indicator counted from misconduct matters: its key names the accused's agency."""
    if code in CHAIN_RULED:
        return []
    rows = (
        _facts(area_code, start, end, viewer)
        .filter(indicator=code)
        .order_by()
        .values("dim")
        .annotate(total=Sum("value"))
    )
    return sorted(((r["dim"], int(r["total"] or 0)) for r in rows), key=lambda r: (-r[1], r[0]))


def breakdown_labels(keys: Iterable[str]) -> dict[str, str]:
    """`penal-code|s.341` → the law's Thai title and the section, from the law catalogue."""
    labels = {}
    try:
        from sodsong.cases.models import LawSection
    except ImportError:  # pragma: no cover - cases not installed
        LawSection = None  # noqa: N806
    for key in keys:
        law_code, _, section_key = key.partition("|")
        label = key
        if LawSection is not None:
            section = (
                LawSection.objects.filter(version__law__code=law_code, key=section_key)
                .select_related("version__law")
                .order_by("-version__effective_from", "-revision")
                .first()
            )
            if section is not None:
                citation = getattr(section, "citation_th", "") or f"มาตรา {section.section}"
                label = f"{section.version.law.title_th} {citation}"
        labels[key] = label
    return labels


def suppress_small(
    values: Values, indicators: dict[str, Indicator] | None = None
) -> dict[str, object]:
    """For public outputs: counts from 1 to 4 become "<5" (0 stays 0; formulas derived from
    counts are withheld when any count behind them is suppressed)."""
    indicators = indicators or indicators_now()
    out: dict[str, object] = {}
    hidden = set()
    for code, value in values.items():
        indicator = indicators.get(code)
        counted = indicator and indicator.kind in ("sum", "distinct")
        if counted and isinstance(value, int | float) and 0 < value < PUBLIC_MIN_COUNT:
            out[code] = f"<{PUBLIC_MIN_COUNT}"
            hidden.add(code)
            continue
        out[code] = value
    for code, indicator in indicators.items():
        if (
            indicator.kind == "formula"
            and code in out
            and formula.names(indicator.formula) & hidden
        ):
            out[code] = None
    return out


# --- scoped reads ----------------------------------------------------------------------------


# Misconduct investigators work on their matters only; every other role reads the indicators.
INDICATOR_ROLES = frozenset(Role.values) - {Role.INVESTIGATOR}


def check_area(user: User, area_code: str) -> None:
    scope = scope_for(user)
    if scope.is_empty or not scope.roles & INDICATOR_ROLES:
        raise OutOfScope(area_code)
    if area_code == "":
        if not scope.nation:
            raise OutOfScope(area_code)
        return
    if not scope.covers_area(area_code):
        raise OutOfScope(area_code)


def default_area_code(user: User) -> str | None:
    """The user's widest area ("" for the nation), None without a scope."""
    scope = scope_for(user)
    if not scope.roles & INDICATOR_ROLES:
        return None
    if scope.nation:
        return ""
    if not scope.area_codes:
        return None
    return sorted(scope.area_codes, key=len)[0]


def area_values(*, user: User, area_code: str, start: dt.date, end: dt.date) -> Values:
    check_area(user, area_code)
    return compute_values(area_code, start, end, viewer=user)


def children_values(
    *, user: User, area_code: str, start: dt.date, end: dt.date
) -> dict[str, Values]:
    check_area(user, area_code)
    return compute_children(area_code, start, end, viewer=user)


def monthly_values(
    *, user: User, area_code: str, months: list[tuple[dt.date, dt.date]], code: str
) -> list[float | int | None]:
    check_area(user, area_code)
    return compute_monthly(area_code, months, code, viewer=user)


def source_status() -> dict[str, SourceStatus]:
    return {s.indicator: s for s in SourceStatus.objects.all()}


# --- periods and reports ---------------------------------------------------------------------


def period_queryset(*, user: User) -> QuerySet[ReportingPeriod]:
    scope = scope_for(user)
    if scope.is_empty:
        return ReportingPeriod.objects.none()
    qs = ReportingPeriod.objects.select_related("province")
    if scope.nation:
        return qs
    provinces = {c[:2] for c in scope.area_codes}
    return qs.filter(province__code__in=provinces)


def report_queryset(*, user: User) -> QuerySet[Report]:
    """Reports the user may read: a district's own, every report of the province for the
    province, provincial reports (and the district reports behind them) for the ministry."""
    scope = scope_for(user)
    qs = Report.objects.select_related("period", "area", "period__province")
    if scope.is_empty:
        return qs.none()
    if scope.nation:
        return qs
    return qs.filter(scope.area_filter("area__code"))


def report_get(*, user: User, uuid: str) -> Report | None:
    from uuid import UUID

    try:
        key = UUID(str(uuid))
    except ValueError:
        return None
    return report_queryset(user=user).filter(uuid=key).first()


@dataclass(frozen=True)
class Completeness:
    level: str
    expected: int
    submitted: int
    on_time: int
    approved: int

    @property
    def percent(self) -> float:
        return round(self.submitted * 100 / self.expected, 1) if self.expected else 0.0


def districts_of(province_code: str) -> list[Area]:
    return list(
        Area.objects.filter(
            level=Level.DISTRICT, code__startswith=province_code, abolished_on__isnull=True
        ).order_by("code")
    )


def _counted(reports: list[Report], expected: int, level: str) -> Completeness:
    """One definition for every completeness figure (issue 20): submitted = with the reviewer or
    approved; on time and approved are parts of submitted; a returned report is not submitted."""
    sent = [
        r
        for r in reports
        if r.submitted_at is not None
        and r.status in (ReportStatus.SUBMITTED, ReportStatus.APPROVED)
    ]
    return Completeness(
        level=level,
        expected=expected,
        submitted=len(sent),
        on_time=sum(1 for r in sent if r.on_time),
        approved=sum(1 for r in sent if r.status == ReportStatus.APPROVED),
    )


def completeness(period: ReportingPeriod) -> Completeness:
    """District reports of a period: expected (every district), submitted, on time, approved."""
    expected = len(districts_of(period.province.code))
    reports = list(period.reports.filter(level=ReportLevel.DISTRICT))
    return _counted(reports, expected, "district")


def national_completeness(periods: Iterable[ReportingPeriod]) -> Completeness:
    """Provincial reports to the ministry: each province once, on its latest period."""
    latest: dict[int, ReportingPeriod] = {}
    for p in periods:
        seen = latest.get(p.province_id)
        if seen is None or (p.starts_on, p.pk) > (seen.starts_on, seen.pk):
            latest[p.province_id] = p
    reports = list(
        Report.objects.filter(
            period__in=list(latest.values()), level=ReportLevel.PROVINCE
        ).select_related("period")
    )
    return _counted(reports, len(latest), "province")


def can_review(user: User, report: Report) -> bool:
    """The province reviews district reports; the ministry reviews provincial reports."""
    scope = scope_for(user)
    if report.level == ReportLevel.DISTRICT:
        return scope.has_role(Role.PROVINCE) and any(
            report.area.code.startswith(c) for c in scope.role_areas.get(Role.PROVINCE, ())
        )
    return scope.has_role(Role.MINISTRY)


def can_edit(user: User, report: Report) -> bool:
    """The district edits and submits its own report; the province its provincial report."""
    scope = scope_for(user)
    role = Role.DISTRICT if report.level == ReportLevel.DISTRICT else Role.PROVINCE
    return any(report.area.code.startswith(c) for c in scope.role_areas.get(role, ()))
