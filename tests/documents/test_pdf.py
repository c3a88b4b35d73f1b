"""The PDF: fonts embedded, and a Thai text layer that extracts back to the same text."""

import dataclasses
import re
import shutil
import subprocess

import pytest

from sodsong.documents.pdf import PdfConversionError, docx_to_pdf
from sodsong.documents.render import render_letter
from sodsong.documents.samples import external_letter, report_letter

pytestmark = [
    pytest.mark.skipif(
        not (shutil.which("soffice") or shutil.which("libreoffice")),
        reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui",
    ),
    pytest.mark.skipif(
        not shutil.which("pdftotext"),
        reason="pdftotext is not installed: apt-get install poppler-utils",
    ),
]

KAMNAN_PARAGRAPH = (
    "ขอให้กำนัน ผู้ใหญ่บ้าน และผู้ช่วยผู้ใหญ่บ้านทุกหมู่บ้านในเขตอำเภอ ตรวจสอบที่พักของชาวต่างชาติ "
    "ที่ทำงานในสถานประกอบการ และแจ้งที่ทำการปกครองอำเภอทราบภายในวันที่ ๓๐ มิถุนายน ๒๕๖๘ "
    "หากพบการกระทำผิดให้ประสานสถานีตำรวจภูธรในพื้นที่ดำเนินการตามกฎหมายโดยเคร่งครัด"
)


def _letter():
    base = external_letter()
    return dataclasses.replace(base, body=(KAMNAN_PARAGRAPH, *base.body))


@pytest.fixture(scope="module")
def plain_pdf(tmp_path_factory) -> bytes:
    path = tmp_path_factory.mktemp("pdf") / "letter.pdf"
    path.write_bytes(render_letter(_letter(), fmt="pdf", demo=False))
    return path


@pytest.fixture(scope="module")
def demo_pdf(tmp_path_factory):
    path = tmp_path_factory.mktemp("pdf") / "demo.pdf"
    path.write_bytes(render_letter(_letter(), fmt="pdf", demo=True))
    return path


def _tool(*args: str, text: bool = True):  # type: ignore[no-untyped-def]
    """Runs a poppler tool with fixed arguments and returns its output."""
    return subprocess.run(  # noqa: S603  (fixed poppler commands on our own files)
        list(args), capture_output=True, check=True, text=text
    ).stdout


def _text(path, *extra: str) -> str:
    return _tool("pdftotext", *extra, str(path), "-")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_sara_am_survives_extraction_kamnan_is_not_kanan(plain_pdf):
    text = _text(plain_pdf)
    assert "กำนัน" in text
    assert "กานัน" not in text


def test_a_whole_paragraph_round_trips_after_whitespace_normalising(plain_pdf):
    assert _squash(KAMNAN_PARAGRAPH) in _squash(_text(plain_pdf))


def test_number_date_and_signature_extract_as_typed(plain_pdf):
    text = _squash(_text(plain_pdf))
    for part in ("ที่สน๐๐๑๘.๓/๑๒๓๔", "๑๖มิถุนายน๒๕๖๘", "ปฏิบัติราชการแทน", "ขอแสดงความนับถือ"):
        assert part in text


def test_pdf_is_a4_and_embeds_th_sarabunpsk(plain_pdf):
    data = plain_pdf.read_bytes()
    assert b"THSarabunPSK" in data
    assert b"/FontFile2" in data  # the TrueType font program is embedded
    if shutil.which("pdffonts"):
        fonts = _tool("pdffonts", str(plain_pdf))
        line = next(line for line in fonts.splitlines() if "THSarabunPSK" in line)
        assert " yes yes yes " in line  # embedded, subset, with a ToUnicode map
    info = _tool("pdfinfo", str(plain_pdf))
    assert "595.3" in info and "841.89" in info


def _grey_pixels(path) -> int:
    from io import BytesIO

    from PIL import Image

    png = _tool(
        "pdftoppm", "-png", "-r", "30", "-f", "1", "-l", "1", "-gray", str(path), text=False
    )
    histogram = Image.open(BytesIO(png)).convert("L").histogram()
    # The watermark is light grey (about 236 of 255); text anti-aliasing adds few such pixels.
    return sum(histogram[230:243])


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="pdftoppm (poppler-utils) is missing")
def test_demo_pdf_shows_the_watermark_and_the_plain_one_does_not(plain_pdf, demo_pdf):
    assert _grey_pixels(demo_pdf) > 4 * _grey_pixels(plain_pdf) + 1000
    # The watermark is a drawing, not text: the letter's text layer stays clean.
    assert "ตัวอย่าง" not in _text(demo_pdf)


def test_attachment_table_extracts_with_thai_headers(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(render_letter(report_letter(), fmt="pdf", demo=False))
    text = _text(path)
    assert "สิ่งที่ส่งมาด้วย ๑" in text
    assert "เมืองสกลนคร" in text and "ผู้ถูกจับกุม" in text
    sizes = _tool("pdfinfo", "-f", "1", "-l", "9", str(path))
    assert "841.89 x 595.3" in sizes  # the table page is landscape


def test_missing_soffice_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("SODSONG_SOFFICE", "/nonexistent/soffice")
    with pytest.raises(PdfConversionError, match="libreoffice-writer-nogui"):
        docx_to_pdf(b"PK\x03\x04")


def test_a_broken_docx_is_reported_not_hidden():
    with pytest.raises(PdfConversionError):
        docx_to_pdf(b"this is not a word file")
