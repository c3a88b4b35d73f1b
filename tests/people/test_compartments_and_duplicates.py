"""Issue #17 items 1 and 2 in the people core: an identity document matched only within the
user's reach (a match outside it reveals nothing and is flagged as a possible duplicate), the
area of a new person checked against the user's scope, and people recorded inside a compartment
kept out of the registry's lists, searches and matches."""

from __future__ import annotations

import uuid

import pytest
from django.utils import translation

from sodsong.audit.models import AuditEvent
from sodsong.geo.models import Area, Level
from sodsong.people.matching import NewPerson, PersonAreaError, party_person
from sodsong.people.models import DocumentType, PersonCompartment, PossibleDuplicate
from sodsong.people.selectors import (
    person_get,
    person_list,
    person_search,
    possible_duplicates,
)
from sodsong.people.services import DocumentInput, PersonError, person_create


def _village(prefix: str) -> Area:
    return Area.objects.filter(level=Level.VILLAGE, code__startswith=prefix).order_by("code")[0]


def _own_village(user) -> Area:  # type: ignore[no-untyped-def]
    return Area.objects.get(
        role_assignments__user=user, role_assignments__role="headman", level="village"
    )


def _passport(number: str) -> DocumentInput:
    return DocumentInput(DocumentType.PASSPORT, "MMR", number)


def _holder(area: Area, number: str, **names: str):  # type: ignore[no-untyped-def]
    return person_create(
        area=area,
        source="village survey",
        given_name_latin=names.get("given", "Nyein"),
        family_name_latin=names.get("family", "Chan"),
        documents=[_passport(number)],
    )


def test_a_document_held_out_of_reach_creates_a_new_person_and_flags_a_duplicate(personas):
    holder = _holder(_village("4701"), "MX100001")
    headman2 = personas.headman2
    result = party_person(
        user=headman2,
        new=NewPerson(given_name_latin="Other", documents=(_passport("MX100001"),)),
        area=_own_village(headman2),
        source="village survey",
    )
    assert result.person != holder and not result.attached
    assert not result.person.documents.exists()  # the document stays with its holder
    flag = PossibleDuplicate.objects.get(candidate=result.person)
    assert (flag.existing, flag.number, flag.created_by) == (holder, "MX100001", headman2)
    event = AuditEvent.objects.filter(object_type="people.possibleduplicate").latest("id")
    assert event.object_ids == [str(flag.uuid)]
    assert str(holder.uuid) not in str(event.detail)
    # Only someone who may see both people sees the possible duplicate.
    assert possible_duplicates(user=personas.province) == [flag]
    assert possible_duplicates(user=headman2) == []
    assert possible_duplicates(user=personas.headman) == []


def test_a_document_held_within_reach_attaches_or_refuses_with_its_id(personas):
    headman = personas.headman
    village = _own_village(headman)
    holder = _holder(village, "MX100002")
    attached = party_person(
        user=headman,
        new=NewPerson(given_name_latin="X", documents=(_passport("MX100002"),)),
        area=village,
        source="test",
    )
    assert attached.person == holder and attached.attached
    with pytest.raises(PersonError, match=str(holder.uuid)):
        party_person(
            user=headman,
            new=NewPerson(given_name_latin="X", documents=(_passport("MX100002"),)),
            area=village,
            source="test",
            on_visible_match="refuse",
        )


def test_person_create_never_names_the_holder_of_a_document(personas):
    holder = _holder(_village("4701"), "MX100003")
    with pytest.raises(PersonError) as refused:
        _holder(_village("4702"), "MX100003")
    assert str(holder.uuid) not in str(refused.value)


def test_a_new_persons_area_must_lie_in_the_users_scope(personas):
    bangkok = Area.objects.filter(code__startswith="10").order_by("code").first()
    if bangkok is None:
        bangkok = Area.objects.create(code="10", name_th="กรุงเทพมหานคร", level=Level.PROVINCE)
    new = NewPerson(given_name_th="ทดสอบ")
    with translation.override("th"), pytest.raises(PersonAreaError) as refused:
        party_person(user=personas.police2, new=new, area=bangkok, source="test")
    assert "ไม่มีสิทธิ์" in str(refused.value)
    with pytest.raises(PersonAreaError):
        party_person(user=personas.headman2, new=new, area=_village("4701"), source="test")
    # The areas of the case he works are allowed too.
    other = _village("4701")
    made = party_person(
        user=personas.police2, new=new, area=other, source="test", area_also=("4701",)
    )
    assert made.person.area == other


def test_people_inside_a_compartment_are_never_listed_searched_or_matched_by_area(personas):
    village = _own_village(personas.headman)
    inside = person_create(
        area=village,
        source="case 47-2569/9999",
        given_name_th="สายลับ",
        family_name_th="ในคดี",
        documents=[_passport("MX100004")],
        compartment=PersonCompartment.CASE,
        compartment_ref=uuid.uuid4(),
    )
    for viewer in (personas.headman, personas.kamnan, personas.district, personas.province):
        assert inside not in person_list(user=viewer, limit=1000)
        assert inside not in person_search(user=viewer, query="สายลับ ในคดี")
        assert person_get(user=viewer, uuid=str(inside.uuid)) is None
    # A passport held by a compartment person is out of everyone's reach as the registry.
    result = party_person(
        user=personas.headman,
        new=NewPerson(given_name_latin="Z", documents=(_passport("MX100004"),)),
        area=village,
        source="test",
    )
    assert result.person != inside and result.flagged


def test_the_possible_duplicates_api_lists_them_only_to_who_sees_both(personas, login):
    holder = _holder(_village("4701"), "MX100005")
    made = party_person(
        user=personas.headman2,
        new=NewPerson(given_name_latin="Other", documents=(_passport("MX100005"),)),
        area=_own_village(personas.headman2),
        source="village survey",
    )
    seen = login(personas.province).get("/api/v1/people/possible-duplicates").json()
    assert [(d["existing_uuid"], d["candidate_uuid"]) for d in seen] == [
        (str(holder.uuid), str(made.person.uuid))
    ]
    assert login(personas.headman2).get("/api/v1/people/possible-duplicates").json() == []
