"""Amounts of money in Thai text (`5,000 บาท`, `1.5 หมื่นบาท`, `2 แสน`, `฿300`, `3k`), as baht in a
plain decimal string. Pure, no Django.

Rules (what counts as an amount):
- a number followed by a currency unit (บาท, บ., ฿, baht, THB, `.-`), or preceded by ฿ / THB;
- a number followed by a multiplier word (พัน, หมื่น, แสน, ล้าน, k) even without a unit, unless a
  counting word follows (คน, ครั้ง, คะแนน …: `10 ล้านคะแนน` is not money); multipliers chain
  (`1 ล้าน 5 แสน` = 1500000);
- a number right after a money verb (โอน, ยอดเงิน, จำนวนเงิน …) when it has no leading zero.
Numbers with a leading zero (`0812345678 บาท`) are not amounts: they are phone or account numbers.
Amounts written out in Thai words (`ห้าพันบาท`) are not read.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from sodsong.thai.digits import to_arabic_digits

MULTIPLIERS = {
    "พัน": 1_000,
    "หมื่น": 10_000,
    "แสน": 100_000,
    "ล้าน": 1_000_000,
    "k": 1_000,
    "K": 1_000,
    "ลบ.": 1_000_000,
}

_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_MULT = r"(?:พัน|หมื่น|แสน|ล้าน|ลบ\.|(?<=\d)[kK](?![A-Za-z]))"  # 3k, not "ทอง 24 k" (karat)
_UNIT = r"(?:บาท|บ\.|บ(?![ก-๛])|฿|(?i:baht|thb)(?![A-Za-z])|\.-)"
_COUNTERS = (
    "คน|ราย|ครั้ง|คะแนน|ตัว|ปี|วัน|เดือน|ชิ้น|แห่ง|หลัง|ไร่|ต้น|ใบ|ข้อความ|ครอบครัว|ครัวเรือน|"
    "บัญชี|เบอร์|หมายเลข|เรื่อง|คดี|จุด|โล|กม|วิว|view|like|ไลก์|ผู้|เครื่อง|ลิตร|กิโล|เมตร|นาที|ชั่วโมง|โต๊ะ|เกม|เท่า|%"
)
_NOT_BEFORE = r"(?<![A-Za-z0-9_.,])(?<![A-Za-z0-9_.,]/)"
_NOT_AFTER_NUM = r"(?![\d,]\d|\.\d)"

_MONEY_WORDS = (
    "โอน(?:เงิน)?(?:ไป|ให้|แล้ว|เข้า|มา)?(?:อีก|ไป|ให้)?|ยอดเงิน|ยอดโอน|จำนวนเงิน|เป็นเงิน|"
    "เสียเงิน(?:ไป)?|สูญเงิน(?:ไป)?|ราคา|มูลค่า|เงินสด|รับเงิน|เงินเดือน|ค่าตอบแทน|รายได้|ค่าจ้าง|"
    "ค่าปรับ|ค่าธรรมเนียม|ค่าส่ง|มีเงิน|ขอยืม(?:เงิน)?|ยืมเงิน|กู้(?:เงิน)?|วงเงิน|จำนวน"
)
_CHAIN = rf"{_NUM}\s*{_MULT}(?:\s*{_NUM}\s*{_MULT})*"
_PATTERNS = (
    # ฿300, THB 5,000, ฿3k
    re.compile(rf"{_NOT_BEFORE}(?P<pre>฿|(?i:thb)(?![A-Za-z]))\s*(?P<body>{_CHAIN}|{_NUM})"),
    # 1.5 หมื่นบาท, 2 แสน, 1 ล้าน 5 แสน บาท, 3k
    re.compile(rf"{_NOT_BEFORE}(?P<body>{_CHAIN})(?:\s*(?P<unit>{_UNIT}))?"),
    # 5,000 บาท, 300฿, 500,000.-
    re.compile(rf"{_NOT_BEFORE}(?P<body>{_NUM}){_NOT_AFTER_NUM}\s*(?P<unit>{_UNIT})"),
    # โอนไป 12,500 / ยอดเงิน 3000 / ราคา 405000 (the money word is not part of the span)
    re.compile(
        rf"(?:{_MONEY_WORDS})\s*(?:ประมาณ|ราว|กว่า|อีก|แค่|เพียง|ทั้งหมด|รวม|เป็นจำนวน|จำนวน)?\s*"
        rf"(?P<body>[1-9](?:\d{{0,2}}(?:,\d{{3}})+|\d*)(?:\.\d+)?){_NOT_AFTER_NUM}(?![\dA-Za-z])"
    ),
    # the first end of a range: 500-1,000 บาท, 1,500/3000 บาท
    re.compile(rf"{_NOT_BEFORE}(?P<body>{_NUM})(?=\s*[-–/]\s*{_NUM}\s*(?:{_MULT}\s*)?{_UNIT})"),
)
_COUNTER_AFTER = re.compile(rf"\s*(?:{_COUNTERS})")
_PIECE = re.compile(rf"({_NUM})\s*({_MULT})?")


def _value(body: str) -> Decimal | None:
    total = Decimal(0)
    for number, mult in _PIECE.findall(body):
        try:
            value = Decimal(number.replace(",", ""))
        except InvalidOperation:
            return None
        total += value * MULTIPLIERS.get(mult, 1) if mult else value
    return total


def format_baht(value: Decimal) -> str:
    """15000, 980.12, 37.5: no exponent, no trailing zeros."""
    text = format(value.normalize(), "f")
    return text


def find_amounts(text: str) -> list[tuple[int, int, str]]:
    """(start, end, value) for every amount in `text`; spans may overlap between patterns, the
    caller resolves them (the first pattern wins on equal spans)."""
    arabic = to_arabic_digits(text)
    found: list[tuple[int, int, str]] = []
    for index, pattern in enumerate(_PATTERNS):
        for match in pattern.finditer(arabic):
            body = match.group("body")
            if re.match(r"0\d", body):
                continue
            unit = match.groupdict().get("unit") or match.groupdict().get("pre")
            if index in (1, 3) and not unit and _COUNTER_AFTER.match(arabic, match.end()):
                continue
            if (
                index == 1
                and not unit
                and re.match(r"[ก-ฮ]", arabic[match.end() : match.end() + 1])
            ):
                continue
            value = _value(body)
            if value is None or value <= 0:
                continue
            start = match.start("body") if index >= 3 else match.start()
            found.append((start, match.end(), format_baht(value)))
            if index == 3:
                found.extend(_range_end(arabic, match.end()))
    return found


_RANGE_END = re.compile(rf"\s*[-–]\s*(?P<body>{_NUM}){_NOT_AFTER_NUM}(?![\dA-Za-z])")


def _range_end(text: str, pos: int) -> list[tuple[int, int, str]]:
    """The upper end of a range after a money word: ค่าตอบแทน 1000-2000 ต่อชั่วโมง."""
    match = _RANGE_END.match(text, pos)
    if not match or _COUNTER_AFTER.match(text, match.end()):
        return []
    value = _value(match.group("body"))
    if value is None or value <= 0 or re.match(r"0\d", match.group("body")):
        return []
    return [(match.start("body"), match.end(), format_baht(value))]
