"""Rules of the correspondence regulation (DOMAIN §7) checked on the DOCX (fast)."""

import io
import re
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from sodsong.documents.letter import Signature, split_rank
from sodsong.documents.render import render_letter
from sodsong.documents.samples import (
    PROVINCE_CODE,
    SAMPLES,
    external_letter,
    report_letter,
)
from sodsong.thai.digits import to_arabic_digits

# The shared data sit beside the checkout (../shared), a worktree one level further down.
_REPO = Path(__file__).resolve().parents[2]
CIRCULAR = next(
    (
        base / "shared/data/letters/circular_2567_online_crime.txt"
        for base in (_REPO.parent, _REPO.parent.parent)
        if (base / "shared/data/letters/circular_2567_online_crime.txt").is_file()
    ),
    None,
)


def _open(data: bytes):
    return Document(io.BytesIO(data))


def _texts(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def test_urgency_is_red_and_at_least_32_point():
    document = _open(render_letter(external_letter(), demo=False))
    header = document.sections[0].first_page_header
    runs = [r for p in header.paragraphs for r in p.runs if r.text == "ด่วนที่สุด"]
    assert runs
    assert str(runs[0].font.color.rgb) == "D00000"
    size_cs = runs[0]._r.find(qn("w:rPr")).find(qn("w:szCs"))
    assert runs[0].font.size.pt >= 32
    assert int(size_cs.get(qn("w:val"))) >= 64


def test_word_keeps_the_thai_digit_page_field():
    document = _open(render_letter(report_letter(), demo=False))
    instr = "".join(t.text for t in document.sections[0].header._element.iter(qn("w:instrText")))
    assert "PAGE" in instr and "ThaiArabic" in instr


def test_a_rank_is_split_off_the_name_and_printed_above_it():
    assert split_rank("ว่าที่ร้อยตรี รณรงค์ ไกรฤต") == ("ว่าที่ร้อยตรี", "รณรงค์ ไกรฤต")
    assert split_rank("นายสมชาย ใจมั่น") == ("", "นายสมชาย ใจมั่น")
    letter = SAMPLES["relay"]()
    texts = [t.strip() for t in _texts(_open(render_letter(letter, demo=False)))]
    rank_at = texts.index("ว่าที่ร้อยตรี")
    assert texts[rank_at + 1] == "(ประเสริฐ ศรีพรรณา)"


def test_acting_for_given_whole_in_the_position_is_not_printed_twice():
    signature = Signature(
        name="รณรงค์ ไกรฤต",
        position="ปลัดจังหวัดสกลนคร ปฏิบัติราชการแทน\nผู้ว่าราชการจังหวัดสกลนคร",
        acting_for="ผู้ว่าราชการจังหวัดสกลนคร",
    )
    assert signature.lines() == [
        "(รณรงค์ ไกรฤต)",
        "ปลัดจังหวัดสกลนคร ปฏิบัติราชการแทน",
        "ผู้ว่าราชการจังหวัดสกลนคร",
    ]


@pytest.mark.skipif(CIRCULAR is None, reason="shared/data/letters is not beside the checkout")
def test_the_demo_provincial_office_code_is_the_circulars_provincial_administration_office():
    assert CIRCULAR is not None
    text = to_arabic_digits(CIRCULAR.read_text(encoding="utf-8"))
    number = re.search(r"ที่ (\S+) (\d{4})\.\d+/ว", text)
    assert number is not None
    assert "ที่ทำการปกครองจังหวัด" in text  # the footer of that letter names the office
    abbr, owner = number.group(1), number.group(2)
    assert PROVINCE_CODE.startswith(f"{abbr} {owner}.")


def test_each_letter_kind_has_a_sample():
    assert {"external", "circular", "memo", "report", "relay", "order", "stamped"} <= set(SAMPLES)


def test_the_order_has_no_salutation_or_closing():
    texts = "\n".join(_texts(_open(render_letter(SAMPLES["order"](), demo=False))))
    assert "คำสั่งจังหวัดสกลนคร" in texts
    assert "สั่ง ณ วันที่ ๓ มิถุนายน พ.ศ. ๒๕๖๘" in texts
    assert "เรียน" not in texts and "ขอแสดงความนับถือ" not in texts


def test_the_report_sample_writes_problems_without_a_colon_or_dash():
    body = [p for p in report_letter().body if isinstance(p, str)]
    assert not any(":" in p or "—" in p for p in body)
    assert any(p.startswith("ปัญหาและอุปสรรค ") for p in body)
