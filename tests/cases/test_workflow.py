"""The path from a tip to a verdict through the API, and the rules on the way: the status workflow,
trafficking-victim screening before suspect processing, the s.41 bar, s.22 arrest notifications,
the law version applied (Penal Code s.3), tasks, the timeline and the DOCX summary."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone
from docx import Document
from docx.oxml.ns import qn

from sodsong.audit.models import AuditEvent
from sodsong.cases import services
from sodsong.cases.models import Case, CaseOrigin, Charge, PartyRole, Task

from .conftest import add_person, api, district_of, village_in

TODAY = timezone.localdate()


def _iso(days_ago: int) -> str:
    return (TODAY - dt.timedelta(days=days_ago)).isoformat()


def _moment(days_ago: int, hour: int, minute: int = 0) -> str:
    day = TODAY - dt.timedelta(days=days_ago)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute))).isoformat()


def test_a_case_goes_from_tip_to_verdict_and_deportation_through_the_api(personas, login):
    police = personas.police
    client = login(police)
    district = district_of(police)
    response = api(
        client,
        "post",
        "/api/v1/cases",
        {
            "title": "Scam compound recruiter",
            "case_type": "call_centre",
            "area_code": district.code,
            "origin": "tip",
            "origin_reference": "hotline 1599",
            "opened_on": _iso(200),
            "participating_agency_uuids": [str(personas.immigration.agency.uuid)],
        },
    )
    assert response.status_code == 201, response.content
    case = response.json()
    assert case["status"] == "open" and case["origin"] == "tip"
    # pre-filled from the call-centre template; screening comes with the operation (ATIP s.29)
    assert len(case["tasks"]) == 3
    assert {p["kind"] for p in case["participants"]} == {"police", "immigration"}
    path = f"/api/v1/cases/{case['uuid']}"
    assert api(client, "post", f"{path}/status", {"to": "investigating"}).status_code == 200

    op = api(
        client,
        "post",
        f"{path}/operations",
        {
            "kind": "raid",
            "planned_for": _moment(180, 5),
            "place": "House 12",
            "units": "police, immigration",
            "headcount": 24,
            "legal_basis": "search warrant 55/2569",
        },
    )
    assert op.status_code == 201, op.content
    assert api(client, "post", f"{path}/status", {"to": "operation"}).status_code == 200
    held = api(
        client,
        "post",
        f"/api/v1/cases/operations/{op.json()['uuid']}/result",
        {"held_at": _moment(180, 6), "result": "12 people found, equipment seized"},
    )
    assert held.json()["status"] == "held"
    seizure = api(
        client,
        "post",
        f"{path}/seizures",
        {
            "kind": "sim_box",
            "quantity": 3,
            "seized_on": _iso(180),
            "operation_uuid": op.json()["uuid"],
        },
    )
    assert seizure.status_code == 201

    party = api(
        client,
        "post",
        f"{path}/parties",
        {
            "role": "suspect",
            "recruited_or_held": True,
            "new_person": {
                "given_name_latin": "Heng",
                "family_name_latin": "Pisey",
                "nationality": "KHM",
                "passport_number": "N7733119",
                "birth_year": 1994,
            },
        },
    )
    assert party.status_code == 201, party.content
    party_path = f"/api/v1/cases/parties/{party.json()['uuid']}"
    arrest = {
        "arrested_at": _moment(180, 6, 30),
        "place": "House 12",
        "arresting_unit": "Police station 1",
        "recording_reference": "BWC-0001",
        "prosecutor_notified_at": _moment(180, 7),
        "administrative_notified_at": _moment(180, 7, 5),
    }
    refused = api(client, "post", f"{party_path}/arrests", arrest)
    assert refused.status_code == 422  # screening first: recruited or held
    screened = api(
        client,
        "post",
        f"{party_path}/screening",
        {"result": "not_victim", "screened_on": _iso(180), "reference": "screen 7/2569"},
    )
    assert screened.json()["screening"] == "not_victim"
    assert api(client, "post", f"{party_path}/arrests", arrest).status_code == 201
    charge = api(
        client,
        "post",
        f"{party_path}/charges",
        {
            "law_code": "penal-code",
            "section_key": "s.343",
            "offence_from": _iso(240),
            "offence_to": _iso(180),
        },
    )
    assert charge.status_code == 201, charge.content
    assert charge.json()["section_applied"]["citation"] == "s.343"
    assert api(client, "post", f"{path}/status", {"to": "charged"}).status_code == 200

    no_file = api(client, "post", f"{path}/status", {"to": "prosecution"})
    assert no_file.status_code == 422
    sent = api(
        client,
        "post",
        f"{party_path}/prosecution",
        {"inquiry_file_sent_on": _iso(150), "prosecutor_office": "Provincial prosecutor"},
    )
    assert sent.status_code == 200, sent.content
    assert api(client, "post", f"{path}/status", {"to": "prosecution"}).status_code == 200
    verdict = api(
        client,
        "post",
        f"{party_path}/prosecution",
        {
            "decision": "prosecute",
            "decision_on": _iso(120),
            "court": "Provincial court",
            "filed_on": _iso(110),
            "verdict": "guilty",
            "verdict_on": _iso(30),
            "sentence": "2 years, suspended",
            "deportation": "done",
            "deported_on": _iso(10),
        },
    )
    assert verdict.status_code == 200, verdict.content
    assert verdict.json()["verdict"] == "guilty" and verdict.json()["deportation"] == "done"
    charge_outcome = api(
        client,
        "post",
        f"/api/v1/cases/charges/{charge.json()['uuid']}/outcome",
        {"decision": "prosecute", "verdict": "guilty", "sentence": "2 years"},
    )
    assert charge_outcome.json()["verdict"] == "guilty"
    closed = api(client, "post", f"{path}/status", {"to": "closed", "reason": "judgment final"})
    assert closed.json()["status"] == "closed"

    kinds = [e["kind"] for e in client.get(f"{path}/timeline").json()]
    for kind in (
        "created",
        "status",
        "operation_planned",
        "operation_held",
        "seizure",
        "party",
        "screened",
        "arrest",
        "charge",
        "prosecution",
    ):
        assert kind in kinds
    transitions = [
        e.detail["transition"]
        for e in AuditEvent.objects.filter(object_type="cases.case").order_by("id")
        if case["uuid"] in e.object_ids and "transition" in e.detail
    ]
    assert transitions == [
        ["open", "investigating"],
        ["investigating", "operation"],
        ["operation", "charged"],
        ["charged", "prosecution"],
        ["prosecution", "closed"],
    ]


def test_a_status_cannot_skip_the_workflow_and_says_why_in_thai(personas, built, login):
    response = api(
        login(personas.police),
        "post",
        f"/api/v1/cases/{built.case.uuid}/status",
        {"to": "prosecution"},
    )
    assert response.status_code == 422
    message = response.json()["error"]["message"]
    assert "ไม่สามารถ" in message or "สถานะ" in message


def test_charged_needs_a_charge(personas, built):
    services.case_change_status(by=personas.police, case=built.case, to="investigating")
    with pytest.raises(services.CaseError):
        services.case_change_status(by=personas.police, case=built.case, to="charged")


def test_closing_needs_a_reason(personas, built):
    with pytest.raises(services.CaseError):
        services.case_change_status(by=personas.police, case=built.case, to="closed")


def test_a_screened_victim_is_not_charged_with_overstay_unless_overridden(personas, built):
    police = personas.police
    held = services.party_add(
        by=police,
        case=built.case,
        person=add_person(village_in(district_of(police)), "Heldina", "Ma"),
        role=PartyRole.SUSPECT,
        recruited_or_held=True,
    )
    services.party_screen(by=police, party=held, result="victim", screened_on=TODAY)
    with pytest.raises(services.CaseError, match="41"):
        services.charge_add(
            by=police,
            party=held,
            law_code="immigration-act",
            section_key="s.81",
            offence_from=TODAY - dt.timedelta(days=10),
        )
    before = AuditEvent.objects.filter(object_type="cases.charge").count()
    charge = services.charge_add(
        by=police,
        party=held,
        law_code="immigration-act",
        section_key="s.81",
        offence_from=TODAY - dt.timedelta(days=10),
        s41_override_reason="screening revised by the committee",
    )
    assert charge.s41_override_reason
    override = AuditEvent.objects.filter(object_type="cases.charge").order_by("-id").first()
    assert AuditEvent.objects.filter(object_type="cases.charge").count() > before
    assert (
        override.detail.get("s41_override") is True or Charge.objects.filter(pk=charge.pk).exists()
    )
    # Fraud is what victims of scam compounds are made to commit: barred too (issue 19).
    with pytest.raises(services.CaseError, match="ค้ามนุษย์"):
        services.charge_add(
            by=police,
            party=held,
            law_code="penal-code",
            section_key="s.341",
            offence_from=TODAY - dt.timedelta(days=10),
        )


def test_a_screened_victim_moves_into_the_victims_compartment(personas, same_station, built):
    police = personas.police
    held = services.party_add(
        by=police,
        case=built.case,
        person=add_person(village_in(district_of(police)), "Movedina", "Ko"),
        role=PartyRole.WITNESS,
        recruited_or_held=True,
    )
    from sodsong.cases.selectors import case_access, parties_visible

    access = case_access(user=same_station, case=built.case)
    assert held.pk in {p.pk for p in parties_visible(user=same_station, access=access)}
    services.party_screen(by=police, party=held, result="victim", screened_on=TODAY)
    assert held.pk not in {p.pk for p in parties_visible(user=same_station, access=access)}


def test_an_arrest_needs_the_recording_and_no_notice_before_the_arrest(personas, built):
    police = personas.police
    arrested = timezone.now() - dt.timedelta(hours=5)
    with pytest.raises(services.CaseError):
        services.arrest_record(
            by=police, party=built.suspect, arrested_at=arrested, place="x", arresting_unit="unit"
        )
    with pytest.raises(services.CaseError):
        services.arrest_record(
            by=police,
            party=built.suspect,
            arrested_at=arrested,
            place="x",
            arresting_unit="unit",
            recording_reference="BWC-9",
            prosecutor_notified_at=arrested - dt.timedelta(minutes=5),
        )
    arrest = services.arrest_record(
        by=police,
        party=built.suspect,
        arrested_at=arrested,
        place="x",
        arresting_unit="unit",
        recording_reference="BWC-9",
    )
    assert not arrest.notifications_complete
    services.arrest_notify(
        by=police,
        arrest=arrest,
        prosecutor_notified_at=arrested + dt.timedelta(minutes=20),
        administrative_notified_at=arrested + dt.timedelta(minutes=25),
    )
    arrest.refresh_from_db()
    assert arrest.notifications_complete


def test_a_charge_records_the_text_in_force_and_the_milder_text_applied(personas, built):
    charge = services.charge_add(
        by=personas.police,
        party=built.suspect,
        law_code="foreign-workers-decree",
        section_key="s.9/s.102",
        offence_from=dt.date(2017, 11, 1),
        offence_to=dt.date(2017, 12, 31),
    )
    assert charge.section_in_force.version.label == "B.E. 2560"
    assert charge.section_applied.version.label == "No. 2 B.E. 2561"


def test_an_overdue_task_stands_out_on_the_assignees_dashboard(personas, built, login):
    police = personas.police
    task = services.task_create(
        by=police,
        case=built.case,
        title="Late evidence request",
        assignee_user=police,
        due_on=TODAY - dt.timedelta(days=2),
    )
    from django.template import Context, Template
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = police
    html = Template('{% include "cases/_my_tasks.html" %}').render(Context({"request": request}))
    assert "Late evidence request" in html and "overdue" in html.lower() or "เกินกำหนด" in html
    tasks = login(police).get("/api/v1/cases/tasks/mine").json()
    mine = next(t for t in tasks if t["uuid"] == str(task.uuid))
    assert mine["overdue"] is True
    flags = [t["overdue"] for t in tasks]
    assert flags == sorted(flags, reverse=True)  # overdue work first
    assert Task.objects.get(pk=task.pk).log.count() == 1


def test_a_task_status_change_is_logged(personas, built):
    task = built.case.tasks.first()
    services.task_update(by=personas.police, task=task, status="done", note="sent the letter")
    assert list(task.log.values_list("status", flat=True)) == ["open", "done"]


def test_the_docx_summary_uses_th_sarabunpsk_and_leaves_out_hidden_compartments(
    personas, same_station, built, login
):
    client = login(same_station)
    refused = client.get(f"/api/v1/cases/{built.case.uuid}/summary.docx")
    assert refused.status_code == 400
    response = client.get(
        f"/api/v1/cases/{built.case.uuid}/summary.docx", {"purpose": "brief the chief"}
    )
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        c.text for t in document.tables for r in t.rows for c in r.cells
    )
    assert "Suspectus" in text
    assert "Informantius" not in text and "Victimova" not in text
    runs = [r for p in document.paragraphs for r in p.runs if r.text]
    for run in runs:
        assert run._element.rPr.rFonts.get(qn("w:cs")) == "TH SarabunPSK"
        size_cs = run._element.rPr.find(qn("w:szCs")).get(qn("w:val"))
        assert int(size_cs) == int(run.font.size.pt * 2)
    assert {int(r.font.size.pt) for r in runs} >= {16}
    export = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).latest("at")
    assert export.purpose == "brief the chief"


def test_the_docx_page_needs_a_purpose(personas, built, login):
    response = login(personas.police).post(
        f"/cases/{built.case.uuid}/summary.docx", {"purpose": ""}
    )
    assert response.status_code == 422
    response = login(personas.police).post(
        f"/cases/{built.case.uuid}/summary.docx", {"purpose": "court"}
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_opening_a_case_from_tips_records_their_ids(personas):
    from tests.tips.conftest import assigned_area, submit_tip

    officer = personas.district
    village = assigned_area(personas.headman)
    tips = [submit_tip(village, "ร้านนี้รับซื้อซิมการ์ด"), submit_tip(village, "บ้านเช่าปิดม่าน")]
    case = services.case_create(
        by=officer,
        title="From two tips",
        case_type="mule",
        area=district_of(officer),
        origin_tip_uuids=[t.uuid for t in tips],
    )
    assert case.origin == "tip"
    assert set(CaseOrigin.objects.filter(case=case).values_list("tip_uuid", flat=True)) == {
        t.uuid for t in tips
    }


def test_a_headman_cannot_open_a_case(personas):
    with pytest.raises(services.CasePermissionError):
        services.case_create(
            by=personas.headman, title="x", case_type="other", area=district_of(personas.district)
        )


def test_an_agency_officer_cannot_open_a_case_outside_his_areas(personas):
    with pytest.raises(services.CaseError):
        services.case_create(
            by=personas.police, title="x", case_type="other", area=district_of(personas.police2)
        )


def test_the_case_page_opens_a_case_and_shows_thai_validation_errors(personas, login):
    client = login(personas.police)
    response = client.post(
        "/cases/new/",
        {
            "title": "",
            "case_type": "mule",
            "area_code": "4701",
            "origin": "other",
            "opened_on": "32/13/2569",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "จำเป็น" in page or "กรอก" in page  # Django's "This field is required." in Thai
    assert "อ่านวันที่ไม่ได้" in page  # the shared date field's message, in Thai
    response = client.post(
        "/cases/new/",
        {
            "title": "Mule accounts at the market",
            "case_type": "mule",
            "area_code": district_of(personas.police).code,
            "origin": "other",
            "opened_on": "๑/๑๑/๒๕๖๙",
        },
    )
    assert response.status_code == 302
    case = Case.objects.get(title="Mule accounts at the market")
    assert case.opened_on == dt.date(2026, 11, 1)


def test_the_case_page_records_a_charge_with_a_be_date(personas, built, login):
    client = login(personas.police)
    response = client.post(
        f"/cases/{built.case.uuid}/charge/",
        {
            "party": str(built.suspect.uuid),
            "section": "tech-crime-decree|s.9",
            "offence_from": "1/6/2568",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    charge = Charge.objects.get(party=built.suspect)
    assert charge.offence_from == dt.date(2025, 6, 1)
    assert charge.section_in_force.version.label == "No. 2 B.E. 2568"
    page = client.get(f"/cases/{built.case.uuid}/").content.decode()
    assert "มาตรา 9" in page


def test_the_case_page_refuses_a_status_skip_with_a_thai_message(personas, built, login):
    response = login(personas.police).post(f"/cases/{built.case.uuid}/status/", {"to": "closed"})
    assert response.status_code == 422
    assert "เหตุผล" in response.content.decode()
