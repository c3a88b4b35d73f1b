"""Who sees a case, and what of it: every persona against a case led by the police station of
district 1, through the selector, the page and the API; participation granted and revoked by the
lead agency; and the need-to-know compartments (informants, victims, planned operations)."""

from __future__ import annotations

import pytest

from sodsong.accounts.models import Agency, AgencyKind
from sodsong.audit.models import AuditEvent
from sodsong.cases import services
from sodsong.cases.selectors import case_queryset, people_visible_via_cases
from sodsong.people.models import Person

from .conftest import api

# persona → sees the case led by police (station of district 1) in district 1
EXPECTED = {
    "police": True,  # its agency leads the case
    "police2": False,  # another station, not taking part
    "immigration": False,  # not taking part until granted
    "district": True,  # the district officer of the case's district
    "district2": False,  # another district
    "province": True,  # provincial administration
    "kamnan": False,  # never kamnan, headmen or local bodies
    "headman": False,
    "headman2": False,
    "headman3": False,
    "localgov": False,
    "ministry": False,  # aggregates only
    "analyst": False,  # links entities; cases only through sharing
    "investigator": False,
}


@pytest.mark.parametrize(("name", "sees"), sorted(EXPECTED.items()))
def test_who_sees_a_case_through_selector_page_and_api(name, sees, personas, built, login):
    user = getattr(personas, name)
    assert case_queryset(user=user).filter(pk=built.case.pk).exists() is sees
    client = login(user)
    page = client.get(f"/cases/{built.case.uuid}/")
    assert page.status_code in ((200,) if sees else (403, 404))
    response = client.get(f"/api/v1/cases/{built.case.uuid}")
    assert response.status_code == (200 if sees else 404)
    listed = {c["uuid"] for c in client.get("/api/v1/cases").json()["items"]}
    assert (str(built.case.uuid) in listed) is sees


@pytest.mark.parametrize("name", ["kamnan", "headman", "localgov", "ministry", "investigator"])
def test_village_and_ministry_roles_are_refused_the_cases_page(name, personas, login):
    before = AuditEvent.objects.filter(action=AuditEvent.Action.DENIED).count()
    response = login(getattr(personas, name)).get("/cases/")
    assert response.status_code == 403
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DENIED).count() == before + 1


def test_an_officer_of_the_same_station_sees_the_case_but_no_compartment(
    same_station, built, login
):
    client = login(same_station)
    body = client.get(f"/api/v1/cases/{built.case.uuid}").json()
    names = {p["name"] for p in body["parties"]}
    assert any("Suspectus" in n for n in names)
    assert not any("Informantius" in n or "Victimova" in n for n in names)
    assert body["operations"] == []
    assert body["hidden"] == {"informants": 1, "victims": 1, "operations": 1}
    page = client.get(f"/cases/{built.case.uuid}/").content.decode()
    assert "Suspectus" in page
    assert "Informantius" not in page and "Victimova" not in page
    assert "Secret raid address 99" not in page


def test_the_district_officer_sees_the_case_but_not_the_informant(personas, built, login):
    page = login(personas.district).get(f"/cases/{built.case.uuid}/").content.decode()
    assert "Suspectus" in page
    assert "Informantius" not in page
    assert "Secret raid address 99" not in page


def test_the_lead_officer_who_opened_the_case_sees_every_compartment(personas, built, login):
    body = login(personas.police).get(f"/api/v1/cases/{built.case.uuid}").json()
    names = " ".join(p["name"] for p in body["parties"])
    assert "Informantius" in names and "Victimova" in names
    assert [o["place"] for o in body["operations"]] == ["Secret raid address 99"]


def test_a_member_named_for_victims_sees_victims_but_not_informants_or_raids(
    personas, same_station, built, login
):
    services.member_set(by=personas.police, case=built.case, user=same_station, victims=True)
    body = login(same_station).get(f"/api/v1/cases/{built.case.uuid}").json()
    names = " ".join(p["name"] for p in body["parties"])
    assert "Victimova" in names and "Informantius" not in names
    assert body["operations"] == []


def test_the_timeline_hides_compartmented_lines(personas, same_station, built, login):
    lead = login(personas.police).get(f"/api/v1/cases/{built.case.uuid}/timeline").json()
    other = login(same_station).get(f"/api/v1/cases/{built.case.uuid}/timeline").json()
    assert {"operation_planned"} <= {e["kind"] for e in lead}
    assert "operation_planned" not in {e["kind"] for e in other}
    assert len(other) < len(lead)


def test_a_granted_agency_sees_the_case_until_the_lead_revokes_it(personas, built, login):
    immigration = personas.immigration
    client = login(personas.police)
    response = api(
        client,
        "post",
        f"/api/v1/cases/{built.case.uuid}/participants",
        {"agency_uuid": str(immigration.agency.uuid)},
    )
    assert response.status_code == 200
    assert login(immigration).get(f"/api/v1/cases/{built.case.uuid}").status_code == 200
    response = client.delete(
        f"/api/v1/cases/{built.case.uuid}/participants/{immigration.agency.uuid}"
    )
    assert response.status_code == 204
    assert login(immigration).get(f"/api/v1/cases/{built.case.uuid}").status_code == 404


def test_only_the_lead_agency_grants_participation(personas, built, login):
    services.participation_grant(
        by=personas.police, case=built.case, agency=personas.immigration.agency
    )
    response = api(
        login(personas.immigration),
        "post",
        f"/api/v1/cases/{built.case.uuid}/participants",
        {"agency_uuid": str(personas.police2.agency.uuid)},
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    assert not case_queryset(user=personas.police2).filter(pk=built.case.pk).exists()


def test_a_military_officer_sees_the_case_once_the_military_unit_takes_part(
    personas, military, built
):
    assert not case_queryset(user=military).filter(pk=built.case.pk).exists()
    services.participation_grant(by=personas.police, case=built.case, agency=military.agency)
    assert case_queryset(user=military).filter(pk=built.case.pk).exists()


def test_a_police_officer_of_another_station_cannot_change_the_case(personas, built, login):
    client = login(personas.police2)
    response = api(
        client, "post", f"/api/v1/cases/{built.case.uuid}/status", {"to": "investigating"}
    )
    assert response.status_code == 404
    response = client.post(f"/cases/{built.case.uuid}/status/", {"to": "investigating"})
    assert response.status_code == 404
    built.case.refresh_from_db()
    assert built.case.status == "open"


def test_the_district_officer_reads_but_does_not_change_a_case_his_office_is_not_in(
    personas, built, login
):
    response = api(
        login(personas.district),
        "post",
        f"/api/v1/cases/{built.case.uuid}/status",
        {"to": "investigating"},
    )
    assert response.status_code == 403


def test_a_party_of_a_hidden_compartment_answers_404(same_station, built, login):
    client = login(same_station)
    response = api(
        client,
        "post",
        f"/api/v1/cases/parties/{built.informant.uuid}/charges",
        {"law_code": "penal-code", "section_key": "s.341", "offence_from": "2026-01-01"},
    )
    assert response.status_code == 404


def test_people_visible_through_cases_follow_the_compartments(personas, same_station, built):
    def names(user):  # type: ignore[no-untyped-def]
        ids = people_visible_via_cases(user)
        return set(Person.objects.filter(pk__in=ids).values_list("given_name_latin", flat=True))

    assert {"Suspectus", "Informantius", "Victimova"} <= names(personas.police)
    seen = names(same_station)
    assert "Suspectus" in seen and not {"Informantius", "Victimova"} & seen
    assert "Suspectus" not in names(personas.police2)
    assert not names(personas.headman) & {"Suspectus", "Informantius", "Victimova"}


def test_reading_a_case_audits_the_people_read_by_id(personas, built, login):
    login(personas.police).get(f"/cases/{built.case.uuid}/")
    event = AuditEvent.objects.filter(
        action=AuditEvent.Action.READ, object_type="people.person"
    ).latest("at")
    assert str(built.suspect.person.uuid) in event.object_ids
    assert "Suspectus" not in str(event.detail)


def test_an_attachment_is_served_only_to_those_who_see_the_case(personas, built, login):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4)).save(out, format="PNG")  # a real picture: its header is checked
    png = out.getvalue()
    attachment = services.case_attach(
        by=personas.police, case=built.case, upload=SimpleUploadedFile("scene.png", png)
    )
    assert login(personas.police).get(f"/files/{attachment.uuid}").status_code == 200
    assert login(personas.police2).get(f"/files/{attachment.uuid}").status_code == 404
    assert login(personas.headman).get(f"/files/{attachment.uuid}").status_code == 404


def test_labour_is_granted_and_then_its_tasks_reach_its_officer(personas, labour, built, login):
    services.participation_grant(by=personas.police, case=built.case, agency=labour.agency)
    services.task_create(
        by=personas.police,
        case=built.case,
        title="Check the work permits",
        assignee_agency=labour.agency,
    )
    tasks = login(labour).get("/api/v1/cases/tasks/mine").json()
    assert "Check the work permits" in {t["title"] for t in tasks}
    assert Agency.objects.filter(kind=AgencyKind.LABOUR).exists()
