"""Context words around a number: bank names, the words for a phone, an account, PromptPay or an
ID, and decoys (OTP, reference, tracking, house numbers …), with where the nearest one stands."""

from __future__ import annotations

import re
from dataclasses import dataclass

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
