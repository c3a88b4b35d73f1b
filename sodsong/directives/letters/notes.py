"""The parser's notes (`inconsistencies`) told in Thai words for the people who check a letter.

The parser keeps each note as `kind: detail` (the letters contract scores notes by kind); every
page, command and message that shows one to a user passes it through `describe_note`.
"""

from __future__ import annotations

import re

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), text)
    for pattern, text in (
        (
            r"^province_mismatch: header (?P<a>.+); signature (?P<b>.+)$",
            "หัวหนังสือระบุจังหวัด{a} แต่ผู้ลงนามเป็นของจังหวัด{b} ตรวจสอบว่าหนังสือมาจากจังหวัดใด",
        ),
        (
            r"^number_code_mismatch: (?P<a>\S+) is (?P<b>.+)$",
            "รหัสหนังสือ {a} เป็นของจังหวัด{b} ไม่ตรงกับจังหวัดที่ระบุในหนังสือ",
        ),
        (
            r"^postcode_mismatch: (?P<a>\d+) is (?P<b>.+)$",
            "รหัสไปรษณีย์ {a} เป็นของจังหวัด{b} ไม่ตรงกับจังหวัดที่ระบุในหนังสือ",
        ),
        (
            r"^damaged_date: (?P<a>.+)$",
            "บรรทัดวันที่ชำรุด ({a}) อ่านได้เฉพาะเดือนและปี ไม่ทราบวันที่ โปรดกรอกวันที่จากต้นฉบับ",
        ),
        (
            r"^doubled_character: (?P<a>.+)$",
            "พบอักษรซ้ำจากการแปลงไฟล์ ({a}) ระบบอ่านโดยตัดอักษรที่ซ้ำออก",
        ),
        (
            r"^dropped_tone_mark: (?P<a>.+)$",
            "วรรณยุกต์หายจากการแปลงไฟล์ ({a}) ระบบอ่านโดยเติมวรรณยุกต์",
        ),
        (
            r"^misspelt_word: (?P<a>\S+) \((?P<b>[^)]+)\)$",
            "คำว่า “{a}” น่าจะพิมพ์ผิด ควรเป็น “{b}”",
        ),
        (
            r"^page_break_artefact: (?P<a>.+)$",
            "ข้อความต่อหน้า ({a}) ซ้ำกับต้นหน้าถัดไป ระบบตัดออกแล้ว",
        ),
        (
            r"^circular_without_wa: (?P<a>.+)$",
            "หนังสือเวียนแต่เลขที่หนังสือ ({a}) ไม่มีอักษร ว",
        ),
        (
            r"^deadline_before_date: item (?P<a>\S+) (?P<b>\S+) < (?P<c>\S+)$",
            "กำหนดเวลาของข้อ {a} ({b}) อยู่ก่อนวันที่ของหนังสือ ({c})",
        ),
        (
            r"^deadline_before_date: urgent_by (?P<b>\S+) < (?P<c>\S+)$",
            "ด่วนภายใน ({b}) อยู่ก่อนวันที่ของหนังสือ ({c})",
        ),
    )
)


def describe_note(note: str) -> str:
    """A Thai sentence for one parser note; a note of an unknown kind keeps only its detail."""
    from sodsong.directives.deadlines import describe_date_text

    for pattern, text in _PATTERNS:
        match = pattern.match(note)
        if match:
            values = {k: describe_date_text(v) for k, v in match.groupdict().items()}
            return text.format(**values)
    kind, _, detail = note.partition(":")
    return detail.strip() or kind.replace("_", " ")
