"""The accused of a matter follows the matter's rule, not the area rule (#17 H3): the people the
register creates for its accused are left out of the people registry, its search, the page and
the API for everyone who may not see the matter; and the totals by area and day do not tell the
accused's chain of command that a new matter was received."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.utils import timezone

from sodsong.accounts.models import Role
from sodsong.accounts.services import token_issue
from sodsong.core.services import record_soft_delete
from sodsong.misconduct import services
from sodsong.misconduct.selectors import misconduct_totals
from sodsong.people.selectors import person_get, person_list, person_queryset, person_search
from sodsong.people.services import person_create
from tests.misconduct.conftest import make_user, record

# Personas whose area holds the district office's accused, none of whom may see the matter.
CHAIN_AND_AREA = ("province", "district", "kamnan", "headman", "analyst")


def _accused(matter):  # type: ignore[no-untyped-def]
    return matter.official.person


def _api_people(user, query: str) -> list[dict]:  # type: ignore[no-untyped-def]
    _, plain = token_issue(user=user, name="t")
    response = Client(HTTP_AUTHORIZATION=f"Bearer {plain}").get(
        "/api/v1/people", {"q": query, "limit": 200}
    )
    assert response.status_code == 200
    body = response.json()
    return body["items"] if isinstance(body, dict) else body


def test_the_accused_is_in_nobodys_registry_who_may_not_see_his_matter(personas, world):
    person = _accused(world.district_matter)
    assert person.area.code.startswith("4701")  # in the district office's own area
    for name in CHAIN_AND_AREA:
        user = getattr(personas, name)
        assert not person_queryset(user=user).filter(pk=person.pk).exists(), name
        assert person_get(user=user, uuid=str(person.uuid)) is None, name
        assert person.uuid not in {
            p.uuid for p in person_search(user=user, query=person.family_name_th)
        }, name
        assert person.uuid not in {p.uuid for p in person_list(user=user, limit=5000)}, name


def test_the_accused_is_not_found_through_the_api_nor_the_people_page(personas, world, login):
    person = _accused(world.district_matter)
    for name in ("district", "headman", "analyst"):
        user = getattr(personas, name)
        found = _api_people(user, person.family_name_th)
        assert str(person.uuid) not in {p["uuid"] for p in found}, name
        client = login(user)
        page = client.get("/people/", {"q": person.family_name_th})
        assert page.status_code == 200
        assert str(person.uuid) not in page.content.decode(), name
        assert client.get(f"/people/{person.uuid}/").status_code == 404, name


def test_who_may_see_the_matter_still_finds_the_accused(personas, world, nacc):
    """A provincial officer outside the chain (another agency) sees the matter, and the accused
    through the area rule as before."""
    outsider = make_user("outside_province", nacc, Role.PROVINCE, ("47",))
    person = _accused(world.district_matter)
    assert person_queryset(user=outsider).filter(pk=person.pk).exists()
    # The police matter is visible to the provincial persona, so its accused is too.
    assert (
        person_queryset(user=personas.province).filter(pk=_accused(world.police_matter).pk).exists()
    )


def test_a_deleted_matter_keeps_its_accused_hidden(personas, world):
    person = _accused(world.district_matter)
    record_soft_delete(
        record=world.district_matter, actor_id=world.nacc_investigator.pk, reason="test"
    )
    assert not person_queryset(user=personas.district).filter(pk=person.pk).exists()


def test_a_person_the_registry_already_held_keeps_his_place(personas, world):
    """Hiding a resident the moment he is named would itself tell his office."""
    area = personas.district.agency.areas.get()
    resident = person_create(
        area=area, source="village survey", given_name_th="มีอยู่", family_name_th="ก่อนแล้ว"
    )
    services.matter_record(
        actor=personas.province,
        official=services.OfficialInput(
            position="ปลัดอำเภอ",
            agency=personas.district.agency,
            service="civil",
            person=resident,
        ),
        particulars="named after he was registered",
        investigators=[world.nacc_investigator],
        allegation="neglect",
        source="complaint",
        received_on=timezone.localdate(),
        legal_bases=["penal_157"],
        authority="disciplinary",
    )
    assert person_queryset(user=personas.district).filter(pk=resident.pk).exists()


def test_totals_do_not_tell_the_accused_office_of_a_new_matter(personas, world):
    """The district office (and the provincial office above it) see the same totals before and
    after a matter against one of the district office's officials; an investigator outside the
    chain counts it."""
    today = timezone.localdate()
    code = personas.district.agency.areas.get().code
    viewers = {
        "district": personas.district,
        "province": personas.province,
        "nacc": world.nacc_investigator,
    }
    before = {k: misconduct_totals(u, code, today, today).recorded for k, u in viewers.items()}
    record(
        personas.province,
        accused=None,
        agency=personas.district.agency,
        investigators=[world.nacc_investigator],
        particulars="A new matter of today",
        received_on=today,
    )
    after = {k: misconduct_totals(u, code, today, today).recorded for k, u in viewers.items()}
    assert after["district"] == before["district"]
    assert after["province"] == before["province"]
    assert after["nacc"] == before["nacc"] + 1


def test_totals_through_the_api_follow_the_same_rule(personas, world):
    day = world.district_matter.received_on
    code = personas.district.agency.areas.get().code
    _, plain = token_issue(user=personas.district, name="t")
    response = Client(HTTP_AUTHORIZATION=f"Bearer {plain}").get(
        "/api/v1/misconduct/totals",
        {"area": code, "date_from": day.isoformat(), "date_to": day.isoformat()},
    )
    assert response.status_code == 200
    # The district matter of that day is counted outside the chain, not by the district office.
    seen_by_district = response.json()["recorded"]
    assert seen_by_district == misconduct_totals(personas.district, code, day, day).recorded
    assert misconduct_totals(world.nacc_investigator, code, day, day).recorded > seen_by_district


def test_a_viewer_without_an_agency_counts_no_matter(personas, world):
    analyst = personas.analyst
    analyst.agency = None
    day = world.district_matter.received_on
    assert misconduct_totals(analyst, "47", day - dt.timedelta(days=1), day).recorded == 0
