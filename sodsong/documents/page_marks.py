"""Page numbers and continuation words drawn on a letter's PDF.

The regulation's layout (DOMAIN §7) numbers a letter's pages from the second, in Thai digits at
the top centre ("- ๒ -"), and a page that does not end the letter carries at its foot, on the
right, the first word of the next page followed by dots ("ในการนี้...", as in the circular in
shared/data/letters/circular_2567_online_crime.txt).

Word prints the DOCX's `PAGE \\* ThaiArabic` field as ๒, but LibreOffice, which makes the PDF,
reads that switch as Thai letters (ข), and it has no Thai-digit page format at all. So the PDF is
made in two layers: the letter, rendered with both lines left empty (`render_docx(for_pdf=True)`),
and a second document with one page per letter page carrying only the number and the
continuation, laid over it with pypdf. Text in both layers is real text: pdftotext reads "- ๒ -".

The letter's own pages end where its first attachment begins (the attachment label is a
heading, so the PDF's bookmarks point at its page).
"""

from __future__ import annotations

import io
import re

from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from pypdf import PdfReader, PdfWriter

from sodsong.documents.docx_page import (
    _page_setup,
    _setup_document,
)
from sodsong.documents.docx_style import (
    WATERMARK_TEXT,
    _paragraph,
    add_run,
)
from sodsong.documents.docx_writer import render_docx
from sodsong.documents.letter import Letter
from sodsong.documents.pdf import docx_to_pdf
from sodsong.thai.digits import to_thai_digits

CONTINUATION_MAX = 24  # characters of the next page's first word


def page_number_text(page: int, *, thai_digits: bool = True) -> str:
    number = to_thai_digits(str(page)) if thai_digits else str(page)
    return f"-\u2002{number}\u2002-"


def letter_page_count(reader: PdfReader) -> int:
    """The pages before the first attachment (bookmarked), else all of them."""
    pages = len(reader.pages)
    try:
        outline = reader.outline
    except Exception:  # noqa: BLE001 - a PDF without a readable outline has no attachments
        return pages
    starts = [
        reader.get_destination_page_number(entry)
        for entry in outline
        if not isinstance(entry, list)
    ]
    return min([pages, *[s for s in starts if s is not None and s > 0]])


def first_word(page_text: str) -> str:
    """The first word of a page as the continuation line names it."""
    text = page_text.replace(WATERMARK_TEXT, " ").strip()
    if not text:
        return ""
    token = text.split()[0]
    if re.match(r"^[\u0e00-\u0e7f]", token) and len(token) > 6:
        from pythainlp.tokenize import word_tokenize

        words = [w for w in word_tokenize(token, engine="newmm") if w.strip()] or [token]
        # A short first word reads better with the one after it ("ใน" + "การนี้").
        token = words[0]
        for word in words[1:]:
            if len(token) >= 6:
                break
            token += word
    return token[:CONTINUATION_MAX]


def marks_docx(letter: Letter, continuations: list[str]) -> bytes:
    """One page per letter page: the page number in the header (from page two) and the
    continuation word in the footer (all pages but the last), nothing else."""
    document = _setup_document(letter)
    for paragraph in list(document.paragraphs):
        paragraph._p.getparent().remove(paragraph._p)
    mark = letter.secrecy.value if letter.secrecy else ""
    for index, continuation in enumerate(continuations):
        page = index + 1
        if index == 0:
            section = document.sections[0]
        else:
            section = document.add_section(WD_SECTION.NEW_PAGE)
            _page_setup(section, landscape=False)
        section.different_first_page_header_footer = False
        header, footer = section.header, section.footer
        header.is_linked_to_previous = False
        footer.is_linked_to_previous = False
        for part in (header, footer):
            for paragraph in list(part.paragraphs):
                paragraph._p.getparent().remove(paragraph._p)
        # The same lines as the letter's header and footer, so each mark sits on its line.
        if page == 1:
            _paragraph(header)
        else:
            if mark:
                _paragraph(header, size=20)
            _paragraph(
                header,
                page_number_text(page, thai_digits=letter.thai_digits),
                align=WD_ALIGN_PARAGRAPH.CENTER,
            )
        line = _paragraph(footer, align=WD_ALIGN_PARAGRAPH.RIGHT)
        if continuation:
            add_run(line, f"/{continuation}...")
        if mark:
            _paragraph(footer, size=20)
        _paragraph(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def letter_pdf(letter: Letter, *, demo: bool) -> bytes:
    """The letter as a PDF with its page numbers and continuation words."""
    base = docx_to_pdf(render_docx(letter, demo=demo, for_pdf=True))
    reader = PdfReader(io.BytesIO(base))
    pages = letter_page_count(reader)
    if pages < 2:
        return base
    continuations = [first_word(reader.pages[i + 1].extract_text() or "") for i in range(pages - 1)]
    continuations.append("")
    marks = PdfReader(io.BytesIO(docx_to_pdf(marks_docx(letter, continuations))))
    writer = PdfWriter(clone_from=reader)
    for index in range(min(pages, len(marks.pages))):
        writer.pages[index].merge_page(marks.pages[index])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
