"""Reporting periods: the directive's window, months, fiscal quarters and years, any range.

Pure functions (no database): the holiday calendar is passed in as a set of dates, so the rules
can be tested on their own. `sodsong.indicators.selectors.holiday_set()` reads the admin-edited
calendar.

- "ภายใน n วัน" from the day the unit received the letter: the first day is not counted
  (Civil and Commercial Code s.193/3), so the period ends n days after receipt; a last day that
  falls on a day off (a weekend or an official holiday) moves to the next working day (s.193/8).
- The fiscal year runs 1 October – 30 September and is named by the B.E. year in which it ends
  (ปีงบประมาณ พ.ศ. ๒๕๖๘ = 1 Oct 2024 – 30 Sep 2025); quarter 1 is October–December.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from sodsong.thai.dates import BE_OFFSET, MONTHS_EN, MONTHS_TH, format_thai_date

SATURDAY = 5


@dataclass(frozen=True)
class Period:
    """An inclusive range of days with its names (Thai and English)."""

    kind: str  # directive, month, quarter, year, custom
    starts_on: dt.date
    ends_on: dt.date
    name_th: str
    name_en: str
    # The day the report is due (directive windows; None for calendar periods).
    due_on: dt.date | None = None

    def __post_init__(self) -> None:
        if self.ends_on < self.starts_on:
            raise ValueError("a period ends on or after the day it starts")

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1

    def contains(self, day: dt.date) -> bool:
        return self.starts_on <= day <= self.ends_on


def is_working_day(day: dt.date, holidays: Collection[dt.date]) -> bool:
    return day.weekday() < SATURDAY and day not in holidays


def next_working_day(day: dt.date, holidays: Collection[dt.date]) -> dt.date:
    """The day itself when it is a working day, otherwise the next one (s.193/8)."""
    while not is_working_day(day, holidays):
        day += dt.timedelta(days=1)
    return day


def directive_deadline(received_on: dt.date, days: int, holidays: Collection[dt.date]) -> dt.date:
    """The last day of "ภายใน n วัน" counted from the day the letter was received.

    The day of receipt is not counted (s.193/3), so the n-th day is `received_on + n`; if that
    day is not a working day the period ends on the next working day (s.193/8).
    """
    if days < 1:
        raise ValueError("a window is at least one day")
    return next_working_day(received_on + dt.timedelta(days=days), holidays)


def directive_window(received_on: dt.date, days: int, holidays: Collection[dt.date]) -> Period:
    """The results window of a directive: from the day of receipt to the (moved) deadline."""
    due = directive_deadline(received_on, days, holidays)
    return Period(
        kind="directive",
        starts_on=received_on,
        ends_on=due,
        name_th=f"ระยะ {days} วัน ({format_thai_date(received_on, short=True)} – "
        f"{format_thai_date(due, short=True)})",
        name_en=f"{days}-day window ({received_on:%d %b %Y} – {due:%d %b %Y})",
        due_on=due,
    )


def month_period(year: int, month: int) -> Period:
    last = calendar.monthrange(year, month)[1]
    return Period(
        kind="month",
        starts_on=dt.date(year, month, 1),
        ends_on=dt.date(year, month, last),
        name_th=f"เดือน{MONTHS_TH[month - 1]} {year + BE_OFFSET}",
        name_en=f"{MONTHS_EN[month - 1]} {year}",
    )


def fiscal_year_of(day: dt.date) -> int:
    """The B.E. fiscal year a day belongs to (1 Oct 2024 → 2568)."""
    return (day.year + 1 if day.month >= 10 else day.year) + BE_OFFSET


def fiscal_year_period(fiscal_year_be: int) -> Period:
    end_ce = fiscal_year_be - BE_OFFSET
    return Period(
        kind="year",
        starts_on=dt.date(end_ce - 1, 10, 1),
        ends_on=dt.date(end_ce, 9, 30),
        name_th=f"ปีงบประมาณ พ.ศ. {fiscal_year_be}",
        name_en=f"Fiscal year {fiscal_year_be} B.E. (FY{end_ce})",
    )


def fiscal_quarter_of(day: dt.date) -> tuple[int, int]:
    """(B.E. fiscal year, quarter 1–4): October–December is quarter 1."""
    quarter = ((day.month - 10) % 12) // 3 + 1
    return fiscal_year_of(day), quarter


def fiscal_quarter_period(fiscal_year_be: int, quarter: int) -> Period:
    if quarter not in (1, 2, 3, 4):
        raise ValueError("a quarter is 1, 2, 3 or 4")
    end_ce = fiscal_year_be - BE_OFFSET
    first_month = (10 + 3 * (quarter - 1) - 1) % 12 + 1
    year = end_ce - 1 if first_month >= 10 else end_ce
    last_month = first_month + 2
    return Period(
        kind="quarter",
        starts_on=dt.date(year, first_month, 1),
        ends_on=dt.date(year, last_month, calendar.monthrange(year, last_month)[1]),
        name_th=f"ไตรมาสที่ {quarter} ปีงบประมาณ พ.ศ. {fiscal_year_be}",
        name_en=f"Q{quarter} of fiscal year {fiscal_year_be} B.E.",
    )


def custom_period(starts_on: dt.date, ends_on: dt.date) -> Period:
    return Period(
        kind="custom",
        starts_on=starts_on,
        ends_on=ends_on,
        name_th=f"{format_thai_date(starts_on)} ถึง {format_thai_date(ends_on)}",
        name_en=f"{starts_on:%d %b %Y} to {ends_on:%d %b %Y}",
    )


def months_back(end: dt.date, count: int) -> list[Period]:
    """The `count` calendar months ending with the month of `end`, oldest first."""
    periods = []
    year, month = end.year, end.month
    for _ in range(count):
        periods.append(month_period(year, month))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return list(reversed(periods))
