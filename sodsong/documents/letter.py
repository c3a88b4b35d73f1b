"""What an official Thai letter says, independent of how it is drawn (DOCX, PDF).

The parts and their order follow ระเบียบสำนักนายกรัฐมนตรีว่าด้วยงานสารบรรณ พ.ศ. ๒๕๒๖ and its
amendments (DOMAIN §7). These are plain dataclasses, not database records: the indicators reports
and the directives circulars build a `Letter` and hand it to `sodsong.documents.render`.

Pure Python, no Django: the numbering service (`services.py`) supplies running numbers.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from enum import StrEnum

from sodsong.thai.dates import MONTHS_TH, be_year
from sodsong.thai.digits import to_thai_digits


class LetterError(ValueError):
    """A letter is missing a part its kind requires, or a part is malformed."""


class LetterKind(StrEnum):
    """The kinds the regulation names (DOMAIN §7: six kinds; these are the ones Sodsong drafts)."""

    EXTERNAL = "external"  # หนังสือภายนอก
    CIRCULAR = "circular"  # หนังสือเวียน: an external letter numbered ว in its own series
    MEMO = "memo"  # บันทึกข้อความ (หนังสือภายใน)
    # หนังสือประทับตรา: the office's stamp in place of a signature, initialled by the head of
    # the unit; no salutation's closing (ขอแสดงความนับถือ) and no signer's name.
    STAMPED = "stamped"
    # หนังสือสั่งการ ชนิดคำสั่ง: "คำสั่งจังหวัด…  ที่ n/๒๕๖๘", the subject, the text, "สั่ง ณ วันที่ …"
    # and the signature; no salutation, numbered in the order series of the year.
    ORDER = "order"


class Urgency(StrEnum):
    """Printed in red above the letter (ชั้นความเร็ว)."""

    MOST_URGENT = "ด่วนที่สุด"
    VERY_URGENT = "ด่วนมาก"
    URGENT = "ด่วน"


# หนังสือประทับตรา, ระเบียบสำนักนายกรัฐมนตรีว่าด้วยงานสารบรรณ พ.ศ. 2526: ข้อ 13 defines it and lays
# out its parts (แบบที่ 3: ที่, ถึง, ข้อความ, the sending office's name, the office's stamp in red
# initialled by the head of the division, the date, the owning unit, its telephone); ข้อ 14 names
# what it may be used for. The numbers were checked on 2026-12-05 against secondary pages (see
# StampedUse); the regulation's own text was not read offline.
STAMPED_FORM_RULE = "ระเบียบสำนักนายกรัฐมนตรีว่าด้วยงานสารบรรณ พ.ศ. 2526 ข้อ 13 (แบบที่ 3)"
STAMPED_USE_RULE = "ระเบียบสำนักนายกรัฐมนตรีว่าด้วยงานสารบรรณ พ.ศ. 2526 ข้อ 14"


class StampedUse(StrEnum):
    """The matters ข้อ 14 allows a stamped letter for, "เฉพาะกรณีที่ไม่ใช่เรื่องสำคัญ", in its order
    (14.1 to 14.6). Sources consulted: gotoknow.org/blog/watcha2/316402 ("ตามระเบียบ ข้อ 13
    หนังสือประทับตรา คือ…"), watmoli.com/wittaya-two/1758 and aypaotechno.blogspot.com (2024/10)
    list the six uses; online.flipbuilder.com/yvcv/xmsw (ข้อ 15 หนังสือสั่งการ, ข้อ 16 คำสั่ง) fixes
    the numbering around them."""

    REQUEST_DETAILS = "request_details"  # 14.1 การขอรายละเอียดเพิ่มเติม
    SEND_COPIES = "send_copies"  # 14.2 การส่งสำเนาหนังสือ สิ่งของ เอกสาร หรือบรรณสาร
    ACKNOWLEDGE = "acknowledge"  # 14.3 การตอบรับทราบที่ไม่เกี่ยวกับราชการสำคัญหรือการเงิน
    REPORT_DONE = "report_done"  # 14.4 การแจ้งผลงานที่ได้ดำเนินการไปแล้วให้ส่วนราชการที่เกี่ยวข้องทราบ
    REMIND = "remind"  # 14.5 การเตือนเรื่องที่ค้าง
    BY_ORDER = "by_order"  # 14.6 เรื่องที่หัวหน้าส่วนราชการระดับกรมขึ้นไปกำหนดโดยทำเป็นคำสั่ง

    @property
    def rule(self) -> str:
        return f"ข้อ 14.{list(StampedUse).index(self) + 1}"

    @property
    def label_th(self) -> str:
        return STAMPED_USE_LABELS[self]


STAMPED_USE_LABELS = {
    StampedUse.REQUEST_DETAILS: "การขอรายละเอียดเพิ่มเติม",
    StampedUse.SEND_COPIES: "การส่งสำเนาหนังสือ สิ่งของ เอกสาร หรือบรรณสาร",
    StampedUse.ACKNOWLEDGE: "การตอบรับทราบที่ไม่เกี่ยวกับราชการสำคัญหรือการเงิน",
    StampedUse.REPORT_DONE: "การแจ้งผลงานที่ได้ดำเนินการไปแล้วให้ส่วนราชการที่เกี่ยวข้องทราบ",
    StampedUse.REMIND: "การเตือนเรื่องที่ค้าง",
    StampedUse.BY_ORDER: "เรื่องที่หัวหน้าส่วนราชการระดับกรมขึ้นไปกำหนดโดยทำเป็นคำสั่งให้ใช้หนังสือประทับตรา",
}
STAMPED_USE_CHOICES = [(use.value, f"{use.rule} {use.label_th}") for use in StampedUse]


def stamped_use_check(value: object) -> StampedUse:
    """The ข้อ 14 use `value` names (its code or its Thai wording); anything else is refused."""
    if isinstance(value, StampedUse):
        return value
    text = " ".join(str(value or "").split())
    for use in StampedUse:
        if text in (use.value, use.label_th):
            return use
    allowed = " ".join(f"({i}) {use.label_th}" for i, use in enumerate(StampedUse, start=1))
    raise LetterError(
        f"หนังสือประทับตราใช้ได้เฉพาะเรื่องที่ไม่สำคัญตาม{STAMPED_USE_RULE} คือ {allowed} "
        f"เรื่อง “{text or '-'}” ไม่อยู่ในข้อนี้ ให้ทำเป็นหนังสือภายนอกลงนามโดยผู้มีอำนาจ"
    )


class Secrecy(StrEnum):
    """Printed in red at the top and bottom centre of every page (ชั้นความลับ)."""

    TOP_SECRET = "ลับที่สุด"  # noqa: S105  (a secrecy class, not a password)
    SECRET = "ลับมาก"  # noqa: S105
    CONFIDENTIAL = "ลับ"


# Ranks typed on a line of their own above the signer's name in brackets, as in
# "ว่าที่ร้อยตรี" over "(รณรงค์ ไกรฤต)" (shared/data/letters/circular_2567_online_crime.txt).
RANKS = (
    "ว่าที่ร้อยตรีหญิง",
    "ว่าที่ร้อยตรี",
    "ว่าที่ร้อยโท",
    "ว่าที่ร้อยเอก",
    "ว่าที่พันตรี",
    "พลตำรวจตรี",
    "พันตำรวจเอก",
    "พันตำรวจโท",
    "พันตำรวจตรี",
    "ร้อยตำรวจเอก",
    "ร้อยตำรวจโท",
    "ร้อยตำรวจตรี",
    "พันเอก",
    "พันโท",
    "พันตรี",
    "ร้อยเอก",
    "ร้อยโท",
    "ร้อยตรี",
    "พ.ต.อ.",
    "พ.ต.ท.",
    "พ.ต.ต.",
    "ร.ต.อ.",
    "ว่าที่ ร.ต.",
)


def split_rank(name: str) -> tuple[str, str]:
    """("ว่าที่ร้อยตรี", "รณรงค์ ไกรฤต") from "ว่าที่ร้อยตรี รณรงค์ ไกรฤต"; ("", name) without one."""
    text = " ".join(name.split())
    for rank in RANKS:
        if text.startswith(rank) and len(text) > len(rank):
            rest = text[len(rank) :].strip()
            if rest:
                return rank, rest
    return "", text


_ISSUER_CODE = re.compile(r"^[ก-ฮ]{2,3} ?[0-9๐-๙]{4}(\.[0-9๐-๙]+)*$")


def thai_date_text(value: dt.date, *, blank_day: bool = False, thai_digits: bool = True) -> str:
    """`๒๘ พฤศจิกายน ๒๕๖๙`; with the day left blank for filling in by hand when signed."""
    month = MONTHS_TH[value.month - 1]
    year = str(be_year(value.year))
    if thai_digits:
        year = to_thai_digits(year)
    if blank_day:
        # Wide enough to write a two-digit day by hand.
        return f"\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0 {month} {year}"
    day = to_thai_digits(str(value.day)) if thai_digits else str(value.day)
    return f"{day} {month} {year}"


@dataclass(frozen=True)
class LetterNumber:
    """`ที่ สน ๐๐๑๗.๑/ว ๑๒๓`: the owner's code, then the running number of its series.

    `issuer_code` is the province or ministry's two-letter code and the owner's four-digit code
    with its sub-units (`สน 0017.1`). `running` None leaves the number blank, to be written in by
    the registry clerk (`ที่ สน ๐๐๑๗.๑/`).
    """

    issuer_code: str
    running: int | None = None
    circular: bool = False

    def __post_init__(self) -> None:
        if not _ISSUER_CODE.match(self.issuer_code.strip()):
            raise LetterError(f"issuer code {self.issuer_code!r} is not like 'สน 0017.1'")
        if self.running is not None and self.running < 1:
            raise LetterError("a running number starts at 1")

    def text(self, *, thai_digits: bool = True) -> str:
        code = self.issuer_code.strip()
        if " " not in code:  # "สน0017.1" → "สน 0017.1"
            code = re.sub(r"^([ก-ฮ]+)", r"\1 ", code)
        suffix = "" if self.running is None else str(self.running)
        series = "ว " if self.circular else ""
        if self.circular and self.running is None:
            series = "ว"
        text = f"{code}/{series}{suffix}"
        return to_thai_digits(text) if thai_digits else text


@dataclass(frozen=True)
class Column:
    header: str
    numeric: bool = False
    # Relative width (the renderer scales columns to the page); None shares what is left.
    width: float | None = None


Cell = str | int | float | None


@dataclass(frozen=True)
class Table:
    """A table: in the body, or on an attachment page (the indicator table per district)."""

    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    title: str = ""
    total_row: tuple[Cell, ...] | None = None
    note: str = ""

    def __post_init__(self) -> None:
        width = len(self.columns)
        for row in (*self.rows, *([self.total_row] if self.total_row else [])):
            if len(row) != width:
                raise LetterError(f"table row has {len(row)} cells, expected {width}")


@dataclass(frozen=True)
class Enclosure:
    """One item of สิ่งที่ส่งมาด้วย; with a table it is printed on its own attachment page."""

    text: str
    table: Table | None = None


@dataclass(frozen=True)
class Signature:
    """The signature block: blank lines to sign on, the typed name in brackets, the position.

    With `acting_for` the position reads e.g. `ปลัดจังหวัดสกลนคร ปฏิบัติราชการแทน` over
    `ผู้ว่าราชการจังหวัดสกลนคร`. A rank (ว่าที่ร้อยตรี, พันตำรวจเอก) is printed on the last
    signing line, above the name in brackets; given inside `name` it is split off.
    """

    name: str
    position: str
    acting_for: str = ""
    acting_mode: str = "ปฏิบัติราชการแทน"  # or รักษาราชการแทน
    blank_lines: int = 3
    rank: str = ""

    def rank_and_name(self) -> tuple[str, str]:
        rank, name = split_rank(self.name)
        return (self.rank or rank), (name if name.strip() else self.name)

    def position_lines(self) -> list[str]:
        position = [line.strip() for line in self.position.splitlines() if line.strip()]
        if self.acting_for:
            if position and position[-1] == self.acting_for.strip():
                position.pop()  # "… ปฏิบัติราชการแทน / ผู้ว่าราชการจังหวัด…" given whole
            if position and not position[-1].endswith(self.acting_mode):
                position[-1] = f"{position[-1]} {self.acting_mode}"
            position.append(self.acting_for.strip())
        return position

    def lines(self) -> list[str]:
        _rank, name = self.rank_and_name()
        return [f"({name})", *self.position_lines()]


@dataclass(frozen=True)
class OwnerFooter:
    """ส่วนราชการเจ้าของเรื่อง: printed at the foot of the letter, left-aligned."""

    unit: str
    phone: str = ""
    fax: str = ""
    email: str = ""

    def lines(self, *, thai_digits: bool = True) -> list[str]:
        def digits(text: str) -> str:
            return to_thai_digits(text) if thai_digits else text

        lines = [line for line in self.unit.splitlines() if line.strip()]
        if self.phone:
            lines.append(f"โทร. {digits(self.phone)}")
        if self.fax:
            lines.append(f"โทรสาร {digits(self.fax)}")
        if self.email:
            lines.append(f"ไปรษณีย์อิเล็กทรอนิกส์ {self.email}")
        return lines


BodyPart = str | Table


@dataclass(frozen=True)
class Letter:
    """An official letter. `body` holds paragraphs (each printed with the first-line indent) and,
    where a table belongs in the text, `Table`s."""

    kind: LetterKind
    number: LetterNumber
    date: dt.date
    subject: str
    salutation: str  # เรียน …
    body: tuple[BodyPart, ...]
    signature: Signature
    blank_day: bool = False
    owner_address: tuple[str, ...] = ()  # external letters and circulars
    division: str = ""  # memos: ส่วนราชการ
    references: tuple[str, ...] = ()  # อ้างถึง
    enclosures: tuple[Enclosure, ...] = ()  # สิ่งที่ส่งมาด้วย
    urgency: Urgency | None = None
    urgent_by: dt.date | None = None  # ด่วนภายใน …
    secrecy: Secrecy | None = None
    closing: str = "ขอแสดงความนับถือ"
    footer: OwnerFooter | None = None
    copies_to: tuple[str, ...] = ()  # สำเนาส่ง
    thai_digits: bool = True
    extra: dict[str, str] = field(default_factory=dict, compare=False)
    # หนังสือประทับตรา only: the ข้อ 14 use it serves, and the sending office's name (ข้อ 13.4,
    # e.g. "อำเภอพรรณานิคม", not the building of the owner's address).
    stamped_use: StampedUse | str | None = None
    sender: str = ""

    def __post_init__(self) -> None:
        if self.kind is LetterKind.STAMPED:
            self._check_stamped()
        if self.kind is LetterKind.ORDER:
            if not self.subject.strip():
                raise LetterError("a letter has a subject (เรื่อง)")
            if not self.extra.get("issuer"):
                raise LetterError("an order names who orders (extra['issuer'], e.g. จังหวัดสกลนคร)")
            return
        if self.kind is LetterKind.CIRCULAR and not self.number.circular:
            raise LetterError("a circular needs a ว number (LetterNumber(circular=True))")
        if self.kind not in (LetterKind.CIRCULAR, LetterKind.STAMPED) and self.number.circular:
            raise LetterError("only a circular carries a ว number")
        if self.kind is LetterKind.MEMO:
            if not self.division:
                raise LetterError("a memo names its ส่วนราชการ (division)")
        elif not self.owner_address:
            raise LetterError("an external letter carries its owner's address")
        if not self.subject.strip():
            raise LetterError("a letter has a subject (เรื่อง)")
        if not self.salutation.strip():
            raise LetterError("a letter has a salutation (เรียน)")
        if self.urgency and self.urgent_by:
            raise LetterError("give either an urgency class or a ด่วนภายใน date, not both")

    def _check_stamped(self) -> None:
        use = stamped_use_check(self.stamped_use)
        object.__setattr__(self, "stamped_use", use)
        if use is StampedUse.BY_ORDER and not self.extra.get("stamped_order", "").strip():
            raise LetterError(
                "หนังสือประทับตราตาม ข้อ 14.6 ต้องระบุคำสั่งของหัวหน้าส่วนราชการระดับกรมขึ้นไป"
                "ที่กำหนดให้ใช้ (extra['stamped_order'])"
            )
        if not self.sender.strip():
            raise LetterError(
                f"หนังสือประทับตราต้องลงชื่อส่วนราชการที่ส่งหนังสือออก ({STAMPED_FORM_RULE}, 13.4)"
            )

    def stamp_initialled_by(self) -> str:
        """Who initials beside the stamp (ข้อ 13.5): the head of the owning division, as the
        footer names it ("ฝ่ายความมั่นคง" → "หัวหน้าฝ่ายความมั่นคง"), unless given in extra."""
        given = self.extra.get("initialled_by", "").strip()
        if given:
            return given
        units = self.footer.unit.splitlines() if self.footer else []
        division = units[-1].strip() if units else ""
        return f"หัวหน้า{division}" if division else "หัวหน้าส่วนราชการเจ้าของเรื่อง"

    @property
    def is_memo(self) -> bool:
        return self.kind is LetterKind.MEMO

    def digits(self, text: str) -> str:
        return to_thai_digits(text) if self.thai_digits else text

    def number_text(self) -> str:
        return self.number.text(thai_digits=self.thai_digits)

    def date_text(self) -> str:
        return thai_date_text(self.date, blank_day=self.blank_day, thai_digits=self.thai_digits)

    def urgency_text(self) -> str:
        if self.urgency:
            return self.urgency.value
        if self.urgent_by:
            return f"ด่วนภายใน {thai_date_text(self.urgent_by, thai_digits=self.thai_digits)}"
        return ""

    def enclosure_tables(self) -> list[tuple[int, Enclosure]]:
        return [(i, e) for i, e in enumerate(self.enclosures, start=1) if e.table is not None]
