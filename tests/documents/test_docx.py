"""The DOCX an official edits in Word: layout, fonts on every Thai run, watermark."""

import io
import re

import pytest
from django.core.exceptions import ImproperlyConfigured
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm

from sodsong.documents.render import render_letter
from sodsong.documents.samples import circular_letter, external_letter, memo, report_letter

THAI = re.compile(r"[\u0e00-\u0e7f]")


def _open(data: bytes):
    return Document(io.BytesIO(data))


def _all_runs(document):
    parts = [document.element.body]
    for section in document.sections:
        for part in (section.header, section.first_page_header, section.footer):
            parts.append(part._element)
    for part in parts:
        yield from part.iter(qn("w:r"))


def _text(document) -> str:
    return "\n".join(p.text for p in document.paragraphs)


def test_external_letter_is_a4_with_the_regulation_margins():
    document = _open(render_letter(external_letter(), demo=False))
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert round(section.top_margin.cm, 2) == 2.5
    assert round(section.left_margin.cm, 2) == 3.0
    assert round(section.right_margin.cm, 2) == 2.0


@pytest.mark.parametrize("make", [external_letter, circular_letter, memo, report_letter])
def test_every_thai_run_names_the_complex_script_font_size_and_thai_language(make):
    document = _open(render_letter(make(), demo=True))
    checked = 0
    for run in _all_runs(document):
        text = "".join(t.text or "" for t in run.iter(qn("w:t")))
        if not THAI.search(text):
            continue
        checked += 1
        rpr = run.find(qn("w:rPr"))
        assert rpr is not None, text
        fonts = rpr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:cs")) == "TH SarabunPSK", text
        assert fonts.get(qn("w:ascii")) == "TH SarabunPSK", text
        size, size_cs = rpr.find(qn("w:sz")), rpr.find(qn("w:szCs"))
        assert size is not None and size_cs is not None, text
        assert size.get(qn("w:val")) == size_cs.get(qn("w:val"))
        assert rpr.find(qn("w:lang")).get(qn("w:bidi")) == "th-TH", text
    assert checked > 15


def test_body_text_is_16_point_and_the_default_style_is_th_sarabunpsk():
    document = _open(render_letter(external_letter(), demo=False))
    body = next(p for p in document.paragraphs if p.text.startswith("ตามที่"))
    assert body.runs[0].font.size.pt == 16
    rpr = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    assert rpr.find(qn("w:rPr")).find(qn("w:rFonts")).get(qn("w:cs")) == "TH SarabunPSK"


def test_body_paragraphs_start_with_the_two_and_a_half_centimetre_indent():
    document = _open(render_letter(external_letter(), demo=False))
    body = [p for p in document.paragraphs if p.text.startswith(("ตามที่", "จังหวัดสกลนคร"))]
    assert len(body) == 2
    for paragraph in body:
        assert round(paragraph.paragraph_format.first_line_indent.cm, 2) == 2.5


def test_external_letter_reads_in_the_regulation_order():
    text = _text(_open(render_letter(external_letter(), demo=False)))
    order = [
        "ที่ สน ๐๐๑๘.๓/๑๒๓๔",
        "ศาลากลางจังหวัดสกลนคร",
        "๑๖ มิถุนายน ๒๕๖๘",
        "เรื่อง",
        "เรียน",
        "อ้างถึง",
        "ตามที่",
        "ขอแสดงความนับถือ",
        "(นายสมชาย ใจมั่น)",
        "รองผู้ว่าราชการจังหวัดสกลนคร ปฏิบัติราชการแทน",
        "ผู้ว่าราชการจังหวัดสกลนคร",
        "ที่ทำการปกครองจังหวัดสกลนคร",
        "โทร. ๐ ๔๒๗๑ ๑๒๓๔",
        "โทรสาร",
        "ไปรษณีย์อิเล็กทรอนิกส์",
    ]
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions)


def test_external_letter_floats_a_three_centimetre_garuda_at_the_top_centre():
    document = _open(render_letter(external_letter(), demo=False))
    anchors = list(document.element.body.iter(qn("wp:anchor")))
    assert len(anchors) == 1
    extent = anchors[0].find(qn("wp:extent"))
    assert round(int(extent.get("cy")) / 360000, 2) == 3.0
    assert anchors[0].find(qn("wp:positionH")).find(qn("wp:align")).text == "center"


def test_memo_has_the_small_garuda_and_the_heading():
    document = _open(render_letter(memo(), demo=False))
    assert document.inline_shapes[0].height == Cm(1.5)
    assert "บันทึกข้อความ" in document.paragraphs[0].text
    text = _text(document)
    assert "ส่วนราชการ" in text and "ขอแสดงความนับถือ" not in text


def test_circular_prints_its_wor_number_and_a_hand_filled_day():
    document = _open(render_letter(circular_letter(), demo=False))
    text = _text(document)
    assert "ที่ สน ๐๐๑๘.๓/ว ๘๙" in text
    assert "มิถุนายน ๒๕๖๘" in text and "๑ มิถุนายน" not in text


def test_urgency_is_printed_in_red_on_the_first_page():
    document = _open(render_letter(external_letter(), demo=False))
    header = document.sections[0].first_page_header
    runs = [r for p in header.paragraphs for r in p.runs if r.text == "ด่วนที่สุด"]
    assert runs and str(runs[0].font.color.rgb) == "D00000"


def test_demo_mode_puts_the_watermark_in_every_header(settings):
    settings.DEMO_MODE = True
    document = _open(render_letter(external_letter()))
    section = document.sections[0]
    for header in (section.header, section.first_page_header):
        assert "ตัวอย่าง" in header._element.xml


def test_outside_demo_mode_there_is_no_watermark(settings):
    settings.DEMO_MODE = False
    document = _open(render_letter(external_letter()))
    section = document.sections[0]
    for header in (section.header, section.first_page_header):
        assert "ตัวอย่าง" not in header._element.xml


def test_report_attaches_the_district_table_on_a_landscape_page():
    document = _open(render_letter(report_letter(), demo=False))
    assert len(document.sections) == 2
    attachment = document.sections[1]
    assert attachment.page_width > attachment.page_height
    table = document.tables[-1]
    assert table.rows[0].cells[0].text == "อำเภอ"
    assert len(table.rows) == 1 + 18 + 1  # header, the 18 districts, total
    assert table.rows[1].cells[1].text == "๒๓๗"  # numbers in Thai digits
    assert "สิ่งที่ส่งมาด้วย ๑" in _text(document)


def test_configured_garuda_image_is_used(settings, tmp_path):
    from PIL import Image

    image = tmp_path / "garuda.png"
    Image.new("RGB", (80, 100), (200, 0, 0)).save(image)
    settings.SODSONG_GARUDA_IMAGE = str(image)
    document = _open(render_letter(external_letter(), demo=False))
    blobs = [part.blob for part in document.part.package.parts if "image" in part.content_type]
    assert image.read_bytes() in blobs


def test_missing_configured_garuda_image_is_a_clear_configuration_error(settings, tmp_path):
    settings.SODSONG_GARUDA_IMAGE = str(tmp_path / "missing.png")
    with pytest.raises(ImproperlyConfigured, match="SODSONG_GARUDA_IMAGE"):
        render_letter(external_letter(), demo=False)
