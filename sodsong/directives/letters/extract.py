"""Text from an uploaded letter: plain text, PDF with a text layer, or DOCX.

The parser reads layout: indentation separates a new paragraph from a wrapped line and the
header's right-hand column (the owner's address) from the number. PDF text is therefore taken in
layout mode (poppler's `pdftotext -layout` when installed, otherwise pypdf's layout mode, which
works alone), and DOCX paragraphs get leading spaces for their indentation and alignment.
"""

from __future__ import annotations

import io
import shutil
import subprocess  # noqa: S404 - pdftotext is called with a fixed argument list, no shell
import tempfile
from pathlib import Path
from typing import BinaryIO

PDF_TYPES = {"application/pdf", "pdf", ".pdf"}
DOCX_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "docx",
    ".docx",
}
TEXT_TYPES = {"text/plain", "txt", ".txt", "text"}


# Limits on what a letter file may make the reader do (issue #17 item 8). A 60-page DOCX letter is
# a few MB of XML; a letter with its enclosures rarely passes 50 pages.
DOCX_MAX_DECOMPRESSED = 50 * 1024 * 1024
DOCX_MAX_RATIO = 100  # per member above DOCX_RATIO_FREE bytes; text XML compresses about 10:1
DOCX_RATIO_FREE = 1024 * 1024
DOCX_MAX_MEMBERS = 2_000
PDF_MAX_PAGES = 100


class UnsupportedLetterFile(ValueError):
    """The file is not plain text, a PDF with a text layer or a DOCX document."""


class LetterFileTooLarge(UnsupportedLetterFile):
    """The file would make the reader expand or read far more than a letter; Thai message."""


def text_from_file(
    source: str | Path | bytes | bytearray | BinaryIO,
    content_type: str | None = None,
    *,
    pdf_engine: str | None = None,
) -> str:
    """The letter's text. `content_type` is a MIME type or an extension ("pdf", ".docx"); without
    one the kind is sniffed from the bytes. `pdf_engine` forces "pypdf" or "pdftotext"."""
    data, name = _read(source)
    kind = _kind(data, (content_type or "").split(";")[0].strip().lower(), name)
    if kind == "pdf":
        text = _pdf_text(data, pdf_engine)
        if not text.strip():
            raise UnsupportedLetterFile("the PDF has no text layer (a scan needs OCR first)")
        return text
    if kind == "docx":
        return _docx_text(data)
    return decode_text(data)


def decode_text(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Thai Windows (TIS-620 superset), still common in government offices.
        return data.decode("cp874", errors="replace")


def _read(source: str | Path | bytes | bytearray | BinaryIO) -> tuple[bytes, str]:
    if isinstance(source, bytes | bytearray):
        return bytes(source), ""
    if isinstance(source, str | Path):
        path = Path(source)
        return path.read_bytes(), path.name.lower()
    data = source.read()
    return (data.encode("utf-8") if isinstance(data, str) else data), str(
        getattr(source, "name", "") or ""
    ).lower()


def _kind(data: bytes, content_type: str, name: str) -> str:
    if content_type in PDF_TYPES or (not content_type and name.endswith(".pdf")):
        return "pdf"
    if content_type in DOCX_TYPES or (not content_type and name.endswith(".docx")):
        return "docx"
    if content_type and content_type not in TEXT_TYPES and not content_type.startswith("text/"):
        if data.startswith(b"%PDF"):
            return "pdf"
        if data.startswith(b"PK"):
            return "docx"
        raise UnsupportedLetterFile(f"unsupported content type {content_type}")
    if not content_type:
        if data.startswith(b"%PDF"):
            return "pdf"
        if data.startswith(b"PK\x03\x04"):
            return "docx"
    return "text"


def _pdf_text(data: bytes, engine: str | None) -> str:
    check_pdf_pages(data)
    if engine in (None, "pdftotext") and shutil.which("pdftotext"):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "letter.pdf"
            path.write_bytes(data)
            done = subprocess.run(  # noqa: S603
                ["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"],  # noqa: S607
                capture_output=True,
                timeout=60,
                check=False,
            )
        if done.returncode == 0:
            return done.stdout.decode("utf-8", errors="replace").replace("\f", "\n")
        if engine == "pdftotext":
            raise UnsupportedLetterFile("pdftotext could not read the PDF")
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = []
        for page in reader.pages:
            try:
                pages.append(page.extract_text(extraction_mode="layout"))
            except Exception:  # noqa: BLE001 - layout mode fails on some fonts; plain mode then
                pages.append(page.extract_text() or "")
    except PdfReadError as exc:
        raise UnsupportedLetterFile(f"unreadable PDF: {exc}") from exc
    return _pypdf_glyph_fixes("\n".join(pages))


def _pypdf_glyph_fixes(text: str) -> str:
    """pypdf maps some Thai glyph variants back to the wrong characters: sara am followed by a
    stray sara aa ("อำาเภอ"), and the shifted sara uu under a tone mark read as a second mai tho
    ("ผ้้ว่า")."""
    return text.replace("\u0e33\u0e32", "\u0e33").replace("\u0e49\u0e49", "\u0e39\u0e49")


def check_docx_size(data: bytes) -> None:
    """Refuses a DOCX that expands beyond DOCX_MAX_DECOMPRESSED, or whose members compress more
    than DOCX_MAX_RATIO:1, before python-docx opens it. Members are inflated in chunks with a
    cap (the sizes an archive declares can lie)."""
    import zipfile

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise UnsupportedLetterFile(f"unreadable DOCX: {exc}") from exc
    mib = DOCX_MAX_DECOMPRESSED // (1024 * 1024)
    too_large = LetterFileTooLarge(
        f"ไฟล์ DOCX ขยายได้เกิน {mib} MB เมื่อเปิด (ไฟล์บีบอัดอันตราย หรือใหญ่เกินหนังสือราชการ) ระบบจึงไม่อ่าน"
    )
    with archive:
        infos = archive.infolist()
        if len(infos) > DOCX_MAX_MEMBERS or sum(i.file_size for i in infos) > DOCX_MAX_DECOMPRESSED:
            raise too_large
        for info in infos:
            if info.file_size > DOCX_RATIO_FREE and info.file_size > DOCX_MAX_RATIO * max(
                info.compress_size, 1
            ):
                raise too_large
        budget = DOCX_MAX_DECOMPRESSED
        for info in infos:
            if info.is_dir():
                continue
            try:
                with archive.open(info) as member:
                    while chunk := member.read(1024 * 1024):
                        budget -= len(chunk)
                        if budget < 0:
                            raise too_large
            except (zipfile.BadZipFile, OSError, EOFError) as exc:
                raise UnsupportedLetterFile(f"damaged DOCX: {exc}") from exc


def _pdf_pages(data: bytes) -> int:
    from pypdf import PdfReader

    try:
        return len(PdfReader(io.BytesIO(data)).pages)
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds on a damaged file
        raise UnsupportedLetterFile(f"unreadable PDF: {exc}") from exc


def check_pdf_pages(data: bytes) -> int:
    """The PDF's page count; LetterFileTooLarge beyond PDF_MAX_PAGES."""
    pages = _pdf_pages(data)
    if pages > PDF_MAX_PAGES:
        raise LetterFileTooLarge(
            f"ไฟล์ PDF มี {pages:,} หน้า ระบบอ่านหนังสือได้ไม่เกิน {PDF_MAX_PAGES} หน้า "
            "โปรดแยกเฉพาะหน้าหนังสือ (ไม่รวมสิ่งที่ส่งมาด้วย) แล้วอ่านใหม่"
        )
    return pages


def _docx_text(data: bytes) -> str:
    check_docx_size(data)
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - python-docx raises several kinds on bad input
        raise UnsupportedLetterFile(f"unreadable DOCX: {exc}") from exc

    def paragraph_line(paragraph: Paragraph) -> str:
        text = paragraph.text.replace("\t", "        ")
        if not text.strip():
            return ""
        fmt = paragraph.paragraph_format
        points = sum(
            (value.pt if value is not None else 0)
            for value in (fmt.left_indent, fmt.first_line_indent)
        )
        spaces = max(0, round(points / 4.5))
        if paragraph.alignment in (WD_ALIGN_PARAGRAPH.CENTER,):
            spaces = max(spaces, 40)
        elif paragraph.alignment in (WD_ALIGN_PARAGRAPH.RIGHT,):
            spaces = max(spaces, 60)
        return " " * spaces + text

    lines: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(paragraph_line(Paragraph(block, document)))
        elif tag == "tbl":
            for row in Table(block, document).rows:
                cells = [cell.text.strip() for cell in row.cells]
                lines.append("    ".join(dict.fromkeys(c for c in cells if c)))
    return "\n".join(lines) + "\n"
