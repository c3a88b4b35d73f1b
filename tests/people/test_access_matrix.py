"""Who may see a person: every demo persona against a person in the headman's village (district 1)
and one in headman2's village (district 2), through the selector, the web page and the API.

Jurisdiction is decided once, in `scope_for` and the people selectors; these tests prove that the
page and the API give the same answer, and that every successful read is audited by id only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from django.forms.models import model_to_dict
from django.test import Client

from sodsong.accounts.models import Role, RoleAssignment
from sodsong.accounts.services import token_issue
from sodsong.audit.models import AuditEvent
from sodsong.people.models import DocumentType, Person
from sodsong.people.selectors import OBJECT_TYPE, person_get, person_list
from sodsong.people.services import DocumentInput, person_create

# persona → (sees the person in headman's village, sees the person in headman2's village)
EXPECTED = {
    "ministry": (False, False),  # aggregates only, never personal data
    "province": (True, True),  # the whole province
    "district": (True, False),  # own district only
    "district2": (False, True),
    "kamnan": (True, False),  # own sub-district, which holds the headman's village
    "headman": (True, False),  # own village only
    "headman3": (False, False),  # another village of the same sub-district
    "headman2": (False, True),  # a village in the other district
    "localgov": (True, False),  # its sub-district
    "police": (False, False),  # agency officers: through assigned cases (a later module)
    "police2": (False, False),
    "immigration": (False, False),
    "analyst": (True, True),  # the assigned province
    "investigator": (False, False),  # misconduct matters only
    "investigator2": (False, False),  # an investigator outside the provincial chain (NACC)
}

# Distinctive names, so the audit check can look for them anywhere in an event.
HOME_NAME = ("Thurein", "Zayarlwin")
OTHER_NAME = ("Sovannarith", "Pheaktra")


@dataclass(frozen=True)
class Recorded:
    home: Person  # in headman's village, district 1
    other: Person  # in headman2's village, district 2


def _village_of(user) -> object:
    assignment = RoleAssignment.objects.get(user=user, role=Role.HEADMAN, revoked_at__isnull=True)
    return assignment.areas.get()


@pytest.fixture
def recorded(personas) -> Recorded:
    home = person_create(
        area=_village_of(personas.headman),
        source="headman survey",
        given_name_latin=HOME_NAME[0],
        family_name_latin=HOME_NAME[1],
        birth_year=1991,
        nationality="MMR",
        documents=[DocumentInput(DocumentType.PASSPORT, "MMR", "MC7712345")],
    )
    other = person_create(
        area=_village_of(personas.headman2),
        source="headman survey",
        given_name_latin=OTHER_NAME[0],
        family_name_latin=OTHER_NAME[1],
        birth_year=1988,
        nationality="KHM",
        documents=[DocumentInput(DocumentType.PASSPORT, "KHM", "N01234567")],
    )
    return Recorded(home=home, other=other)


def _cases(recorded: Recorded, persona: str) -> list[tuple[Person, bool]]:
    sees_home, sees_other = EXPECTED[persona]
    return [(recorded.home, sees_home), (recorded.other, sees_other)]


def _read_events(user, person: Person) -> list[AuditEvent]:
    return [
        e
        for e in AuditEvent.objects.filter(
            action=AuditEvent.Action.READ, object_type=OBJECT_TYPE, actor_id=user.pk
        )
        if str(person.uuid) in e.object_ids
    ]


def _assert_audited_without_values(user, person: Person) -> None:
    events = _read_events(user, person)
    assert events, f"{user.username}'s read of {person.uuid} was not audited"
    names = [
        person.given_name_latin,
        person.family_name_latin,
        person.given_name_latin.casefold(),
        person.family_name_latin.casefold(),
    ]
    documents = [d.number for d in person.documents.all()]
    for event in events:
        text = json.dumps(model_to_dict(event), default=str, ensure_ascii=False)
        for value in names + documents:
            assert value not in text, f"audit event {event.pk} holds a personal value"


def test_every_named_persona_is_in_the_matrix(personas):
    from sodsong.accounts.models import User

    demo_users = set(User.objects.filter(is_demo=True).values_list("username", flat=True))
    assert set(EXPECTED) <= demo_users


def test_other_demo_users_see_neither_person_unless_their_area_holds_it(personas, recorded):
    # The demo may add more officers (e.g. one per district): they follow the same rule.
    from sodsong.accounts.models import User
    from sodsong.accounts.scope import scope_for

    for user in User.objects.filter(is_demo=True).exclude(username__in=EXPECTED):
        scope = scope_for(user)
        for person in (recorded.home, recorded.other):
            visible = person_get(user=user, uuid=str(person.uuid)) is not None
            assert visible == scope.covers_personal(person.area.code), user.username


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_person_get_selector_follows_jurisdiction(persona, personas, recorded):
    user = getattr(personas, persona)
    for person, visible in _cases(recorded, persona):
        found = person_get(user=user, uuid=str(person.uuid))
        assert (found is not None) == visible, (persona, person.family_name_latin)
        if visible:
            assert found == person
            _assert_audited_without_values(user, person)
        else:
            assert not _read_events(user, person)


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_person_list_selector_follows_jurisdiction(persona, personas, recorded):
    user = getattr(personas, persona)
    for person, visible in _cases(recorded, persona):
        by_area = person_list(user=user, area_code=person.area.code, limit=200)
        assert (person in by_area) == visible, (persona, "by area")
        by_name = person_list(user=user, query=person.family_name_latin, limit=200)
        assert (person in by_name) == visible, (persona, "by name")
        if visible:
            _assert_audited_without_values(user, person)
        else:
            assert not _read_events(user, person)


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_person_page_follows_jurisdiction(persona, personas, recorded, login):
    user = getattr(personas, persona)
    client = login(user)
    for person, visible in _cases(recorded, persona):
        response = client.get(f"/people/{person.uuid}/")
        if visible:
            assert response.status_code == 200, persona
            assert person.family_name_latin in response.content.decode()
            _assert_audited_without_values(user, person)
        else:
            # Out of scope answers like a missing record: it does not confirm the person exists.
            assert response.status_code == 404, persona
            assert person.family_name_latin not in response.content.decode()
            assert not _read_events(user, person)


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_person_api_follows_jurisdiction(persona, personas, recorded):
    user = getattr(personas, persona)
    _, plain = token_issue(user=user, name="matrix")
    client = Client()
    for person, visible in _cases(recorded, persona):
        response = client.get(f"/api/v1/people/{person.uuid}", HTTP_AUTHORIZATION=f"Bearer {plain}")
        if visible:
            assert response.status_code == 200, (persona, response.content[:300])
            body = response.json()
            assert body["uuid"] == str(person.uuid)
            assert body["area_code"] == person.area.code
            _assert_audited_without_values(user, person)
            event = _read_events(user, person)[-1]
            assert event.via == "api"
        else:
            assert response.status_code == 404, persona
            assert response.json()["error"]["code"] == "not_found"
            assert not _read_events(user, person)


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_person_api_list_follows_jurisdiction(persona, personas, recorded):
    user = getattr(personas, persona)
    _, plain = token_issue(user=user, name="matrix")
    client = Client()
    for person, visible in _cases(recorded, persona):
        response = client.get(
            "/api/v1/people",
            {"area": person.area.code, "limit": 200},
            HTTP_AUTHORIZATION=f"Bearer {plain}",
        )
        assert response.status_code == 200
        uuids = {item["uuid"] for item in response.json()["items"]}
        assert (str(person.uuid) in uuids) == visible, persona


def test_headman_cannot_see_other_village(personas, recorded, login):
    client = login(personas.headman3)
    assert client.get(f"/people/{recorded.home.uuid}/").status_code == 404
    assert person_get(user=personas.headman3, uuid=str(recorded.home.uuid)) is None


def test_district_officer_cannot_see_other_district(personas, recorded):
    assert person_get(user=personas.district, uuid=str(recorded.other.uuid)) is None
    assert person_get(user=personas.district2, uuid=str(recorded.home.uuid)) is None


def test_police_officers_see_only_the_people_on_their_cases(personas, recorded):
    from sodsong.cases.selectors import people_visible_via_cases

    for officer in (personas.police, personas.police2):
        seen = person_list(user=officer, limit=500)
        assert recorded.home not in seen and recorded.other not in seen
        on_cases = set(
            Person.objects.filter(pk__in=people_visible_via_cases(officer)).values_list(
                "pk", flat=True
            )
        )
        assert {p.pk for p in seen} <= on_cases
    assert person_list(user=personas.police2, query=HOME_NAME[1]) == []


def test_one_audit_event_lists_every_person_a_list_returned(personas, recorded):
    user = personas.province
    people = person_list(user=user, area_code=recorded.home.area.code, limit=200)
    assert recorded.home in people
    event = AuditEvent.objects.filter(action=AuditEvent.Action.READ, actor_id=user.pk).first()
    assert event is not None
    assert sorted(event.object_ids) == sorted(str(p.uuid) for p in people)
    assert event.object_count == len(people)


def test_a_read_of_nobody_is_not_audited(personas, recorded):
    before = AuditEvent.objects.filter(action=AuditEvent.Action.READ).count()
    assert person_list(user=personas.ministry, limit=200) == []
    assert person_get(user=personas.ministry, uuid=str(recorded.home.uuid)) is None
    assert AuditEvent.objects.filter(action=AuditEvent.Action.READ).count() == before


def test_api_answers_not_found_for_a_malformed_uuid(personas):
    _, plain = token_issue(user=personas.province, name="matrix")
    response = Client().get("/api/v1/people/not-a-uuid", HTTP_AUTHORIZATION=f"Bearer {plain}")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert person_get(user=personas.province, uuid="47010102") is None


def test_a_selector_read_outside_a_request_is_attributed_to_the_reader(personas, recorded):
    # Jobs and commands call selectors with no request to set the actor: the audit must still
    # say who read the person.
    person_get(user=personas.kamnan, uuid=str(recorded.home.uuid), purpose="monthly survey")
    event = AuditEvent.objects.filter(action=AuditEvent.Action.READ).first()
    assert event is not None
    assert event.actor_id == personas.kamnan.pk
    assert event.agency_id == personas.kamnan.agency_id
    assert event.object_ids == [str(recorded.home.uuid)]
    assert event.purpose == "monthly survey"
