"""Recording a matter, the legal-basis rules, designations, investigation steps, referral and
outcome, through services, the pages and the API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from sodsong.accounts.services import token_issue
from sodsong.misconduct import services
from sodsong.misconduct.models import Matter, Status
from sodsong.misconduct.selectors import matter_get

from .conftest import record

TODAY = timezone.localdate


def test_s200_is_refused_for_an_official_who_is_not_an_investigating_officer(personas, english):
    with pytest.raises(services.MisconductError, match="s.200"):
        record(
            personas.province,
            accused=None,
            agency=personas.police.agency,
            investigators=[],
            particulars="Dropped a case",
            legal_bases=["penal_157", "penal_200"],
        )


def test_s200_is_accepted_for_an_investigating_officer(personas):
    matter = services.matter_record(
        actor=personas.province,
        official=services.OfficialInput(
            given_name_th="สมศักดิ์",
            family_name_th="ทดสอบ",
            position="พนักงานสอบสวน",
            agency=personas.police.agency,
            service="police",
            investigating_officer=True,
        ),
        allegation="collusion",
        particulars="Dropped a mule-account case for money",
        source="complaint",
        received_on=TODAY() - dt.timedelta(days=3),
        legal_bases=["penal_157", "penal_200", "anti_corruption"],
        authority="pacc",
    )
    assert matter.legal_bases == ["penal_157", "penal_200", "anti_corruption"]
    assert matter.area.code == personas.police.agency.areas.get().code


def test_an_unknown_legal_basis_and_an_empty_basis_are_refused(personas):
    for bases in ([], ["penal_999"]):
        with pytest.raises(services.MisconductError):
            record(
                personas.province,
                accused=None,
                agency=personas.police.agency,
                investigators=[],
                particulars="x",
                legal_bases=bases,
            )


def test_a_recorder_in_the_chain_of_command_must_designate_an_outside_investigator(
    personas, english
):
    with pytest.raises(services.MisconductError, match="chain of command"):
        record(
            personas.province,
            accused=None,
            agency=personas.district.agency,
            investigators=[],
            particulars="Nobody would see this",
        )
    assert not Matter.objects.filter(particulars="Nobody would see this").exists()


def test_an_investigator_inside_the_chain_cannot_be_designated(personas, world, english):
    # The demo investigator works in the Provincial Administration Office, above the district.
    with pytest.raises(services.MisconductError, match="chain of command"):
        services.investigator_designate(
            actor=world.nacc_investigator,
            matter=world.district_matter,
            investigator=personas.investigator,
        )


def test_only_an_investigator_can_be_designated(personas, world):
    with pytest.raises(services.MisconductError):
        services.investigator_designate(
            actor=personas.province, matter=world.police_matter, investigator=personas.district2
        )


def test_an_outside_investigator_can_be_added_by_one_who_sees_the_matter(personas, world):
    services.investigator_designate(
        actor=personas.province, matter=world.police_matter, investigator=world.idle_investigator
    )
    assert matter_get(user=world.idle_investigator, uuid=str(world.police_matter.uuid))


def test_one_who_cannot_see_the_matter_cannot_work_on_it(personas, world):
    with pytest.raises(services.MisconductError):
        services.step_add(
            actor=personas.province, matter=world.district_matter, kind="statement", on=TODAY()
        )


def test_steps_outcome_and_referral_follow_the_matter(personas, world):
    matter = world.district_matter
    investigator = world.nacc_investigator
    services.step_add(actor=investigator, matter=matter, kind="fact_finding", on=TODAY())
    matter.refresh_from_db()
    assert matter.status == Status.INVESTIGATING
    services.matter_refer(
        actor=investigator, matter=matter, referred_to="nacc", referred_on=TODAY()
    )
    matter.refresh_from_db()
    assert matter.status == Status.REFERRED
    with pytest.raises(services.MisconductError):
        services.matter_set_outcome(
            actor=investigator, matter=matter, outcome="penalty", outcome_on=TODAY()
        )
    with pytest.raises(services.MisconductError):
        services.matter_set_outcome(
            actor=investigator,
            matter=matter,
            outcome="no_fault",
            outcome_on=TODAY(),
            penalty="reprimand",
        )
    services.matter_set_outcome(
        actor=investigator, matter=matter, outcome="criminal", outcome_on=TODAY()
    )
    matter.refresh_from_db()
    assert (matter.status, matter.criminal_result) == (Status.CLOSED, "pending")


def test_dates_before_receipt_or_in_the_future_are_refused(personas, world):
    matter = world.police_matter
    for day in (matter.received_on - dt.timedelta(days=1), TODAY() + dt.timedelta(days=1)):
        with pytest.raises(services.MisconductError):
            services.step_add(actor=personas.province, matter=matter, kind="statement", on=day)


def test_province_records_a_matter_on_the_page_and_sees_it(personas, login):
    client = login(personas.province)
    assert client.get("/misconduct/new/").status_code == 200
    response = client.post(
        "/misconduct/new/",
        {
            "given_name_th": "ประยุทธ",
            "family_name_th": "หน้าเพจ",
            "position": "ผู้บังคับหมู่",
            "agency": personas.police2.agency_id,
            "service": "police",
            "allegation": "neglect",
            "particulars": "Refused to take a scam victim's report",
            "received_on": "๑/๑๐/๒๕๖๘",  # B.E. in Thai digits
            "source": "complaint",
            "legal_bases": ["penal_157", "disciplinary"],
            "authority": "disciplinary",
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    matter = Matter.objects.get(official__person__family_name_th="หน้าเพจ")
    assert matter.received_on == dt.date(2025, 10, 1)
    assert client.get(f"/misconduct/{matter.uuid}/").status_code == 200


def test_validation_message_is_shown_in_thai(personas, login):
    client = login(personas.province)
    response = client.post(
        "/misconduct/new/",
        {
            "given_name_th": "ทดสอบ",
            "family_name_th": "มาตรา200",
            "position": "ปลัดอำเภอ",
            "agency": personas.police2.agency_id,
            "service": "civil",
            "allegation": "neglect",
            "particulars": "x",
            "received_on": "1/10/2568",
            "source": "complaint",
            "legal_bases": ["penal_200"],
            "authority": "disciplinary",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "มาตรา 200" in body and "พนักงานอัยการ" in body
    assert not Matter.objects.filter(official__person__family_name_th="มาตรา200").exists()


def test_district_officer_cannot_open_the_record_page(personas, login):
    assert login(personas.district).get("/misconduct/new/").status_code == 403
    # An investigator works on designated matters but does not record new ones.
    assert login(personas.investigator).get("/misconduct/new/").status_code == 403


def test_investigator_adds_a_step_on_the_page(personas, world, login):
    client = login(personas.investigator)
    matter = world.police_matter
    response = client.post(
        f"/misconduct/{matter.uuid}/steps/",
        {"kind": "statement", "on": TODAY().strftime("%d/%m/") + str(TODAY().year + 543)},
    )
    assert response.status_code == 302
    assert matter.steps.count() == 1
    # Another district's officer is refused the same action.
    other = login(personas.district2).post(
        f"/misconduct/{matter.uuid}/steps/", {"kind": "statement", "on": "1/1/2569"}
    )
    assert other.status_code == 403
    assert matter.steps.count() == 1


def _api(user) -> Client:  # type: ignore[no-untyped-def]
    _, plain = token_issue(user=user, name="t", scope="write")
    return Client(HTTP_AUTHORIZATION=f"Bearer {plain}")


def test_api_records_a_matter_and_reports_when_the_recorder_may_not_read_it(personas, world):
    client = _api(personas.province)
    payload = {
        "official": {
            "given_name_th": "เอพีไอ",
            "family_name_th": "ทดสอบ",
            "position": "ปลัดอำเภอ",
            "agency_uuid": str(personas.district.agency.uuid),
            "service": "civil",
        },
        "allegation": "neglect",
        "particulars": "API: ignored a red flag",
        "source": "tip",
        "received_on": TODAY().isoformat(),
        "legal_bases": ["penal_157"],
        "authority": "disciplinary",
        "investigator_uuids": [str(world.nacc_investigator.uuid)],
    }
    response = client.post("/api/v1/misconduct/matters", payload, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["visible"] is False and body["matter"] is None
    created = body["uuid"]
    assert _api(personas.province).get(f"/api/v1/misconduct/matters/{created}").status_code == 404
    seen = _api(world.nacc_investigator).get(f"/api/v1/misconduct/matters/{created}")
    assert seen.status_code == 200


def test_api_validation_error_has_the_standard_body_in_thai(personas):
    client = _api(personas.province)
    payload = {
        "official": {
            "given_name_th": "เอพีไอ",
            "position": "ปลัดอำเภอ",
            "agency_uuid": str(personas.police.agency.uuid),
            "service": "civil",
        },
        "allegation": "neglect",
        "particulars": "x",
        "source": "tip",
        "received_on": TODAY().isoformat(),
        "legal_bases": ["penal_200"],
        "authority": "disciplinary",
    }
    response = client.post("/api/v1/misconduct/matters", payload, content_type="application/json")
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert "มาตรา 200" in error["message"]


def test_api_refuses_recording_to_a_district_officer_and_steps_to_an_outsider(personas, world):
    payload = {
        "official": {
            "given_name_th": "เอพีไอ",
            "position": "ปลัดอำเภอ",
            "agency_uuid": str(personas.police.agency.uuid),
            "service": "civil",
        },
        "allegation": "neglect",
        "particulars": "x",
        "source": "tip",
        "received_on": TODAY().isoformat(),
        "legal_bases": ["penal_157"],
        "authority": "disciplinary",
    }
    response = _api(personas.district).post(
        "/api/v1/misconduct/matters", payload, content_type="application/json"
    )
    assert response.status_code == 403
    step = _api(personas.investigator).post(
        f"/api/v1/misconduct/matters/{world.district_matter.uuid}/steps",
        {"kind": "statement", "on": TODAY().isoformat()},
        content_type="application/json",
    )
    assert step.status_code == 404


def test_api_outcome_and_designation(personas, world):
    client = _api(world.nacc_investigator)
    uuid = world.provincial_matter.uuid
    added = client.post(
        f"/api/v1/misconduct/matters/{uuid}/designations",
        {"investigator_uuid": str(world.idle_investigator.uuid)},
        content_type="application/json",
    )
    assert added.status_code == 201
    assert str(world.idle_investigator.uuid) in added.json()["investigators"]
    refused = client.post(
        f"/api/v1/misconduct/matters/{uuid}/designations",
        {"investigator_uuid": str(personas.investigator.uuid)},
        content_type="application/json",
    )
    assert refused.status_code == 422
    outcome = client.post(
        f"/api/v1/misconduct/matters/{uuid}/outcome",
        {"outcome": "penalty", "penalty": "dismissal", "outcome_on": TODAY().isoformat()},
        content_type="application/json",
    )
    assert outcome.status_code == 200
    assert outcome.json()["status"] == "closed"


def test_the_openapi_document_lists_the_register():
    from sodsong.api import api

    paths = api.get_openapi_schema()["paths"]
    assert "/api/v1/misconduct/matters" in paths
    assert "/api/v1/misconduct/totals" in paths
