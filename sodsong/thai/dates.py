"""Buddhist-Era dates: formatting for people and parsing what they type. Pure, no Django.

B.E. = C.E. + 543. People type either era, in Thai or Arabic digits, with `/`, `-` or `.`, or with
a Thai month name; years above 2400 are taken as B.E.
"""

from __future__ import annotations

import datetime as dt
import re

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
    """The text is not a date in any form Sodsong accepts."""


_NUMERIC = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2,4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})\s*-\s*(\d{1,2})\s*-\s*(\d{1,2})\s*$")


def _year_to_ce(year: int, *, two_digit_pivot: int) -> int:
    if year < 100:
        # Two-digit years are B.E. by Thai convention (67 → 2567) when near the B.E. pivot.
        year += 2500 if year <= two_digit_pivot else 2400
    if year > 2400:
        year -= BE_OFFSET
    return year


def parse_date(text: str, *, today: dt.date | None = None) -> dt.date:
    """Parses 28/11/2569, ๒๘/๑๑/๒๕๖๙, 28-11-2026, 2026-11-28, 28 พ.ย. 2569, 28 พฤศจิกายน 69."""
    if not text or not text.strip():
        raise DateParseError("empty")
    today = today or dt.date.today()
    pivot = (today.year + BE_OFFSET) % 100 + 10
    cleaned = to_arabic_digits(text).strip()
    match = _ISO.match(cleaned)
    if match:
        year, month, day = (int(g) for g in match.groups())
        return _build(_year_to_ce(year, two_digit_pivot=pivot), month, day)
    match = _NUMERIC.match(cleaned)
    if match:
        day, month, year = (int(g) for g in match.groups())
        return _build(_year_to_ce(year, two_digit_pivot=pivot), month, day)
    parts = cleaned.replace(",", " ").split()
    if len(parts) == 3 and parts[0].isdigit() and parts[2].isdigit():
        month = _month_from_name(parts[1])
        if month:
            return _build(_year_to_ce(int(parts[2]), two_digit_pivot=pivot), month, int(parts[0]))
    raise DateParseError(text)


def _month_from_name(name: str) -> int | None:
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
