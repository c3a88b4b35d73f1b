"""Thai dates and deadline phrases of official letters, to ISO 8601.

Input is text with Arabic digits (the parser normalises Thai digits first). Deadline forms:
"ภายในวันที่ 15 กรกฎาคม 2567" → 2024-07-15 (with "เวลา 16.30 น." → 2024-07-15T16:30),
"ภายใน 30 วัน" / "ภายในสามสิบวัน" → P30D, "ภายใน 2 สัปดาห์" → P14D, "ภายใน 1 เดือน" → P1M,
"ทุกวันที่ 25 ของเดือน เริ่มตั้งแต่เดือนกรกฎาคม 2567" → R/2024-07-25/P1M,
"ทุกวันจันทร์" → R/<first Monday after the letter>/P7D,
"ตลอดเดือนสิงหาคม 2567" → 2024-08-01/2024-08-31, "ระหว่างวันที่ 1 – 15 สิงหาคม 2567" → an interval,
"ภายในเดือนกรกฎาคม 2567" → 2024-07-31.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

# Years are read by the one set of Thai date rules (letters write four-digit B.E. years).
from sodsong.thai.dates import MONTHS_TH, MONTHS_TH_SHORT, ce_year

_FULL = "|".join(MONTHS_TH)
_SHORT = "|".join(re.escape(m).replace(r"\.", r"\.?\s?") for m in MONTHS_TH_SHORT)
MONTH = f"(?:{_FULL}|{_SHORT})"
YEAR = r"(?:พ\.\s?ศ\.\s?)?(\d{4})"
DATE = re.compile(rf"(?:(\d{{1,2}})\s*)?({MONTH})\s*{YEAR}")
DATE_LINE = re.compile(rf"^\s*(?:วันที่\s*)?(?:(\d{{1,2}})\s+)?({MONTH})\s*{YEAR}\s*$")
# A date line whose day was damaged in extraction ("มว มิถุนายน ๒๕๖๗"): a short run of letters where
# the day should be. Month and year are known; the day is not.
DAMAGED_DATE_LINE = re.compile(rf"^\s*(?:วันที่\s*)?([^\s\d]{{1,3}})\s+({MONTH})\s*{YEAR}\s*$")
TIME = re.compile(r"เวลา\s*(\d{1,2})[.:](\d{2})\s*น")

WEEKDAYS = ("จันทร์", "อังคาร", "พุธ", "พฤหัสบดี", "ศุกร์", "เสาร์", "อาทิตย์")
_UNITS = {
    "หนึ่ง": 1,
    "เอ็ด": 1,
    "สอง": 2,
    "ยี่": 2,
    "สาม": 3,
    "สี่": 4,
    "ห้า": 5,
    "หก": 6,
    "เจ็ด": 7,
    "แปด": 8,
    "เก้า": 9,
}
NUMBER = r"(\d+|[หนึ่งสองสามสี่ห้าหกเจ็ดแปดเก้าสิบยี่เอ็ด]+)"


def month_number(name: str) -> int | None:
    key = re.sub(r"[\s.]", "", name)
    for index, (full, short) in enumerate(zip(MONTHS_TH, MONTHS_TH_SHORT, strict=True), 1):
        if key in (full, short.replace(".", "")):
            return index
    return None


def thai_number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    total, current = 0, 0
    rest = word
    while rest:
        if rest.startswith("สิบ"):
            total += (current or 1) * 10
            current = 0
            rest = rest[3:]
            continue
        for name, value in _UNITS.items():
            if rest.startswith(name):
                current = value
                rest = rest[len(name) :]
                break
        else:
            return None
    return total + current or None


def parse_date_match(match: re.Match[str]) -> dt.date | None:
    day, month_name, year = match.group(1), match.group(2), match.group(3)
    month = month_number(month_name)
    if not (day and month):
        return None
    try:
        return dt.date(ce_year(int(year)), month, int(day))
    except ValueError:
        return None


def deadline(text: str, *, letter_date: dt.date | None = None) -> str | None:
    """The first deadline the item's own wording sets, in ISO 8601, or None. A repeating deadline
    that follows a one-off one ("ภายในวันที่ 15 … และหลังจากนั้นทุกวันที่ 25 ของเดือน") is kept after
    it, comma-separated ("2024-07-15,R/2024-07-25/P1M"), its series starting from the one-off."""
    found: list[tuple[int, str]] = []
    for finder in (_by_date, _within_days, _interval, _within_month, _immediate):
        result = finder(text, letter_date)
        if result:
            found.append(result)
    repeating = _repeating(text, letter_date)
    if not found:
        return repeating[1] if repeating else None
    first = min(found)
    if repeating and repeating[0] < first[0]:
        return repeating[1]
    if repeating:
        base = _end_of(first[1], letter_date)
        again = _repeating(text[first[0] :], base) if base else repeating
        return f"{first[1]},{(again or repeating)[1]}"
    return first[1]


def _end_of(value: str, letter_date: dt.date | None) -> dt.date | None:
    """The day a one-off deadline ends, counted from the letter's date when it is relative."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}(?:T.*)?", value):
        return dt.date.fromisoformat(value[:10])
    if "/" in value:
        return dt.date.fromisoformat(value.rsplit("/", 1)[1])
    if letter_date is None:
        return None
    days = re.fullmatch(r"P(\d+)D", value)
    if days:
        return letter_date + dt.timedelta(days=int(days.group(1)))
    months = re.fullmatch(r"P(\d+)M", value)
    if months:
        month_index = letter_date.month - 1 + int(months.group(1))
        year, month = letter_date.year + month_index // 12, month_index % 12 + 1
        return dt.date(year, month, min(letter_date.day, calendar.monthrange(year, month)[1]))
    return letter_date


def _immediate(text: str, letter_date: dt.date | None) -> tuple[int, str] | None:
    """ "ดำเนินการทันที": due on receipt (P0D). "หากพบ … ให้แจ้งทันที" is a standing order for when
    something happens, not a deadline."""
    # Only an action to do now: "แจ้งเบาะแส … ทันที" (pass a tip at once) is a standing order too.
    match = re.search(r"(?:ดำเนินการ|ปฏิบัติ|ส่ง|รายงานผล)\S{0,30}?\s*(?:โดย)?ทันที|ทันทีที่ได้รับ", text)
    if not match or re.search(r"หาก|ถ้า|กรณี|เมื่อ", text[: match.start()]):
        return None
    return match.start(), "P0D"


def _by_date(text: str, letter_date: dt.date | None) -> tuple[int, str] | None:
    for match in re.finditer(
        rf"(?:ภายใน|ไม่เกิน|ก่อน|ให้แล้วเสร็จ(?:ภายใน)?|จนถึง)\s*(?:วัน\S{{0,12}}?ที่|วันที่)\s*(\d{{1,2}})\s*({MONTH})\s*(?:{YEAR})?",
        text,
    ):
        month = month_number(match.group(2))
        if not month:
            continue
        day = int(match.group(1))
        if match.group(3):
            year = ce_year(int(match.group(3)))
        else:
            year = letter_date.year if letter_date else dt.date.today().year
            if letter_date and (month, day) < (letter_date.month, letter_date.day):
                year += 1
        try:
            value = dt.date(year, month, day)
        except ValueError:
            continue
        time = TIME.search(text, match.end(), match.end() + 30)
        if time:
            return match.start(), f"{value.isoformat()}T{int(time.group(1)):02d}:{time.group(2)}"
        return match.start(), value.isoformat()
    return None


def _within_days(text: str, letter_date: dt.date | None) -> tuple[int, str] | None:
    match = re.search(rf"ภายใน\s*(?:ระยะเวลา\s*)?{NUMBER}\s*(วัน|สัปดาห์|เดือน|ชั่วโมง)", text)
    if not match:
        return None
    number = thai_number(match.group(1))
    if not number:
        return None
    unit = match.group(2)
    if unit == "ชั่วโมง":
        # "advise them to register within 24 hours" is someone else's legal duty, not this task's.
        if re.search(r"ให้ไป|ไปแจ้ง|ตามกฎหมาย", text[max(0, match.start() - 20) : match.start()]):
            return None
        return match.start(), f"PT{number}H"
    if unit == "สัปดาห์":
        return match.start(), f"P{number * 7}D"
    if unit == "เดือน":
        return match.start(), f"P{number}M"
    return match.start(), f"P{number}D"


def _repeating(text: str, letter_date: dt.date | None) -> tuple[int, str] | None:
    monthly = (
        re.search(r"ทุกวันที่\s*(\d{1,2})\s*(?:ของ)?(?:ทุก)?\s*เดือน", text)
        or re.search(r"(?:ภายใน)?วันที่\s*(\d{1,2})\s*ของทุกเดือน", text)
        or re.search(r"ทุกเดือน\s*(?:ภายใน|ก่อน)?\s*วันที่\s*(\d{1,2})", text)
    )
    if monthly:
        day = int(monthly.group(1))
        start = _start_after(text, monthly.end(), letter_date)
        first = _first_monthly(day, start)
        if first:
            return monthly.start(), f"R/{first.isoformat()}/P1M"
    every = re.search(rf"ทุก\s*{NUMBER}\s*(วัน|สัปดาห์)", text)
    if every and thai_number(every.group(1)):
        days = thai_number(every.group(1)) * (7 if every.group(2) == "สัปดาห์" else 1)
        base = _start_after(text, every.end(), letter_date)
        if base:
            first = base + dt.timedelta(days=days)
            return every.start(), f"R/{first.isoformat()}/P{days}D"
    weekly = re.search(rf"ทุก(?:วัน)?({'|'.join(WEEKDAYS)})", text)
    if weekly:
        weekday = WEEKDAYS.index(weekly.group(1))
        base = _start_after(text, weekly.end(), letter_date) or letter_date
        if base:
            first = base + dt.timedelta(days=(weekday - base.weekday()) % 7 or 7)
            if _explicit_start(text, weekly.end()) and base.weekday() == weekday:
                first = base
            return weekly.start(), f"R/{first.isoformat()}/P7D"
    return None


def _explicit_start(text: str, position: int) -> re.Match[str] | None:
    return re.compile(
        rf"(?:เริ่ม(?:ตั้งแต่)?|ตั้งแต่)\s*(?:วันที่\s*)?(?:(\d{{1,2}})\s*)?(?:เดือน\s*)?({MONTH})\s*{YEAR}"
    ).search(text, position)


def _start_after(text: str, position: int, letter_date: dt.date | None) -> dt.date | None:
    match = _explicit_start(text, position)
    if match:
        month = month_number(match.group(2))
        if month:
            try:
                return dt.date(ce_year(int(match.group(3))), month, int(match.group(1) or 1))
            except ValueError:
                return None
    return letter_date


def _first_monthly(day: int, start: dt.date | None) -> dt.date | None:
    if start is None:
        return None
    year, month = start.year, start.month
    for _ in range(13):
        last = calendar.monthrange(year, month)[1]
        candidate = dt.date(year, month, min(day, last))
        if candidate >= start:
            return candidate
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return None


def _interval(text: str, letter_date: dt.date | None) -> tuple[int, str] | None:
    whole = re.search(rf"ตลอด(?:ทั้ง)?เดือน\s*({MONTH})\s*{YEAR}", text)
    if whole:
        month = month_number(whole.group(1))
        if month:
            year = ce_year(int(whole.group(2)))
            last = calendar.monthrange(year, month)[1]
            return whole.start(), f"{dt.date(year, month, 1)}/{dt.date(year, month, last)}"
    between = re.search(
        rf"(?:ระหว่าง|ตั้งแต่)\s*วันที่\s*(\d{{1,2}})\s*(?:({MONTH})\s*(?:{YEAR})?)?\s*(?:[-–—]|ถึง(?:วันที่)?)\s*(?:วันที่\s*)?(\d{{1,2}})\s*({MONTH})\s*{YEAR}",
        text,
    )
    if between:
        end_month = month_number(between.group(5))
        end_year = ce_year(int(between.group(6)))
        start_month = month_number(between.group(2)) if between.group(2) else end_month
        start_year = ce_year(int(between.group(3))) if between.group(3) else end_year
        try:
            start = dt.date(start_year, start_month or 1, int(between.group(1)))
            end = dt.date(end_year, end_month or 1, int(between.group(4)))
        except ValueError:
            return None
        return between.start(), f"{start.isoformat()}/{end.isoformat()}"
    return None


def _within_month(text: str, letter_date: dt.date | None) -> tuple[int, str] | None:
    match = re.search(rf"ภายใน(?:สิ้น)?เดือน\s*({MONTH})\s*{YEAR}", text)
    if not match:
        return None
    month = month_number(match.group(1))
    if not month:
        return None
    year = ce_year(int(match.group(2)))
    return match.start(), dt.date(year, month, calendar.monthrange(year, month)[1]).isoformat()
