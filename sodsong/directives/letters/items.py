"""The items of a letter that order its recipients to act: which paragraphs are orders, who
each tells to act (actors.py), by when (deadlines.py) and whether it asks for a report back to
the issuer's level. Works on the paragraphs parser.py cut, repaired with Arabic digits."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from sodsong.directives.letters import deadlines as dl
from sodsong.directives.letters.actors import (
    COMPLY,
    LEAD_REPORT,
    _actor_mentions,
    _actor_run,
    _directive_lead,
    _item_actors,
    _lead_actors,
    _notify,
)
from sodsong.directives.letters.fields import Directive, ParsedLetter, squash
from sodsong.directives.letters.noise import repair
from sodsong.thai.digits import to_arabic_digits

if TYPE_CHECKING:
    from sodsong.directives.letters.parser import _Para

BACKGROUND = re.compile(r"^(?:ตามที่|ด้วย|ตาม|อ้างถึง|เนื่องจาก|จึงเรียน|จึงแจ้ง|อนึ่ง|หาก|สำหรับ)")
MEMO_HEADING = re.compile(
    r"^(?:เรื่องเดิม|ข้อเท็จจริง|ข้อกฎหมาย|ข้อพิจารณา|ข้อเสนอ(?:แนะ)?|ความเป็นมา|ระเบียบ\S*)\s*:?\s*$"
)
_REPORT_VERB = re.compile(r"รายงาน|เสนอ|ส่ง|แจ้ง|สรุปผล")
_TARGET_BEFORE = r"(?:ให้|ถึง|ไปยัง|ต่อ|รายงาน|เสนอ|ส่ง(?:ให้)?|แจ้ง)\s*"
_TARGETS = {
    "province": r"(?:ผู้ว่าราชการจังหวัด|ศาลากลางจังหวัด|(?<!ทุก)จังหวัด)",
    "district": r"(?:นายอำเภอ|ที่ว่าการอำเภอ|(?<!ปลัด)(?<!ทุก)อำเภอ)",
    "ministry": r"(?:กระทรวง|กรม)",
}


def read_directives(out: ParsedLetter, paragraphs: list[_Para]) -> None:
    """Append to `out.directives` the items that order the recipients to act, each with its
    actors, deadline and whether it asks for a report back."""
    to_actors = _actor_mentions(to_arabic_digits(repair(out.to or "").text))
    lead: _Para | None = None
    list_is_directive = False
    list_actors: list[str] = []
    top_style: str | None = None
    parent_actors: list[str] = []
    parent_directive = False
    list_report = False
    for para in paragraphs:
        if para.label is None:
            lead = para
            top_style = None
            if _operative(para.r):
                if out.directives and COMPLY.search(para.r):
                    # "ขอให้อำเภอทราบและถือปฏิบัติ" after the items: comply with them, not
                    # an item of its own.
                    continue
                actors = _item_actors(para.r, to_actors)
                _add_directive(out, None, para, actors)
            continue
        sub = para.style == "multi" or (top_style is not None and para.style != top_style)
        if sub:
            if not parent_directive:
                continue
            actors = _item_actors(para.r, parent_actors)
            _add_directive(out, para.label, para, actors, report_back=list_report)
            continue
        if top_style is None:
            top_style = para.style
            list_is_directive = lead is not None and _directive_lead(lead.r)
            list_actors = (_lead_actors(lead.r) if lead else []) or to_actors
            list_report = bool(
                list_is_directive and lead is not None and LEAD_REPORT.search(lead.r[-200:])
            )
        if MEMO_HEADING.match(para.r) or not list_is_directive:
            parent_directive = False
            continue
        parent_directive = True
        parent_actors = _item_actors(para.r, list_actors)
        _add_directive(out, para.label, para, parent_actors, report_back=list_report)


def _operative(text: str) -> bool:
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


def _add_directive(
    out: ParsedLetter, ref: str | None, para: _Para, actors: list[str], *, report_back: bool = False
) -> None:
    own = {"province": "จังหวัด", "district": "อำเภอ"}.get(issuer_level(out) or "")
    # The issuer's own level is dropped ("report to the province" names no actor), unless it
    # is the only one: a province forwarding "ขอให้จังหวัด…" is told to act itself.
    actors = [actor for actor in actors if actor != own] or actors
    letter_date = reference_date(out)
    out.directives.append(
        Directive(
            ref=ref,
            text=squash(para.raw),
            actors=actors,
            deadline=dl.deadline(para.r, letter_date=letter_date),
            report_back=report_back or _report_back(out, para.r),
        )
    )


def reference_date(out: ParsedLetter) -> dt.date | None:
    """The letter's date for relative deadlines; the 1st of the month when the day is blank."""
    if out.date:
        return dt.date.fromisoformat(out.date)
    if out.date_be_text:
        match = dl.DATE.search(to_arabic_digits(out.date_be_text))
        month = dl.month_number(match.group(2)) if match else None
        if match and month:
            return dt.date(dl.ce_year(int(match.group(3))), month, 1)
    return None


def issuer_level(out: ParsedLetter) -> str | None:
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


def _report_back(out: ParsedLetter, text: str) -> bool:
    level = issuer_level(out)
    if not level or not _REPORT_VERB.search(text):
        return False
    target = _TARGETS[level]
    return bool(
        re.search(_TARGET_BEFORE + target, text)
        or re.search(target + r"\S{0,20}?(?:ทราบ|พิจารณา)", text)
    )
