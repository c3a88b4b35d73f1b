"""The heads and feet of the letter kinds other than the external letter and the memo: the order
(คำสั่ง) and the stamped letter (หนังสือประทับตรา, `letter.STAMPED_FORM_RULE`), following the forms of the correspondence
regulation (ระเบียบสำนักนายกรัฐมนตรีว่าด้วยงานสารบรรณ, DOMAIN §7).

The body paragraphs, fonts and page set-up are the external letter's (docx_writer).
"""

from __future__ import annotations

from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from sodsong.documents.docx_page import _garuda_anchor
from sodsong.documents.docx_style import (
    BLOCK_GAP,
    GARUDA_HEIGHT,
    RED,
    SIGNATURE_INDENT,
    _paragraph,
    add_run,
)
from sodsong.documents.docx_writer import (
    _labelled,
    _signature_lines,
    references_and_enclosures,
)
from sodsong.documents.garuda import garuda_image_path
from sodsong.documents.letter import Letter, thai_date_text
from sodsong.thai.dates import MONTHS_TH, be_year

CENTRE = WD_ALIGN_PARAGRAPH.CENTER


def order_number_text(letter: Letter) -> str:
    """`ที่ ๑๒๓/๒๕๖๘`: an order is numbered in the issuer's order series of the year (B.E.)."""
    running = "" if letter.number.running is None else str(letter.number.running)
    return letter.digits(f"{running}/{be_year(letter.date.year)}")


def head_order(document: DocumentObject, letter: Letter) -> None:
    """คำสั่งจังหวัด…: the Garuda, the issuer, the number and the subject centred, then a line."""
    first = _paragraph(document, align=CENTRE)
    _garuda_anchor(first.add_run(), garuda_image_path(), height=GARUDA_HEIGHT)
    add_run(first, f"คำสั่ง{letter.extra['issuer']}", bold=True)
    _paragraph(document, f"ที่ {order_number_text(letter)}", align=CENTRE, bold=True)
    _paragraph(document, f"เรื่อง {letter.subject}", align=CENTRE, bold=True)
    _paragraph(document, "-" * 28, align=CENTRE)


def order_date_text(letter: Letter) -> str:
    """`สั่ง ณ วันที่ ๑๖ มิถุนายน พ.ศ. ๒๕๖๘` (the day may be left blank for the signer)."""
    month = MONTHS_TH[letter.date.month - 1]
    year = letter.digits(str(be_year(letter.date.year)))
    day = "\u00a0" * 6 if letter.blank_day else letter.digits(str(letter.date.day))
    return f"สั่ง ณ วันที่ {day} {month} พ.ศ. {year}"


def order_signature(document: DocumentObject, letter: Letter) -> None:
    """No closing (ขอแสดงความนับถือ) on an order: the date it is given, then the signature."""
    _paragraph(document, order_date_text(letter), left=Cm(4.5), before=Pt(12), keep_with_next=True)
    _signature_lines(document, letter)


def head_stamped(document: DocumentObject, letter: Letter) -> None:
    """หนังสือประทับตรา (STAMPED_FORM_RULE): the Garuda, ข้อ 13.1 `ที่` at the left, then 13.2
    `ถึง` (no เรื่อง, no เรียน, no date at the top)."""
    first = _paragraph(document)
    _garuda_anchor(first.add_run(), garuda_image_path(), height=GARUDA_HEIGHT)
    add_run(first, f"ที่ {letter.number_text()}")
    _labelled(document, "ถึง", [letter.salutation], letter=letter)
    references_and_enclosures(document, letter)


def stamped_foot(document: DocumentObject, letter: Letter) -> None:
    """After the text (13.3), in the order of ข้อ 13: 13.4 the sending office's name, 13.5 the
    office's stamp in red ink with the initials of the head of the division beside it, 13.6 the
    date. No closing and no signer's name; the owning unit and telephone (13.7, 13.8) follow as
    on every letter (`_footer_block`)."""
    _paragraph(
        document,
        letter.sender,
        align=CENTRE,
        left=SIGNATURE_INDENT,
        before=Pt(24),
        keep_with_next=True,
    )
    _paragraph(
        document,
        "(ตราชื่อส่วนราชการ)",
        align=CENTRE,
        left=SIGNATURE_INDENT,
        before=BLOCK_GAP,
        color=RED,
        keep_with_next=True,
    )
    _paragraph(
        document,
        f"ลงชื่อย่อกำกับตรา ........................ ({letter.stamp_initialled_by()})",
        align=CENTRE,
        left=SIGNATURE_INDENT,
        size=14,
        keep_with_next=True,
    )
    _paragraph(
        document,
        thai_date_text(letter.date, blank_day=letter.blank_day, thai_digits=letter.thai_digits),
        align=CENTRE,
        left=SIGNATURE_INDENT,
        before=BLOCK_GAP,
    )
