"""Issue #17 items 1 and 2 through cases: a party added by passport attaches and names only a
person the officer may see; a new informant, witness or victim is recorded inside the case and
seen only through it; a new person's area must lie in the officer's or the case's areas."""

from __future__ import annotations

import pytest
from django.test import Client

from sodsong.accounts.models import ApiToken
from sodsong.accounts.services import token_issue
from sodsong.cases import services
from sodsong.cases.models import CaseParty, PartyRole
from sodsong.people.matching import NewPerson
from sodsong.people.models import DocumentType, PersonCompartment, PossibleDuplicate
from sodsong.people.services import DocumentInput, person_create

from .conftest import api, district_of, village_in


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    _, plain = token_issue(user=user, name="test", scope=ApiToken.Scope.WRITE)
    return Client(HTTP_AUTHORIZATION=f"Bearer {plain}")


def _holder_elsewhere(personas, number: str):  # type: ignore[no-untyped-def]
    """A passport holder in district 2, outside `police`'s reach."""
    return person_create(
        area=village_in(district_of(personas.police2)),
        source="village survey",
        given_name_latin="Farawayo",
        family_name_latin="Holder",
        documents=[DocumentInput(DocumentType.PASSPORT, "KHM", number)],
    )


def test_a_passport_held_out_of_reach_neither_attaches_nor_names_its_holder(personas, built):
    holder = _holder_elsewhere(personas, "KP700001")
    response = api(
        _client(personas.police),
        "post",
        f"/api/v1/cases/{built.case.uuid}/parties",
        {
            "role": "suspect",
            "new_person": {
                "given_name_th": "ทดสอบ",
                "passport_number": "KP700001",
                "passport_state": "KHM",
            },
        },
    )
    assert response.status_code == 201, response.content
    assert str(holder.uuid) not in response.content.decode()
    assert "Farawayo" not in response.content.decode()
    assert not CaseParty.objects.filter(case=built.case, person=holder).exists()
    party = CaseParty.objects.get(uuid=response.json()["uuid"])
    assert PossibleDuplicate.objects.filter(existing=holder, candidate=party.person).exists()


def test_a_passport_of_a_person_in_reach_attaches_them(personas, built):
    police = personas.police
    first = services.party_add_person(
        by=police,
        case=built.case,
        role=PartyRole.SUSPECT,
        new=NewPerson(
            given_name_latin="Again",
            documents=(DocumentInput(DocumentType.PASSPORT, "KHM", "KP700002"),),
        ),
    )
    again = services.party_add_person(
        by=police,
        case=built.case,
        role=PartyRole.WITNESS,
        new=NewPerson(
            given_name_latin="Again",
            documents=(DocumentInput(DocumentType.PASSPORT, "KHM", "KP700002"),),
        ),
    )
    assert again.person == first.person


@pytest.mark.parametrize("role", ["informant", "witness", "victim"])
def test_a_new_informant_witness_or_victim_is_recorded_inside_the_case(personas, built, role):
    police = personas.police
    response = api(
        _client(police),
        "post",
        f"/api/v1/cases/{built.case.uuid}/parties",
        {"role": role, "new_person": {"given_name_th": "ลับเฉพาะ", "family_name_th": role}},
    )
    assert response.status_code == 201, response.content
    person_uuid = response.json()["person_uuid"]
    party = CaseParty.objects.get(uuid=response.json()["uuid"])
    assert party.person.compartment == PersonCompartment.CASE
    assert party.person.compartment_ref == built.case.uuid
    # Never in the registry: not listed, not searched, not opened by area.
    for viewer in ("district", "province", "kamnan", "headman"):
        client = _client(getattr(personas, viewer))
        listed = {p["uuid"] for p in client.get("/api/v1/people?limit=200").json()["items"]}
        searched = client.get("/api/v1/people", {"q": "ลับเฉพาะ"}).json()["items"]
        assert person_uuid not in listed and not searched, viewer
        # Opened by id only through the case: district and province read the case, where a
        # witness is open to its readers; informants and victims only to the members named.
        through_case = role == "witness" and viewer in ("district", "province")
        expected = 200 if through_case else 404
        assert client.get(f"/api/v1/people/{person_uuid}").status_code == expected, viewer
    # The case's member named for the compartment opens the person from the case.
    assert _client(police).get(f"/api/v1/people/{person_uuid}").status_code == 200
    # ...but cannot carry them into another case.
    other = services.case_create(
        by=police,
        title="Another case",
        case_type="call_centre",
        area=built.case.area,
        origin="tip",
        opened_on=built.case.opened_on,
    )
    moved = api(
        _client(police),
        "post",
        f"/api/v1/cases/{other.uuid}/parties",
        {"role": "suspect", "person_uuid": person_uuid},
    )
    assert moved.status_code == 404


def test_an_officer_cannot_record_a_person_outside_his_and_the_cases_areas(personas, built):
    response = api(
        _client(personas.police),
        "post",
        f"/api/v1/cases/{built.case.uuid}/parties",
        {
            "role": "informant",
            "new_person": {"given_name_th": "กรุงเทพ", "area_code": "10"},
        },
    )
    assert response.status_code == 422
    assert "ไม่มีสิทธิ์" in response.json()["error"]["message"]
    elsewhere = api(
        _client(personas.police),
        "post",
        f"/api/v1/cases/{built.case.uuid}/parties",
        {
            "role": "suspect",
            "new_person": {
                "given_name_th": "ที่อื่น",
                "area_code": district_of(personas.police2).code,
            },
        },
    )
    assert elsewhere.status_code == 422


def test_a_suspect_the_case_recorded_moves_inside_it_once_screened_a_victim(personas, built):
    import datetime as dt

    police = personas.police
    party = services.party_add_person(
        by=police,
        case=built.case,
        role=PartyRole.SUSPECT,
        new=NewPerson(given_name_latin="Heldinside"),
        recruited_or_held=True,
    )
    assert party.person.compartment == PersonCompartment.REGISTRY
    services.party_screen(
        by=police, party=party, result="victim", screened_on=dt.date.today(), reference="x"
    )
    party.person.refresh_from_db()
    assert party.person.compartment == PersonCompartment.CASE
    assert party.person.compartment_ref == built.case.uuid
    # A registry person from elsewhere (the fixture's suspect) stays in the registry.
    held = built.suspect
    held.recruited_or_held = True
    held.save()
    services.party_screen(
        by=police, party=held, result="victim", screened_on=dt.date.today(), reference="y"
    )
    held.person.refresh_from_db()
    assert held.person.compartment == PersonCompartment.REGISTRY


def _registry_views(personas, login, person) -> dict:  # type: ignore[no-untyped-def]
    """What the registry shows of `person` to each of its viewers: list, search, the API's list,
    search and record, and the person's page."""
    from sodsong.people.selectors import person_list, person_search

    seen = {}
    for name in ("headman", "kamnan", "district", "province", "police"):
        viewer = getattr(personas, name)
        listed = [p for p in person_list(user=viewer, limit=5000) if p.pk == person.pk]
        found = person_search(user=viewer, query=person.given_name_latin)
        client = _client(viewer)
        api_list = client.get("/api/v1/people", {"q": person.given_name_latin}).json()
        api_one = client.get(f"/api/v1/people/{person.uuid}")
        page = login(viewer).get(f"/people/{person.uuid}/")
        listing = login(viewer).get("/people/", {"q": person.given_name_latin})
        seen[name] = (
            [(p.uuid, p.source, p.compartment) for p in listed],
            [(p.uuid, p.source) for p in found if p.pk == person.pk],
            api_list,
            (api_one.status_code, api_one.content),
            page.status_code,
            page.content.decode() if page.status_code == 200 else "",
            listing.content.decode().count(person.given_name_latin),
        )
    return seen


@pytest.mark.parametrize("role", ["informant", "victim"])
def test_the_registry_never_shows_a_residents_case_role(personas, login, built, role):
    """#17 C2 residual: a resident already in the registry who becomes an informant or a victim
    stays in the registry, and the registry (list, search, API /api/v1/people, the person's page)
    shows every viewer of the area exactly what it showed before, and the case's own officer
    (who now reaches him through the case) no role and no case either."""
    village = village_in(district_of(personas.police))
    resident = person_create(
        area=village,
        source="village survey",
        given_name_latin="Residentia" + {"informant": "Ann", "victim": "Bee"}[role],
        family_name_latin="Registry",
    )
    before = _registry_views(personas, login, resident)
    assert before["district"][0] and before["province"][0]  # listed by area
    services.party_add(by=personas.police, case=built.case, person=resident, role=role)
    resident.refresh_from_db()
    assert resident.compartment == PersonCompartment.REGISTRY  # he keeps his place
    after = _registry_views(personas, login, resident)
    for name, shown in after.items():
        if name != "police":  # the case's officer now reaches him through the case
            assert shown[:5] == before[name][:5], name
        assert all(source == "village survey" for _u, source, _c in shown[0]), name
        page = shown[5]
        for word in (built.case.number, role, "ผู้แจ้งเบาะแส", "ผู้เสียหาย", "informant", "victim"):
            assert word not in page and word not in str(shown[2]), (name, word)
