"""Numbers: phones (Thai and foreign, hotlines and short codes), bank accounts, PromptPay and
13-digit IDs, judged by their digits, grouping and nearest context word."""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers

from sodsong.thai.identifiers.context import _bank_for, _Keyword, _nearest_before
from sodsong.thai.identifiers.found import Found
from sodsong.thai.ids import is_valid_id13

_TOKEN = re.compile(r"\d+")
_SEPARATOR = re.compile(r"[ \t]{0,2}(?:[-–.]|\(0\)|[()])?[ \t]{0,2}")

# Digit groupings banks use when they print account numbers (bank-account-formatter, MIT; see
# tests/thai/data/SOURCE.txt). Phones never look like these.
_BANK_GROUPINGS = {(3, 1, 5, 1), (3, 6, 1), (4, 3, 6, 1), (3, 3, 3, 1), (3, 1, 5, 3)}

HOTLINES = frozenset(
    {
        "191",
        "199",
        "1669",
        "1441",
        "1599",
        "1567",
        "1111",
        "1300",
        "1155",
        "1178",
        "1202",
        "1212",
        "1192",
        "1193",
        "1323",
        "1330",
        "1506",
        "1129",
        "1130",
        "1690",
        "1586",
        "1584",
        "1543",
        "1333",
        "1572",
        "1115",
        "1428",
        "1558",
        "1551",
        "1545",
        "1185",
        "1213",
        "1146",
        "1166",
    }
)
_CALL_WORDS = re.compile(
    r"(?:โทร(?:ศัพท์)?\.?(?:หา|ไป(?:ที่)?|แจ้ง)?|สายด่วน|hotline|call\s*center|คอลเซ็นเตอร์|"
    r"แจ้ง(?:ความ)?(?:ที่|ผ่าน)?|ศูนย์)\s*[:：]?\s*(?:หมายเลข|เบอร์)?\s*$",
    re.IGNORECASE,
)
_AFTER_SHORT_CODE = re.compile(
    r"\s*(?:บาท|บ(?![ก-ฮ])|฿|คน|ราย|ครั้ง|ปี|วัน|เรื่อง|ล้าน|แสน|หมื่น|พัน|[%.,:/]\d|น\.|-\d)"
)


@dataclass
class _Run:
    """Digit groups written next to each other with phone-style separators."""

    starts: list[int]
    ends: list[int]
    plus: bool
    plus_start: int


def _eligible(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if before and (before.isascii() and (before.isalpha() or before in "_*#/@~")):
        return False
    if after and (after.isascii() and (after.isalpha() or after in "_*#/@~")):
        return False
    if before == "," and start >= 2 and text[start - 2].isdigit():
        return False
    return not (after == "," and end + 1 < len(text) and text[end + 1].isdigit())


def _runs(text: str) -> list[_Run]:
    tokens = [m for m in _TOKEN.finditer(text) if _eligible(text, m.start(), m.end())]
    runs: list[_Run] = []
    current: _Run | None = None
    for token in tokens:
        if current is not None:
            gap = text[current.ends[-1] : token.start()]
            if _SEPARATOR.fullmatch(gap) and gap and "\n" not in gap:
                current.starts.append(token.start())
                current.ends.append(token.end())
                continue
            runs.append(current)
        plus_match = re.search(r"\+[ \t]?$", text[max(0, token.start() - 2) : token.start()])
        plus = plus_match is not None
        plus_start = token.start() - len(plus_match.group(0)) if plus_match else token.start()
        current = _Run([token.start()], [token.end()], plus, plus_start)
    if current is not None:
        runs.append(current)
    return runs


def _phone(digits: str, plus: bool, first_group: str = "") -> str | None:
    if plus:
        candidate = "+" + digits
    elif first_group in ("001", "007", "008", "009") and len(digits) > 3:
        candidate = "+" + digits[3:]  # Thai carriers' international prefixes, written apart
    elif digits.startswith("00") and digits[2:3] != "0":
        candidate = "+" + digits[2:]
    elif digits.startswith("0") and len(digits) in (9, 10):
        candidate = digits
    else:
        return None
    try:
        number = phonenumbers.parse(candidate, "TH")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


_PHONE_GROUPINGS = {(10,), (3, 3, 4), (2, 4, 4), (3, 7), (2, 3, 4), (1, 3, 4), (9,)}


def _classify(
    text: str, run: _Run, i: int, j: int, keyword: _Keyword | None, bank: str
) -> tuple[str, str] | None:
    digits = "".join(text[run.starts[k] : run.ends[k]] for k in range(i, j + 1))
    plus = run.plus and i == 0
    sizes = tuple(run.ends[k] - run.starts[k] for k in range(i, j + 1))
    kind = keyword.kind if keyword else ""
    if kind == "decoy":
        return None
    phone = _phone(digits, plus, text[run.starts[i] : run.ends[i]])
    if kind == "promptpay":
        if phone and (phone.startswith("+66") and len(phone) == 12):
            return "promptpay", "PP:" + phone
        if len(digits) == 13 and is_valid_id13(digits):
            return "promptpay", "PP:" + digits
        if len(digits) == 15:
            return "promptpay", "PP:" + digits
    if kind == "account" and len(digits) == 9 and not phone:
        return "bank_account", f"{bank}:{digits}"
    if kind in ("account", "bank") and not plus and 10 <= len(digits) <= 15:
        phone_style = phone is not None and sizes in _PHONE_GROUPINGS
        if kind == "account" or not phone_style or sizes in _BANK_GROUPINGS:
            return "bank_account", f"{bank}:{digits}"
    if kind == "id" and len(digits) == 13:
        return ("thai_id", digits) if is_valid_id13(digits) else None
    if phone:
        return "phone", phone
    if len(digits) == 13 and not plus and is_valid_id13(digits):
        return "thai_id", digits
    if sizes in _BANK_GROUPINGS and "-" in text[run.starts[i] : run.ends[j]]:
        return "bank_account", f"{bank}:{digits}"
    return None


def _numbers(text: str, keywords: list[_Keyword]) -> list[Found]:
    found: list[Found] = []
    floor = 0
    for run in _runs(text):
        n = len(run.starts)
        i = 0
        while i < n:
            matched = False
            # At most 8 groups and 17 digits: no identifier is longer, and long runs of numbers
            # (tables, lists) stay linear.
            for j in range(min(n - 1, i + 7), i - 1, -1):
                sizes = [run.ends[k] - run.starts[k] for k in range(i, j + 1)]
                if j > i and (max(sizes) > 7 or sum(sizes) > 17):
                    continue
                start = run.plus_start if (i == 0 and run.plus) else run.starts[i]
                end = run.ends[j]
                if text[start - 1 : start] == "(" and text[run.ends[i] : run.ends[i] + 1] == ")":
                    start -= 1
                keyword = _nearest_before(keywords, start, max(floor, start - 40))
                if keyword is not None and keyword.kind in ("phone", "id"):
                    # "พร้อมเพย์ที่ผูกกับเบอร์ 08…", "พร้อมเพย์เลขบัตร 3…": the number is PromptPay.
                    promptpay = [
                        k
                        for k in keywords
                        if k.kind == "promptpay" and max(floor, start - 40) <= k.start < start
                    ]
                    if promptpay:
                        keyword = promptpay[-1]
                bank = "UNKNOWN"
                if keyword is None or keyword.kind in ("account", "bank"):
                    bank = _bank_for(keywords, start, end, max(floor, start - 80), text)
                    if keyword is None and bank != "UNKNOWN":
                        keyword = _Keyword(start, start, "bank", bank)
                result = _classify(text, run, i, j, keyword, bank)
                if result is None and j == i:
                    result = _short_code(text, start, end, keyword)
                if result:
                    found.append(Found(result[0], result[1], start, end))
                    floor = end
                    i = j + 1
                    matched = True
                    break
            if not matched:
                i += 1
    return found


def _short_code(
    text: str, start: int, end: int, keyword: _Keyword | None
) -> tuple[str, str] | None:
    digits = text[start:end]
    if not (3 <= len(digits) <= 4 and digits.startswith("1")):
        return None
    if keyword is not None and keyword.kind == "decoy" and start - keyword.end < 15:
        return None
    if _AFTER_SHORT_CODE.match(text, end):
        return None
    if start >= 2 and text[start - 1] in ".:," and text[start - 2].isdigit():
        return None
    called = _CALL_WORDS.search(text[max(0, start - 30) : start]) is not None
    if digits in HOTLINES or (called and len(digits) == 4):
        return "phone", digits
    return None
