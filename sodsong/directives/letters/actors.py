"""Who an item of a letter tells to act: the contract's actors (จังหวัด … คณะทำงาน) named in a
lead-in ("จึงขอให้อำเภอดำเนินการ ดังนี้") or an item ("แจ้งกำนัน ผู้ใหญ่บ้าน …"), and whether a lead-in
opens a list of orders. Works on repaired text with Arabic digits (see parser.py)."""

from __future__ import annotations

import re

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

LEAD_NEGATIVE = re.compile(
    r"ประกอบด้วย|ดังรายชื่อ|รายนาม|องค์ประกอบ|ผลการดำเนิน(?:งาน|การ)|ได้ดำเนินการ|วาระ|ขออนุมัติ|ขอความเห็นชอบ|ดังมีรายละเอียด"
)
LEAD_NEGATIVE_ALWAYS = re.compile(
    r"ประกอบด้วย|ดังรายชื่อ|รายนาม|องค์ประกอบ|ได้ดำเนินการ|วาระ|ขออนุมัติ|ขอความเห็นชอบ|ดังมีรายละเอียด"
)
LEAD_ORDER = re.compile(r"(?:ขอ|จึง)ให้\s*\S.{0,60}?(?:ดำเนินการ|ปฏิบัติ)")
# The lead-in asks for a report back to a level above: every item of its list reports back.
LEAD_REPORT = re.compile(
    r"ให้.{0,80}?รายงาน\S{0,40}?(?:กระทรวง|กรม|จังหวัด|อำเภอ|ผู้ว่าราชการ|นายอำเภอ)\S{0,30}?ทราบ"
)
COMPLY = re.compile(r"ทราบ\s*และ\s*(?:ถือ\s*)?(?:ปฏิบัติ|ดำเนินการ)")
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
    """ "แจ้ง X ทราบ" informs X; it does not make X act. "ทราบและถือปฏิบัติ" (know and comply)
    and "ทราบและดำเนินการ" are orders."""
    stripped = rest.lstrip()
    if COMPLY.match(stripped):
        return False
    head = stripped.split(" ", 1)[0]
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
        if re.search(r"(?:ส่ง|มอบ|แก่)$", text[max(0, match.start() - 4) : match.start()]):
            continue  # "ส่งให้จังหวัด": sent to, not told to act
        run, rest = _actor_run(text, match.end())
        if run and not _notify(rest):
            actors.extend(run)
    return _ordered(actors)


def _directive_lead(text: str) -> bool:
    tail = text[-120:]
    # "ขอให้จังหวัดดำเนินการและรายงานผลการดำเนินการให้กระทรวงทราบ ดังนี้" orders action and a report:
    # the results it names are still to come, so only the other negatives count.
    negative = LEAD_NEGATIVE_ALWAYS if LEAD_ORDER.search(tail) else LEAD_NEGATIVE
    if negative.search(tail):
        return False
    if re.search(r"ดังนี้\s*:?\s*$", text) and re.search(
        r"ให้|ถือปฏิบัติ|ดำเนินการ|ปฏิบัติ|อำนาจหน้าที่|แนวทาง|มาตรการ", tail
    ):
        return True
    return bool(_lead_actors(text))
