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
        from sodsong.indicators.selectors import holiday_set
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
    """The deadline as stored: one ISO 8601 form, or a one-off followed by a series
    ("2024-07-15,R/2024-07-25/P1M"). An interval that ends before it starts is refused."""
    value = (deadline or "").strip()
    if not value:
        return ""
    if "," in value:
        return ",".join(validate(part) for part in value.split(",") if part.strip())
    interval = _INTERVAL.match(value)
    if interval and interval.group(2) < interval.group(1):
        raise DeadlineError(value)
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
    if "," in value:
        found: set[dt.date] = set()
        for part in value.split(","):
            found.update(
                due_dates(
                    part, received_on=received_on, holidays=holidays, repeat_count=repeat_count
                )
            )
        return sorted(found)

    def calendar_for(end: dt.date) -> Collection[dt.date]:
        if holidays is not None:
            return holidays
        return holidays_between(received_on, end + dt.timedelta(days=30))

    if match := _DAYS.match(value):
        days = int(match.group(1))
        if days == 0:
            return [received_on]  # "ทันที": on the day it is received
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


# --- in Thai words ------------------------------------------------------------------------------

_WEEKDAYS_TH = ("จันทร์", "อังคาร", "พุธ", "พฤหัสบดี", "ศุกร์", "เสาร์", "อาทิตย์")
_ISO_IN_TEXT = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?\b")


def _thai_date(day: dt.date, thai_digits: bool) -> str:
    from sodsong.thai.dates import format_thai_date

    return format_thai_date(day, short=True, thai_digits=thai_digits)


def _digits(text: str, thai_digits: bool) -> str:
    from sodsong.thai.digits import to_thai_digits

    return to_thai_digits(text) if thai_digits else text


def describe_date_text(text: str, *, thai_digits: bool = False) -> str:
    """Every ISO date in `text` written as a Thai date (2024-07-15 → 15 ก.ค. 2567)."""

    def one(match: re.Match[str]) -> str:
        try:
            day = dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            return match.group(0)
        written = _thai_date(day, thai_digits)
        if match.group(4):
            written += _digits(f" เวลา {match.group(4)}.{match.group(5)} น.", thai_digits)
        return written

    return _ISO_IN_TEXT.sub(one, text)


def describe(deadline: str, *, due: dt.date | None = None, thai_digits: bool = False) -> str:
    """The deadline in Thai words, as an official would write it: "ภายใน 30 วัน (15 ก.ค. 2567)"
    with `due` the first due date where it is known, "ทันที", "ทุกวันที่ 25 ของเดือน เริ่ม …".
    Never P30D or an ISO date; "" when there is none."""
    value = (deadline or "").strip()
    if not value:
        return ""
    if "," in value:
        parts = [describe(part, thai_digits=thai_digits) for part in value.split(",") if part]
        text = " แล้ว".join(parts)
        if due and not value.startswith(("R", "2")):
            text += f" ({_thai_date(due, thai_digits)})"
        return text
    suffix = f" ({_thai_date(due, thai_digits)})" if due else ""
    if match := _DAYS.match(value):
        days = int(match.group(1))
        if days == 0:
            return "ทันที" + suffix
        return _digits(f"ภายใน {days} วัน", thai_digits) + suffix
    if match := _MONTHS.match(value):
        return _digits(f"ภายใน {int(match.group(1))} เดือน", thai_digits) + suffix
    if match := _HOURS.match(value):
        return _digits(f"ภายใน {int(match.group(1))} ชั่วโมง", thai_digits) + suffix
    if match := _REPEAT.match(value):
        first = dt.date.fromisoformat(match.group(2))
        step, unit = int(match.group(3)), match.group(4)
        if unit == "M" and step == 1:
            every = f"ทุกวันที่ {first.day} ของเดือน"
        elif unit == "M":
            every = f"ทุก {step} เดือน"
        elif step == 7:
            every = f"ทุกวัน{_WEEKDAYS_TH[first.weekday()]}"
        else:
            every = f"ทุก {step} วัน"
        return _digits(every, thai_digits) + f" เริ่ม {_thai_date(first, thai_digits)}"
    if match := _INTERVAL.match(value):
        start, end = sorted(dt.date.fromisoformat(match.group(i)) for i in (1, 2))
        return f"{_thai_date(start, thai_digits)} ถึง {_thai_date(end, thai_digits)}"
    if _DATE.match(value):
        return "ภายใน " + describe_date_text(value, thai_digits=thai_digits)
    return value
