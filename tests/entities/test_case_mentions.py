"""A case's identifiers (from its texts, its origin tips, or typed by hand) are mentions by the
case: a tip's page shows "also in case X" to those who may open the case, and otherwise only
that a case in อำเภอ X holds it (audited); the case page lists what shares its identifiers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sodsong.audit.models import AuditEvent
from sodsong.cases import services
from sodsong.entities.models import IdentifierMention
from tests.cases.conftest import district_of
from tests.tips.conftest import assigned_area, submit_tip

PHONE = "081-555-0147"
PHONE_E164 = "+66815550147"


def _mentions(case):  # type: ignore[no-untyped-def]
    return {
        (m.identifier.type, m.identifier.value)
        for m in IdentifierMention.objects.filter(source_type="case", source_uuid=case.uuid)
    }


@pytest.fixture
def police_case(personas):  # type: ignore[no-untyped-def]
    return services.case_create(
        by=personas.police,
        title="ผู้ถือซิมจำนวนมาก",
        case_type="mule",
        area=district_of(personas.police),
        summary=f"ผู้ต้องสงสัยใช้เบอร์ {PHONE} และบัญชีกสิกร 222-3-44556-7",
    )


def test_identifiers_in_the_case_summary_are_recorded_as_case_mentions(police_case):
    found = _mentions(police_case)
    assert ("phone", PHONE_E164) in found
    assert ("bank_account", "KBANK:2223445567") in found
    mention = IdentifierMention.objects.filter(source_uuid=police_case.uuid).first()
    assert mention.area_code == "4701"


def test_a_promoted_tips_identifiers_become_the_cases(personas):
    tip = submit_tip(assigned_area(personas.headman), f"มีคนโทรมาจากเบอร์ {PHONE} ให้โอนเงิน")
    case = services.case_create(
        by=personas.district,
        title="จากเบาะแส",
        case_type="mule",
        area=district_of(personas.district),
        origin_tip_uuids=[tip.uuid],
    )
    assert ("phone", PHONE_E164) in _mentions(case)


def test_a_held_operation_and_seized_items_add_identifiers_but_a_planned_raid_does_not(
    personas, police_case
):
    police = personas.police
    services.member_set(by=police, case=police_case, user=police, operations=True)
    op = services.operation_plan(
        by=police,
        case=police_case,
        kind="raid",
        planned_for=timezone.now() - dt.timedelta(hours=5),
        place="บ้านที่ติดต่อทางไลน์ @secretraid99",
        units="ตำรวจ",
        headcount=10,
        legal_basis="หมายค้น 1/2568",
    )
    assert ("line_id", "@secretraid99") not in _mentions(police_case)
    services.operation_record_result(
        by=police,
        operation=op,
        held_at=timezone.now() - dt.timedelta(hours=4),
        result="พบบัญชีไทยพาณิชย์ 555-2-12345-6",
    )
    services.seizure_add(
        by=police,
        case=police_case,
        kind="phone",
        quantity=3,
        seized_on=timezone.localdate(),
        description="โทรศัพท์ที่ใช้เบอร์ 089-777-1234",
    )
    found = _mentions(police_case)
    assert ("line_id", "@secretraid99") in found
    assert ("bank_account", "SCB:5552123456") in found
    assert ("phone", "+66897771234") in found


def test_an_identifier_added_by_hand_on_the_case_page_is_recorded_and_audited(
    personas, login, police_case
):
    client = login(personas.police)
    response = client.post(
        f"/cases/{police_case.uuid}/identifier/", {"type": "line_id", "value": "@Mule_Boss"}
    )
    assert response.status_code == 302
    assert ("line_id", "@mule_boss") in _mentions(police_case)
    assert police_case.events.filter(kind="identifier").exists()
    assert AuditEvent.objects.filter(
        object_type="cases.case", detail__type="line_id", action="change"
    ).exists()


def test_a_bad_identifier_is_refused_in_thai(personas, login, police_case):
    response = login(personas.police).post(
        f"/cases/{police_case.uuid}/identifier/", {"type": "phone", "value": "abc"}
    )
    assert response.status_code == 422
    assert "ไม่ใช่หมายเลขโทรศัพท์" in response.content.decode()


def test_another_stations_officer_cannot_add_identifiers(personas, login, police_case):
    response = login(personas.police2).post(
        f"/cases/{police_case.uuid}/identifier/", {"type": "line_id", "value": "@x_y"}
    )
    assert response.status_code == 404
    assert ("line_id", "@x_y") not in _mentions(police_case)


def test_the_tip_page_shows_also_in_case_to_an_officer_who_may_open_it(
    personas, login, police_case
):
    tip = submit_tip(assigned_area(personas.headman), f"เบอร์ {PHONE} โทรมาหลอก")
    page = login(personas.district).get(f"/tips/{tip.uuid}/").content.decode()
    assert f"/cases/{police_case.uuid}/" in page and police_case.number in page


def test_a_case_out_of_reach_shows_only_its_district_and_is_audited(personas, login, police_case):
    tip = submit_tip(assigned_area(personas.headman2), f"มีคนใช้เบอร์ {PHONE} ชวนไปทำงาน")
    page = login(personas.district2).get(f"/tips/{tip.uuid}/").content.decode()
    assert police_case.number not in page and f"/cases/{police_case.uuid}/" not in page
    assert "อำเภอเมืองสกลนคร" in page
    event = (
        AuditEvent.objects.filter(object_type="entities.identifier", action="read")
        .order_by("-id")
        .first()
    )
    assert event.detail["matches_outside"] == ["4701"]
    assert event.detail["context"] == f"tip:{tip.uuid}"


def test_the_case_page_lists_tips_sharing_its_identifiers_within_the_viewers_reach(
    personas, login, police_case
):
    tip = submit_tip(assigned_area(personas.headman), f"เบอร์ {PHONE} ส่ง SMS มา")
    # The district office does not take part, but the case covers its district.
    district_page = login(personas.district).get(f"/cases/{police_case.uuid}/").content.decode()
    assert f"/tips/{tip.uuid}/" in district_page
    # The police see cases, not tips: only the district that holds the tip.
    police_page = login(personas.police).get(f"/cases/{police_case.uuid}/").content.decode()
    assert f"/tips/{tip.uuid}/" not in police_page and "อำเภอเมืองสกลนคร" in police_page


def test_another_case_sharing_an_identifier_is_listed_when_the_viewer_may_open_it(
    personas, login, police_case
):
    other = services.case_create(
        by=personas.police,
        title="อีกคดีที่ใช้เบอร์เดียวกัน",
        case_type="call_centre",
        area=district_of(personas.police),
        summary=f"เบอร์ติดต่อ {PHONE}",
    )
    page = login(personas.police).get(f"/cases/{police_case.uuid}/").content.decode()
    assert f"/cases/{other.uuid}/" in page


def test_the_api_lists_the_cases_identifiers_and_adds_one(personas, login, police_case):
    client = login(personas.police)
    listed = client.get(f"/api/v1/cases/{police_case.uuid}/identifiers").json()
    assert {(i["type"], i["value"]) for i in listed} >= {("phone", PHONE_E164)}
    added = client.post(
        f"/api/v1/cases/{police_case.uuid}/identifiers",
        data={"type": "url", "value": "https://fake-bank.example/x"},
        content_type="application/json",
    )
    assert added.status_code == 201
    assert ("url", "https://fake-bank.example/x") in _mentions(police_case)
    other = login(personas.police2).get(f"/api/v1/cases/{police_case.uuid}/identifiers")
    assert other.status_code == 404


def test_a_tip_sharing_an_identifier_with_a_case_scores_it(personas, police_case):
    from sodsong.tips.models import Tip

    tip = submit_tip(assigned_area(personas.headman), f"เบอร์ {PHONE} โทรมาทุกวัน")
    tip = Tip.objects.get(pk=tip.pk)
    assert any(r["code"] == "shared_identifiers" for r in tip.score_reasons)


def test_a_tip_is_rescored_when_a_case_later_mentions_its_identifier(personas):
    from sodsong.tips.models import Tip

    tip = submit_tip(assigned_area(personas.headman), "ติดต่อไลน์ @latercase77 เพื่อรับงาน")
    assert not any(r["code"] == "shared_identifiers" for r in tip.score_reasons)
    case = services.case_create(
        by=personas.police,
        title="ไลน์รับสมัครงาน",
        case_type="recruitment",
        area=district_of(personas.police),
    )
    services.case_add_identifier(
        by=personas.police, case=case, type="line_id", value="@latercase77"
    )
    tip = Tip.objects.get(pk=tip.pk)
    assert any(r["code"] == "shared_identifiers" for r in tip.score_reasons)


def test_the_demo_cases_record_identifier_mentions_shared_with_demo_tips(db):
    shared = IdentifierMention.objects.filter(source_type="case").values("identifier_id")
    tips = IdentifierMention.objects.filter(
        source_type__in=("tip", "report"), identifier_id__in=shared
    )
    values = set(tips.values_list("identifier__value", flat=True))
    assert {"+66951182247", "KBANK:1234567890", "@jobasia88"} <= values


def test_removing_the_demo_removes_the_demo_tips_and_case_mentions(db):
    from sodsong.cases import demo as cases_demo
    from sodsong.cases.models import Case
    from sodsong.tips import demo as tips_demo
    from sodsong.tips.models import Tip

    demo_cases = list(
        Case.all_objects.filter(created_by__is_demo=True).values_list("uuid", flat=True)
    )
    assert IdentifierMention.objects.filter(source_uuid__in=demo_cases).exists()
    cases_demo.remove()
    assert not IdentifierMention.objects.filter(source_uuid__in=demo_cases).exists()
    assert tips_demo.remove() >= len(tips_demo.DEMO_TIPS) - 1
    texts = [d.text for d in tips_demo.DEMO_TIPS]
    assert not Tip.all_objects.filter(description__in=texts).exists()
    assert not Tip.all_objects.filter(reporter__is_demo=True).exists()
