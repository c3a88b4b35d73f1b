"""Buddhist-Era dates: formatting for people and parsing what they type. Pure, no Django.

The one set of Thai date rules: forms, the residents importer, the letter parser and the
identifier finder all read years through `ce_year`, and dates of birth through `parse_birth`.

- B.E. = C.E. + 543. A four-digit year above 2400 is B.E. (2569 → 2026), otherwise C.E.
- An era written next to the year (พ.ศ., ค.ศ., B.E., A.D.) decides.
- A two-digit year is B.E. by Thai convention (69 → 2569), taken in the hundred B.E. years that end
  ten years after this one (in 2569: 00–79 → 2500–2579, 80–99 → 2480–2499). Free text such as SMS
  from banks and shops also writes C.E. years (07/06/22): `two_digit="mixed"` reads 00–49 as C.E.
- A date of birth may be partial: a year (2533 or 1990), a month and year (04/2533, 1990-04) or
  a full date; it lies between 1900 and today.
- Digits may be Thai or Arabic, separated by `/`, `-` or `.`, or with a Thai or English month name.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from sodsong.thai.digits import to_arabic_digits, to_thai_digits

BE_OFFSET = 543

MONTHS_TH = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
MONTHS_TH_SHORT = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)
MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def be_year(year: int) -> int:
    return year + BE_OFFSET


def format_thai_date(
    value: dt.date, *, short: bool = False, thai_digits: bool = False, blank_day: bool = False
) -> str:
    """`28 พฤศจิกายน 2569`, or `28 พ.ย. 2569` when short; the day left blank for hand-filled letters."""
    month = (MONTHS_TH_SHORT if short else MONTHS_TH)[value.month - 1]
    day = "   " if blank_day else str(value.day)
    text = f"{day} {month} {be_year(value.year)}"
    return to_thai_digits(text) if thai_digits else text


def format_thai_datetime(value: dt.datetime, *, thai_digits: bool = False) -> str:
    text = f"{format_thai_date(value.date(), short=True)} {value:%H:%M} น."
    return to_thai_digits(text) if thai_digits else text


class DateParseError(ValueError):
    """The text is not a date in any form Sodsong accepts. `code`: "invalid"; for a date of
    birth also "too_old" (before 1900) or "future"."""

    def __init__(self, text: str, code: str = "invalid") -> None:
        super().__init__(text)
        self.code = code


def era_of(text: str | None) -> Literal["be", "ce"] | None:
    """ "be" for พ.ศ./B.E., "ce" for ค.ศ./A.D./C.E. (dots and spaces optional), else None."""
    key = re.sub(r"[\s.]", "", text or "").lower()
    if key in ("พศ", "be"):
        return "be"
    if key in ("คศ", "ad", "ce"):
        return "ce"
    return None


def _in_window(two_digits: int, latest: int) -> int:
    """The year ending in `two_digits` among the hundred years that end with `latest`."""
    year = latest - latest % 100 + two_digits
    return year - 100 if year > latest else year


def ce_year(
    year: int,
    *,
    era: Literal["be", "ce"] | None = None,
    today: dt.date | None = None,
    two_digit: Literal["be", "mixed"] = "be",
) -> int:
    """The C.E. year of a year as written (see the module's rules)."""
    if year < 100:
        today = today or dt.date.today()
        if era is None:
            era = "ce" if two_digit == "mixed" and year < 50 else "be"
        if era == "be":
            year = _in_window(year, today.year + BE_OFFSET + 10)
        else:
            return _in_window(year, today.year + 10)
    if era == "be" or (era is None and year > 2400):
        return year - BE_OFFSET
    return year


_NUMERIC = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2,4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})\s*-\s*(\d{1,2})\s*-\s*(\d{1,2})\s*$")


def parse_date(text: str, *, today: dt.date | None = None) -> dt.date:
    """Parses 28/11/2569, ๒๘/๑๑/๒๕๖๙, 28-11-2026, 2026-11-28, 28 พ.ย. 2569, 28 พฤศจิกายน 69."""
    if not text or not text.strip():
        raise DateParseError("empty")
    today = today or dt.date.today()
    cleaned = to_arabic_digits(text).strip()
    match = _ISO.match(cleaned)
    if match:
        year, month, day = (int(g) for g in match.groups())
        return _build(ce_year(year, today=today), month, day)
    match = _NUMERIC.match(cleaned)
    if match:
        day, month, year = (int(g) for g in match.groups())
        return _build(ce_year(year, today=today), month, day)
    parts = cleaned.replace(",", " ").split()
    if len(parts) == 3 and parts[0].isdigit() and parts[2].isdigit():
        month = month_from_name(parts[1])
        if month:
            return _build(ce_year(int(parts[2]), today=today), month, int(parts[0]))
    raise DateParseError(text)


def month_from_name(name: str) -> int | None:
    key = name.strip().lower()
    for index, (full, short, en) in enumerate(
        zip(MONTHS_TH, MONTHS_TH_SHORT, MONTHS_EN, strict=True), start=1
    ):
        if key in (full, short, short.replace(".", ""), en.lower(), en[:3].lower()):
            return index
    return None


def _build(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise DateParseError(f"{day}/{month}/{year}") from exc


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date of birth as far as it is known: a year, a month and year, or a full date."""

    year: int
    month: int | None = None
    day: int | None = None

    def as_tuple(self) -> tuple[int, int | None, int | None]:
        return self.year, self.month, self.day


_BIRTH_YEAR = re.compile(r"^(\d{4})$")
_BIRTH_MONTH_YEAR = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{4})$")
_BIRTH_YEAR_MONTH = re.compile(r"^(\d{4})\s*-\s*(\d{1,2})$")


def parse_birth(text: str, *, today: dt.date | None = None) -> PartialDate | None:
    """A date of birth typed as a year (1990, 2533), month/year (04/2533, 4-1990), year-month
    (1990-04) or a full date (`parse_date`); None when blank. Raises DateParseError with code
    "invalid", "too_old" (before 1900) or "future"."""
    value = to_arabic_digits(text).strip()
    if not value:
        return None
    today = today or dt.date.today()
    month: int | None = None
    day: int | None = None
    if match := _BIRTH_YEAR.match(value):
        year = ce_year(int(match.group(1)))
    elif match := _BIRTH_MONTH_YEAR.match(value):
        month, year = int(match.group(1)), ce_year(int(match.group(2)))
    elif match := _BIRTH_YEAR_MONTH.match(value):
        year, month = ce_year(int(match.group(1))), int(match.group(2))
    else:
        full = parse_date(value, today=today)
        year, month, day = full.year, full.month, full.day
    return check_birth(PartialDate(year, month, day), today=today, text=value)


def check_birth(birth: PartialDate, *, today: dt.date, text: str = "") -> PartialDate:
    """The date of birth if it can be one: a month 1–12, not before 1900, not after today."""
    if birth.month is not None and not 1 <= birth.month <= 12:
        raise DateParseError(text or str(birth), "invalid")
    if birth.year < 1900:
        raise DateParseError(text or str(birth), "too_old")
    if (birth.year, birth.month or 1, birth.day or 1) > (today.year, today.month, today.day):
        raise DateParseError(text or str(birth), "future")
    return birth
