"""Possible duplicates (#17 C1): flagged by every path that records people, the spreadsheet
import included; listed only to a viewer who may see both records; decided on /people/duplicates/
(merge or dismiss), both audited."""

from __future__ import annotations

import uuid

from sodsong.audit.models import AuditEvent
from sodsong.geo.models import Area
from sodsong.people.matching import NewPerson, party_person
from sodsong.people.models import (
    DocumentType,
    Person,
    PersonCompartment,
    PossibleDuplicate,
    Resolution,
)
from sodsong.people.selectors import possible_duplicates
from sodsong.people.services import DocumentInput, person_create
from sodsong.survey.importing import jobs
from sodsong.survey.models import Resident
from tests.survey.test_import import _row, _upload, _xlsx


def _own_village(user) -> Area:  # type: ignore[no-untyped-def]
    return Area.objects.get(
        role_assignments__user=user, role_assignments__role="headman", level="village"
    )


def _holder(area: Area, number: str) -> Person:
    return person_create(
        area=area,
        source="village survey",
        given_name_latin="Holdero",
        family_name_latin="Earlier",
        documents=[DocumentInput(DocumentType.PASSPORT, "MMR", number)],
    )


def _imported_flag(personas, number: str) -> PossibleDuplicate:  # type: ignore[no-untyped-def]
    """headman2 imports a resident whose passport a person of headman's village holds."""
    holder = _holder(_own_village(personas.headman), number)
    village2 = _own_village(personas.headman2)
    job = _upload(personas.headman2, _xlsx([_row(village2.code, number, given_name_latin="Newo")]))
    jobs.import_commit(job=job, user=personas.headman2)
    return PossibleDuplicate.objects.get(existing=holder)


def test_an_imported_row_is_flagged_for_who_sees_both_only(personas):
    flag = _imported_flag(personas, "MD200001")
    assert flag.candidate.given_name_latin == "Newo" and flag.created_by == personas.headman2
    assert Resident.objects.filter(person=flag.candidate).exists()
    assert flag in possible_duplicates(user=personas.province)
    for viewer in (personas.headman2, personas.headman, personas.district2):
        assert flag not in possible_duplicates(user=viewer), viewer.username


def test_a_flag_on_a_person_inside_a_compartment_is_listed_to_nobody_outside_it(personas):
    holder = _holder(_own_village(personas.headman), "MD200002")
    made = party_person(
        user=personas.headman2,
        new=NewPerson(given_name_latin="Hidden", documents=(_passport("MD200002"),)),
        area=_own_village(personas.headman2),
        source="case 47-2569/0001",
        compartment=PersonCompartment.CASE,
        compartment_ref=uuid.uuid4(),
    )
    (flag,) = made.flagged
    assert flag.existing == holder
    # The province sees the holder, nobody sees the person inside the (absent) case by area.
    for viewer in (personas.province, personas.headman, personas.headman2, personas.district2):
        assert flag not in possible_duplicates(user=viewer)


def _passport(number: str) -> DocumentInput:
    return DocumentInput(DocumentType.PASSPORT, "MMR", number)


def test_the_review_page_lists_the_flag_in_thai_and_english(personas, login):
    flag = _imported_flag(personas, "MD200003")
    client = login(personas.province)
    page = client.get("/people/duplicates/", HTTP_ACCEPT_LANGUAGE="th")
    text = page.content.decode()
    assert page.status_code == 200
    assert "อาจซ้ำกัน" in text and "Holdero" in text and "Newo" in text and "MD200003" in text
    client.post("/i18n/setlang/", {"language": "en", "next": "/people/duplicates/"})
    english = client.get("/people/duplicates/").content.decode()
    assert "Possible duplicates" in english and "Same person: merge" in english
    assert "อาจซ้ำกัน" not in english
    # headman2 recorded the newer record but does not see the holder: nothing listed.
    other = login(personas.headman2).get("/people/duplicates/").content.decode()
    assert "Holdero" not in other and str(flag.uuid) not in other


def test_merging_folds_the_newer_record_into_the_earlier_one_and_is_audited(personas, login):
    flag = _imported_flag(personas, "MD200004")
    holder, newer = flag.existing, flag.candidate
    response = login(personas.province).post(
        "/people/duplicates/", {"flag": str(flag.uuid), "action": "merge"}
    )
    assert response.status_code == 302
    flag.refresh_from_db()
    assert (flag.resolution, flag.resolved_by) == (Resolution.MERGED, personas.province)
    assert flag.resolved_at is not None
    newer = Person.all_objects.get(pk=newer.pk)
    assert newer.is_deleted and str(holder.uuid) in newer.delete_reason
    assert Resident.objects.get(person=holder).area == _own_village(personas.headman2)
    event = AuditEvent.objects.filter(object_type="people.possibleduplicate").latest("id")
    assert event.action == AuditEvent.Action.CHANGE and event.actor == personas.province
    assert str(flag.uuid) in event.object_ids and event.detail["resolution"] == "merged"
    assert flag not in possible_duplicates(user=personas.province, include_resolved=False)


def test_dismissing_keeps_both_records_and_is_audited(personas, login):
    flag = _imported_flag(personas, "MD200005")
    response = login(personas.province).post(
        "/people/duplicates/", {"flag": str(flag.uuid), "action": "dismiss"}
    )
    assert response.status_code == 302
    flag.refresh_from_db()
    assert flag.resolution == Resolution.DISMISSED and flag.resolved_by == personas.province
    assert (
        not flag.existing.is_deleted and not Person.all_objects.get(pk=flag.candidate_id).is_deleted
    )
    event = AuditEvent.objects.filter(object_type="people.possibleduplicate").latest("id")
    assert event.detail["resolution"] == "dismissed" and event.actor == personas.province
    assert possible_duplicates(user=personas.province) == [
        d for d in possible_duplicates(user=personas.province) if d.pk != flag.pk
    ]


def test_who_may_not_see_both_cannot_decide(personas, login):
    flag = _imported_flag(personas, "MD200006")
    for viewer in (personas.headman2, personas.headman):
        response = login(viewer).post(
            "/people/duplicates/", {"flag": str(flag.uuid), "action": "merge"}
        )
        assert response.status_code == 404
    flag.refresh_from_db()
    assert flag.resolved_at is None and not flag.candidate.is_deleted


def test_two_survey_residents_are_not_merged(personas, login):
    flag = _imported_flag(personas, "MD200007")
    Resident.objects.create(person=flag.existing, area=flag.existing.area)
    client = login(personas.province)
    response = client.post(
        "/people/duplicates/", {"flag": str(flag.uuid), "action": "merge"}, follow=True
    )
    assert response.status_code == 200
    flag.refresh_from_db()
    assert flag.resolved_at is None and not flag.candidate.is_deleted
