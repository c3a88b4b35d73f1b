"""Identifiers pulled from Thai free text (phones, bank accounts, PromptPay, IDs, LINE IDs, URLs,
handles, amounts, dates), each with its span. Pure functions, no Django.

Interface (stable; other modules import it):
    extract_identifiers(text) -> list[Found]   one entry per span, the most specific type only

Values:
    phone         E.164 (`+66812345678`, `+85512345678`); hotlines / short codes as bare digits
                  (`1441`). Thai numbers need the leading 0 (or +66 / 0066); foreign numbers need
                  `+` or an international prefix (00, 001, 007, 008, 009). Validated with
                  phonenumbers (libphonenumber metadata).
    bank_account  `BANK:digits` (`KBANK:1234567890`); BANK is the nearest bank named before the
                  number (or just after it), else UNKNOWN. A number is an account when an account
                  word (บัญชี, บช., เลขบัญชี, account, a/c) or a bank name is its nearest context,
                  or when it is written in a bank's digit grouping (xxx-x-xxxxx-x …).
    promptpay     `PP:` + E.164 phone, 13-digit ID or 15-digit e-wallet ID, when the nearest
                  context word is พร้อมเพย์ / PromptPay.
    thai_id       13 digits with a valid mod-11 checksum, first digit 0–8 (sodsong.thai.ids).
    line_id       lower case, `@` of official accounts kept; only after a LINE word (ไลน์,
                  ไอดีไลน์, Line ID:, แอดไลน์ …). A LINE ID that is a valid phone number is a phone.
    url           scheme and host lower case, path as written, trailing punctuation dropped.
                  Without a scheme, a host is taken only when it clearly is one: `www.` in front or
                  a known top-level domain at its end (bit.ly/x, u82a.com, shopee.co.th/…); it then
                  gets `http://`. E-mail addresses are not URLs (nor handles).
    handle        `@name` lower case (social platforms compare handles case-insensitively); also
                  `IG: name` / `TikTok: name` → `@name`.
    amount        baht as a plain decimal string (sodsong.thai.amounts).
    date          ISO Gregorian. Years above 2400 are B.E.; two-digit years 50–99 are B.E. (25xx),
                  00–49 are C.E. (20xx), so `15 มิ.ย. 67` → 2024-06-15 and `27/07/22` → 2022-07-27.
                  A day and month without a year is not a date (no year to give).

Decoys are not extracted: numbers whose nearest context word is OTP / รหัส / ref / tracking /
เลขพัสดุ / order / คำสั่งซื้อ / บ้านเลขที่ …, numbers glued to letters (`NABB630515123`, `3P_7831`),
USSD codes (`*948*1111#`), times, and 13-digit numbers with a bad checksum.
Thai digits (๐–๙) are read everywhere; spans are offsets into the text as given.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import phonenumbers

from sodsong.thai.amounts import find_amounts
from sodsong.thai.dates import MONTHS_EN, MONTHS_TH, MONTHS_TH_SHORT
from sodsong.thai.digits import to_arabic_digits
from sodsong.thai.ids import is_valid_id13

TYPES = (
    "phone",
    "bank_account",
    "promptpay",
    "thai_id",
    "line_id",
    "url",
    "handle",
    "amount",
    "date",
)

# When two candidates overlap, the more specific type wins (then the longer span).
_RANK = {
    "url": 0,
    "promptpay": 1,
    "bank_account": 2,
    "thai_id": 3,
    "date": 4,
    "phone": 5,
    "line_id": 6,
    "handle": 7,
    "amount": 8,
}


@dataclass(frozen=True)
class Found:
    type: str
    value: str
    start: int
    end: int


# --- context words ---------------------------------------------------------------------------

BANKS: dict[str, tuple[str, ...]] = {
    "KBANK": ("กสิกรไทย", "กสิกร", "kbank", "k-bank", "kasikorn", "kasikornbank"),
    "SCB": ("ไทยพาณิชย์", "scb", "siam commercial"),
    "KTB": ("กรุงไทย", "ktb", "krungthai", "krung thai"),
    "BBL": (
        "ธนาคารกรุงเทพ",
        "ธ.กรุงเทพ",
        "ธ. กรุงเทพ",
        "แบงก์กรุงเทพ",
        "บัวหลวง",
        "bbl",
        "bangkok bank",
    ),
    "BAY": ("กรุงศรีอยุธยา", "กรุงศรี", "krungsri", "bay"),
    "TTB": ("ทหารไทยธนชาต", "ทหารไทย", "ธนชาต", "ทีทีบี", "ttb", "tmb", "thanachart"),
    "GSB": ("ออมสิน", "gsb"),
    "BAAC": ("ธ.ก.ส.", "ธ.ก.ส", "ธกส", "เพื่อการเกษตรและสหกรณ์", "baac"),
    "UOB": ("ยูโอบี", "uob"),
    "CIMB": ("ซีไอเอ็มบี", "cimb"),
    "KKP": ("เกียรตินาคินภัทร", "เกียรตินาคิน", "kkp"),
    "LHB": ("แลนด์ แอนด์ เฮ้าส์", "แลนด์แอนด์เฮ้าส์", "lh bank", "lhbank", "lhb"),
    "TISCO": ("ทิสโก้", "tisco"),
    "GHB": ("อาคารสงเคราะห์", "ธอส.", "ธอส", "ghb"),
}

_KEYWORDS: dict[str, tuple[str, ...]] = {
    "phone": (
        "โทรศัพท์",
        "โทร",
        "เบอร์",
        "มือถือ",
        "สายด่วน",
        "ติดต่อ",
        "tel",
        "phone",
        "mobile",
        "call",
        "hotline",
        "whatsapp",
        "viber",
    ),
    "account": (
        "เลขที่บัญชี",
        "เลขบัญชี",
        "บัญชี",
        "บ/ช",
        "บช.",
        "บช",
        "account",
        "acct",
        "acc",
        "a/c",
    ),
    "promptpay": ("พร้อมเพย์", "พร้อมเพ", "พร้อมเพล์", "promptpay", "prompt pay", "pp"),
    "id": (
        "บัตรประจำตัวประชาชน",
        "บัตรประชาชน",
        "เลขประจำตัวประชาชน",
        "เลขประจำตัว",
        "เลขบัตร",
        "ประชาชน",
        "ปชช",
        "id card",
        "citizen id",
        "national id",
    ),
    "decoy": (
        "otp",
        "รหัส",
        "ref",
        "tracking",
        "track",
        "เลขพัสดุ",
        "พัสดุ",
        "แทร็ก",
        "แทรค",
        "order",
        "คำสั่งซื้อ",
        "ออเดอร์",
        "บ้านเลขที่",
        "หมู่ที่",
        "ห้อง",
        "invoice",
        "ใบแจ้งหนี้",
        "หมายเลขรายการ",
        "รายการที่",
        "transaction",
        "code",
        "โค้ด",
        "pin",
        "ทะเบียน",
        "คูปอง",
        "kerry",
        "flash",
        "j&t",
        "ems",
        "หมายเลขอินเทอร์เน็ต",
        "อินเทอร์เน็ตหมายเลข",
        "internet",
    ),
}


def _word(term: str) -> str:
    """A keyword pattern: ASCII words get ASCII word boundaries; Thai words are taken as written."""
    escaped = re.escape(term).replace(r"\ ", r"\s*")
    if term.isascii():
        return rf"(?<![A-Za-z]){escaped}(?![A-Za-z])"
    return escaped


def _alternation(terms: list[str]) -> str:
    return "|".join(_word(t) for t in sorted(terms, key=len, reverse=True))


_KEYWORD_RE = re.compile(
    "|".join(
        [f"(?P<{kind}>{_alternation(list(terms))})" for kind, terms in _KEYWORDS.items()]
        + [f"(?P<bank_{code}>{_alternation(list(names))})" for code, names in BANKS.items()]
    ),
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Keyword:
    start: int
    end: int
    kind: str  # phone, account, promptpay, id, decoy, bank
    bank: str = ""


def _keywords(text: str) -> list[_Keyword]:
    found = []
    for match in _KEYWORD_RE.finditer(text):
        kind = match.lastgroup or ""
        if kind.startswith("bank_"):
            found.append(_Keyword(match.start(), match.end(), "bank", kind[5:]))
        else:
            found.append(_Keyword(match.start(), match.end(), kind))
    return found


def _nearest_before(keywords: list[_Keyword], pos: int, floor: int) -> _Keyword | None:
    best = None
    for keyword in keywords:
        if floor <= keyword.start and keyword.end <= pos:
            best = keyword
    return best


def _bank_for(keywords: list[_Keyword], start: int, end: int, floor: int, text: str) -> str:
    before = [k for k in keywords if k.kind == "bank" and floor <= k.start and k.end <= start]
    if before and start - before[-1].end <= 60:
        return before[-1].bank
    for keyword in keywords:
        nearby = keyword.kind == "bank" and end <= keyword.start <= end + 25
        if nearby and not re.search(r"\d", text[end : keyword.start]):
            return keyword.bank
    return "UNKNOWN"


# --- numbers: phones, accounts, PromptPay, IDs -------------------------------------------------

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


# --- URLs, e-mail, LINE IDs, handles ----------------------------------------------------------

_TLDS = (
    "com|net|org|info|biz|co|io|me|ly|cc|tv|xyz|app|site|online|club|top|vip|shop|link|live|asia|"
    "th|ee|gl|gd|to|ws|mobi|pro|win|bet|fun|store|tech|ai|us|uk|la|kh|mm|cn|hk|sg|ph|vn|my|pw|ru|"
    "cx|in|gg|bio|page|icu|cyou|cloud|world|today|email|help|one|lol|gov|edu|int"
)
_URL_CHARS = r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]"
_URL_SCHEME = re.compile(rf"(?i:https?)://{_URL_CHARS}+")
_URL_BARE = re.compile(
    rf"(?<![A-Za-z0-9@._/\-])(?:(?i:www)\.)?(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{{0,61}}[A-Za-z0-9])?\.)+"
    rf"(?i:{_TLDS})(?![A-Za-z0-9\-])(?::\d{{2,5}})?(?:[/?#]{_URL_CHARS}*)?"
)
_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")
_TRAILING = ".,;:!?'\")]}>"

_LINE_WORD = (
    r"(?:(?:ไอดี|id)\s*(?:ไลน์|ไลน|line)|(?:ไลน์|ไลน|line)\s*(?:ไอดี|id)|แอดไลน์|แอดไลน|"
    r"add\s*line|(?<!ออน)(?<!ออฟ)ไลน์?|(?<![A-Za-z])@?line(?=\s*(?:[:：=@]|id)))"
)
_LINE_ID = re.compile(
    rf"(?i:{_LINE_WORD})\s*(?:มาที่|ไปที่|มา|ที่)?\s*(?:[:：=\-]|คือ|ชื่อ)?\s*(?:(?i:id)\s*[:：=]?\s*)?"
    r"(?P<id>@?[A-Za-z0-9][A-Za-z0-9._\-]{1,19})(?![A-Za-z0-9_\-@]|\.[A-Za-z0-9])"
)
_HANDLE = re.compile(
    r"(?<![A-Za-z0-9_.@/])@(?P<name>[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?)"
    r"(?![A-Za-z0-9_@])"
)
_HANDLE_NAMED = re.compile(
    r"(?<![A-Za-z])(?i:ig|instagram|tiktok|twitter|telegram|tg)\s*[:：]\s*@?"
    r"(?P<name>[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?)(?![A-Za-z0-9_@])"
)
_PLATFORMS = {
    "line",
    "link",
    "facebook",
    "fb",
    "ig",
    "instagram",
    "tiktok",
    "twitter",
    "x",
    "telegram",
}


def _clean_url(raw: str) -> str:
    while raw and raw[-1] in _TRAILING:
        if raw[-1] == ")" and raw.count("(") >= raw.count(")"):
            break
        raw = raw[:-1]
    return raw


def _url_value(raw: str) -> str:
    scheme, sep, rest = raw.partition("://")
    if not sep:
        scheme, rest = "http", raw
    cut = min([p for p in (rest.find(c) for c in "/?#") if p >= 0] or [len(rest)])
    return f"{scheme.lower()}://{rest[:cut].lower()}{rest[cut:]}"


def _urls(text: str, emails: list[tuple[int, int]]) -> list[Found]:
    found = []
    for pattern in (_URL_SCHEME, _URL_BARE):
        for match in pattern.finditer(text):
            raw = _clean_url(match.group(0))
            start, end = match.start(), match.start() + len(raw)
            if any(s <= start < e for s, e in emails) or "." not in raw and "://" not in raw:
                continue
            host = raw.split("://")[-1]
            if len(host.split("/")[0]) < 3:
                continue
            found.append(Found("url", _url_value(raw), start, end))
    return found


def _line_ids(text: str) -> list[Found]:
    found = []
    for match in _LINE_ID.finditer(text):
        value = match.group("id").rstrip(".-")
        if value.lower().lstrip("@") in _PLATFORMS | {"id"}:
            continue
        start = match.start("id")
        found.append(Found("line_id", value.lower(), start, start + len(value)))
    return found


def _handles(text: str) -> list[Found]:
    found = []
    for match in _HANDLE.finditer(text):
        name = match.group("name")
        if name.lower() in _PLATFORMS or not re.search(r"[A-Za-z]", name):
            continue
        found.append(Found("handle", "@" + name.lower(), match.start(), match.end("name")))
    for match in _HANDLE_NAMED.finditer(text):
        name = match.group("name")
        start = match.start("name")
        if text[start - 1 : start] == "@":
            start -= 1
        found.append(Found("handle", "@" + name.lower(), start, match.end("name")))
    return found


# --- dates -------------------------------------------------------------------------------------


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
    year = int(raw)
    era_text = re.sub(r"[\s.]", "", era or "").lower()
    if len(raw) == 2:
        if era_text in ("พศ", "be"):
            year += 2500
        elif era_text in ("คศ", "ad"):
            year += 2000
        else:
            year += 2500 if year >= 50 else 2000
    if year > 2400:
        year -= 543
    return year


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


# --- putting it together -----------------------------------------------------------------------


def _rank(found: Found) -> int:
    # A short code (1599) that is also read as an amount (ราคา 1599) is the amount.
    if found.type == "phone" and not found.value.startswith("+"):
        return len(_RANK)
    return _RANK[found.type]


def _resolve(candidates: list[Found]) -> list[Found]:
    chosen: list[Found] = []
    ordered = sorted(candidates, key=lambda f: (_rank(f), -(f.end - f.start), f.start))
    for candidate in ordered:
        if candidate.end <= candidate.start:
            continue
        if any(candidate.start < c.end and c.start < candidate.end for c in chosen):
            continue
        chosen.append(candidate)
    return sorted(chosen, key=lambda f: f.start)


def extract_identifiers(text: str) -> list[Found]:
    """Every identifier in `text`, one per span, most specific type only, in text order."""
    if not text:
        return []
    arabic = to_arabic_digits(text)  # same length: offsets carry over
    emails = [(m.start(), m.end()) for m in _EMAIL.finditer(arabic)]
    keywords = _keywords(arabic)
    candidates: list[Found] = []
    candidates += [
        Found("url", _url_value(text[u.start : u.end]), u.start, u.end)
        for u in _urls(arabic, emails)
    ]
    candidates += _dates(arabic)
    candidates += _numbers(arabic, keywords)
    candidates += _line_ids(arabic)
    candidates += [h for h in _handles(arabic) if not any(s <= h.start < e for s, e in emails)]
    candidates += [Found("amount", value, start, end) for start, end, value in find_amounts(text)]
    return _resolve(candidates)
