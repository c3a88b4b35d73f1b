"""The registry of foreign residents: one person per document, Thai validation, duplicates,
residence history, TM.30 follow-up, phones, and access by jurisdiction."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sodsong.audit.models import AuditEvent
from sodsong.people.models import DocumentType, IdentityDocument, Person
from sodsong.people.services import DocumentInput
from sodsong.survey import services
from sodsong.survey.models import (
    Residence,
    Resident,
    ResidentStatus,
    Tm30Status,
    tm30_status_for,
)
from sodsong.thai.ids import id13_checksum

TODAY = dt.date(2025, 6, 10)


def _register(user, area, number="P1234567", **kwargs):  # type: ignore[no-untyped-def]
    defaults = {
        "given_name_latin": "Kyawzin",
        "family_name_latin": "Htet",
        "birth_year": 1991,
        "nationality": "MMR",
        "documents": [DocumentInput(DocumentType.PASSPORT, "MMR", number)],
        "moved_in_on": timezone.localdate() - dt.timedelta(days=10),
    }
    defaults.update(kwargs)
    return services.resident_register(user=user, area=area, **defaults)


def _id13(first12: str) -> str:
    return first12 + str(id13_checksum(first12))


# --- TM.30 -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moved_in", "notified", "expected"),
    [
        (TODAY, TODAY, Tm30Status.ON_TIME),
        (TODAY, TODAY + dt.timedelta(days=1), Tm30Status.ON_TIME),
        (TODAY, TODAY + dt.timedelta(days=2), Tm30Status.LATE),
        (TODAY - dt.timedelta(days=5), None, Tm30Status.MISSING),
        (TODAY - dt.timedelta(days=1), None, Tm30Status.DUE),
    ],
)
def test_tm30_is_flagged_missing_or_late_against_the_move_in(moved_in, notified, expected):
    assert tm30_status_for(moved_in, notified, today=TODAY) == expected


def test_recording_a_late_tm30_turns_missing_into_late(personas, village):
    resident = _register(personas.headman, village)
    residence = resident.residences.get()
    assert residence.tm30_status == Tm30Status.MISSING
    services.tm30_record(
        user=personas.headman,
        residence=residence,
        notified_on=residence.moved_in_on + dt.timedelta(days=4),
        reference="TM30-1",
    )
    residence.refresh_from_db()
    assert residence.tm30_status == Tm30Status.LATE


# --- one person, one record -------------------------------------------------------------------


def test_the_same_document_never_makes_two_people(personas, village):
    _register(personas.headman, village, number="MA123456")
    with pytest.raises(services.SurveyError):
        _register(personas.headman, village, number="ma-123 456", given_name_latin="Other")
    assert IdentityDocument.objects.filter(number="MA123456").count() == 1


@pytest.mark.parametrize("first", ["0", "6", "7", "8"])
def test_non_thai_13_digit_numbers_starting_0_or_6_to_8_are_accepted(personas, village, first):
    number = _id13(first + "12345678901")
    resident = _register(
        personas.headman,
        village,
        documents=[DocumentInput(DocumentType.THAI_ID, "THA", number)],
    )
    assert resident.person.documents.get().number == number


@pytest.mark.parametrize("first", ["1", "3", "5"])
def test_a_thai_nationals_13_digit_number_is_refused(personas, village, first):
    with pytest.raises(services.SurveyError):
        _register(
            personas.headman,
            village,
            documents=[DocumentInput(DocumentType.THAI_ID, "THA", _id13(first + "12345678901"))],
        )


def test_visas_and_work_permits_are_documents_and_renewals_are_kept(personas, village):
    resident = _register(personas.headman, village, number="VK112233")
    for number, expires in (("WP1", dt.date(2025, 1, 1)), ("WP2", dt.date(2027, 1, 1))):
        services.resident_document_add(
            user=personas.headman,
            resident=resident,
            document=DocumentInput(
                DocumentType.WORK_PERMIT,
                "THA",
                number,
                expires_on=expires,
                issuer_detail="ร้านอาหารครัวอีสาน",
            ),
        )
    services.resident_document_add(
        user=personas.headman,
        resident=resident,
        document=DocumentInput(DocumentType.VISA, "THA", "V998877", subtype="Non-LA"),
    )
    permits = resident.person.documents.filter(doc_type=DocumentType.WORK_PERMIT)
    assert permits.count() == 2
    assert {d.issuer_detail for d in permits} == {"ร้านอาหารครัวอีสาน"}
    assert resident.person.documents.get(doc_type=DocumentType.VISA).subtype == "Non-LA"


def test_phone_numbers_are_stored_in_e164(personas, village):
    resident = _register(personas.headman, village, number="PH445566", phones=["081-234-5678"])
    assert list(resident.phones.values_list("number", flat=True)) == ["+66812345678"]
    with pytest.raises(services.SurveyError):
        services.phone_add(user=personas.headman, resident=resident, number="12")


def test_moving_closes_the_old_residence_and_keeps_the_history(personas, village):
    from sodsong.geo.models import Area

    resident = _register(personas.headman, village, number="MV778899")
    other = Area.objects.filter(parent=village.parent, level="village").exclude(pk=village.pk)[0]
    moved = timezone.localdate() - dt.timedelta(days=1)
    services.resident_move(
        user=personas.kamnan, resident=resident, area=other, moved_in_on=moved, house_no="9"
    )
    resident.refresh_from_db()
    assert resident.area == other
    assert resident.person.area == other
    history = list(Residence.objects.filter(resident=resident).order_by("id"))
    assert [r.area for r in history] == [village, other]
    assert history[0].moved_out_on == moved
    assert history[1].moved_out_on is None


def test_a_headman_cannot_register_in_another_village(personas, village2):
    with pytest.raises(services.SurveyError):
        _register(personas.headman, village2, number="XX123123")


# --- pages ------------------------------------------------------------------------------------


def _form(village, **extra):  # type: ignore[no-untyped-def]
    data = {
        "village": village.code,
        "given_name_latin": "Soe",
        "family_name_latin": "Moe",
        "doc_type": "passport",
        "doc_number": "MC901234",
        "doc_state": "MMR",
        "nationality": "MMR",
        "birth": "๐๔/๒๕๓๔",
        "sex": "M",
        "phone": "0891234567",
        "house_no": "5",
        "moved_in_on": "๐๑/๐๕/๒๕๖๘",
        "tm30_notified_on": "2025-05-02",
    }
    data.update(extra)
    return data


def test_headman_registers_a_resident_typing_be_dates_in_thai_digits(personas, login, village):
    client = login(personas.headman)
    assert client.get("/survey/residents/new/").status_code == 200
    response = client.post("/survey/residents/new/", _form(village))
    assert response.status_code == 302, response.content.decode()[:2000]
    person = Person.objects.get(documents__number="MC901234")
    assert (person.birth_year, person.birth_month) == (1991, 4)
    residence = person.resident.residences.get()
    assert residence.moved_in_on == dt.date(2025, 5, 1)
    assert residence.tm30_status == Tm30Status.ON_TIME
    page = client.get(response["Location"])
    assert "Soe Moe" in page.content.decode()


def test_validation_messages_come_out_in_thai(personas, login, village):
    client = login(personas.headman)
    response = client.post(
        "/survey/residents/new/",
        _form(village, given_name_latin="", moved_in_on="31/02/2568", doc_number="A1"),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "อ่านวันที่ไม่ได้" in html  # the shared date field's message
    assert "ต้องระบุชื่อ" in html


def test_a_likely_duplicate_is_warned_before_saving(personas, login, village):
    _register(
        personas.headman,
        village,
        number="DU111222",
        given_name_latin="Thandar",
        family_name_latin="Aye",
        birth_year=1994,
        birth_month=3,
    )
    client = login(personas.headman)
    data = _form(
        village,
        given_name_latin="Thandar",
        family_name_latin="Aye ",
        birth="03/1994",
        doc_number="DU999888",
    )
    warned = client.post("/survey/residents/new/", data)
    assert warned.status_code == 200
    assert "อาจมีข้อมูลอยู่ในระบบแล้ว" in warned.content.decode()
    assert not IdentityDocument.objects.filter(number="DU999888").exists()
    confirmed = client.post("/survey/residents/new/", {**data, "confirm_new": "on"})
    assert confirmed.status_code == 302
    assert IdentityDocument.objects.filter(number="DU999888").exists()


def test_reading_a_resident_is_audited(personas, login, village):
    resident = _register(personas.headman, village, number="AU556677")
    client = login(personas.district)
    assert client.get(f"/survey/residents/{resident.uuid}/").status_code == 200
    event = AuditEvent.objects.filter(
        action="read", object_type="survey.resident", actor=personas.district
    ).latest("id")
    assert event.object_ids == [str(resident.uuid)]


@pytest.mark.parametrize("name", ["headman2", "district2", "headman3"])
def test_a_resident_outside_ones_jurisdiction_is_not_found(personas, login, village, name):
    resident = _register(personas.headman, village, number="OS121212")
    client = login(getattr(personas, name))
    assert client.get(f"/survey/residents/{resident.uuid}/").status_code == 404
    assert (
        client.post(
            f"/survey/residents/{resident.uuid}/phone/", {"number": "0812345678"}
        ).status_code
        == 404
    )


@pytest.mark.parametrize("name", ["kamnan", "district", "province", "localgov"])
def test_officers_above_the_village_see_its_residents(personas, login, village, name):
    resident = _register(personas.headman, village, number="AB343434")
    client = login(getattr(personas, name))
    assert client.get(f"/survey/residents/{resident.uuid}/").status_code == 200


@pytest.mark.parametrize("name", ["ministry", "police", "immigration"])
def test_ministry_and_agency_officers_get_no_personal_survey_data(personas, login, village, name):
    resident = _register(personas.headman, village, number="MN565656")
    client = login(getattr(personas, name))
    assert client.get("/survey/residents/").status_code == 403
    assert client.get(f"/survey/residents/{resident.uuid}/").status_code == 404
    assert client.get("/survey/residents/new/").status_code == 403
    assert client.get("/survey/export/").status_code == 403
    assert client.get("/survey/").status_code == 200


def test_the_registry_lists_only_the_headmans_village(personas, login, village, village2):
    mine = _register(personas.headman, village, number="LI101010")
    theirs = _register(personas.headman2, village2, number="LI202020")
    html = login(personas.headman).get("/survey/residents/").content.decode()
    assert str(mine.uuid) in html
    assert str(theirs.uuid) not in html


def test_marking_a_resident_as_left_closes_the_residence(personas, login, village):
    resident = _register(personas.headman, village, number="LF303030")
    client = login(personas.headman)
    response = client.post(
        f"/survey/residents/{resident.uuid}/status/", {"status": "left", "occupation": ""}
    )
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.status == ResidentStatus.LEFT
    assert resident.residences.get().moved_out_on is not None
    assert Resident.objects.filter(pk=resident.pk).exists()
