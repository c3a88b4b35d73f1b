"""A directive as an official letter (DOCX or PDF) through the documents module's renderer."""

from __future__ import annotations

import re

from django.utils import timezone

from sodsong.directives.models import Directive
from sodsong.documents.letter import (
    Enclosure,
    Letter,
    LetterKind,
    LetterNumber,
    OwnerFooter,
    Signature,
    Urgency,
)
from sodsong.thai.digits import to_thai_digits

ACTING = re.compile(r"\s*(ปฏิบัติราชการแทน|รักษาราชการแทน)\s*$")


def _owner_address(directive: Directive) -> tuple[str, ...]:
    agency = directive.issuer_agency
    area = directive.area
    if area.level == "province":
        return (f"ศาลากลางจังหวัด{area.name_th}",)
    return (agency.name_th,)


def letter_for(directive: Directive) -> Letter:
    """The circular as printed: number, date, subject, the opening paragraph, the numbered items,
    the closing paragraph, the signature and the owning unit."""
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
    position = ACTING.sub("", directive.signatory_position or "").replace(" / ", "\n")
    if not position.strip():
        position = "ผู้ว่าราชการจังหวัด"
    signature = Signature(
        name=directive.signatory_name or "                    ",
        position=position,
        acting_for=directive.acting_for,
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
            Enclosure(text=e.get("text", "")) for e in directive.enclosures or () if e.get("text")
        ),
        urgency=urgency,
        footer=OwnerFooter(
            unit=directive.contact_unit or directive.issuer_agency.name_th,
            phone=directive.phone,
            email=directive.email,
        ),
    )
