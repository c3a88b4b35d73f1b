"""Parse a Thai official letter into the fields of the letters contract.

Works on text as extracted from a PDF (layout kept), a DOCX or typed in: the layout that matters
is indentation (a paragraph starts indented; a wrapped line or a continuation after a page break
starts at the margin) and the two columns of the header (number left, owner's address right).
"Exact" fields are returned as printed, damage included; reasoning (dates, actors, deadlines,
report-back) runs on a repaired copy with Arabic digits.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import asdict, dataclass, field

from sodsong.directives.letters import deadlines as dl
from sodsong.directives.letters.noise import (
    fuzzy,
    normalise_input,
    remove_page_artefacts,
    repair,
    toned_words,
)
from sodsong.directives.letters.places import PROVINCES, province_codes
from sodsong.thai.digits import to_arabic_digits

KINDS = ("external", "memo", "order", "stamped")
URGENCIES = ("ด่วนที่สุด", "ด่วนมาก", "ด่วน")
SECRECIES = ("ลับที่สุด", "ลับมาก", "ลับ")
ACTORS = (
    "จังหวัด",
    "อำเภอ",
    "ปลัดอำเภอ",
    "กำนัน",
    "ผู้ใหญ่บ้าน",
    "คณะกรรมการหมู่บ้าน",
    "องค์กรปกครองส่วนท้องถิ่น",
    "คณะทำงาน",
)


@dataclass
class Attachment:
    text: str
    count: int | None = None
    unit: str | None = None


@dataclass
class Directive:
    ref: str | None
    text: str
    actors: list[str] = field(default_factory=list)
    deadline: str | None = None
    report_back: bool = False


@dataclass
class ParsedLetter:
    kind: str = "external"
    urgency: str | None = None
    urgent_by: str | None = None
    secrecy: str | None = None
    number: str | None = None
    circular: bool = False
    issuer_code: str | None = None
    running_no: int | None = None
    date: str | None = None
    date_be_text: str | None = None
    month_year_only: bool = False
    from_unit: str | None = None
    subject: str | None = None
    to: str | None = None
    references: list[str] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    directives: list[Directive] = field(default_factory=list)
    closing: str | None = None
    signatory_name: str | None = None
    signatory_position: str | None = None
    acting_for: str | None = None
    contact_unit: str | None = None
    phone: str | None = None
    email: str | None = None
    inconsistencies: list[str] = field(default_factory=list)
    is_directive: bool = False

    def to_dict(self) -> dict:
        return asdict(self)

    def to_json(self, *, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)


# --- keywords (matched on the raw line with Arabic digits: damage-tolerant, same length) --------


def _kw(word: str, tail: str = r"\s*") -> re.Pattern[str]:
    return re.compile(r"^\s*" + fuzzy(word) + tail)


K_NUMBER = _kw("ที่", r"\s+(?=[^\n]*\d)")
K_SUBJECT = _kw("เรื่อง")
K_TO = _kw("เรียน", r"\s+")
K_STAMP_TO = _kw("ถึง", r"\s+")
K_REFERENCE = _kw("อ้างถึง")
K_ATTACHMENT = _kw("สิ่งที่ส่งมาด้วย")
K_MEMO = _kw("บันทึกข้อความ", r"\s*$")
K_UNIT = _kw("ส่วนราชการ")
K_ORDER = _kw("คำสั่ง", r"(?=\S)")
K_ORDER_DATE = re.compile(fuzzy("สั่ง") + r"\s*ณ\s*" + fuzzy("วันที่") + r"\s*")
K_DATE_WORD = re.compile(fuzzy("วันที่") + r"\s*")
K_CLOSING = re.compile(
    r"^\s*(?:" + "|".join(fuzzy(w) for w in ("ขอแสดงความนับถือ", "ด้วยความเคารพ")) + r").*$"
)
K_PHONE = re.compile(r"(?:" + fuzzy("โทรศัพท์") + "|" + fuzzy("โทร") + r")(?!\s*สาร)\.?")
K_FAX_LINE = re.compile(r"^\s*" + fuzzy("โทรสาร"))
K_ACTING = re.compile(
    "(?:" + "|".join(fuzzy(w) for w in ("ปฏิบัติราชการแทน", "รักษาราชการแทน", "ทำการแทน")) + ")"
)
K_HEADER_ANY = (K_SUBJECT, K_TO, K_STAMP_TO, K_REFERENCE, K_ATTACHMENT, K_UNIT)
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
NAME_LINE = re.compile(r"^\s*\(\s*([^()]{3,80}?)\s*\)\s*$")
LIST_LABEL = re.compile(r"^\s*\(?([0-9๐-๙]{1,2})[.)]\s*")
ITEM_LABEL = re.compile(
    r"^\s*(?:\(([0-9๐-๙]{1,2})\)|([0-9๐-๙]{1,2}(?:\.[0-9๐-๙]{1,2})+)\.?|([0-9๐-๙]{1,2})\.)(?=\s|[^\d.])\s*"
)
MARK_TOKEN = re.compile(r"\s*(ด่วนที่สุด|ด่วนมาก|ด่วนภายใน|ด่วน|ลับที่สุด|ลับมาก|ลับ)\s*")
NUMBER_RE = re.compile(
    r"([ก-ฮ]{1,3}(?:\.[ก-ฮ]{1,2})?)\s*(\d{2,4}(?:\s*\.\s*\d+)*)\s*/\s*(ว)?\s*\.?\s*(\d+)"
)
ORDER_NUMBER_RE = re.compile(r"(\d{1,5})\s*/\s*(\d{4})")
BACKGROUND = re.compile(r"^(?:ตามที่|ด้วย|ตาม|อ้างถึง|เนื่องจาก|จึงเรียน|จึงแจ้ง|อนึ่ง|หาก|สำหรับ)")
MEMO_HEADING = re.compile(
    r"^(?:เรื่องเดิม|ข้อเท็จจริง|ข้อกฎหมาย|ข้อพิจารณา|ข้อเสนอ(?:แนะ)?|ความเป็นมา|ระเบียบ\S*)\s*:?\s*$"
)
LEAD_NEGATIVE = re.compile(
    r"ประกอบด้วย|ดังรายชื่อ|รายนาม|องค์ประกอบ|ผลการดำเนิน(?:งาน|การ)|ได้ดำเนินการ|วาระ|ขออนุมัติ|ขอความเห็นชอบ|ดังมีรายละเอียด"
)
SLOGAN = re.compile(r"^\s*[“\"].*[”\"]\s*$")

_ACTOR_PATTERNS = [
    (re.compile(p), canonical)
    for p, canonical in (
        (r"องค์กรปกครองส่วนท้องถิ่น", "องค์กรปกครองส่วนท้องถิ่น"),
        (r"อปท\.?", "องค์กรปกครองส่วนท้องถิ่น"),
        (r"องค์การบริหารส่วนตำบล", "องค์กรปกครองส่วนท้องถิ่น"),
        (r"อบต\.?", "องค์กรปกครองส่วนท้องถิ่น"),
        (r"เทศบาล(?:ตำบล|เมือง|นคร)?", "องค์กรปกครองส่วนท้องถิ่น"),
        (r"คณะกรรมการหมู่บ้าน", "คณะกรรมการหมู่บ้าน"),
        (r"กม\.", "คณะกรรมการหมู่บ้าน"),
        (r"ผู้ใหญ่บ้าน", "ผู้ใหญ่บ้าน"),
        (r"กำนัน", "กำนัน"),
        (r"ปลัดอำเภอ", "ปลัดอำเภอ"),
        (r"นายอำเภอ", "อำเภอ"),
        (r"ที่ว่าการอำเภอ", "อำเภอ"),
        (r"อำเภอ", "อำเภอ"),
        (r"ผู้ว่าราชการจังหวัด", "จังหวัด"),
        (r"จังหวัด", "จังหวัด"),
        (r"คณะทำงาน", "คณะทำงาน"),
    )
]
_QUALIFIER = re.compile(
    r"(?:\s*(?:ทุก(?:อำเภอ|ตำบล|หมู่บ้าน|แห่ง|จังหวัด|คน|พื้นที่)|ผู้รับผิดชอบ(?:ประจำตำบล)?(?:ทุกตำบล)?|ประจำตำบล|ในพื้นที่|ที่เกี่ยวข้อง))+"
)
_SEPARATOR = re.compile(r"\s*(?:,|และ|หรือ|/)?\s*")
_DIRECTING = re.compile(
    r"(?<!ชี้)(?:แจ้ง|ประสาน(?:ให้)?|มอบหมาย(?:ให้)?|กำชับ(?:ให้)?|สั่งการ(?:ให้)?|(?:ขอ|โดย|และ|จึง)?ให้)"
)
_REPORT_VERB = re.compile(r"รายงาน|เสนอ|ส่ง|แจ้ง|สรุปผล")
_TARGET_BEFORE = r"(?:ให้|ถึง|ไปยัง|ต่อ|รายงาน|เสนอ|ส่ง(?:ให้)?|แจ้ง)\s*"
_TARGETS = {
    "province": r"(?:ผู้ว่าราชการจังหวัด|ศาลากลางจังหวัด|(?<!ทุก)จังหวัด)",
    "district": r"(?:นายอำเภอ|ที่ว่าการอำเภอ|(?<!ปลัด)(?<!ทุก)อำเภอ)",
    "ministry": r"(?:กระทรวง|กรม)",
}


@dataclass
class _Line:
    raw: str
    n: str  # raw with Arabic digits (same length)
    r: str  # repaired, Arabic digits

    @property
    def indent(self) -> int:
        return len(self.raw) - len(self.raw.lstrip(" "))

    @property
    def blank(self) -> bool:
        return not self.raw.strip()


@dataclass
class _Para:
    label: str | None
    style: str | None
    indent: int
    raw: str
    r: str


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _drop_label(text: str) -> str:
    return LIST_LABEL.sub("", text, count=1).strip()


def parse_letter(text: str) -> ParsedLetter:
    return _Parser(text).parse()


class _Parser:
    def __init__(self, text: str) -> None:
        cleaned = normalise_input(text)
        raw_lines, self.notes = remove_page_artefacts(cleaned.split("\n"))
        lexicon = toned_words(cleaned)
        self.lines: list[_Line] = []
        for raw in raw_lines:
            fixed = repair(raw, lexicon=lexicon)
            self.notes.extend(fixed.notes)
            self.lines.append(_Line(raw, to_arabic_digits(raw), to_arabic_digits(fixed.text)))
        self.all_r = "\n".join(line.r for line in self.lines)
        self.out = ParsedLetter()
        self.used: set[int] = set()

    # -- helpers -------------------------------------------------------------------------------

    def _find(self, pattern: re.Pattern[str], start: int = 0, stop: int | None = None) -> int:
        for index in range(start, len(self.lines) if stop is None else stop):
            if pattern.match(self.lines[index].n) or pattern.match(self.lines[index].r):
                return index
        return -1

    def _after(self, pattern: re.Pattern[str], line: _Line) -> str:
        match = pattern.match(line.n)
        return line.raw[match.end() :] if match else line.raw

    def _is_header(self, line: _Line) -> bool:
        return any(p.match(line.n) or p.match(line.r) for p in K_HEADER_ANY)

    # -- main ----------------------------------------------------------------------------------

    def parse(self) -> ParsedLetter:
        out = self.out
        top = min(len(self.lines), 14)
        memo = self._find(K_MEMO, 0, top)
        order = -1
        for index in range(top):
            line = self.lines[index]
            if not line.blank and not self._mark_line(line):
                if K_ORDER.match(line.n) and not K_ORDER_DATE.search(line.n):
                    order = index
                break
        self.i_subject = self._find(K_SUBJECT)
        self.i_to = self._find(K_TO)
        stamped_to = self._find(K_STAMP_TO) if self.i_to < 0 else -1
        if memo >= 0:
            out.kind = "memo"
        elif order >= 0:
            out.kind = "order"
        elif stamped_to >= 0:
            out.kind = "stamped"
            self.i_to = stamped_to
        self._marks()
        header_end = self._header(order)
        body_end = self._body_end(header_end)
        paragraphs = self._paragraphs(header_end, body_end)
        self._signature(body_end)
        self._directives(paragraphs)
        self._checks()
        out.inconsistencies = list(dict.fromkeys(self.notes))
        out.is_directive = bool(out.directives)
        return out

    # -- urgency and secrecy -------------------------------------------------------------------

    def _mark_line(self, line: _Line) -> list[tuple[str, str]] | None:
        text = line.r.strip()
        if not text or len(text) > 60:
            return None
        found: list[tuple[str, str]] = []
        position = 0
        while position < len(text):
            match = MARK_TOKEN.match(text, position)
            if not match:
                return None
            mark = match.group(1)
            position = match.end()
            if mark == "ด่วนภายใน":
                date = dl.DATE.match(text, position)
                if not date:
                    return None
                position = date.end()
                time = re.match(r"\s*" + dl.TIME.pattern, text[position:])
                value = dl.parse_date_match(date)
                stamp = value.isoformat() if value else None
                if time and stamp:
                    stamp += f"T{int(time.group(1)):02d}:{time.group(2)}"
                    position += time.end()
                    position += len(re.match(r"\.?\s*", text[position:]).group(0))
                found.append(("by", stamp or ""))
            else:
                found.append(("mark", mark))
        return found or None

    def _marks(self) -> None:
        limit = self.i_subject if self.i_subject >= 0 else min(len(self.lines), 12)
        candidates = list(range(0, limit)) + list(
            range(max(limit, len(self.lines) - 4), len(self.lines))
        )
        for index in candidates:
            marks = self._mark_line(self.lines[index])
            if not marks:
                continue
            self.used.add(index)
            for kind, value in marks:
                if kind == "by":
                    self.out.urgent_by = self.out.urgent_by or value or None
                elif value in URGENCIES and not self.out.urgency:
                    self.out.urgency = value
                elif value in SECRECIES and not self.out.secrecy:
                    self.out.secrecy = value

    # -- header --------------------------------------------------------------------------------

    def _header(self, order: int) -> int:
        out = self.out
        lines = self.lines
        stop = self.i_subject if self.i_subject >= 0 else len(lines)
        i_number = self._find(K_NUMBER, 0, max(stop, 0) if out.kind != "stamped" else len(lines))
        if out.kind == "stamped" and i_number > self.i_to >= 0:
            i_number = -1
        end = 0
        right_column: list[str] = []
        if i_number >= 0:
            line = lines[i_number]
            rest = self._after(K_NUMBER, line)
            rest_n = to_arabic_digits(rest)
            if out.kind == "memo":
                date_word = K_DATE_WORD.search(rest_n)
                if date_word:
                    self._set_date(rest[date_word.end() :])
                    rest, rest_n = rest[: date_word.start()], rest_n[: date_word.start()]
            found = NUMBER_RE.search(rest_n) or ORDER_NUMBER_RE.search(rest_n)
            if found:
                self._set_number(rest_n[found.start() : found.end()])
                right = rest[found.end() :].strip()
            else:
                columns = re.split(r"\s{3,}", rest.strip(), maxsplit=1)
                right = columns[1].strip() if len(columns) > 1 else ""
            if right and out.kind in ("external", "stamped"):
                right_column.append(right)
            end = i_number + 1
        if order >= 0:
            out.from_unit = _squash(self._after(K_ORDER, lines[order]))
            end = max(end, order + 1)
        if out.kind == "memo":
            i_unit = self._find(K_UNIT, 0, stop)
            if i_unit >= 0:
                value = self._after(K_UNIT, lines[i_unit])
                phone = K_PHONE.search(to_arabic_digits(value))
                if phone:
                    self._set_phone(value[phone.end() :])
                    value = value[: phone.start()]
                out.from_unit = _squash(value) or None
                out.contact_unit = out.from_unit
            if not out.date:
                i_date = self._find(re.compile(r"^\s*" + K_DATE_WORD.pattern), 0, stop)
                if i_date >= 0:
                    self._set_date(
                        self._after(re.compile(r"^\s*" + K_DATE_WORD.pattern), lines[i_date])
                    )
        if out.kind == "external" and i_number >= 0:
            for index in range(i_number + 1, stop if stop >= 0 else len(lines)):
                line = lines[index]
                if line.blank:
                    continue
                if dl.DATE_LINE.match(line.r):
                    self._set_date(line.raw)
                    end = index + 1
                    break
                if self._is_header(line):
                    break
                right_column.append(line.raw.strip())
                end = index + 1
        if right_column and out.kind == "external":
            out.from_unit = " / ".join(_squash(part) for part in right_column)
        if self.i_subject >= 0:
            out.subject, sub_end = self._field(self.i_subject, K_SUBJECT)
            end = max(end, sub_end)
        if self.i_to >= 0:
            pattern = K_STAMP_TO if out.kind == "stamped" else K_TO
            out.to, to_end = self._field(self.i_to, pattern)
            end = max(end, to_end)
        i_reference = self._find(K_REFERENCE, end) if end else self._find(K_REFERENCE)
        if i_reference >= 0 and i_reference <= end + 3:
            items, end = self._list(i_reference, K_REFERENCE)
            out.references = [_squash(item) for item in items]
        i_attachment = self._find(K_ATTACHMENT, end)
        if i_attachment >= 0 and i_attachment <= end + 3:
            items, end = self._list(i_attachment, K_ATTACHMENT)
            out.attachments = [self._attachment(item) for item in items]
        return end

    def _field(self, index: int, pattern: re.Pattern[str]) -> tuple[str | None, int]:
        parts = [self._after(pattern, self.lines[index]).strip()]
        end = index + 1
        while end < len(self.lines):
            line = self.lines[end]
            if line.blank or self._is_header(line) or not (0 < line.indent <= 12):
                break
            if self.out.kind == "order" or ITEM_LABEL.match(line.raw):
                break
            parts.append(line.raw.strip())
            end += 1
        value = _squash(" ".join(parts))
        return value or None, end

    def _list(self, index: int, pattern: re.Pattern[str]) -> tuple[list[str], int]:
        first = self._after(pattern, self.lines[index]).strip()
        items: list[str] = []
        label = LIST_LABEL.match(to_arabic_digits(first))
        expected = int(label.group(1)) + 1 if label else None
        items.append(_drop_label(first) if label else first)
        end = index + 1
        last_blank = False
        position = index + 1
        while position < len(self.lines):
            line = self.lines[position]
            if line.blank:
                last_blank = True
                position += 1
                continue
            if self._is_header(line):
                break
            found = LIST_LABEL.match(line.n)
            if expected and found and int(found.group(1)) == expected:
                items.append(_drop_label(line.raw))
                expected += 1
                end = position + 1
            elif (
                not last_blank
                and not found
                and 0 < line.indent <= 12
                and not BACKGROUND.match(line.r.strip())
            ):
                items[-1] = f"{items[-1]} {line.raw.strip()}"
                end = position + 1
            else:
                break
            last_blank = False
            position += 1
        return [item for item in items if item], end

    def _attachment(self, text: str) -> Attachment:
        normal = to_arabic_digits(text)
        match = re.search(r"\(?\s*" + fuzzy("จำนวน") + r"\s*(\d+)\s*([^\s)]+)?\s*\)?\s*$", normal)
        if not match:
            return Attachment(_squash(text))
        unit = text[match.start(2) : match.end(2)] if match.group(2) else None
        return Attachment(_squash(text[: match.start()]), int(match.group(1)), unit)

    def _set_number(self, text: str) -> None:
        out = self.out
        match = NUMBER_RE.search(text)
        if match:
            code = re.sub(r"\s+", "", match.group(2))
            out.issuer_code = f"{match.group(1)} {code}"
            out.circular = bool(match.group(3))
            out.running_no = int(match.group(4))
            out.number = f"{out.issuer_code}/{'ว ' if out.circular else ''}{out.running_no}"
            return
        match = ORDER_NUMBER_RE.search(text)
        if match:
            out.number = f"{int(match.group(1))}/{match.group(2)}"
            out.running_no = int(match.group(1))

    def _set_date(self, raw: str) -> None:
        out = self.out
        text = _squash(raw)
        if not text:
            return
        fixed = to_arabic_digits(repair(text).text)
        match = dl.DATE.search(fixed)
        if not match:
            return
        out.date_be_text = text
        value = dl.parse_date_match(match)
        out.date = value.isoformat() if value else None
        out.month_year_only = not match.group(1)

    def _set_phone(self, raw: str) -> None:
        text = to_arabic_digits(raw)
        match = re.search(r"\d[\d\s\-–]{4,}\d", text)
        if not match:
            return
        phone = re.sub(r"\D", "", match.group(0))
        extension = re.search(r"ต่อ\s*(\d+)", text[match.end() : match.end() + 20])
        self.out.phone = phone + (f" ext {extension.group(1)}" if extension else "")

    # -- body ----------------------------------------------------------------------------------

    def _body_end(self, start: int) -> int:
        out = self.out
        candidates = []
        closing = self._find(K_CLOSING, start)
        if closing >= 0:
            out.closing = self.lines[closing].raw.strip()
            candidates.append(closing)
        for index in range(start, len(self.lines)):
            match = K_ORDER_DATE.search(self.lines[index].n)
            if match and out.kind == "order":
                self._set_date(self.lines[index].raw[match.end() :])
                candidates.append(index)
                break
        for index in range(start, len(self.lines)):
            if NAME_LINE.match(self.lines[index].raw) and not ITEM_LABEL.match(
                self.lines[index].raw
            ):
                candidates.append(index)
                self.i_name = index
                break
        else:
            self.i_name = -1
        if out.kind == "stamped":
            for index in range(len(self.lines) - 1, start - 1, -1):
                line = self.lines[index]
                if dl.DATE_LINE.match(line.r):
                    self._set_date(line.raw)
                    self.i_stamp_date = index
                    unit = index - 1
                    while unit > start and self.lines[unit].blank:
                        unit -= 1
                    if unit > start and self.lines[unit].indent >= 20:
                        out.from_unit = _squash(self.lines[unit].raw)
                        candidates.append(unit)
                    else:
                        candidates.append(index)
                    break
        return min(candidates) if candidates else len(self.lines)

    def _paragraphs(self, start: int, end: int) -> list[_Para]:
        lines = [
            line
            for index, line in enumerate(self.lines[start:end], start)
            if not line.blank and index not in self.used
        ]
        layout = any(line.indent >= 4 for line in lines)
        paragraphs: list[_Para] = []
        for line in lines:
            label = ITEM_LABEL.match(line.raw)
            if label:
                ref = next(g for g in label.groups() if g)
                style = "paren" if label.group(1) else ("multi" if label.group(2) else "dot")
                text = line.raw[label.end() :].strip()
                r_label = ITEM_LABEL.match(line.r)
                r_text = line.r[r_label.end() :].strip() if r_label else line.r.strip()
                paragraphs.append(_Para(ref, style, line.indent, text, r_text))
                continue
            current = paragraphs[-1] if paragraphs else None
            continues = (
                current is not None
                and layout
                and (
                    line.indent < 4 or (current.label is not None and line.indent > current.indent)
                )
            )
            if continues and current is not None:
                current.raw = f"{current.raw} {line.raw.strip()}"
                current.r = f"{current.r} {line.r.strip()}"
            else:
                paragraphs.append(_Para(None, None, line.indent, line.raw.strip(), line.r.strip()))
        return paragraphs

    # -- directives ----------------------------------------------------------------------------

    def _directives(self, paragraphs: list[_Para]) -> None:
        to_actors = _actor_mentions(to_arabic_digits(repair(self.out.to or "").text))
        lead: _Para | None = None
        list_is_directive = False
        list_actors: list[str] = []
        top_style: str | None = None
        parent_actors: list[str] = []
        parent_directive = False
        for para in paragraphs:
            if para.label is None:
                lead = para
                top_style = None
                if self._operative(para.r):
                    actors = _item_actors(para.r, to_actors)
                    self._add_directive(None, para, actors)
                continue
            sub = para.style == "multi" or (top_style is not None and para.style != top_style)
            if sub:
                if not parent_directive:
                    continue
                actors = _item_actors(para.r, parent_actors)
                self._add_directive(para.label, para, actors)
                continue
            if top_style is None:
                top_style = para.style
                list_is_directive = lead is not None and _directive_lead(lead.r)
                list_actors = (_lead_actors(lead.r) if lead else []) or to_actors
            if MEMO_HEADING.match(para.r) or not list_is_directive:
                parent_directive = False
                continue
            parent_directive = True
            parent_actors = _item_actors(para.r, list_actors)
            self._add_directive(para.label, para, parent_actors)

    def _operative(self, text: str) -> bool:
        """An unnumbered paragraph that orders the recipients to act (not background, not the
        lead-in of a list, not the closing purpose line)."""
        if re.search(r"ดังนี้\s*:?\s*$", text) or re.match(r"^(?:จึงเรียน|จึงแจ้ง|อนึ่ง|หาก)", text):
            return False
        opener = (
            r"(?:จึงขอให้|และขอให้|จึงให้|ทั้งนี้\s*(?:ขอ)?ให้)"
            if BACKGROUND.match(text)
            else r"(?:^|\s|ขอ|จึง|โดย|และ)ให้"
        )
        for match in re.finditer(opener + r"\s*", text):
            position = match.end()
            verb = re.match(r"(?:แจ้ง|สั่งการ(?:ให้)?|กำชับ(?:ให้)?|มอบหมาย(?:ให้)?)\s*", text[position:])
            if verb:
                position += verb.end()
            run, rest = _actor_run(text, position)
            if run and not _notify(rest):
                return True
        return False

    def _add_directive(self, ref: str | None, para: _Para, actors: list[str]) -> None:
        own = {"province": "จังหวัด", "district": "อำเภอ"}.get(self._issuer_level() or "")
        actors = [actor for actor in actors if actor != own]
        letter_date = self._reference_date()
        self.out.directives.append(
            Directive(
                ref=ref,
                text=_squash(para.raw),
                actors=actors,
                deadline=dl.deadline(para.r, letter_date=letter_date),
                report_back=self._report_back(para.r),
            )
        )

    def _reference_date(self) -> dt.date | None:
        """The letter's date for relative deadlines; the 1st of the month when the day is blank."""
        if self.out.date:
            return dt.date.fromisoformat(self.out.date)
        if self.out.date_be_text:
            match = dl.DATE.search(to_arabic_digits(self.out.date_be_text))
            month = dl.month_number(match.group(2)) if match else None
            if match and month:
                return dt.date(dl.ce_year(int(match.group(3))), month, 1)
        return None

    def _issuer_level(self) -> str | None:
        out = self.out
        for text in (out.acting_for, out.signatory_position, out.from_unit, out.number):
            if not text:
                continue
            if re.search(r"กระทรวง|^กรม|ปลัดกระทรวง|อธิบดี", text):
                return "ministry"
            if re.search(r"ผู้ว่าราชการจังหวัด|^จังหวัด|ศาลากลางจังหวัด|ปลัดจังหวัด", text):
                return "province"
            if re.search(r"นายอำเภอ|ที่ว่าการอำเภอ|^อำเภอ", text):
                return "district"
        return None

    def _report_back(self, text: str) -> bool:
        level = self._issuer_level()
        if not level or not _REPORT_VERB.search(text):
            return False
        target = _TARGETS[level]
        return bool(
            re.search(_TARGET_BEFORE + target, text)
            or re.search(target + r"\S{0,20}?(?:ทราบ|พิจารณา)", text)
        )

    # -- signature and footer ------------------------------------------------------------------

    def _signature(self, body_end: int) -> None:
        out = self.out
        lines = self.lines
        footer_start = body_end
        if self.i_name >= 0:
            match = NAME_LINE.match(lines[self.i_name].raw)
            out.signatory_name = _squash(match.group(1)) if match else None
            layout = lines[self.i_name].indent >= 8
            position: list[str] = []
            index = self.i_name + 1
            while index < len(lines):
                line = lines[index]
                if line.blank:
                    nxt = next((x for x in lines[index + 1 :] if not x.blank), None)
                    if not layout or nxt is None or nxt.indent < 8 or SLOGAN.match(nxt.raw):
                        break
                    index += 1
                    continue
                if (layout and line.indent < 8) or SLOGAN.match(line.raw) or self._mark_line(line):
                    break
                if K_PHONE.match(line.n.strip()) or EMAIL.search(line.raw):
                    break
                position.append(_squash(line.raw))
                index += 1
            out.signatory_position = " / ".join(position) or None
            footer_start = index
            if out.signatory_position:
                joined = to_arabic_digits(out.signatory_position)
                acting = K_ACTING.search(joined)
                if acting:
                    rest = out.signatory_position[acting.end() :].strip(" /")
                    out.acting_for = rest or None
        elif out.kind == "stamped" and getattr(self, "i_stamp_date", -1) >= 0:
            footer_start = self.i_stamp_date + 1
        footer = [
            line
            for line in lines[footer_start:]
            if not line.blank and not SLOGAN.match(line.raw) and not self._mark_line(line)
        ]
        unit: list[str] = []
        for line in footer:
            stripped = line.n.strip()
            if K_PHONE.match(stripped) or K_FAX_LINE.match(stripped) or EMAIL.search(line.raw):
                break
            if re.match(r"^(?:ไปรษณีย์อิเล็กทรอนิกส์|อีเมล|e-?mail)", stripped, re.IGNORECASE):
                break
            unit.append(_squash(line.raw))
        if unit and out.kind != "memo":
            out.contact_unit = " / ".join(unit)
        for line in footer:
            stripped = line.n.strip()
            if not out.phone and K_PHONE.match(stripped) and not K_FAX_LINE.match(stripped):
                self._set_phone(line.raw[K_PHONE.match(stripped).end() + line.indent :])
            email = EMAIL.search(line.raw)
            if email and not out.email:
                out.email = email.group(0)

    # -- consistency ---------------------------------------------------------------------------

    def _checks(self) -> None:
        out = self.out
        header = " ".join(
            filter(None, [out.from_unit, out.subject if out.kind == "order" else None])
        )
        signature = " ".join(filter(None, [out.signatory_position]))
        header_provinces = _provinces(header)
        signature_provinces = _provinces(signature)
        if header_provinces and signature_provinces and not header_provinces & signature_provinces:
            self.notes.append(
                "province_mismatch: header "
                + ", ".join(sorted(header_provinces))
                + "; signature "
                + ", ".join(sorted(signature_provinces))
            )
        if out.issuer_code:
            code = out.issuer_code.split()[0]
            named = header_provinces | signature_provinces
            expected = province_codes().get(code)
            if expected and named and expected not in named:
                self.notes.append(f"number_code_mismatch: {code} is {expected}")
        if out.number and not out.circular and out.kind != "order":
            body = self.all_r
            if re.search(r"หนังสือเวียน|เวียนแจ้ง", body):
                self.notes.append(f"circular_without_wa: {out.number}")
        if out.date:
            letter_date = dt.date.fromisoformat(out.date)
            for directive in out.directives:
                value = directive.deadline or ""
                if re.fullmatch(r"\d{4}-\d{2}-\d{2}(?:T.*)?", value) and (
                    dt.date.fromisoformat(value[:10]) < letter_date
                ):
                    self.notes.append(
                        f"deadline_before_date: item {directive.ref or '-'} {value} < {out.date}"
                    )
            if out.urgent_by and dt.date.fromisoformat(out.urgent_by[:10]) < letter_date:
                self.notes.append(f"deadline_before_date: urgent_by {out.urgent_by} < {out.date}")


# --- actors -------------------------------------------------------------------------------------


def _actor_run(text: str, position: int) -> tuple[list[str], str]:
    """The actors named one after another from `position` ("กำนัน ผู้ใหญ่บ้าน และคณะกรรมการหมู่บ้าน"),
    and the text that follows them."""
    found: list[str] = []
    while True:
        sep = _SEPARATOR.match(text, position)
        start = sep.end() if (sep and found) else position
        if not found:
            start = re.match(r"\s*", text[position:]).end() + position
        for pattern, canonical in _ACTOR_PATTERNS:
            match = pattern.match(text, start)
            if match and not text[max(0, start - 6) : start].endswith("ผู้ช่วย"):
                found.append(canonical)
                position = match.end()
                qualifier = _QUALIFIER.match(text, position)
                if qualifier:
                    position = qualifier.end()
                break
        else:
            return list(dict.fromkeys(found)), text[position:]


def _notify(rest: str) -> bool:
    """ "แจ้ง X ทราบ" informs X; it does not make X act."""
    head = rest.lstrip().split(" ", 1)[0]
    return "ทราบ" in head[:16]


def _ordered(actors: list[str]) -> list[str]:
    return sorted(dict.fromkeys(actors), key=ACTORS.index)


def _actor_mentions(text: str) -> list[str]:
    found: list[str] = []
    position = 0
    while position < len(text):
        for pattern, canonical in _ACTOR_PATTERNS:
            match = pattern.match(text, position)
            if match:
                found.append(canonical)
                position = match.end()
                break
        else:
            position += 1
    return _ordered(found)


def _lead_actors(text: str) -> list[str]:
    result: list[str] = []
    for match in re.finditer(r"ให้\s*", text):
        run, rest = _actor_run(text, match.end())
        if run and not _notify(rest):
            result = run
    return _ordered(result)


def _item_actors(text: str, inherited: list[str]) -> list[str]:
    leading = re.match(r"^\s*(?:ทั้งนี้\s*)?(?:ขอ|จึง)?ให้\s*", text)
    actors = list(inherited)
    if leading:
        run, rest = _actor_run(text, leading.end())
        if run and not _notify(rest):
            actors = run
    for match in _DIRECTING.finditer(text):
        if leading and match.start() < leading.end():
            continue
        if re.search(r"(?:ส่ง|มอบ|แก่)$", text[: match.start()]):
            continue  # "ส่งให้จังหวัด": sent to, not told to act
        run, rest = _actor_run(text, match.end())
        if run and not _notify(rest):
            actors.extend(run)
    return _ordered(actors)


def _directive_lead(text: str) -> bool:
    tail = text[-120:]
    if LEAD_NEGATIVE.search(tail):
        return False
    if re.search(r"ดังนี้\s*:?\s*$", text) and re.search(
        r"ให้|ถือปฏิบัติ|ดำเนินการ|ปฏิบัติ|อำนาจหน้าที่|แนวทาง|มาตรการ", tail
    ):
        return True
    return bool(_lead_actors(text))


def _provinces(text: str) -> set[str]:
    found = set()
    for name in PROVINCES:
        if name in text:
            found.add(name)
    # "นครพนม" contains no other name, but "สกลนคร" vs "นครพนม" etc. are distinct strings already.
    return found
