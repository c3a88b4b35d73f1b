"""A directive as an official letter (DOCX or PDF) through the documents module's renderer.

A circular of the province prints as the province's letter. A directive a district passed down
prints as the district's own letter to its kamnan and headmen (the relay): the district's ว
number, postal address, signer (นายอำเภอ…) and footer (ที่ทำการปกครองอำเภอ… / ฝ่ายความมั่นคง),
citing and enclosing the provincial letter; never the province's number or signature
(DOMAIN §7).
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone

from sodsong.directives.models import Directive, Origin
from sodsong.documents.letter import (
    Enclosure,
    Letter,
    LetterError,
    LetterKind,
    LetterNumber,
    OwnerFooter,
    Signature,
    Urgency,
    split_rank,
)
from sodsong.documents.offices import footer_unit, office_address, unit_name, with_place
from sodsong.geo.models import Area
from sodsong.thai.digits import to_thai_digits

ACTING = re.compile(r"\s*(ปฏิบัติราชการแทน|รักษาราชการแทน)\s*$")
RELAY_TO = "กำนัน ผู้ใหญ่บ้าน ทุกตำบล ทุกหมู่บ้าน"


def _owner_address(directive: Directive) -> tuple[str, ...]:
    """The issuing office's postal address (road and postcode)."""
    return office_address(directive.issuer_agency, directive.area)


def _enclosure_text(entry: dict) -> str:
    """ "รายงานการประชุม … จำนวน ๑ ชุด": the count the letter gave is kept."""
    text = (entry.get("text") or "").strip()
    count, unit = entry.get("count"), (entry.get("unit") or "").strip()
    if text and count and "จำนวน" not in text:
        text = f"{text} จำนวน {to_thai_digits(str(count))} {unit or 'ชุด'}".strip()
    return text


def _rank(directive: Directive) -> str:
    """The rank typed above the signer's name, from the parsed fields or the letter's text
    (the line just before "(name)")."""
    parsed = directive.parsed or {}
    if parsed.get("signatory_rank"):
        return str(parsed["signatory_rank"])
    name = (directive.signatory_name or "").strip()
    if not name or not directive.source_text:
        return ""
    lines = [line.strip() for line in directive.source_text.splitlines() if line.strip()]
    for index, line in enumerate(lines):
        if line == f"({name})" and index:
            rank, rest = split_rank(lines[index - 1] + " x")
            if rank and rest == "x":
                return rank
    return ""


def _footer_unit(directive: Directive) -> str:
    agency = directive.issuer_agency
    unit = (directive.contact_unit or "").replace(" / ", "\n").strip()
    if not unit or unit == agency.name_th:
        return footer_unit(directive.area)
    return unit


def letter_for(directive: Directive) -> Letter:
    """The circular as printed: number, date, subject, the opening paragraph, the numbered items,
    the closing paragraph, the signature and the owning unit."""
    if directive.origin == Origin.PASSED_DOWN and directive.parent_id:
        return relay_letter_for(directive)
    if directive.kind == "order":
        return order_letter_for(directive)
    code = directive.issuer_code or directive.issuer_agency.letter_code
    number = LetterNumber(code, directive.running_no, circular=True)
    date = directive.letter_date or timezone.localdate()
    body: list[str] = []
    if directive.body:
        body.extend(p.strip() for p in directive.body.split("\n\n") if p.strip())
    for item in directive.items.order_by("position"):
        ref = to_thai_digits(item.ref or str(item.position))
        body.append(f"{ref}. {to_thai_digits(item.text)}")
    closing = (directive.parsed or {}).get("closing_paragraph") or "จึงเรียนมาเพื่อทราบและถือปฏิบัติ"
    body.append(closing)
    province = directive.area.name_th if directive.area.level == "province" else ""
    position = ACTING.sub("", directive.signatory_position or "").replace(" / ", "\n")
    position = "\n".join(with_place(line, "จังหวัด", province) for line in position.splitlines())
    if not position.strip():
        position = f"ผู้ว่าราชการ{unit_name(directive.area)}"
    signature = Signature(
        name=directive.signatory_name or "                    ",
        position=position,
        acting_for=with_place(directive.acting_for, "จังหวัด", province),
        rank=_rank(directive),
    )
    urgency = (
        Urgency(directive.urgency) if directive.urgency in {u.value for u in Urgency} else None
    )
    return Letter(
        kind=LetterKind.CIRCULAR,
        number=number,
        date=date,
        subject=directive.subject,
        salutation=directive.to or "นายอำเภอ ทุกอำเภอ",
        body=tuple(body),
        signature=signature,
        owner_address=_owner_address(directive),
        references=tuple(directive.references or ()),
        enclosures=tuple(
            Enclosure(text=_enclosure_text(e)) for e in directive.enclosures or () if e.get("text")
        ),
        urgency=urgency,
        footer=OwnerFooter(
            unit=_footer_unit(directive),
            phone=directive.phone,
            email=directive.email,
        ),
    )


def _head_of(area: Area) -> str:
    """ผู้ว่าราชการจังหวัด… for a province, นายอำเภอ… for a district."""
    if area.level == "district" and not area.is_bangkok:
        return f"นายอำเภอ{area.name_th}"
    return f"ผู้ว่าราชการ{unit_name(area)}"


def order_letter_for(directive: Directive) -> Letter:
    """คำสั่งจังหวัด… (or อำเภอ…): the order series' number, the subject, the text with its
    numbered duties, "ทั้งนี้ ตั้งแต่บัดนี้เป็นต้นไป", "สั่ง ณ วันที่" and the signature; no
    salutation and no closing (DOMAIN §7, หนังสือสั่งการ)."""
    code = directive.issuer_code or directive.issuer_agency.letter_code
    body = [p.strip() for p in (directive.body or "").split("\n\n") if p.strip()]
    for item in directive.items.order_by("position"):
        ref = to_thai_digits(item.ref or str(item.position))
        body.append(f"{ref}. {to_thai_digits(item.text)}")
    body.append((directive.parsed or {}).get("closing_paragraph") or "ทั้งนี้ ตั้งแต่บัดนี้เป็นต้นไป")
    province = directive.area.name_th if directive.area.level == "province" else ""
    position = ACTING.sub("", directive.signatory_position or "").replace(" / ", "\n")
    position = "\n".join(with_place(line, "จังหวัด", province) for line in position.splitlines())
    return Letter(
        kind=LetterKind.ORDER,
        number=LetterNumber(code, directive.running_no),
        date=directive.letter_date or timezone.localdate(),
        subject=directive.subject,
        salutation="-",
        body=tuple(body),
        signature=Signature(
            name=directive.signatory_name or "                    ",
            position=position.strip() or _head_of(directive.area),
            acting_for=with_place(directive.acting_for, "จังหวัด", province),
            rank=_rank(directive),
        ),
        owner_address=_owner_address(directive),
        extra={"issuer": unit_name(directive.area)},
    )


def relay_letter_for(child: Directive) -> Letter:
    """The district's letter passing a provincial directive down to its kamnan and headmen,
    numbered in the district office's own ว series (given when it was passed down)."""
    from sodsong.indicators.services import directive_citation

    parent = child.parent
    assert parent is not None
    agency = child.issuer_agency
    area = child.area
    if not agency.letter_code:
        raise LetterError(f"{agency.name_th} has no letter code (set Agency.letter_code)")
    relay = (child.parsed or {}).get("relay") or {}
    running = relay.get("running")
    if relay.get("issuer_code") and relay["issuer_code"] != agency.letter_code:
        running = None  # the office's code changed since: leave the number to the clerk
    date = (
        dt.date.fromisoformat(relay["date"])
        if relay.get("date")
        else child.received_on or timezone.localdate()
    )
    district = unit_name(area)
    province = f"จังหวัด{parent.area.name_th}" if parent.area.level == "province" else ""
    sender = province or parent.issuer_agency.name_th
    body = [
        f"ด้วย{district}ได้รับแจ้งจาก{sender}ว่า ให้ดำเนินการตามหนังสือที่อ้างถึง "
        f"เรื่อง {parent.subject} รายละเอียดปรากฏตามสิ่งที่ส่งมาด้วย",
        f"{district}จึงขอให้กำนัน ผู้ใหญ่บ้าน ดำเนินการ ดังนี้",
    ]
    for number, item in enumerate(child.items.order_by("position"), start=1):
        body.append(f"{to_thai_digits(str(number))}. {to_thai_digits(item.text)}")
    body.append(f"แล้วรายงานผลให้{district}ทราบตามกำหนด")
    body.append("จึงเรียนมาเพื่อทราบและถือปฏิบัติโดยเคร่งครัด")
    urgency = Urgency(parent.urgency) if parent.urgency in {u.value for u in Urgency} else None
    return Letter(
        kind=LetterKind.CIRCULAR,
        number=LetterNumber(agency.letter_code, running, circular=True),
        date=date,
        subject=parent.subject,
        salutation=RELAY_TO,
        body=tuple(body),
        signature=Signature(name="\u00a0" * 30, position=f"นายอำเภอ{area.name_th}"),
        owner_address=office_address(agency, area),
        references=(to_thai_digits(directive_citation(parent)),),
        enclosures=(Enclosure(f"สำเนาหนังสือ{sender} จำนวน ๑ ชุด"),),
        urgency=urgency,
        footer=OwnerFooter(unit=footer_unit(area), phone=agency.phone, email=agency.email),
    )
