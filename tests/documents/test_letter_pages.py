"""The PDF's page marks and the layouts of each kind, read back with pdftotext (slow: one
LibreOffice run per letter, so the letters are rendered once per module)."""

import dataclasses
import re
import shutil
import subprocess

import pytest

from sodsong.documents.render import render_letter
from sodsong.documents.samples import SAMPLES, report_letter

pytestmark = [
    pytest.mark.skipif(
        not (shutil.which("soffice") or shutil.which("libreoffice")),
        reason="LibreOffice (soffice) is not installed",
    ),
    pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext is not installed"),
]


def _pages(path) -> list[str]:
    tool = shutil.which("pdftotext")
    assert tool is not None
    text = subprocess.run(  # noqa: S603 (fixed poppler command on our own file)
        [tool, "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    return text.split("\f")


@pytest.fixture(scope="module")
def report_pages(tmp_path_factory):
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    path.write_bytes(render_letter(report_letter(), fmt="pdf", demo=True))
    return _pages(path)


@pytest.fixture(scope="module")
def kind_pages(tmp_path_factory):
    folder = tmp_path_factory.mktemp("kinds")
    out = {}
    for name in ("order", "stamped", "relay"):
        path = folder / f"{name}.pdf"
        path.write_bytes(render_letter(SAMPLES[name](), fmt="pdf", demo=False))
        out[name] = _pages(path)
    return out


def test_page_two_is_numbered_in_thai_digits_not_thai_letters(report_pages):
    top = report_pages[1].strip().splitlines()[0]
    assert re.fullmatch(r"-\s*๒\s*-", top.strip()), top
    assert "ข" not in top


def test_the_first_page_has_no_page_number(report_pages):
    assert not re.search(r"^\s*-\s*[๑-๙0-9]\s*-\s*$", report_pages[0], re.M)


def test_a_page_that_breaks_before_the_signature_ends_with_the_next_pages_first_word(
    report_pages,
):
    last = [line.strip() for line in report_pages[0].splitlines() if line.strip()][-1]
    assert last.startswith("/") and last.endswith("..."), last
    word = last.removeprefix("/").removesuffix("...")
    body = [line for line in report_pages[1].splitlines()[1:] if line.strip()]
    assert body[0].strip().startswith(word), (word, body[0])


def test_attachment_pages_carry_no_letter_page_number_or_continuation(report_pages):
    attachment = report_pages[2]
    assert "สิ่งที่ส่งมาด้วย ๑" in attachment
    assert not re.search(r"^\s*-\s*[๑-๙]\s*-\s*$", attachment, re.M)
    assert "..." not in attachment


def test_the_last_letter_page_has_no_continuation(report_pages):
    assert not report_pages[1].rstrip().endswith("...")


def test_a_one_page_letter_has_no_marks(tmp_path):
    path = tmp_path / "short.pdf"
    base = report_letter()
    short = dataclasses.replace(base, body=base.body[:2], enclosures=())
    path.write_bytes(render_letter(short, fmt="pdf", demo=False))
    pages = [p for p in _pages(path) if p.strip()]
    assert len(pages) == 1
    assert "..." not in pages[0]


def test_the_order_reads_as_a_provincial_order(kind_pages):
    text = re.sub(r"\s+", " ", "".join(kind_pages["order"]))
    assert "คำสั่งจังหวัดสกลนคร" in text
    assert re.search(r"ที่ [๑-๙][๐-๙]*/๒๕๖๘", text)
    assert "สั่ง ณ วันที่" in text
    assert "ขอแสดงความนับถือ" not in text
    assert "เรียน" not in text


def test_the_stamped_letter_has_to_a_stamp_and_no_signature(kind_pages):
    text = re.sub(r"\s+", " ", "".join(kind_pages["stamped"]))
    assert "ถึง " in text
    assert "ตราชื่อส่วนราชการ" in text and "ลงชื่อย่อกำกับตรา" in text
    assert "ขอแสดงความนับถือ" not in text


def test_the_district_relay_letter_is_the_districts_own(kind_pages):
    text = re.sub(r"\s+", " ", "".join(kind_pages["relay"]))
    assert re.search(r"ที่ สน ๐๓[๐-๙]{2}/ว [๑-๙]", text)
    assert "ที่ว่าการอำเภอ" in text
    assert "ที่ทำการปกครองอำเภอ" in text and "ฝ่ายความมั่นคง" in text
    assert "กลุ่มงานความมั่นคง" not in text
    assert "ผู้ว่าราชการจังหวัด" not in text.split("ขอแสดงความนับถือ")[-1]
