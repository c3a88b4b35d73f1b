"""Draws a `Letter` as an editable Word file in the official layout (DOMAIN §7).

A4; margins top 2.5, bottom 2, left 3, right 2 cm. External letters and circulars carry the
Garuda 3 cm tall at the top centre; memos the small Garuda 1.5 cm at the top left beside the
heading บันทึกข้อความ. Every run names TH SarabunPSK 16 pt for both the Latin and the complex-script
(Thai) slots (w:rFonts w:cs, w:sz and w:szCs) and carries the Thai language tag, so the file keeps
its look when an official edits it in Word.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx.document import Document as DocumentObject
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

from sodsong.documents.docx_page import (
    _clear,
    _garuda_anchor,
    _headers,
    _page_setup,
    _setup_document,
)
from sodsong.documents.docx_style import (
    BLOCK_GAP,
    BODY_INDENT,
    DATE_TAB,
    GARUDA_HEIGHT,
    MEMO_GARUDA_HEIGHT,
    SIGNATURE_INDENT,
    TEXT_WIDTH_CM,
    _label_indent,
    _mark_rpr,
    _paragraph,
    _thai_justify,
    add_run,
    text_width_cm,
    thai_rpr,
)
from sodsong.documents.garuda import garuda_image_path
from sodsong.documents.letter import Cell, Letter, LetterKind, Table
from sodsong.thai.digits import to_thai_digits

# --- the parts of a letter ----------------------------------------------------------------


def _labelled(
    document: DocumentObject,
    label: str,
    items: Sequence[str],
    *,
    letter: Letter,
    before: Pt | int = BLOCK_GAP,
    numbered: bool | None = None,
) -> None:
    """`เรื่อง  …`, `อ้างถึง  …`, `สิ่งที่ส่งมาด้วย  ๑. …  ๒. …` with wrapped lines hanging under
    the text, not the label."""
    hanging = _label_indent(label)
    numbered = len(items) > 1 if numbered is None else numbered
    for index, item in enumerate(items, start=1):
        prefix = f"{letter.digits(str(index))}. " if numbered else ""
        paragraph = _paragraph(document, before=before if index == 1 else 0, hanging=hanging)
        if index == 1:
            add_run(paragraph, label)
        add_run(paragraph, "\t" + prefix + item)


def _head_external(document: DocumentObject, letter: Letter) -> None:
    address = list(letter.owner_address)
    widest = max(text_width_cm(line) for line in address)
    address_tab = Cm(min(max(TEXT_WIDTH_CM - widest - 0.1, 8.5), TEXT_WIDTH_CM - 3))
    first = _paragraph(document)
    first.paragraph_format.tab_stops.add_tab_stop(address_tab)
    _garuda_anchor(first.add_run(), garuda_image_path(), height=GARUDA_HEIGHT)
    add_run(first, f"ที่ {letter.number_text()}\t{address[0]}")
    for line in address[1:]:
        paragraph = _paragraph(document)
        paragraph.paragraph_format.tab_stops.add_tab_stop(address_tab)
        add_run(paragraph, "\t" + line)
    date = _paragraph(document, before=BLOCK_GAP)
    date.paragraph_format.tab_stops.add_tab_stop(DATE_TAB)
    add_run(date, "\t" + letter.date_text())
    _labelled(document, "เรื่อง", [letter.subject], letter=letter)
    _labelled(document, "เรียน", [letter.salutation], letter=letter)
    references_and_enclosures(document, letter)


def references_and_enclosures(document: DocumentObject, letter: Letter) -> None:
    """`อ้างถึง` and `สิ่งที่ส่งมาด้วย`, each only when the letter has them (every kind that has
    them: the external letter, the memo, the stamped letter)."""
    if letter.references:
        _labelled(document, "อ้างถึง", list(letter.references), letter=letter)
    if letter.enclosures:
        _labelled(
            document,
            "สิ่งที่ส่งมาด้วย",
            [enclosure.text for enclosure in letter.enclosures],
            letter=letter,
        )


def _head_memo(document: DocumentObject, letter: Letter) -> None:
    """บันทึกข้อความ: small Garuda at the left, heading at the centre; labels in 20 pt bold with
    the values on dotted lines to the right margin."""
    heading = _paragraph(document)
    heading.paragraph_format.tab_stops.add_tab_stop(Cm(TEXT_WIDTH_CM / 2), WD_TAB_ALIGNMENT.CENTER)
    heading.add_run().add_picture(str(garuda_image_path()), height=MEMO_GARUDA_HEIGHT)
    add_run(heading, "\tบันทึกข้อความ", size=29, bold=True)

    def dotted(paragraph: Paragraph, stops: Sequence[tuple[Cm, bool]]) -> None:
        for position, leader in stops:
            paragraph.paragraph_format.tab_stops.add_tab_stop(
                position,
                WD_TAB_ALIGNMENT.RIGHT if leader else WD_TAB_ALIGNMENT.LEFT,
                WD_TAB_LEADER.DOTS if leader else WD_TAB_LEADER.SPACES,
            )

    end = Cm(TEXT_WIDTH_CM)
    division = _paragraph(document, before=Pt(6))
    dotted(division, [(end, True)])
    add_run(division, "ส่วนราชการ", size=20, bold=True)
    add_run(division, "  " + letter.division + "\t")
    number = _paragraph(document)
    dotted(number, [(Cm(7.4), True), (Cm(7.5), False), (end, True)])
    add_run(number, "ที่", size=20, bold=True)
    add_run(number, "  " + letter.number_text() + "\t\t")
    add_run(number, "วันที่", size=20, bold=True)
    add_run(number, "  " + letter.date_text() + "\t")
    subject = _paragraph(document, hanging=_label_indent("เรื่อง"))
    subject.paragraph_format.tab_stops.add_tab_stop(end, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    add_run(subject, "เรื่อง", size=20, bold=True)
    add_run(subject, "\t" + letter.subject + "\t")
    _labelled(document, "เรียน", [letter.salutation], letter=letter)
    references_and_enclosures(document, letter)


def _body(document: DocumentObject, letter: Letter) -> None:
    for part in letter.body:
        if isinstance(part, Table):
            _table(document, part, letter=letter)
            continue
        paragraph = _paragraph(document, before=BLOCK_GAP, first_line=BODY_INDENT)
        add_run(paragraph, part)
        _thai_justify(paragraph)


def _signature(document: DocumentObject, letter: Letter) -> None:
    centre = WD_ALIGN_PARAGRAPH.CENTER
    if not letter.is_memo and letter.closing:
        _paragraph(
            document,
            letter.closing,
            align=centre,
            left=SIGNATURE_INDENT,
            before=Pt(12),
            keep_with_next=True,
        )
    _signature_lines(document, letter)


def _signature_lines(document: DocumentObject, letter: Letter) -> None:
    """Blank lines to sign on (the rank on the last), the name in brackets, the position."""
    centre = WD_ALIGN_PARAGRAPH.CENTER
    rank, _name = letter.signature.rank_and_name()
    blanks = letter.signature.blank_lines - (1 if rank else 0)
    for _ in range(max(blanks, 0)):
        _paragraph(document, keep_with_next=True, left=SIGNATURE_INDENT)
    if rank:
        # The rank stands at the left of the line the signer signs on, above the name.
        _paragraph(document, rank, left=SIGNATURE_INDENT, keep_with_next=True)
    lines = letter.signature.lines()
    for index, line in enumerate(lines):
        _paragraph(
            document,
            line,
            align=centre,
            left=SIGNATURE_INDENT,
            keep_with_next=index < len(lines) - 1,
        )


def _footer_block(document: DocumentObject, letter: Letter) -> None:
    if letter.footer:
        lines = letter.footer.lines(thai_digits=letter.thai_digits)
        for index, line in enumerate(lines):
            _paragraph(
                document,
                line,
                before=Pt(24) if index == 0 else 0,
                keep_with_next=index < len(lines) - 1,
            )
    if letter.copies_to:
        _labelled(document, "สำเนาส่ง", list(letter.copies_to), letter=letter, before=Pt(12))


# --- tables -------------------------------------------------------------------------------


def format_cell(value: Cell, *, numeric: bool, thai_digits: bool) -> str:
    if value is None:
        return "-"
    if numeric and isinstance(value, int | float) and not isinstance(value, bool):
        text = f"{value:,}" if isinstance(value, int) else f"{value:,.2f}"
    else:
        text = str(value)
    return to_thai_digits(text) if thai_digits and numeric else text


def _shade(cell, fill: str) -> None:  # type: ignore[no-untyped-def]
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.append(shd)


def _table(
    document: DocumentObject, table: Table, *, letter: Letter, width_cm: float = TEXT_WIDTH_CM
) -> None:
    size = 16.0 if len(table.columns) <= 5 else 14.0
    if table.title:
        _paragraph(
            document,
            table.title,
            bold=True,
            align=WD_ALIGN_PARAGRAPH.CENTER,
            before=BLOCK_GAP,
            keep_with_next=True,
        )
    body_rows = list(table.rows) + ([table.total_row] if table.total_row else [])
    grid = document.add_table(rows=1 + len(body_rows), cols=len(table.columns))
    grid.style = document.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    weights = [c.width for c in table.columns]
    known = sum(w for w in weights if w is not None)
    missing = sum(1 for w in weights if w is None)
    share = (max(1.0, 100 - known) / missing) if missing else 0
    weights = [w if w is not None else share for w in weights]
    total = sum(weights)
    widths = [Cm(width_cm * w / total) for w in weights]
    # LibreOffice lays tables out by the column grid, not the cell widths: set both.
    grid.autofit = False
    for col_index, grid_column in enumerate(grid.columns):
        grid_column.width = widths[col_index]
    for row_index, row in enumerate(grid.rows):
        for col_index, cell in enumerate(row.cells):
            cell.width = widths[col_index]
            column = table.columns[col_index]
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.space_after = 0
            thai_rpr(_mark_rpr(paragraph), size=size)
            if row_index == 0:
                add_run(paragraph, column.header, size=size, bold=True)
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                _shade(cell, "D9D9D9")
                continue
            values = body_rows[row_index - 1]
            is_total = table.total_row is not None and row_index == len(body_rows)
            text = format_cell(
                values[col_index], numeric=column.numeric, thai_digits=letter.thai_digits
            )
            add_run(paragraph, text, size=size, bold=is_total)
            if column.numeric:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    header_pr = grid.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header_pr.append(repeat)
    if table.note:
        _paragraph(document, table.note, size=size, before=Pt(6))


def _outline(paragraph: Paragraph, level: int = 0) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    element = OxmlElement("w:outlineLvl")
    element.set(qn("w:val"), str(level))
    ppr.insert_element_before(element, "w:rPr", "w:sectPr", "w:pPrChange")


def _attachments(document: DocumentObject, letter: Letter) -> None:
    for number, enclosure in letter.enclosure_tables():
        table = enclosure.table
        assert table is not None
        landscape = len(table.columns) > 7
        section = document.add_section(WD_SECTION.NEW_PAGE)
        section.different_first_page_header_footer = False
        _page_setup(section, landscape=landscape)
        width = (29.7 - 4.5) if landscape else TEXT_WIDTH_CM
        label = _paragraph(
            document,
            f"สิ่งที่ส่งมาด้วย {letter.digits(str(number))}",
            align=WD_ALIGN_PARAGRAPH.RIGHT,
        )
        # A heading level: Word's navigation pane and the PDF's bookmarks list it, and
        # page_marks finds where the letter's own pages end by it.
        _outline(label)
        _paragraph(
            document,
            table.title or enclosure.text,
            bold=True,
            align=WD_ALIGN_PARAGRAPH.CENTER,
            before=BLOCK_GAP,
        )
        _table(
            document,
            Table(
                columns=table.columns, rows=table.rows, total_row=table.total_row, note=table.note
            ),
            letter=letter,
            width_cm=width,
        )


def render_docx(letter: Letter, *, demo: bool, for_pdf: bool = False) -> bytes:
    """The letter as a .docx file's bytes. `for_pdf` leaves the page numbers and the
    continuation words to `sodsong.documents.page_marks`, which draws them on the PDF."""
    from sodsong.documents import docx_kinds

    document = _setup_document(letter)
    _clear(document)
    _headers(document, letter, demo=demo, for_pdf=for_pdf)
    if letter.kind is LetterKind.MEMO:
        _head_memo(document, letter)
    elif letter.kind is LetterKind.ORDER:
        docx_kinds.head_order(document, letter)
    elif letter.kind is LetterKind.STAMPED:
        docx_kinds.head_stamped(document, letter)
    else:
        _head_external(document, letter)
    _body(document, letter)
    if letter.kind is LetterKind.ORDER:
        docx_kinds.order_signature(document, letter)
    elif letter.kind is LetterKind.STAMPED:
        docx_kinds.stamped_foot(document, letter)
    else:
        _signature(document, letter)
    _footer_block(document, letter)
    _attachments(document, letter)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
