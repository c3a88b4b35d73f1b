"""Recording people: names, partial dates of birth, identity documents keyed by (type, issuing
state, number), and the prefix and typo-tolerant search that finds them again."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone, translation

from sodsong.core.services import record_soft_delete
from sodsong.geo.models import Area, Level
from sodsong.people.models import DocumentType, IdentityDocument, Person
from sodsong.people.selectors import person_list, person_search
from sodsong.people.services import (
    DocumentInput,
    PersonError,
    document_add,
    normalize_document_number,
    person_create,
    person_update_names,
)
from sodsong.thai.digits import to_thai_digits
from sodsong.thai.ids import id13_checksum


def _village(prefix: str = "470101") -> Area:
    return Area.objects.filter(level=Level.VILLAGE, code__startswith=prefix).order_by("code")[0]


def _person(**fields) -> Person:
    values = {
        "area": _village(),
        "source": "headman survey",
        "given_name_latin": "Hlaing",
        "family_name_latin": "Oo",
    }
    values.update(fields)
    return person_create(**values)


def _thai_id(first12: str) -> str:
    return first12 + str(id13_checksum(first12))


def passport(number: str, state: str = "MMR") -> DocumentInput:
    return DocumentInput(DocumentType.PASSPORT, state, number)


# --- names -----------------------------------------------------------------------------------


def test_family_name_is_optional(db):
    person = _person(given_name_latin="Thida", family_name_latin="")
    assert person.family_name_latin == ""
    assert person.display_name == "Thida"


def test_a_given_name_in_either_script_is_required(db):
    with pytest.raises(PersonError):
        _person(given_name_latin="  ", family_name_latin="Win")
    thai_only = _person(given_name_latin="", family_name_latin="", given_name_th="สมศรี")
    assert thai_only.display_name == "สมศรี"


def test_every_record_keeps_its_source(db):
    with pytest.raises(PersonError):
        _person(source=" ")


def test_nationality_must_be_an_iso_code(db):
    assert _person(nationality="mmr").nationality == "MMR"
    with pytest.raises(PersonError):
        _person(nationality="Myanmar")


def test_display_name_shows_both_scripts(db):
    person = _person(given_name_th="ทีดา", given_name_latin="Thida", family_name_latin="")
    assert person.display_name == "ทีดา (Thida)"


# --- partial dates of birth ------------------------------------------------------------------


def test_year_of_birth_alone_is_enough(db):
    person = _person(birth_year=1990)
    assert (person.birth_year, person.birth_month, person.birth_day) == (1990, None, None)
    assert person.birth_date_display == "1990"


def test_year_and_month_of_birth_are_kept_without_a_day(db):
    assert _person(birth_year=1990, birth_month=5).birth_date_display == "1990-05"


def test_full_date_of_birth(db):
    assert _person(birth_year=2000, birth_month=2, birth_day=29).birth_date_display == "2000-02-29"


def test_no_date_of_birth_at_all(db):
    assert _person().birth_date_display == ""


@pytest.mark.parametrize(
    ("year", "month", "day"),
    [
        (1990, None, 12),  # a day needs a month
        (None, 5, None),  # a month needs a year
        (None, None, 3),
        (2001, 2, 29),  # not a leap year
        (1990, 4, 31),
        (1990, 13, None),
        (1990, 13, 1),
        (1990, 0, None),
        (1990, 5, 0),
        (1990, 5, 32),
    ],
)
def test_impossible_dates_of_birth_are_refused(db, year, month, day):
    with pytest.raises(PersonError):
        _person(birth_year=year, birth_month=month, birth_day=day)
    assert not Person.objects.filter(given_name_latin="Hlaing", family_name_latin="Oo").exists()


def test_future_full_date_of_birth_is_refused(db):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(PersonError):
        _person(birth_year=tomorrow.year, birth_month=tomorrow.month, birth_day=tomorrow.day)


def test_future_year_of_birth_is_refused(db):
    with pytest.raises(PersonError):
        _person(birth_year=timezone.localdate().year + 1)


def test_a_buddhist_era_year_is_refused_rather_than_stored_as_the_future(db):
    # B.E. 2533 is 1990: taken as C.E. it would be a birth five centuries ahead.
    with pytest.raises(PersonError):
        _person(birth_year=2533)


def test_future_month_of_birth_this_year_is_refused(db):
    today = timezone.localdate()
    if today.month == 12:
        pytest.skip("no later month this year")
    with pytest.raises(PersonError):
        _person(birth_year=today.year, birth_month=today.month + 1)


def test_implausibly_old_year_of_birth_is_refused(db):
    with pytest.raises(PersonError):
        _person(birth_year=1850)


def test_born_today_is_accepted(db):
    today = timezone.localdate()
    person = _person(birth_year=today.year, birth_month=today.month, birth_day=today.day)
    assert person.birth_date_display == today.isoformat()


# --- identity documents ----------------------------------------------------------------------


def test_several_documents_for_one_person(db):
    person = _person(
        documents=[
            passport("MD1234567"),
            DocumentInput(
                DocumentType.VISA,
                "tha",
                "v-778899",
                issued_on=dt.date(2024, 1, 5),
                expires_on=dt.date(2025, 1, 4),
                subtype="Non-LA",
            ),
            DocumentInput(DocumentType.WORK_PERMIT, "THA", "WP 2567 000123"),
            DocumentInput(DocumentType.THAI_ID, "THA", _thai_id("000123456789")),
        ]
    )
    documents = {d.doc_type: d for d in person.documents.all()}
    assert set(documents) == {"passport", "visa", "work_permit", "thai_id"}
    assert documents["visa"].issuing_state == "THA"
    assert documents["visa"].number == "V778899"
    assert documents["visa"].subtype == "Non-LA"
    assert documents["work_permit"].number == "WP2567000123"


@pytest.mark.parametrize(
    "typed",
    ["MD1234567", "md1234567", "MD 123 4567", "md-1234-567", " MD.123/4567 ", "MD๑๒๓๔๕๖๗"],
)
def test_the_same_passport_in_another_format_cannot_make_a_second_person(db, typed):
    first = _person(documents=[passport("MD1234567")])
    with translation.override("en"), pytest.raises(PersonError) as error:
        _person(given_name_latin="Other", documents=[passport(typed, state="mmr")])
    assert "already belongs to a recorded person" in str(error.value)
    # Never the holder's id here: person_create cannot tell whether the caller may see him
    # (issue #17 item 1; people.matching.party_person names a holder within reach).
    assert str(first.uuid) not in str(error.value)
    assert not Person.objects.filter(given_name_latin="Other").exists()
    assert IdentityDocument.objects.filter(number="MD1234567").count() == 1


def test_the_same_thai_id_typed_in_thai_digits_with_dashes_is_the_same_document(db):
    number = _thai_id("612345678901")
    _person(documents=[DocumentInput(DocumentType.THAI_ID, "THA", number)])
    typed = to_thai_digits(f"{number[0]}-{number[1:5]}-{number[5:10]}-{number[10:12]}-{number[12]}")
    with pytest.raises(PersonError):
        _person(given_name_latin="Other", documents=[DocumentInput("thai_id", "THA", typed)])


def test_same_number_from_another_state_or_of_another_type_is_another_document(db):
    _person(documents=[passport("E1234567", state="MMR")])
    other_state = _person(given_name_latin="Sokha", documents=[passport("E1234567", state="KHM")])
    other_type = _person(
        given_name_latin="Bounmy",
        documents=[DocumentInput(DocumentType.WORK_PERMIT, "MMR", "E1234567")],
    )
    assert other_state.documents.get().issuing_state == "KHM"
    assert other_type.documents.get().doc_type == "work_permit"


def test_a_document_of_a_deleted_person_still_cannot_make_a_new_person(personas):
    first = _person(documents=[passport("MA7654321")])
    record_soft_delete(record=first, actor_id=personas.province.pk, reason="duplicate entry")
    with pytest.raises(PersonError):
        _person(given_name_latin="Other", documents=[passport("MA7654321")])


def test_the_duplicate_document_message_never_names_the_holder(db):
    _person(documents=[passport("MD7777777")])
    with translation.override("en"), pytest.raises(PersonError) as error:
        _person(given_name_latin="Other", documents=[passport("md 777 7777")])
    assert str(error.value) == "This document already belongs to a recorded person."


def test_adding_a_document_another_person_holds_is_refused(db):
    _person(documents=[passport("MB1111111")])
    second = _person(given_name_latin="Aye")
    with pytest.raises(PersonError):
        document_add(person=second, document=passport("mb 111 1111"))
    assert not second.documents.exists()


def test_the_same_document_twice_in_one_record_writes_nothing(db):
    with pytest.raises(PersonError):
        _person(given_name_latin="Twice", documents=[passport("MC2222222"), passport("mc2222222")])
    assert not Person.all_objects.filter(given_name_latin="Twice").exists()
    assert not IdentityDocument.all_objects.filter(number="MC2222222").exists()


def test_a_valid_thai_id_is_accepted_and_normalised(db):
    number = _thai_id("110370012345")
    person = _person(
        documents=[
            DocumentInput(DocumentType.THAI_ID, "THA", to_thai_digits(number[:6]) + number[6:])
        ]
    )
    assert person.documents.get().number == number


_GOOD_ID = _thai_id("110370012345")


@pytest.mark.parametrize(
    "bad",
    [
        _GOOD_ID[:12] + str((int(_GOOD_ID[12]) + 1) % 10),  # wrong check digit
        _GOOD_ID[:12],  # 12 digits
        _GOOD_ID + "0",  # 14 digits
        _thai_id("912345678901"),  # no registration type starts with 9
        "1-1037-00123-45-X",
    ],
)
def test_a_thai_id_with_a_wrong_check_digit_or_length_is_refused(db, bad):
    with translation.override("en"), pytest.raises(PersonError, match="13-digit"):
        _person(documents=[DocumentInput(DocumentType.THAI_ID, "THA", bad)])


@pytest.mark.parametrize(
    "document",
    [
        DocumentInput("driving_licence", "THA", "123"),  # unknown type
        DocumentInput(DocumentType.PASSPORT, "Myanmar", "MD1234567"),  # not an ISO code
        DocumentInput(DocumentType.PASSPORT, "MMR", " - "),  # empty after normalising
        DocumentInput(DocumentType.PASSPORT, "MMR", "M12"),  # too short for a passport
        DocumentInput(
            DocumentType.VISA,
            "THA",
            "V1",
            issued_on=dt.date(2024, 5, 1),
            expires_on=dt.date(2024, 4, 1),
        ),
    ],
)
def test_invalid_documents_are_refused_and_nothing_is_written(db, document):
    with pytest.raises(PersonError):
        _person(given_name_latin="Invalid", documents=[document])
    assert not Person.all_objects.filter(given_name_latin="Invalid").exists()


def test_document_numbers_are_normalised():
    assert normalize_document_number(" md-123 456/7. ") == "MD1234567"
    assert normalize_document_number("๑๒๓") == "123"


# --- the search key and search -----------------------------------------------------------------


def test_search_key_holds_normalised_names_of_both_scripts(db):
    person = _person(
        given_name_th="จอ", given_name_latin="KYAW", family_name_latin="Zin-Win", nationality="MMR"
    )
    words = person.search_key.split()
    assert {"จอ", "kyaw", "zin", "win"} <= set(words)
    assert "mmr" not in words


def test_renaming_a_person_rebuilds_the_search_key(db):
    person = _person(given_name_latin="Thiha", family_name_latin="")
    person_update_names(person=person, family_name_latin="Soe")
    person.refresh_from_db()
    assert person.search_key == "thiha soe"
    with pytest.raises(PersonError):
        person_update_names(person=person, given_name_latin="")


@pytest.mark.parametrize(
    "query", ["Kyaw", "kyaw", "Kya", "Kyw", "Kyaww", "Kiaw", "Kyaw Thurein", "Thurein"]
)
def test_search_finds_a_latin_name_by_prefix_or_with_a_typo(personas, query):
    person = _person(given_name_latin="Kyaw", family_name_latin="Thurein")
    assert person in person_search(
        user=personas.province, query=query, area_code=person.area.code, limit=50
    )


@pytest.mark.parametrize("query", ["สมศักดิ์", "สมศัก", "สมสักดิ์", "สมศักดิ", "สมศักดิ์ ทองมา", "ทองมา"])
def test_search_finds_a_thai_name_by_prefix_or_with_a_typo(personas, query):
    person = _person(given_name_th="สมศักดิ์", family_name_th="ทองมา", given_name_latin="")
    assert person in person_search(
        user=personas.province, query=query, area_code=person.area.code, limit=50
    )


def test_search_with_a_typo_finds_a_passport_name_recorded_in_both_scripts(personas):
    person = _person(
        given_name_th="สมชาย",
        family_name_th="ใจดี",
        given_name_latin="Somchai",
        family_name_latin="Jaidee",
    )
    for query in ("Somchai Jaidee", "Somchay Jaidee", "Somchai Jaide", "Somchia"):
        assert person in person_search(
            user=personas.province, query=query, area_code=person.area.code, limit=50
        ), query


def test_search_ranks_an_exact_name_before_a_typo_match(personas):
    exact = _person(given_name_latin="Minthu", family_name_latin="")
    near = _person(given_name_latin="Minthuu", family_name_latin="")
    found = person_search(user=personas.province, query="Minthu", limit=50)
    assert found.index(exact) < found.index(near)


def test_search_does_not_match_unrelated_names(personas):
    _person(given_name_latin="Kyaw", family_name_latin="Thurein")
    assert not any(
        p.given_name_latin == "Kyaw" and p.family_name_latin == "Thurein"
        for p in person_search(user=personas.province, query="Zhang", limit=50)
    )
    assert person_search(user=personas.province, query="  ") == []


def test_search_stays_inside_the_searchers_jurisdiction(personas):
    person = _person(area=_village("470101"), given_name_latin="Kyaw", family_name_latin="Thurein")
    assert person in person_search(user=personas.kamnan, query="Thurein")
    assert person not in person_search(user=personas.district2, query="Thurein")
    assert person not in person_search(user=personas.headman2, query="Thurein")


def test_paging_through_search_results_moves_on(personas):
    people = [_person(given_name_latin=f"Pagetest{i:02d}", family_name_latin="") for i in range(6)]
    first = person_list(user=personas.province, query="Pagetest", limit=3, offset=0)
    second = person_list(user=personas.province, query="Pagetest", limit=3, offset=3)
    assert len(first) == len(second) == 3
    assert set(first) | set(second) == set(people)
