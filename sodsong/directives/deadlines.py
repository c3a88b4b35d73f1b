"""Due dates of a directive item for one recipient, from the parser's ISO 8601 deadline.

- `2024-07-15` (or `2024-07-15T16:30`): that day, as printed.
- `P30D` ("ภายใน ๓๐ วัน"): counted from the day the recipient received the directive, the first
  day not counted (Civil and Commercial Code s.193/3), so it ends 30 days after receipt; an end
  that falls on a weekend or an official holiday moves to the next working day (s.193/8).
  `P2M` counts calendar months the same way; `PT24H` ends the next day.
- `R/2024-07-25/P1M` (or `/P7D`): a series of due dates from the first one on or after receipt,
  `REPEAT_COUNT` of them.
- `2024-08-01/2024-08-31` (an interval): due at its end.

The holiday calendar is the indicators module's (`sodsong.indicators.selectors.holiday_set`,
edited by the admin) together with the fixed-date official holidays below; "within n days" uses the
indicators module's `periods.directive_deadline` when it is installed.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Collection

REPEAT_COUNT = 6
SATURDAY = 5

# Fixed-date official holidays (the lunar ones — Makha Bucha, Visakha Bucha, Asarnha Bucha —
# move every year and come from the admin-edited calendar of the indicators module).
FIXED_HOLIDAYS = (
    (1, 1),
    (4, 6),
    (4, 13),
    (4, 14),
    (4, 15),
    (5, 1),
    (5, 4),
    (6, 3),
    (7, 28),
    (8, 12),
    (10, 13),
    (10, 23),
    (12, 5),
    (12, 10),
    (12, 31),
)

_DAYS = re.compile(r"^P(\d+)D$")
_MONTHS = re.compile(r"^P(\d+)M$")
_HOURS = re.compile(r"^PT(\d+)H$")
_REPEAT = re.compile(r"^R(\d*)/(\d{4}-\d{2}-\d{2})/P(\d+)([DM])$")
_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:T\d{2}:\d{2})?$")
_INTERVAL = re.compile(r"^(\d{4}-\d{2}-\d{2})/(\d{4}-\d{2}-\d{2})$")


class DeadlineError(ValueError):
    """The deadline is not one of the ISO 8601 forms a directive item may carry."""


def fixed_holidays(start: dt.date, end: dt.date) -> set[dt.date]:
    days: set[dt.date] = set()
    for year in range(start.year, end.year + 1):
        for month, day in FIXED_HOLIDAYS:
            days.add(dt.date(year, month, day))
    return days


def holidays_between(start: dt.date, end: dt.date) -> set[dt.date]:
    """Official holidays from the indicators calendar when it exists, else the fixed dates."""
    try:
        from sodsong.indicators.selectors import holiday_set  # type: ignore[attr-defined]
    except (ImportError, AttributeError):
        return fixed_holidays(start, end)
    try:
        found = holiday_set(start, end)
    except TypeError:
        found = holiday_set()
    except Exception:  # noqa: BLE001 - a calendar that cannot be read must not stop issuing
        return fixed_holidays(start, end)
    return set(found) | fixed_holidays(start, end)


def is_working_day(day: dt.date, holidays: Collection[dt.date]) -> bool:
    return day.weekday() < SATURDAY and day not in holidays


def next_working_day(day: dt.date, holidays: Collection[dt.date]) -> dt.date:
    while not is_working_day(day, holidays):
        day += dt.timedelta(days=1)
    return day


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def validate(deadline: str) -> str:
    value = (deadline or "").strip()
    if not value:
        return ""
    for pattern in (_DAYS, _MONTHS, _HOURS, _REPEAT, _DATE, _INTERVAL):
        match = pattern.match(value)
        if match:
            try:
                for part in re.findall(r"\d{4}-\d{2}-\d{2}", value):
                    dt.date.fromisoformat(part)
            except ValueError:
                break
            return value
    raise DeadlineError(value)


def due_dates(
    deadline: str,
    *,
    received_on: dt.date,
    holidays: Collection[dt.date] | None = None,
    repeat_count: int = REPEAT_COUNT,
) -> list[dt.date]:
    """The recipient's due dates for the item (empty when it has no deadline)."""
    value = validate(deadline)
    if not value:
        return []

    def calendar_for(end: dt.date) -> Collection[dt.date]:
        if holidays is not None:
            return holidays
        return holidays_between(received_on, end + dt.timedelta(days=30))

    if match := _DAYS.match(value):
        days = int(match.group(1))
        end = received_on + dt.timedelta(days=days)
        try:
            from sodsong.indicators.periods import directive_deadline
        except ImportError:
            return [next_working_day(end, calendar_for(end))]
        return [directive_deadline(received_on, max(days, 1), calendar_for(end))]
    if match := _MONTHS.match(value):
        end = add_months(received_on, int(match.group(1)))
        return [next_working_day(end, calendar_for(end))]
    if match := _HOURS.match(value):
        hours = int(match.group(1))
        return [received_on + dt.timedelta(days=max(1, -(-hours // 24)))]
    if match := _REPEAT.match(value):
        count = int(match.group(1)) if match.group(1) else repeat_count
        step, unit = int(match.group(3)), match.group(4)
        first = dt.date.fromisoformat(match.group(2))
        dates: list[dt.date] = []
        index = 0
        while len(dates) < count and index < count + 400:
            day = (
                first + dt.timedelta(days=step * index)
                if unit == "D"
                else add_months(first, step * index)
            )
            if day >= received_on:
                dates.append(day)
            index += 1
        return dates
    if match := _INTERVAL.match(value):
        return [dt.date.fromisoformat(match.group(2))]
    match = _DATE.match(value)
    assert match is not None
    return [dt.date.fromisoformat(match.group(1))]
