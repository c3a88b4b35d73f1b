"""The skeleton of a letter's Word file: the document defaults, A4 page set-up, headers with
page numbers, the draft watermark and the Garuda anchored at the top of the page."""

from __future__ import annotations

import copy
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

from sodsong.documents.docx_style import (
    GARUDA_TOP,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    RED,
    TEXT_WIDTH_CM,
    URGENCY_RULE,
    URGENCY_SIZE,
    WATERMARK_TEXT,
    _paragraph,
    add_run,
    thai_rpr,
)
from sodsong.documents.letter import Letter
from sodsong.thai.digits import to_thai_digits

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


def _page_setup(section, *, landscape: bool) -> None:
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


def _clear(part) -> None:
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


def _headers(
    document: DocumentObject, letter: Letter, *, demo: bool, for_pdf: bool = False
) -> None:
    section = document.sections[0]
    first, other = section.first_page_header, section.header
    _clear(first)
    _clear(other)
    for part in (section.first_page_footer, section.footer):
        _clear(part)
    mark = letter.secrecy.value if letter.secrecy else ""
    urgency = letter.urgency_text()
    # First page: urgency at the left (red, URGENCY_SIZE: URGENCY_RULE), secrecy at the centre
    # (above the Garuda).
    assert URGENCY_SIZE >= 32, URGENCY_RULE  # noqa: S101 (the regulation's floor, not input)
    if urgency or mark:
        top = _paragraph(first)
        top.paragraph_format.tab_stops.add_tab_stop(Cm(TEXT_WIDTH_CM / 2), WD_TAB_ALIGNMENT.CENTER)
        if urgency:
            add_run(top, urgency, size=URGENCY_SIZE, bold=True, color=RED)
        if mark:
            add_run(top, "\t" + mark, size=20, bold=True, color=RED)
    # Later pages: secrecy, then the page number, at the top centre.
    if mark:
        _paragraph(other, mark, size=20, bold=True, color=RED, align=WD_ALIGN_PARAGRAPH.CENTER)
    number = _paragraph(other, align=WD_ALIGN_PARAGRAPH.CENTER)
    if not for_pdf:
        # Word prints `PAGE \* ThaiArabic` as ๒; LibreOffice reads the switch as Thai letters
        # (ข), so the PDF leaves the line empty and page_marks draws "- ๒ -" on it.
        _page_number(number, thai_digits=letter.thai_digits)
    for footer in (section.first_page_footer, section.footer):
        if for_pdf:
            # The line of the continuation word ("ในการนี้...") at the foot of a page.
            _paragraph(footer)
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
