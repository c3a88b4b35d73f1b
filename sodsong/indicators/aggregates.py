"""Keeping the pre-aggregated table current: recompute facts from the source records, and flag
entries recorded after a report was frozen.

Called by the jobs in `tasks.py` (periodically and on demand) and by
`sodsong recompute-indicators`; never by a page or an API call.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

from django.core.exceptions import FieldError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from sodsong.indicators.models import IndicatorFact, Report, ReportStatus, SourceStatus
from sodsong.indicators.sources import SOURCES, Row, SourceUnavailable

log = logging.getLogger(__name__)
BATCH = 5000


def _fact(code: str, row: Row) -> tuple:
    area = row.area_code
    return (
        code,
        area,
        area[:2],
        area[:4] if len(area) >= 4 else "",
        area[:6] if len(area) >= 6 else "",
        row.day,
        row.dim[:80],
        row.value,
    )


def _insert(code: str, rows: Iterable[Row]) -> int:
    """Writes facts in batches of plain tuples (no model instances: millions at national scale)."""
    table = IndicatorFact._meta.db_table
    sql = (
        f"INSERT INTO {table} (indicator, area_code, province_code, district_code, "  # noqa: S608
        "subdistrict_code, day, dim, value) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
    )
    written = 0
    batch: list[tuple] = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(_fact(code, row))
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                written += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            written += len(batch)
    return written


# SQLite: facts written per transaction. Measured about 0.1 s per 20,000 facts; above it the
# swap of one indicator is split (a reader may see it half-written for a moment).
SQLITE_SWAP_ROWS = 20_000


def _replace_on_sqlite(code, function, old, done, prefix, start, end) -> int:
    """SQLite has one writer at a time, and a transaction begun for writing (IMMEDIATE) takes
    the lock at once: counting the source records inside it held every other writer (a public
    tip) out for up to a minute. The facts are counted first, reading only (WAL: readers and
    the one writer do not wait on each other), then swapped in short transactions."""
    rows = list(function(prefix=prefix, start=start, end=end))
    first, rest = rows[:SQLITE_SWAP_ROWS], rows[SQLITE_SWAP_ROWS:]
    with transaction.atomic():
        old.delete()
        _insert(code, first)
        if not rest:
            done(len(rows))
    for begin in range(0, len(rest), SQLITE_SWAP_ROWS):
        with transaction.atomic():
            _insert(code, rest[begin : begin + SQLITE_SWAP_ROWS])
            if begin + SQLITE_SWAP_ROWS >= len(rest):
                done(len(rows))
    return len(rows)


def recompute(
    *,
    codes: Iterable[str] | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    prefix: str = "",
) -> dict[str, int | str]:
    """Rebuilds the facts of the given indicators (all by default), for the days in [start, end]
    (all days by default) and areas under `prefix`. Returns rows written per indicator, or
    "not available" where the module is missing."""
    result: dict[str, int | str] = {}
    for code in codes or SOURCES:
        function = SOURCES[code]
        now = timezone.now()
        old = IndicatorFact.objects.filter(indicator=code)
        if prefix:
            old = old.filter(area_code__startswith=prefix)
        if start is not None:
            old = old.filter(day__gte=start)
        if end is not None:
            old = old.filter(day__lte=end)

        def done(written: int, now=now, code=code) -> None:
            SourceStatus.objects.update_or_create(
                indicator=code,
                defaults={"available": True, "computed_at": now, "rows": written, "message": ""},
            )

        try:
            if connection.vendor == "sqlite" and not connection.in_atomic_block:
                written = _replace_on_sqlite(code, function, old, done, prefix, start, end)
            else:
                with transaction.atomic():
                    old.delete()
                    written = _insert(code, function(prefix=prefix, start=start, end=end))
                    done(written)
            result[code] = written
        except (SourceUnavailable, FieldError, DatabaseError) as exc:
            log.warning("indicator %s not available: %s", code, exc)
            SourceStatus.objects.update_or_create(
                indicator=code,
                defaults={"available": False, "computed_at": now, "message": str(exc)[:300]},
            )
            result[code] = "not available"
    from sodsong.indicators.selectors import clear_cache

    clear_cache()
    return result


def flag_late_entries(*, reports: Iterable[Report] | None = None) -> int:
    """Compares each frozen report's snapshot with what the facts say now for the same area and
    period: where a count grew, entries with an event date in the period were recorded after the
    report was frozen. Stores `{code: +n}` on the report. Returns how many reports have any."""
    from sodsong.indicators.selectors import compute_values

    if reports is None:
        reports = Report.objects.exclude(status=ReportStatus.DRAFT).exclude(computed_at=None)
        reports = reports.select_related("period", "area")
    flagged = 0
    now = timezone.now()
    for report in reports:
        frozen = (report.snapshot or {}).get("values", {})
        # As its submitter counted it (#17 H3): a matter hidden from him is no late entry.
        current = compute_values(
            report.area.code,
            report.period.starts_on,
            report.period.ends_on,
            viewer=report.submitted_by,
        )
        late = {}
        for code, value in frozen.items():
            now_value = current.get(code)
            numbers = isinstance(value, int | float) and isinstance(now_value, int | float)
            if numbers and code in SOURCES and now_value > value:
                late[code] = int(now_value - value)
        Report.objects.filter(pk=report.pk).update(late_entries=late, late_checked_at=now)
        flagged += bool(late)
    return flagged
