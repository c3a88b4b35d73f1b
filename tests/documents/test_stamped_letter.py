"""หนังสือประทับตรา (stamped letter) as ระเบียบสำนักนายกรัฐมนตรีว่าด้วยงานสารบรรณ พ.ศ. 2526 lays
it out: ข้อ 13 names its parts in order (ที่, ถึง, ข้อความ, the sending office's name, the office's
stamp initialled by the head of the division, the date, the owning unit and its telephone) and
ข้อ 14 the matters it may be used for; anything else is refused with a Thai message."""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess

import pytest
from docx import Document
from docx.oxml.ns import qn

from sodsong.documents.docx_style import RED
from sodsong.documents.letter import (
    STAMPED_FORM_RULE,
    STAMPED_USE_RULE,
    LetterError,
    StampedUse,
    stamped_use_check,
)
from sodsong.documents.render import render_letter
from sodsong.documents.samples import stamped_letter


def _paragraphs(letter) -> list:
    return Document(io.BytesIO(render_letter(letter, demo=False))).paragraphs


def _texts(letter) -> list[str]:
    return [p.text.strip() for p in _paragraphs(letter) if p.text.strip()]


def _index(texts: list[str], pattern: str) -> int:
    for i, text in enumerate(texts):
        if re.search(pattern, text):
            return i
    raise AssertionError(f"{pattern!r} not in {texts}")


def test_the_parts_of_rule_13_come_in_their_order():
    texts = _texts(stamped_letter())
    order = [
        _index(texts, r"^ที่ สน ๐๓๒๑/๑๗๓๒$"),  # 13.1 ที่
        _index(texts, r"^ถึง\s+สถานีตำรวจภูธรพรรณานิคม"),  # 13.2 ถึง
        _index(texts, r"^อำเภอพรรณานิคมขอส่งแบบสำรวจ"),  # 13.3 ข้อความ
        _index(texts, r"^อำเภอพรรณานิคม$"),  # 13.4 ชื่อส่วนราชการที่ส่งหนังสือออก
        _index(texts, r"ตราชื่อส่วนราชการ"),  # 13.5 ตราชื่อส่วนราชการ
        _index(texts, r"ลงชื่อย่อกำกับตรา"),  # 13.5 the initials beside the stamp
        _index(texts, r"^๖ มิถุนายน ๒๕๖๘$"),  # 13.6 วัน เดือน ปี
        _index(texts, r"^ที่ทำการปกครองอำเภอพรรณานิคม$"),  # 13.7 ส่วนราชการเจ้าของเรื่อง
        _index(texts, r"^โทร\. ๐ ๔๒๗๗ ๙๑๒๓$"),  # 13.8 โทร.
    ]
    assert order == sorted(order), list(zip(order, [texts[i] for i in order], strict=True))


def test_no_subject_salutation_closing_or_signer_name():
    texts = _texts(stamped_letter())
    joined = "\n".join(texts)
    assert not any(t.startswith(("เรื่อง", "เรียน")) for t in texts)
    assert "ขอแสดงความนับถือ" not in joined
    assert not re.search(r"^\(.+\)$", joined.replace("(ตราชื่อส่วนราชการ)", ""), re.M)


def test_the_stamp_is_red_and_the_initials_belong_to_the_head_of_the_division():
    paragraphs = _paragraphs(stamped_letter())
    stamp = next(p for p in paragraphs if "ตราชื่อส่วนราชการ" in p.text)
    colours = {
        run._r.find(qn("w:rPr")).find(qn("w:color")).get(qn("w:val"))
        for run in stamp.runs
        if run.text.strip()
    }
    assert colours == {RED}  # ข้อ 13.5: the office's stamp in red ink
    initials = next(p for p in paragraphs if "ลงชื่อย่อกำกับตรา" in p.text)
    assert "หัวหน้าฝ่ายความมั่นคง" in initials.text


def test_the_sending_office_is_the_office_not_its_building():
    texts = _texts(stamped_letter())
    assert "ที่ว่าการอำเภอพรรณานิคม" not in texts  # an address, not ข้อ 13.4's name


@pytest.mark.parametrize("use", list(StampedUse))
def test_every_use_of_rule_14_is_accepted(use):
    extra = {"stamped_order": "คำสั่งกรมการปกครอง ที่ ๑/๒๕๖๘"} if use is StampedUse.BY_ORDER else {}
    letter = dataclasses.replace(stamped_letter(), stamped_use=use, extra=extra)
    assert letter.stamped_use is use
    assert re.fullmatch(r"ข้อ 14\.[1-6]", use.rule), use.rule


def test_a_use_outside_rule_14_is_refused_in_thai():
    with pytest.raises(LetterError, match="ข้อ 14") as caught:
        stamped_use_check("แจ้งคำสั่งแต่งตั้งคณะกรรมการ")
    assert re.search(r"[\u0e00-\u0e7f]", str(caught.value))
    assert stamped_use_check("remind") is StampedUse.REMIND
    assert stamped_use_check("การเตือนเรื่องที่ค้าง") is StampedUse.REMIND


def test_a_stamped_letter_must_say_which_use_it_serves():
    with pytest.raises(LetterError, match="ข้อ 14"):
        dataclasses.replace(stamped_letter(), stamped_use=None)
    with pytest.raises(LetterError, match="ข้อ 14"):
        dataclasses.replace(stamped_letter(), stamped_use="สั่งการให้อำเภอดำเนินการ")


def test_a_use_set_by_a_department_order_names_the_order():
    with pytest.raises(LetterError, match="คำสั่ง"):
        dataclasses.replace(stamped_letter(), stamped_use=StampedUse.BY_ORDER, extra={})


def test_a_stamped_letter_names_its_sending_office():
    with pytest.raises(LetterError, match="ข้อ 13"):
        dataclasses.replace(stamped_letter(), sender="")


def test_the_rules_are_cited():
    assert "ข้อ 13" in STAMPED_FORM_RULE and "งานสารบรรณ" in STAMPED_FORM_RULE
    assert "ข้อ 14" in STAMPED_USE_RULE


@pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftotext")),
    reason="LibreOffice or pdftotext is not installed",
)
def test_the_pdf_reads_in_the_same_order(tmp_path):
    path = tmp_path / "stamped.pdf"
    path.write_bytes(render_letter(stamped_letter(), fmt="pdf", demo=False))
    text = subprocess.run(  # noqa: S603 (fixed poppler command on our own file)
        [shutil.which("pdftotext"), "-layout", str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    flat = re.sub(r"\s+", " ", text)
    marks = ["ถึง", "อำเภอพรรณานิคมขอส่ง", "ตราชื่อส่วนราชการ", "ลงชื่อย่อกำกับตรา", "๖ มิถุนายน"]
    positions = [flat.index(mark) for mark in marks]
    assert positions == sorted(positions), positions
    assert "ฝ่ายความมั่นคง" in flat[positions[-1] :]
