"""A directive passed down by a district is printed as the district's own letter to its kamnan
and headmen: its ว number, address, signer and footer, never the province's (DOMAIN §7)."""

from __future__ import annotations

import pytest

from sodsong.directives.letter_render import letter_for
from sodsong.directives.models import Directive, Origin
from sodsong.documents.letter import LetterKind

pytestmark = pytest.mark.django_db


def _relay() -> Directive:
    child = Directive.objects.filter(origin=Origin.PASSED_DOWN, area__code__startswith="47").first()
    assert child is not None and child.parent is not None
    return child


def test_the_relay_takes_a_number_from_the_districts_own_wor_series():
    child = _relay()
    letter = letter_for(child)
    assert letter.kind is LetterKind.CIRCULAR and letter.number.circular
    assert letter.number.issuer_code == child.issuer_agency.letter_code
    assert not letter.number.issuer_code.startswith("สน 0018")
    assert letter.number.running is not None
    assert letter.number.running != child.parent.running_no


def test_the_relay_is_from_the_district_office_to_kamnan_and_headmen():
    child = _relay()
    letter = letter_for(child)
    assert letter.owner_address[0].startswith("ที่ว่าการอำเภอ")
    assert "ศาลากลาง" not in " ".join(letter.owner_address)
    assert "กำนัน" in letter.salutation and "ผู้ใหญ่บ้าน" in letter.salutation
    assert letter.footer.unit.splitlines()[0].startswith("ที่ทำการปกครองอำเภอ")
    assert letter.footer.unit.splitlines()[1] == "ฝ่ายความมั่นคง"


def test_the_relay_is_signed_by_the_district_not_the_province():
    child = _relay()
    lines = letter_for(child).signature.lines()
    assert lines[1].startswith("นายอำเภอ")
    assert not any("จังหวัด" in line for line in lines)
    if child.parent.signatory_name:
        assert child.parent.signatory_name not in " ".join(lines)


def test_the_relay_cites_and_encloses_the_provincial_letter_with_its_count():
    child = _relay()
    letter = letter_for(child)
    assert letter.references and letter.references[0].startswith("หนังสือจังหวัดสกลนคร")
    assert any(e.text.endswith("จำนวน ๑ ชุด") for e in letter.enclosures)


def test_the_provincial_circular_keeps_its_enclosure_counts_and_signer_once():
    parent = _relay().parent
    parent.enclosures = [{"text": "รายงานการประชุม", "count": 1, "unit": "ชุด"}]
    parent.signatory_name = "ว่าที่ร้อยตรี รณรงค์ ไกรฤต"
    parent.signatory_position = "ปลัดจังหวัดสกลนคร ปฏิบัติราชการแทน / ผู้ว่าราชการจังหวัดสกลนคร"
    parent.acting_for = "ผู้ว่าราชการจังหวัดสกลนคร"
    letter = letter_for(parent)
    assert letter.enclosures[0].text == "รายงานการประชุม จำนวน ๑ ชุด"
    assert letter.signature.lines() == [
        "(รณรงค์ ไกรฤต)",
        "ปลัดจังหวัดสกลนคร ปฏิบัติราชการแทน",
        "ผู้ว่าราชการจังหวัดสกลนคร",
    ]
    assert letter.signature.rank_and_name()[0] == "ว่าที่ร้อยตรี"
    assert letter.owner_address[0] == "ศาลากลางจังหวัดสกลนคร"
    assert "ถนนศูนย์ราชการ" in letter.owner_address[1]


def test_a_composed_circulars_position_gets_the_provinces_name():
    parent = _relay().parent
    parent.signatory_name = "นายสมชาย ใจมั่น"
    parent.signatory_position = "ปลัดจังหวัด"
    parent.acting_for = "ผู้ว่าราชการจังหวัด"
    assert letter_for(parent).signature.position_lines() == [
        "ปลัดจังหวัดสกลนคร ปฏิบัติราชการแทน",
        "ผู้ว่าราชการจังหวัดสกลนคร",
    ]
