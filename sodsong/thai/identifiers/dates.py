"""Dates written in Thai or English, named or numeric, B.E. or C.E., as ISO Gregorian."""

from __future__ import annotations

import datetime as dt
import re

from sodsong.thai.dates import MONTHS_EN, MONTHS_TH, MONTHS_TH_SHORT, ce_year, era_of
from sodsong.thai.identifiers.found import Found


def _month_pattern() -> str:
    """Thai full and short month names (dots optional: มิ.ย., มิ.ย, มิย) and English ones."""
    alternatives: list[str] = []
    for full, short, english in zip(MONTHS_TH, MONTHS_TH_SHORT, MONTHS_EN, strict=True):
        parts = [p for p in short.split(".") if p]
        alternatives += [
            re.escape(full),
            r"\.?\s?".join(re.escape(p) for p in parts) + r"\.?",
            f"(?i:{english})",
            f"(?i:{english[:3]})" + r"\.?",
        ]
    alternatives.sort(key=len, reverse=True)
    return "|".join(f"(?:{a})" for a in alternatives)


_MONTH_ALT = _month_pattern()
_ERA = r"(?:(?P<era>พ\.?\s?ศ\.?|ค\.?\s?ศ\.?|(?i:b\.?e\.?|a\.?d\.?))\s*)?"
_DATE_NAMED = re.compile(
    rf"(?<![\d])(?P<d>[0-3]?\d)\s*(?P<m>{_MONTH_ALT})(?![ก-๛A-Za-z])\s*{_ERA}(?P<y>\d{{4}}|\d{{2}})(?!\d)"
)
_DATE_EN = re.compile(
    rf"(?<![A-Za-z])(?P<m>{_MONTH_ALT})\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})(?!\d)"
)
_DATE_NUMERIC = re.compile(
    r"(?<![\d/.\-A-Za-z])(?P<d>[0-3]?\d)(?P<s>[/.\-])(?P<m>[01]?\d)(?P=s)(?P<y>\d{4}|\d{2})"
    r"(?![\d/A-Za-z]|[.\-]\d)"
)
_DATE_ISO = re.compile(r"(?<![\d/.\-])(?P<y>\d{4})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![\d\-])")


def _month_number(name: str) -> int | None:
    key = re.sub(r"[\s.]", "", name).lower()
    for index, (full, short, english) in enumerate(
        zip(MONTHS_TH, MONTHS_TH_SHORT, MONTHS_EN, strict=True), start=1
    ):
        if key in (full, short.replace(".", ""), english.lower(), english[:3].lower()):
            return index
    return None


def _year(raw: str, era: str | None) -> int:
    """The shared rules of `sodsong.thai.dates`; messages from banks and shops write two-digit
    C.E. years too (07/06/22), so 00–49 without an era are C.E. here."""
    return ce_year(int(raw), era=era_of(era), two_digit="mixed")


def _dates(text: str) -> list[Found]:
    found = []
    for pattern in (_DATE_NAMED, _DATE_EN, _DATE_NUMERIC, _DATE_ISO):
        for match in pattern.finditer(text):
            groups = match.groupdict()
            month_raw = groups["m"]
            month = int(month_raw) if month_raw.isdigit() else _month_number(month_raw)
            if month is None:
                continue
            year = _year(groups["y"], groups.get("era"))
            if not 1900 <= year <= 2100:
                continue
            try:
                value = dt.date(year, month, int(groups["d"]))
            except ValueError:
                continue
            found.append(Found("date", value.isoformat(), match.start(), match.end()))
    return found
