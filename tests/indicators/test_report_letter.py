"""The provincial report letter (issue 20) and the report's official style (DOMAIN §7)."""

from __future__ import annotations

import datetime as dt

import pytest

from sodsong.accounts.models import Agency
from sodsong.directives.models import Directive
from sodsong.geo.models import Area
from sodsong.indicators import letters, services
from sodsong.indicators.models import Report, ReportingPeriod, ReportLevel, ReportStatus

pytestmark = pytest.mark.django_db


def _period() -> ReportingPeriod:
    return ReportingPeriod.objects.get(province__code="47")


def _provincial_letter():
    report = _period().reports.get(level=ReportLevel.PROVINCE)
    return letters.build_letter(letters.content_for_report(report))


def _body_text(letter) -> list[str]:
    return [p for p in letter.body if isinstance(p, str)]


def test_item_numbers_are_not_doubled():
    period = _period()
    period.items = ["1 บูรณาการหน่วยงาน", "๒. แจ้งอำเภอ", "ประชาสัมพันธ์"]
    report = period.reports.get(level=ReportLevel.PROVINCE)
    content = letters.content_for_report(report)
    content.narrative = [{"item": i, "text": "ดำเนินการแล้ว"} for i in period.items]
    body = _body_text(letters.build_letter(content))
    assert "๑. บูรณาการหน่วยงาน" in body
    assert "๒. แจ้งอำเภอ" in body
    assert "๓. ประชาสัมพันธ์" in body
    assert not any(p.startswith(("๑. 1", "๒. ๒")) for p in body)


def test_the_opening_names_who_ordered():
    body = _body_text(_provincial_letter())
    assert "กระทรวงมหาดไทยได้สั่งการให้จังหวัด" in body[0]


def test_the_district_opening_names_the_province():
    report = _period().reports.get(area__code="4701")
    body = _body_text(letters.build_letter(letters.content_for_report(report)))
    assert "จังหวัดสกลนครได้สั่งการให้อำเภอ" in body[0]


def test_items_problems_and_contact_have_no_dashes_or_colons():
    body = _body_text(_provincial_letter())
    assert not [p for p in body if "—" in p or ":" in p]
    assert any(p.startswith("ปัญหาและอุปสรรค ") for p in body)


def test_the_source_note_gives_the_time_as_thai_official_time():
    letter = _provincial_letter()
    note = letter.enclosures[0].table.note
    assert ":" not in note
    assert letters.thai_time(dt.time(14, 30)) == "๑๔.๓๐ น."


def test_the_provincial_letter_has_the_postal_address_and_the_provincial_footer():
    letter = _provincial_letter()
    assert letter.owner_address[0] == "ศาลากลางจังหวัดสกลนคร"
    assert "ถนนศูนย์ราชการ" in letter.owner_address[1] and "๔๗" in letter.owner_address[1]
    assert letter.footer.unit.splitlines() == ["ที่ทำการปกครองจังหวัดสกลนคร", "กลุ่มงานความมั่นคง"]
    assert letter.signature.position_lines()[-1] == "ผู้ว่าราชการจังหวัดสกลนคร"


def test_a_district_letter_has_the_district_footer_and_postcode():
    report = _period().reports.get(area__code="4701")
    letter = letters.build_letter(letters.content_for_report(report))
    assert letter.owner_address[0].startswith("ที่ว่าการอำเภอ")
    assert any(ch in "๐๑๒๓๔๕๖๗๘๙" for ch in letter.owner_address[-1])
    assert letter.footer.unit.splitlines() == ["ที่ทำการปกครองอำเภอเมืองสกลนคร", "ฝ่ายความมั่นคง"]


def test_a_position_without_the_province_gets_its_name():
    report = _period().reports.get(level=ReportLevel.PROVINCE)
    content = letters.content_for_report(report)
    content.signer_position = "ปลัดจังหวัด"
    content.signer_acting_for = "ผู้ว่าราชการจังหวัด"
    letter = letters.build_letter(content)
    assert letter.signature.position_lines() == [
        "ปลัดจังหวัดสกลนคร ปฏิบัติราชการแทน",
        "ผู้ว่าราชการจังหวัดสกลนคร",
    ]


def test_the_districts_written_results_come_into_the_provincial_draft(personas):
    period = _period()
    Report.objects.filter(period=period, level=ReportLevel.PROVINCE).delete()
    district = period.reports.get(area__code="4701")
    written = (district.narrative or [])[0]["text"]
    assert written
    provincial = services.province_report_open(user=personas.province, period=period)
    first = provincial.narrative[0]["text"]
    assert "อำเภอเมืองสกลนคร" in first and written.rstrip(" .") in first


def test_sending_the_provincial_report_with_one_district_of_18_needs_confirmation(personas):
    period = _period()
    provincial = period.reports.get(level=ReportLevel.PROVINCE)
    Report.objects.filter(pk=provincial.pk).update(status=ReportStatus.DRAFT, locked=False)
    Report.objects.filter(period=period, level=ReportLevel.DISTRICT).exclude(
        area__code="4701"
    ).update(status=ReportStatus.DRAFT, submitted_at=None)
    provincial.refresh_from_db()
    with pytest.raises(services.IncompleteReport) as refused:
        services.report_submit(user=personas.province, report=provincial)
    assert "1" in str(refused.value) and "18" in str(refused.value)
    services.report_submit(user=personas.province, report=provincial, confirm_incomplete=True)


def test_the_report_page_warns_before_sending_an_incomplete_provincial_report(personas, login):
    period = _period()
    provincial = period.reports.get(level=ReportLevel.PROVINCE)
    Report.objects.filter(pk=provincial.pk).update(status=ReportStatus.DRAFT, locked=False)
    Report.objects.filter(period=period, level=ReportLevel.DISTRICT).exclude(
        area__code="4701"
    ).update(status=ReportStatus.DRAFT, submitted_at=None)
    page = login(personas.province).get(f"/indicators/reports/{provincial.uuid}/").content.decode()
    assert 'id="incomplete-warning"' in page
    assert "confirm_incomplete" in page


def test_the_citation_of_a_garbled_letter_head_names_the_signers_province_and_drops_the_damage():
    directive = Directive(
        issuer_agency=Agency.objects.filter(kind="provincial_admin").first(),
        area=Area.objects.get(code="47"),
        subject="แนวทางการดำเนินงาน",
        urgency="ด่วนที่สุด",
        number="สน 0018.1/ว 12755",
        date_be_text="มว มิถุนายน ๒๕๖๗",
        from_unit="ศาลากลางจังหวัดสงขลา / ถนนศูนย์ราชการ สน ๕๗๐๐๐",
        signatory_position="ปลัดจังหวัดสกลนคร ปฏิบัติราชการแทน / ผู้ว่าราชการจังหวัดสกลนคร",
        acting_for="ผู้ว่าราชการจังหวัดสกลนคร",
    )
    citation = services.directive_citation(directive)
    assert citation == "หนังสือจังหวัดสกลนคร ด่วนที่สุด ที่ สน 0018.1/ว 12755 ลงวันที่ มิถุนายน ๒๕๖๗"
