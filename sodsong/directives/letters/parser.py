"""Parse a Thai official letter into the fields of the letters contract.

Works on text as extracted from a PDF (layout kept), a DOCX or typed in: the layout that matters
is indentation (a paragraph starts indented; a wrapped line or a continuation after a page break
starts at the margin) and the two columns of the header (number left, owner's address right).
"Exact" fields are returned as printed, damage included; reasoning (dates, actors, deadlines,
report-back) runs on a repaired copy with Arabic digits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sodsong.directives.letters import deadlines as dl
from sodsong.directives.letters.checks import consistency_notes
from sodsong.directives.letters.fields import Attachment, ParsedLetter, squash
from sodsong.directives.letters.items import BACKGROUND, read_directives
from sodsong.directives.letters.noise import (
    fuzzy,
    misspellings,
    normalise_input,
    remove_page_artefacts,
    repair,
    toned_words,
)
from sodsong.thai.digits import to_arabic_digits

KINDS = ("external", "memo", "order", "stamped")
URGENCIES = ("ด่วนที่สุด", "ด่วนมาก", "ด่วน")
SECRECIES = ("ลับที่สุด", "ลับมาก", "ลับ")


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
# A rank or title line above the signatory's name: ว่าที่ร้อยตรี, พันตำรวจเอก, นาวาอากาศโท, ดาบตำรวจ,
# or abbreviated (พ.ต.อ., ว่าที่ ร.ต.).
RANK_LINE = re.compile(
    r"^\s*(?:ว่าที่\s*)?(?:"
    r"(?:พล|พัน|ร้อย|นาวา|เรือ|สิบ|จ่าสิบ|พันจ่า|จ่า)(?:ตำรวจ|อากาศ)?(?:เอก|โท|ตรี)"
    r"|ดาบตำรวจ|พลตำรวจ|(?:[ก-ฮ]{1,2}\.\s?){2,4}"
    r")(?:\s*หญิง)?\s*$"
)
SLOGAN = re.compile(r"^\s*[“\"].*[”\"]\s*$")


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


def _drop_label(text: str) -> str:
    return LIST_LABEL.sub("", text, count=1).strip()


# The longest text read: a 60-page letter is about 150,000 characters. Longer text is refused
# with a message rather than read for minutes (issue #17 item 8).
MAX_LETTER_CHARS = 200_000


class LetterTooLong(ValueError):
    """The text is longer than MAX_LETTER_CHARS; the message is in Thai for the user."""

    def __init__(self, length: int, limit: int = MAX_LETTER_CHARS) -> None:
        self.length, self.limit = length, limit
        super().__init__(
            f"หนังสือยาว {length:,} ตัวอักษร เกินกว่าที่ระบบอ่านได้ ({limit:,} ตัวอักษร) "
            "โปรดตัดเอาเฉพาะส่วนหนังสือ (ไม่รวมสิ่งที่ส่งมาด้วย) แล้วอ่านใหม่"
        )


def parse_letter(text: str, *, max_chars: int = MAX_LETTER_CHARS) -> ParsedLetter:
    """The letter's fields. Raises LetterTooLong beyond `max_chars` characters; time is linear
    in the length of the text."""
    if len(text or "") > max_chars:
        raise LetterTooLong(len(text), max_chars)
    return _Parser(text).parse()


class _Parser:
    def __init__(self, text: str) -> None:
        cleaned = normalise_input(text)
        raw_lines, self.notes = remove_page_artefacts(cleaned.split("\n"))
        lexicon = toned_words(cleaned)
        corrections = misspellings(cleaned)
        self.lines: list[_Line] = []
        for raw in raw_lines:
            fixed = repair(raw, lexicon=lexicon, corrections=corrections)
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
        read_directives(self.out, paragraphs)
        self.notes.extend(consistency_notes(self.out, self.all_r))
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
            out.from_unit = squash(self._after(K_ORDER, lines[order]))
            end = max(end, order + 1)
        if out.kind == "memo":
            i_unit = self._find(K_UNIT, 0, stop)
            if i_unit >= 0:
                value = self._after(K_UNIT, lines[i_unit])
                phone = K_PHONE.search(to_arabic_digits(value))
                if phone:
                    self._set_phone(value[phone.end() :])
                    value = value[: phone.start()]
                out.from_unit = squash(value) or None
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
                if dl.DAMAGED_DATE_LINE.match(line.r):
                    self._set_date(line.raw)
                    self.notes.append(f"damaged_date: {squash(line.raw)}")
                    end = index + 1
                    break
                if self._is_header(line):
                    break
                right_column.append(line.raw.strip())
                end = index + 1
        if right_column and out.kind == "external":
            out.from_unit = " / ".join(squash(part) for part in right_column)
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
            out.references = [squash(item) for item in items]
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
        value = squash(" ".join(parts))
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
            return Attachment(squash(text))
        unit = text[match.start(2) : match.end(2)] if match.group(2) else None
        return Attachment(squash(text[: match.start()]), int(match.group(1)), unit)

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
        text = squash(raw)
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
                rank = self._rank_line(start, index)
                if rank >= 0:
                    out.signatory_rank = squash(self.lines[rank].raw)
                    candidates.append(rank)
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
                        out.from_unit = squash(self.lines[unit].raw)
                        candidates.append(unit)
                    else:
                        candidates.append(index)
                    break
        return min(candidates) if candidates else len(self.lines)

    def _rank_line(self, start: int, name: int) -> int:
        """The line with the signatory's rank or title (ว่าที่ร้อยตรี, พันตำรวจเอก) just above the
        name in brackets, or -1."""
        index = name - 1
        while index > start and self.lines[index].blank:
            index -= 1
        if index > start and RANK_LINE.match(self.lines[index].r):
            return index
        return -1

    def _paragraphs(self, start: int, end: int) -> list[_Para]:
        lines = [
            line
            for index, line in enumerate(self.lines[start:end], start)
            if not line.blank and index not in self.used
        ]
        layout = any(line.indent >= 4 for line in lines)
        paragraphs: list[_Para] = []
        tails: dict[int, tuple[list[str], list[str]]] = {}
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
                # Joined once at the end: a long paragraph costs linear time, not quadratic.
                tails.setdefault(id(current), ([], []))
                tails[id(current)][0].append(line.raw.strip())
                tails[id(current)][1].append(line.r.strip())
            else:
                paragraphs.append(_Para(None, None, line.indent, line.raw.strip(), line.r.strip()))
        for para in paragraphs:
            if id(para) in tails:
                raw_parts, r_parts = tails[id(para)]
                para.raw = " ".join([para.raw, *raw_parts])
                para.r = " ".join([para.r, *r_parts])
        return paragraphs

    # -- signature and footer ------------------------------------------------------------------

    def _signature(self, body_end: int) -> None:
        out = self.out
        lines = self.lines
        footer_start = body_end
        if self.i_name >= 0:
            match = NAME_LINE.match(lines[self.i_name].raw)
            out.signatory_name = squash(match.group(1)) if match else None
            layout = lines[self.i_name].indent >= 8
            position: list[str] = []
            index = self.i_name + 1
            while index < len(lines):
                line = lines[index]
                if line.blank:
                    nxt = next((x for x in lines[index + 1 : index + 8] if not x.blank), None)
                    # Without layout a blank line ends the block, except between the name and
                    # the position and after "ปฏิบัติราชการแทน", whose principal follows.
                    joins = not position or bool(
                        K_ACTING.search(position[-1]) and re.search(r"แทน\s*$", position[-1])
                    )
                    if (
                        nxt is None
                        or SLOGAN.match(nxt.raw)
                        or not ((layout and nxt.indent >= 8) or (not layout and joins))
                    ):
                        break
                    index += 1
                    continue
                if (layout and line.indent < 8) or SLOGAN.match(line.raw) or self._mark_line(line):
                    break
                if K_PHONE.match(line.n.strip()) or EMAIL.search(line.raw):
                    break
                position.append(squash(line.raw))
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
            unit.append(squash(line.raw))
        if unit and out.kind != "memo":
            out.contact_unit = " / ".join(unit)
        for line in footer:
            stripped = line.n.strip()
            if not out.phone and K_PHONE.match(stripped) and not K_FAX_LINE.match(stripped):
                self._set_phone(line.raw[K_PHONE.match(stripped).end() + line.indent :])
            email = EMAIL.search(line.raw)
            if email and not out.email:
                out.email = email.group(0)
