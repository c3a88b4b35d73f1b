"""Counting the other modules' records: one function per indicator, all in this module.

Each function aggregates, through the ORM, the records of one module by the area they belong to
and the date of the event (not the date they were typed in, except where the event *is* the
recording: a resident registered, a charge laid, a TM.30 gap found), optionally only under an
area-code prefix and within a range of days. It returns rows `(area_code, day, dim, value)`.

The modules are imported when a function runs, not when this file loads: a deployment (or a
checkout) without one of them gets `SourceUnavailable` for its indicators, shown as "not
available", instead of a crash.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from importlib import import_module
from typing import Any, NamedTuple

from django.db.models import Count, F, Min, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncDate


class Row(NamedTuple):
    area_code: str
    day: dt.date
    dim: str
    value: int


class SourceUnavailable(Exception):
    """The module an indicator counts is not installed (or not migrated) here."""


def _models(module: str) -> Any:
    try:
        return import_module(f"sodsong.{module}.models")
    except ImportError as exc:  # pragma: no cover - depends on the deployment
        raise SourceUnavailable(module) from exc


def _model(module: str, name: str) -> Any:
    found = getattr(_models(module), name, None)
    if found is None:
        raise SourceUnavailable(f"{module}.{name}")
    return found


def _date_range(qs: QuerySet, field: str, start: dt.date | None, end: dt.date | None) -> QuerySet:
    if start is not None:
        qs = qs.filter(**{f"{field}__gte": start})
    if end is not None:
        qs = qs.filter(**{f"{field}__lte": end})
    return qs


BATCH = 5000


def _grouped(
    qs: QuerySet,
    *,
    area: str,
    day: Any,
    value: Any = None,
    dim: Any = None,
    prefix: str = "",
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> Iterable[Row]:
    """GROUP BY area code, event day (and breakdown key) → rows (a generator)."""
    qs = qs.annotate(_area=F(area) if isinstance(area, str) else area)
    qs = qs.annotate(_day=day if not isinstance(day, str) else F(day))
    if prefix:
        qs = qs.filter(_area__startswith=prefix)
    qs = _date_range(qs, "_day", start, end)
    qs = qs.filter(_area__isnull=False, _day__isnull=False)
    fields = ["_area", "_day"]
    if dim is not None:
        qs = qs.annotate(_dim=dim)
        fields.append("_dim")
    grouped = qs.order_by().values(*fields).annotate(_n=value if value is not None else Count("pk"))
    # Streamed: at national scale a source yields millions of (village, day) rows.
    return (
        Row(r["_area"], r["_day"], str(r.get("_dim") or ""), int(r["_n"] or 0))
        for r in grouped.iterator(chunk_size=BATCH)
        if r["_n"]
    )


def _merge(*parts: Iterable[Row]) -> list[Row]:
    totals: dict[tuple[str, dt.date, str], int] = defaultdict(int)
    for part in parts:
        for row in part:
            totals[(row.area_code, row.day, row.dim)] += row.value
    return [Row(a, d, k, v) for (a, d, k), v in totals.items() if v]


# --- survey ---------------------------------------------------------------------------------


def villages_surveyed(prefix: str = "", start=None, end=None) -> Iterable[Row]:
    """Villages whose survey submission was sent (submitted or approved), by the day it was sent.
    Counted once per village over a period (a `distinct` indicator)."""
    Submission = _model("survey", "Submission")
    qs = Submission.objects.filter(status__in=["submitted", "approved"], submitted_at__isnull=False)
    return _grouped(
        qs, area="area__code", day=TruncDate("submitted_at"), prefix=prefix, start=start, end=end
    )


def residents_registered(prefix: str = "", start=None, end=None) -> Iterable[Row]:
    """Foreign residents registered in the survey, by the day they were registered."""
    Resident = _model("survey", "Resident")
    return _grouped(
        Resident.objects.all(),
        area="area__code",
        day=TruncDate("created_at"),
        prefix=prefix,
        start=start,
        end=end,
    )


def tm30_gaps(prefix: str = "", start=None, end=None) -> Iterable[Row]:
    """Residences found without a TM.30 notification, or notified late, by the day recorded."""
    Residence = _model("survey", "Residence")
    qs = Residence.objects.filter(
        tm30_status__in=["missing", "late"], resident__deleted_at__isnull=True
    )
    return _grouped(
        qs, area="area__code", day=TruncDate("created_at"), prefix=prefix, start=start, end=end
    )


def visits(prefix: str = "", start=None, end=None) -> Iterable[Row]:
    Visit = _model("survey", "Visit")
    return _grouped(
        Visit.objects.filter(is_draft=False),
        area="area__code",
        day="visited_on",
        prefix=prefix,
        start=start,
        end=end,
    )


# --- tips -----------------------------------------------------------------------------------


def _tombstones(prefix: str, start, end, **filters) -> Iterable[Row]:
    """Counts that expired tips left behind (TipTombstone), grouped like the live rows."""
    Tombstone = getattr(_models("tips"), "TipTombstone", None)
    if Tombstone is None:
        return ()
    return _grouped(
        Tombstone.objects.filter(**filters),
        area="area_code",
        day="day",
        value=Sum("count"),
        prefix=prefix,
        start=start,
        end=end,
    )


def _tips_received(kind: str, prefix: str, start, end) -> Iterable[Row]:
    Tip = _model("tips", "Tip")
    live = _grouped(
        Tip.objects.filter(kind=kind),
        area="area__code",
        day=TruncDate("created_at"),
        prefix=prefix,
        start=start,
        end=end,
    )
    # Expired tips leave counts behind (TipTombstone): they were received all the same.
    return _merge(live, _tombstones(prefix, start, end, kind=kind))


def watch_reports_received(prefix: str = "", start=None, end=None) -> Iterable[Row]:
    return _tips_received("report", prefix, start, end)


def tips_received(prefix: str = "", start=None, end=None) -> Iterable[Row]:
    return _tips_received("tip", prefix, start, end)


def tips_verified(prefix: str = "", start=None, end=None) -> Iterable[Row]:
    """Tips and watch reports confirmed by officers (verified, or passed to a case), by the day
    their status changed."""
    Tip = _model("tips", "Tip")
    statuses = ["verified", "promoted"]
    live = _grouped(
        Tip.objects.filter(status__in=statuses),
        area="area__code",
        day=TruncDate(Coalesce("status_changed_at", "created_at")),
        prefix=prefix,
        start=start,
        end=end,
    )
    return _merge(live, _tombstones(prefix, start, end, status__in=statuses))


# --- cases ----------------------------------------------------------------------------------


def operations_held(prefix: str = "", start=None, end=None) -> Iterable[Row]:
    Operation = _model("cases", "Operation")
    return _grouped(
        Operation.objects.filter(status="held", case__deleted_at__isnull=True),
        area=Coalesce("area__code", "case__area__code"),
        day=TruncDate(Coalesce("held_at", "planned_for")),
        prefix=prefix,
        start=start,
        end=end,
    )


def persons_arrested(prefix: str = "", start=None, end=None) -> Iterable[Row]:
    Arrest = _model("cases", "Arrest")
    return _grouped(
        Arrest.objects.filter(party__case__deleted_at__isnull=True),
        area="party__case__area__code",
        day=TruncDate("arrested_at"),
        value=Count("party", distinct=True),
        prefix=prefix,
        start=start,
        end=end,
    )


def charges(prefix: str = "", start=None, end=None) -> Iterable[Row]:
    """Charges laid (not withdrawn), by the day laid, broken down by law and section key."""
    from django.db.models import Value
    from django.db.models.functions import Concat

    Charge = _model("cases", "Charge")
    return _grouped(
        Charge.objects.filter(withdrawn_at__isnull=True, party__case__deleted_at__isnull=True),
        area="party__case__area__code",
        day=TruncDate("created_at"),
        dim=Concat("section_applied__version__law__code", Value("|"), "section_applied__key"),
        prefix=prefix,
        start=start,
        end=end,
    )


def _seized(kind: str, prefix: str, start, end) -> Iterable[Row]:
    Seizure = _model("cases", "Seizure")
    return _grouped(
        Seizure.objects.filter(kind=kind, case__deleted_at__isnull=True),
        area=Coalesce("operation__area__code", "case__area__code"),
        day="seized_on",
        value=Sum("quantity"),
        prefix=prefix,
        start=start,
        end=end,
    )


def seized_sims(prefix: str = "", start=None, end=None) -> Iterable[Row]:
    return _seized("sim", prefix, start, end)


def seized_phones(prefix: str = "", start=None, end=None) -> Iterable[Row]:
    return _seized("phone", prefix, start, end)


def seized_bank_books(prefix: str = "", start=None, end=None) -> Iterable[Row]:
    return _seized("bank_book", prefix, start, end)


# --- misconduct -----------------------------------------------------------------------------


# The breakdown key of the facts counted from misconduct matters: the accused's agency, and his
# user where he has one ("12" or "12:345"). The indicators' reads leave out, for each viewer,
# the matters his chain of command hides from him, as the misconduct totals do (#17 H3,
# `sodsong.indicators.selectors.CHAIN_RULED`).
def accused_key(agency_id: int | None, user_id: int | None) -> str:
    return f"{agency_id}:{user_id}" if user_id else str(agency_id or "")


def _accused_dim(prefix: str = "") -> Any:
    """`accused_key` in SQL (CONCAT treats NULL as "" on both databases, hence the CASE)."""
    from django.db.models import Case, CharField, Value, When
    from django.db.models.functions import Cast, Concat

    agency = Cast(F(f"{prefix}official__agency_id"), CharField())
    user = Cast(F(f"{prefix}official__user_id"), CharField())
    return Case(
        When(**{f"{prefix}official__user_id__isnull": True}, then=agency),
        default=Concat(agency, Value(":"), user),
        output_field=CharField(),
    )


def officials_investigated(prefix: str = "", start=None, end=None) -> Iterable[Row]:
    """Matters against officials, by the day of their first investigation step (each matter is
    counted once, on the day its investigation began), by the accused's `accused_key`."""
    Matter = _model("misconduct", "Matter")
    qs = Matter.objects.all()
    if prefix:
        qs = qs.filter(area__code__startswith=prefix)
    firsts = (
        qs.annotate(first=Min("steps__on"))
        .filter(first__isnull=False)
        .values_list("area__code", "first", "official__agency_id", "official__user_id")
    )
    totals: dict[tuple[str, dt.date, str], int] = defaultdict(int)
    for code, first, agency_id, user_id in firsts:
        if (start is None or first >= start) and (end is None or first <= end):
            totals[(code, first, accused_key(agency_id, user_id))] += 1
    return [Row(code, day, dim, n) for (code, day, dim), n in totals.items()]


def officials_penalised(prefix: str = "", start=None, end=None) -> Iterable[Row]:
    Matter = _model("misconduct", "Matter")
    return _grouped(
        Matter.objects.filter(outcome="penalty"),
        area="area__code",
        day="outcome_on",
        dim=_accused_dim(),
        prefix=prefix,
        start=start,
        end=end,
    )


# --- awareness ------------------------------------------------------------------------------


def awareness_activities(prefix: str = "", start=None, end=None) -> Iterable[Row]:
    Activity = _model("awareness", "Activity")
    return _grouped(
        Activity.objects.all(),
        area="village__code",
        day="held_on",
        prefix=prefix,
        start=start,
        end=end,
    )


def people_reached(prefix: str = "", start=None, end=None) -> Iterable[Row]:
    Activity = _model("awareness", "Activity")
    return _grouped(
        Activity.objects.all(),
        area="village__code",
        day="held_on",
        value=Sum("audience"),
        prefix=prefix,
        start=start,
        end=end,
    )


SOURCES: dict[str, Callable[..., Iterable[Row]]] = {
    "villages_surveyed": villages_surveyed,
    "residents_registered": residents_registered,
    "tm30_gaps": tm30_gaps,
    "visits": visits,
    "watch_reports_received": watch_reports_received,
    "tips_received": tips_received,
    "tips_verified": tips_verified,
    "operations_held": operations_held,
    "persons_arrested": persons_arrested,
    "charges": charges,
    "seized_sims": seized_sims,
    "seized_phones": seized_phones,
    "seized_bank_books": seized_bank_books,
    "officials_investigated": officials_investigated,
    "officials_penalised": officials_penalised,
    "awareness_activities": awareness_activities,
    "people_reached": people_reached,
}

# The enforcement figures of issue 19 (and the victims counted apart) live beside this module.
from sodsong.indicators.sources_enforcement import ENFORCEMENT_SOURCES  # noqa: E402

SOURCES.update(ENFORCEMENT_SOURCES)
