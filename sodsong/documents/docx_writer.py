"""Draws a `Letter` as an editable Word file in the official layout (DOMAIN §7).

A4; margins top 2.5, bottom 2, left 3, right 2 cm. External letters and circulars carry the
Garuda 3 cm tall at the top centre; memos the small Garuda 1.5 cm at the top left beside the
heading บันทึกข้อความ. Every run names TH SarabunPSK 16 pt for both the Latin and the complex-script
(Thai) slots (w:rFonts w:cs, w:sz and w:szCs) and carries the Thai language tag, so the file keeps
its look when an official edits it in Word.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

from sodsong.documents.garuda import FONTS_DIR, garuda_image_path
from sodsong.documents.letter import Cell, Letter, LetterKind, Table
from sodsong.thai.digits import to_thai_digits

FONT = "TH SarabunPSK"
SIZE = 16.0
RED = "D00000"
WATERMARK_TEXT = "ตัวอย่าง"

PAGE_WIDTH, PAGE_HEIGHT = Cm(21.0), Cm(29.7)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Cm(2.5), Cm(2.0), Cm(3.0), Cm(2.0)
TEXT_WIDTH_CM = 21.0 - 3.0 - 2.0
GARUDA_HEIGHT = Cm(3.0)
GARUDA_TOP = Cm(1.5)  # from the top edge of the page
MEMO_GARUDA_HEIGHT = Cm(1.5)
BODY_INDENT = Cm(2.5)  # first-line indent of body paragraphs
DATE_TAB = Cm(8.0)  # the date starts under the Garuda, at the centre of the text
SIGNATURE_INDENT = Cm(3.0)  # closing and signature centred on (3 + 16) / 2 = 9.5 cm
BLOCK_GAP = Pt(6)

_RPR_ORDER = (
    "w:rStyle",
    "w:rFonts",
    "w:b",
    "w:bCs",
    "w:i",
    "w:iCs",
    "w:caps",
    "w:smallCaps",
    "w:strike",
    "w:dstrike",
    "w:outline",
    "w:shadow",
    "w:emboss",
    "w:imprint",
    "w:noProof",
    "w:snapToGrid",
    "w:vanish",
    "w:webHidden",
    "w:color",
    "w:spacing",
    "w:w",
    "w:kern",
    "w:position",
    "w:sz",
    "w:szCs",
    "w:highlight",
    "w:u",
    "w:effect",
    "w:bdr",
    "w:shd",
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    "w:eastAsianLayout",
    "w:specVanish",
    "w:oMath",
)


# --- measuring (to place tab stops and hanging indents where the text ends) ------------------


@lru_cache(maxsize=4)
def _measure_font(size_pt: float):  # type: ignore[no-untyped-def]
    from PIL import ImageFont

    return ImageFont.truetype(
        str(FONTS_DIR / "THSarabun.ttf"), int(size_pt * 10), layout_engine=ImageFont.Layout.RAQM
    )


def text_width_cm(text: str, *, size: float = SIZE) -> float:
    return float(_measure_font(size).getlength(text)) / 10 * 2.54 / 72


def _label_indent(label: str) -> Cm:
    width = text_width_cm(label) + 0.35
    return Cm(round(width * 20 + 0.5) / 20)


# --- runs with the Thai font on every slot -------------------------------------------------


def _set_rpr_child(rpr, tag: str, **attrs: str):  # type: ignore[no-untyped-def]
    existing = rpr.find(qn(tag))
    if existing is not None:
        rpr.remove(existing)
    element = OxmlElement(tag)
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), value)
    successors = _RPR_ORDER[_RPR_ORDER.index(tag) + 1 :]
    rpr.insert_element_before(element, *successors)
    return element


def thai_rpr(rpr, *, size: float = SIZE, bold: bool = False, color: str | None = None) -> None:  # type: ignore[no-untyped-def]
    """Names the font for ASCII, high-ANSI, East-Asian and complex script, the size for both
    Latin and complex script, and tags the text Thai (w:lang w:bidi)."""
    _set_rpr_child(rpr, "w:rFonts", ascii=FONT, hAnsi=FONT, eastAsia=FONT, cs=FONT)
    if bold:
        _set_rpr_child(rpr, "w:b")
        _set_rpr_child(rpr, "w:bCs")
    if color:
        _set_rpr_child(rpr, "w:color", val=color)
    half_points = str(round(size * 2))
    _set_rpr_child(rpr, "w:sz", val=half_points)
    _set_rpr_child(rpr, "w:szCs", val=half_points)
    _set_rpr_child(rpr, "w:lang", val="th-TH", eastAsia="th-TH", bidi="th-TH")


def add_run(
    paragraph: Paragraph,
    text: str,
    *,
    size: float = SIZE,
    bold: bool = False,
    color: str | None = None,
) -> Run:
    run = paragraph.add_run(text)
    thai_rpr(run._r.get_or_add_rPr(), size=size, bold=bold, color=color)
    return run


def _paragraph(
    container,  # type: ignore[no-untyped-def]
    text: str = "",
    *,
    size: float = SIZE,
    bold: bool = False,
    color: str | None = None,
    align: WD_ALIGN_PARAGRAPH | None = None,
    before: Pt | int = 0,
    first_line: Cm | None = None,
    left: Cm | None = None,
    hanging: Cm | None = None,
    keep_with_next: bool = False,
) -> Paragraph:
    paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.space_before = before
    fmt.space_after = 0
    if align is not None:
        paragraph.alignment = align
    if left is not None:
        fmt.left_indent = left
    if hanging is not None:
        fmt.left_indent = (left or 0) + hanging
        fmt.first_line_indent = -hanging
        fmt.tab_stops.add_tab_stop((left or 0) + hanging)
    if first_line is not None:
        fmt.first_line_indent = first_line
    if keep_with_next:
        fmt.keep_with_next = True
    if text:
        add_run(paragraph, text, size=size, bold=bold, color=color)
    # The paragraph mark carries the font too, so Word types on in TH SarabunPSK.
    thai_rpr(_mark_rpr(paragraph), size=size)
    return paragraph


def _mark_rpr(paragraph: Paragraph):  # type: ignore[no-untyped-def]
    """The paragraph mark's run properties (w:pPr/w:rPr), created in schema order."""
    ppr = paragraph._p.get_or_add_pPr()
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        ppr.insert_element_before(rpr, "w:sectPr", "w:pPrChange")
    return rpr


def _thai_justify(paragraph: Paragraph) -> None:
    """Thai distributed justification (Word's "Thai Distributed"), as officials set it."""
    ppr = paragraph._p.get_or_add_pPr()
    jc = ppr.find(qn("w:jc"))
    if jc is None:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        jc = ppr.find(qn("w:jc"))
    jc.set(qn("w:val"), "thaiDistribute")


# --- the document skeleton ----------------------------------------------------------------


def _setup_document(letter: Letter) -> DocumentObject:
    document = Document()
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    thai_rpr(rpr_default)
    ppr_default = defaults.find(qn("w:pPrDefault"))
    if ppr_default is not None:
        ppr = ppr_default.find(qn("w:pPr"))
        spacing = ppr.find(qn("w:spacing")) if ppr is not None else None
        if spacing is not None:
            spacing.set(qn("w:after"), "0")
            spacing.set(qn("w:line"), "240")
            spacing.set(qn("w:lineRule"), "auto")
    for style_name in ("Normal", "Table Grid"):
        style = document.styles[style_name]
        thai_rpr(style.element.get_or_add_rPr())
        style.paragraph_format.space_after = 0
        style.paragraph_format.space_before = 0
        style.paragraph_format.line_spacing = 1.0
    settings = document.settings.element
    lang = settings.find(qn("w:themeFontLang"))
    if lang is None:
        lang = OxmlElement("w:themeFontLang")
        settings.append(lang)
    lang.set(qn("w:val"), "th-TH")
    lang.set(qn("w:bidi"), "th-TH")

    section = document.sections[0]
    _page_setup(section, landscape=False)
    section.different_first_page_header_footer = True
    core = document.core_properties
    core.title = letter.subject
    core.language = "th-TH"
    core.author = ""
    core.comments = ""
    return document


def _page_setup(section, *, landscape: bool) -> None:  # type: ignore[no-untyped-def]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = PAGE_HEIGHT, PAGE_WIDTH
        section.top_margin, section.bottom_margin = Cm(2.0), Cm(1.5)
        section.left_margin, section.right_margin = Cm(2.5), Cm(2.0)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
        section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
        section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.header_distance = Cm(0.8)
    section.footer_distance = Cm(0.8)
    section.gutter = 0


def _clear(part) -> None:  # type: ignore[no-untyped-def]
    for paragraph in list(part.paragraphs):
        paragraph._p.getparent().remove(paragraph._p)


def _page_number(paragraph: Paragraph, *, thai_digits: bool) -> None:
    """`- ๒ -` at the top centre from page two on."""
    add_run(paragraph, "- ")
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2")):
        run = add_run(paragraph, "")
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = " PAGE \\* ThaiArabic " if thai_digits else " PAGE "
            run._r.append(instr)
        else:
            run.text = to_thai_digits(text or "") if thai_digits else (text or "")
    end = add_run(paragraph, "")
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), "end")
    end._r.append(char)
    add_run(paragraph, " -")


def _headers(document: DocumentObject, letter: Letter, *, demo: bool) -> None:
    section = document.sections[0]
    first, other = section.first_page_header, section.header
    _clear(first)
    _clear(other)
    for part in (section.first_page_footer, section.footer):
        _clear(part)
    mark = letter.secrecy.value if letter.secrecy else ""
    urgency = letter.urgency_text()
    # First page: urgency at the left, secrecy at the centre (above the Garuda).
    if urgency or mark:
        top = _paragraph(first)
        top.paragraph_format.tab_stops.add_tab_stop(Cm(TEXT_WIDTH_CM / 2), WD_TAB_ALIGNMENT.CENTER)
        if urgency:
            add_run(top, urgency, size=24, bold=True, color=RED)
        if mark:
            add_run(top, "\t" + mark, size=20, bold=True, color=RED)
    # Later pages: secrecy, then the page number, at the top centre.
    if mark:
        _paragraph(other, mark, size=20, bold=True, color=RED, align=WD_ALIGN_PARAGRAPH.CENTER)
    number = _paragraph(other, align=WD_ALIGN_PARAGRAPH.CENTER)
    _page_number(number, thai_digits=letter.thai_digits)
    for footer in (section.first_page_footer, section.footer):
        if mark:
            _paragraph(footer, mark, size=20, bold=True, color=RED, align=WD_ALIGN_PARAGRAPH.CENTER)
        elif not footer.paragraphs:
            _paragraph(footer)
    if demo:
        for header in (first, other):
            if not header.paragraphs:
                _paragraph(header)
            _add_watermark(header.paragraphs[0])
    for header in (first, other):
        if not header.paragraphs:
            _paragraph(header)


# The WordArt watermark Word itself writes (Design → Watermark): a VML text path anchored in the
# header, behind the text, on every page. LibreOffice reads it as a watermark too.
_WATERMARK_XML = """
<w:pict xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
        xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office">
  <v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800"
      path="m@7,l@8,m@5,21600l@6,21600e">
    <v:formulas>
      <v:f eqn="sum #0 0 10800"/><v:f eqn="prod #0 2 1"/><v:f eqn="sum 21600 0 @1"/>
      <v:f eqn="sum 0 0 @2"/><v:f eqn="sum 21600 0 @3"/><v:f eqn="if @0 @3 0"/>
      <v:f eqn="if @0 21600 @1"/><v:f eqn="if @0 0 @2"/><v:f eqn="if @0 @4 21600"/>
      <v:f eqn="mid @5 @6"/><v:f eqn="mid @8 @5"/><v:f eqn="mid @7 @8"/><v:f eqn="mid @6 @7"/>
      <v:f eqn="sum @6 0 @5"/>
    </v:formulas>
    <v:path textpathok="t" o:connecttype="custom"
        o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800" o:connectangles="270,180,90,0"/>
    <v:textpath on="t" fitshape="t"/>
    <v:handles><v:h position="#0,bottomRight" xrange="6629,14971"/></v:handles>
    <o:lock v:ext="edit" text="t" shapetype="t"/>
  </v:shapetype>
  <v:shape id="PowerPlusWaterMarkObject" o:spid="_x0000_s2049" type="#_x0000_t136"
      style="position:absolute;margin-left:0;margin-top:0;width:440pt;height:110pt;rotation:315;z-index:-251657216;mso-position-horizontal:center;mso-position-horizontal-relative:margin;mso-position-vertical:center;mso-position-vertical-relative:margin"
      o:allowincell="f" fillcolor="#d9d9d9" stroked="f">
    <v:fill opacity=".5"/>
    <v:textpath style="font-family:&quot;TH SarabunPSK&quot;;font-size:1pt" string="TEXT"/>
  </v:shape>
</w:pict>
"""


def _add_watermark(paragraph: Paragraph) -> None:
    run = add_run(paragraph, "")
    pict = etree.fromstring(_WATERMARK_XML.replace("TEXT", WATERMARK_TEXT))
    run._r.append(pict)


# --- the Garuda ---------------------------------------------------------------------------


def _garuda_anchor(run: Run, image: Path, *, height: Emu) -> None:
    """Places the picture floating at the top centre, 1.5 cm from the page's top edge, with text
    below it (wrap top and bottom): where the regulation puts the Garuda."""
    run.add_picture(str(image), height=height)
    drawing = run._r.find(qn("w:drawing"))
    inline = drawing.find(qn("wp:inline"))
    anchor = OxmlElement("wp:anchor")
    for key, value in {
        "distT": "0",
        "distB": "0",
        "distL": "0",
        "distR": "0",
        "simplePos": "0",
        "relativeHeight": "251659264",
        "behindDoc": "0",
        "locked": "1",
        "layoutInCell": "1",
        "allowOverlap": "0",
    }.items():
        anchor.set(key, value)
    simple = OxmlElement("wp:simplePos")
    simple.set("x", "0")
    simple.set("y", "0")
    anchor.append(simple)
    position_h = OxmlElement("wp:positionH")
    position_h.set("relativeFrom", "margin")
    align = OxmlElement("wp:align")
    align.text = "center"
    position_h.append(align)
    anchor.append(position_h)
    position_v = OxmlElement("wp:positionV")
    position_v.set("relativeFrom", "page")
    offset = OxmlElement("wp:posOffset")
    offset.text = str(int(GARUDA_TOP))
    position_v.append(offset)
    anchor.append(position_v)
    anchor.append(copy.deepcopy(inline.find(qn("wp:extent"))))
    effect = OxmlElement("wp:effectExtent")
    for side in ("l", "t", "r", "b"):
        effect.set(side, "0")
    anchor.append(effect)
    anchor.append(OxmlElement("wp:wrapTopAndBottom"))
    for tag in ("wp:docPr", "wp:cNvGraphicFramePr", "a:graphic"):
        element = inline.find(qn(tag))
        if element is not None:
            anchor.append(copy.deepcopy(element))
    drawing.remove(inline)
    drawing.append(anchor)


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
    if letter.references:
        _labelled(document, "อ้างถึง", list(letter.references), letter=letter)
    if letter.enclosures:
        _labelled(
            document,
            "สิ่งที่ส่งมาด้วย",
            [enclosure.text for enclosure in letter.enclosures],
            letter=letter,
        )


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
    for _ in range(letter.signature.blank_lines):
        _paragraph(document, keep_with_next=True, left=SIGNATURE_INDENT)
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


def _attachments(document: DocumentObject, letter: Letter) -> None:
    for number, enclosure in letter.enclosure_tables():
        table = enclosure.table
        assert table is not None
        landscape = len(table.columns) > 7
        section = document.add_section(WD_SECTION.NEW_PAGE)
        section.different_first_page_header_footer = False
        _page_setup(section, landscape=landscape)
        width = (29.7 - 4.5) if landscape else TEXT_WIDTH_CM
        _paragraph(
            document,
            f"สิ่งที่ส่งมาด้วย {letter.digits(str(number))}",
            align=WD_ALIGN_PARAGRAPH.RIGHT,
        )
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


def render_docx(letter: Letter, *, demo: bool) -> bytes:
    """The letter as a .docx file's bytes."""
    document = _setup_document(letter)
    _clear(document)
    _headers(document, letter, demo=demo)
    if letter.kind is LetterKind.MEMO:
        _head_memo(document, letter)
    else:
        _head_external(document, letter)
    _body(document, letter)
    _signature(document, letter)
    _footer_block(document, letter)
    _attachments(document, letter)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
