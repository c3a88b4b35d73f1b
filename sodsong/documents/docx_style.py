"""The typography of the official letter (DOMAIN §7): page measures, the Thai font on every
run slot (w:rFonts w:cs, w:sz and w:szCs, the Thai language tag), measuring text to place tab
stops and hanging indents, and the paragraph builder the letter's parts share."""

from __future__ import annotations

from functools import lru_cache

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from sodsong.documents.garuda import FONTS_DIR

FONT = "TH SarabunPSK"
SIZE = 16.0
RED = "D00000"
# ชั้นความเร็ว (ด่วนที่สุด, ด่วนมาก, ด่วน, or "ด่วนภายใน" and a date) in red, "ตัวอักษรสีแดงขนาดไม่เล็กกว่า
# ๓๒ พอยท์" on the letter and the envelope (แบบที่ 1-3 and 15). The rule is the regulation's ข้อ 28 as
# the issue-19 domain review gives it; DOMAIN §7 (/work/shared/docs/DOMAIN.md) cites it as ข้อ 16,
# which is the rule for orders (คำสั่ง: online.flipbuilder.com/yvcv/xmsw page 20 numbers
# "ข้อ ๑๖ คำสั่ง"). The rule's content was checked on 2026-12-05 against a summary
# (aypaotechno.blogspot.com/2021/11/blog-post_49.html); no page found numbered it, so the number
# stands on the review until read in the regulation's text.
URGENCY_RULE = "ระเบียบสำนักนายกรัฐมนตรีว่าด้วยงานสารบรรณ พ.ศ. 2526 ข้อ 28 (ชั้นความเร็ว)"
URGENCY_SIZE = 32.0
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
def _measure_font(size_pt: float):
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


def _set_rpr_child(rpr, tag: str, **attrs: str):
    existing = rpr.find(qn(tag))
    if existing is not None:
        rpr.remove(existing)
    element = OxmlElement(tag)
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), value)
    successors = _RPR_ORDER[_RPR_ORDER.index(tag) + 1 :]
    rpr.insert_element_before(element, *successors)
    return element


def thai_rpr(rpr, *, size: float = SIZE, bold: bool = False, color: str | None = None) -> None:
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
    container,
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


def _mark_rpr(paragraph: Paragraph):
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
