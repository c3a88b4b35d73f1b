"""Promote to a case: the district's (or the province's) officers pass one or more tips to a new
case, from the tip page or the queue; nobody else sees the button or gets through."""

from __future__ import annotations

import json

import pytest

from sodsong.accounts.models import Agency, AgencyKind
from sodsong.audit.models import AuditEvent
from sodsong.cases.models import Case, CaseOrigin
from sodsong.tips.models import TipStatus
from tests.tips.conftest import submit_tip

PROMOTE = "/cases/from-tips/"


def _police_of(district_code: str) -> Agency:
    return Agency.objects.get(kind=AgencyKind.POLICE, areas__code=district_code)


def _promote(client, tips, **data):  # type: ignore[no-untyped-def]
    form = {
        "tip": [str(t.uuid) for t in tips],
        "title": "แก๊งหลอกโอนเงินในหมู่บ้าน",
        "case_type": "mule",
        "lead_agency": str(_police_of("4701").uuid),
        "summary": "",
    }
    form.update(data)
    return client.post(PROMOTE, form)


def test_the_district_officer_sees_the_promote_button_on_the_tip_page(personas, login, tip1):
    page = login(personas.district).get(f"/tips/{tip1.uuid}/").content.decode()
    assert f"{PROMOTE}?tip={tip1.uuid}" in page


def test_the_form_offers_the_districts_police_but_not_another_districts(personas, login, tip1):
    page = login(personas.district).get(PROMOTE, {"tip": str(tip1.uuid)})
    assert page.status_code == 200
    html = page.content.decode()
    assert str(_police_of("4701").uuid) in html
    assert str(_police_of("4702").uuid) not in html
    assert tip1.tracking_code in html


def test_promoting_a_tip_opens_a_case_led_by_the_chosen_agency_and_marks_the_tip(
    personas, login, tip1
):
    client = login(personas.district)
    response = _promote(client, [tip1])
    case = Case.objects.get(origins__tip_uuid=tip1.uuid)
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.uuid}/"
    tip1.refresh_from_db()
    assert tip1.status == TipStatus.PROMOTED and tip1.case_uuid == case.uuid
    assert case.lead_agency == _police_of("4701")
    agencies = set(case.participations.values_list("agency_id", flat=True))
    assert agencies == {case.lead_agency_id, personas.district.agency_id}
    # The tip page now links to the case and no longer offers promotion.
    page = client.get(f"/tips/{tip1.uuid}/").content.decode()
    assert f"/cases/{case.uuid}/" in page and case.number in page
    assert f"{PROMOTE}?tip=" not in page


def test_promotion_is_audited_on_the_tip_and_on_the_case(personas, login, tip1):
    _promote(login(personas.district), [tip1])
    case = Case.objects.get(origins__tip_uuid=tip1.uuid)
    tip_events = AuditEvent.objects.filter(object_type="tips.tip", action="change")
    assert any(
        e.detail.get("tip_action") == "promote" and str(tip1.uuid) in e.object_ids
        for e in tip_events
    )
    case_events = AuditEvent.objects.filter(object_type="cases.case", action="change")
    assert any(e.detail.get("origin_tips") == [str(tip1.uuid)] for e in case_events)
    assert case.events.filter(kind="from_tips").exists()


def test_several_tips_are_promoted_together_from_the_queue(personas, login, village1):
    a = submit_tip(village1, "มีคนมาเช่าบ้านแล้วขนคอมพิวเตอร์เข้าไปหลายเครื่อง")
    b = submit_tip(village1, "บ้านหลังเดิมปิดม่านทั้งวัน ได้ยินเสียงคุยโทรศัพท์ตลอดคืน")
    client = login(personas.district)
    queue = client.get("/tips/?sort=newest").content.decode()
    assert f'name="tip" value="{a.uuid}"' in queue and f'name="tip" value="{b.uuid}"' in queue
    response = _promote(client, [a, b], title="บ้านเช่าต้องสงสัย")
    assert response.status_code == 302
    case = Case.objects.get(title="บ้านเช่าต้องสงสัย")
    assert set(CaseOrigin.objects.filter(case=case).values_list("tip_uuid", flat=True)) == {
        a.uuid,
        b.uuid,
    }
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.case_uuid == b.case_uuid == case.uuid


def test_a_tip_cannot_be_promoted_twice_and_the_refusal_is_in_thai(personas, login, tip1):
    client = login(personas.district)
    _promote(client, [tip1])
    response = _promote(client, [tip1], title="อีกคดีหนึ่ง")
    assert response.status_code == 422
    assert f"เบาะแส {tip1.tracking_code} ถูกส่งต่อเป็นคดีแล้ว" in response.content.decode()
    assert not Case.objects.filter(title="อีกคดีหนึ่ง").exists()


def test_the_province_may_promote_tips_of_any_district(personas, login, tip2):
    response = _promote(
        login(personas.province), [tip2], lead_agency=str(personas.immigration.agency.uuid)
    )
    assert response.status_code == 302
    case = Case.objects.get(origins__tip_uuid=tip2.uuid)
    assert case.lead_agency == personas.immigration.agency and case.area.code == "4702"


def test_a_headman_never_sees_the_promote_button_nor_gets_the_form(personas, login, village1):
    from sodsong.tips.services import watch_report_create

    report = watch_report_create(
        reporter=personas.headman, area=village1, description="มีคนแปลกหน้ามาเช่าบ้านหลายคน"
    )
    client = login(personas.headman)
    page = client.get(f"/tips/{report.uuid}/")
    assert page.status_code == 200
    assert PROMOTE not in page.content.decode()
    assert PROMOTE not in client.get("/tips/").content.decode()
    assert client.get(PROMOTE, {"tip": str(report.uuid)}).status_code == 403


def test_the_analyst_reads_the_tip_but_cannot_promote_it(personas, login, tip1):
    client = login(personas.analyst)
    page = client.get(f"/tips/{tip1.uuid}/")
    assert page.status_code == 200 and PROMOTE not in page.content.decode()
    assert client.get(PROMOTE, {"tip": str(tip1.uuid)}).status_code == 403
    assert _promote(client, [tip1]).status_code == 403
    tip1.refresh_from_db()
    assert tip1.status == TipStatus.NEW


def test_police2_can_neither_see_nor_promote_a_tip(personas, login, tip2):
    client = login(personas.police2)
    assert client.get(f"/tips/{tip2.uuid}/").status_code in (403, 404)
    assert client.get(PROMOTE, {"tip": str(tip2.uuid)}).status_code == 403
    denied = AuditEvent.objects.filter(action="denied", object_type="tips.tip")
    assert denied.exists()
    response = client.post(
        "/api/v1/cases",
        data=json.dumps(
            {
                "title": "x",
                "case_type": "other",
                "area_code": "4702",
                "origin_tip_uuids": [str(tip2.uuid)],
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert not Case.objects.filter(origins__tip_uuid=tip2.uuid).exists()
    tip2.refresh_from_db()
    assert tip2.status == TipStatus.NEW


def test_another_districts_officer_gets_not_found(personas, login, tip1):
    client = login(personas.district2)
    assert client.get(PROMOTE, {"tip": str(tip1.uuid)}).status_code == 404
    assert _promote(client, [tip1], lead_agency=str(_police_of("4702").uuid)).status_code == 404
    tip1.refresh_from_db()
    assert tip1.status == TipStatus.NEW


@pytest.mark.parametrize("persona", ["district", "province"])
def test_the_api_promotes_tips_through_case_creation(personas, login, tip1, persona):
    client = login(getattr(personas, persona))
    response = client.post(
        "/api/v1/cases",
        data=json.dumps(
            {
                "title": "จากเบาะแส",
                "case_type": "call_centre",
                "area_code": "4701",
                "origin_tip_uuids": [str(tip1.uuid)],
                "lead_agency_uuid": str(_police_of("4701").uuid),
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["lead_agency"] == _police_of("4701").name_th
    assert [t["uuid"] for t in body["origin_tips"]] == [str(tip1.uuid)]
    tip = client.get(f"/api/v1/tips/{tip1.uuid}").json()
    assert tip["status"] == "promoted" and tip["case_uuid"] == body["uuid"]


def test_the_api_refuses_a_lead_agency_outside_the_officers_area(personas, login, tip1):
    response = login(personas.district).post(
        "/api/v1/cases",
        data=json.dumps(
            {
                "title": "x",
                "case_type": "other",
                "area_code": "4701",
                "origin_tip_uuids": [str(tip1.uuid)],
                "lead_agency_uuid": str(_police_of("4702").uuid),
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 422
    tip1.refresh_from_db()
    assert tip1.status == TipStatus.NEW
