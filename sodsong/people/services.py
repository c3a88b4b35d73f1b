"""Writes about people and their identity documents."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from uuid import UUID

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sodsong.core.errors import DomainError
from sodsong.geo.models import Area
from sodsong.people.models import DocumentType, IdentityDocument, Person, PersonCompartment
from sodsong.thai.digits import to_arabic_digits
from sodsong.thai.ids import is_valid_id13
from sodsong.thai.text import search_key

_DOC_NUMBER_NOISE = re.compile(r"[\s\-./]")
_ALPHA3 = re.compile(r"^[A-Z]{3}$")


class PersonError(DomainError):
    """Invalid person data; the message is for the user."""


@dataclass(frozen=True)
class DocumentInput:
    doc_type: str
    issuing_state: str
    number: str
    issued_on: dt.date | None = None
    expires_on: dt.date | None = None
    subtype: str = ""
    issuer_detail: str = ""


def normalize_document_number(number: str) -> str:
    return _DOC_NUMBER_NOISE.sub("", to_arabic_digits(number)).upper()


def person_search_key(person: Person) -> str:
    return search_key(
        person.given_name_th,
        person.family_name_th,
        person.given_name_latin,
        person.family_name_latin,
    )


EARLIEST_BIRTH_YEAR = 1900


def _validate_birth(year: int | None, month: int | None, day: int | None) -> None:
    if day is not None and month is None:
        raise PersonError(_("A day of birth needs a month."))
    if month is not None and year is None:
        raise PersonError(_("A month of birth needs a year."))
    today = timezone.localdate()
    if year is not None and year > today.year:
        # Also catches a Buddhist-era year (2533 for 1990) typed where the C.E. year belongs.
        raise PersonError(_("The date of birth is in the future."))
    if year is not None and year < EARLIEST_BIRTH_YEAR:
        raise PersonError(_("The date of birth does not exist."))
    if month is not None and not 1 <= month <= 12:
        raise PersonError(_("The month of birth must be 1–12."))
    if year is not None and month is not None:
        if (year, month) > (today.year, today.month):
            raise PersonError(_("The date of birth is in the future."))
        if day is not None:
            try:
                born = dt.date(year, month, day)
            except ValueError as exc:
                raise PersonError(_("The date of birth does not exist.")) from exc
            if born > today:
                raise PersonError(_("The date of birth is in the future."))


def validate_document(doc: DocumentInput) -> DocumentInput:
    if doc.doc_type not in DocumentType.values:
        raise PersonError(_("Unknown document type."))
    state = doc.issuing_state.strip().upper()
    if not _ALPHA3.match(state):
        raise PersonError(_("The issuing state must be a 3-letter ISO code, e.g. MMR, KHM, THA."))
    number = normalize_document_number(doc.number)
    if not number:
        raise PersonError(_("The document number is empty."))
    if doc.doc_type == DocumentType.THAI_ID and not is_valid_id13(number):
        raise PersonError(_("The 13-digit number is not valid (check digit)."))
    if doc.doc_type == DocumentType.PASSPORT and not re.fullmatch(r"[A-Z0-9]{5,20}", number):
        raise PersonError(_("A passport number has 5–20 letters and digits."))
    if doc.issued_on and doc.expires_on and doc.expires_on < doc.issued_on:
        raise PersonError(_("The document expires before it was issued."))
    return DocumentInput(
        doc_type=doc.doc_type,
        issuing_state=state,
        number=number,
        issued_on=doc.issued_on,
        expires_on=doc.expires_on,
        subtype=doc.subtype.strip(),
        issuer_detail=doc.issuer_detail.strip(),
    )


def document_owner(doc: DocumentInput) -> Person | None:
    """The person who already holds this document, if any (including soft-deleted records)."""
    found = (
        IdentityDocument.all_objects.select_related("person")
        .filter(
            doc_type=doc.doc_type,
            issuing_state=doc.issuing_state.strip().upper(),
            number=normalize_document_number(doc.number),
        )
        .first()
    )
    return found.person if found else None


@transaction.atomic
def person_create(
    *,
    area: Area,
    source: str,
    given_name_th: str = "",
    family_name_th: str = "",
    given_name_latin: str = "",
    family_name_latin: str = "",
    birth_year: int | None = None,
    birth_month: int | None = None,
    birth_day: int | None = None,
    sex: str = "",
    nationality: str = "",
    documents: list[DocumentInput] | None = None,
    created_by_id: int | None = None,
    compartment: str = PersonCompartment.REGISTRY,
    compartment_ref: UUID | None = None,
) -> Person:
    """A new person. Callers that act for a user and take an identity document from him use
    `sodsong.people.matching.party_person`, which matches the document within his reach only."""
    if not (given_name_th.strip() or given_name_latin.strip()):
        raise PersonError(_("A given name in Thai or Latin script is required."))
    if not source.strip():
        raise PersonError(_("Every record keeps its source."))
    if nationality and not _ALPHA3.match(nationality.upper()):
        raise PersonError(_("Nationality must be a 3-letter ISO code."))
    _validate_birth(birth_year, birth_month, birth_day)
    cleaned = [validate_document(d) for d in documents or []]
    for doc in cleaned:
        owner = document_owner(doc)
        if owner is not None:
            # Never the holder's id: the caller may not be allowed to see him (issue #17 item 1).
            raise PersonError(_("This document already belongs to a recorded person."))
    person = Person(
        area=area,
        source=source.strip(),
        given_name_th=given_name_th.strip(),
        family_name_th=family_name_th.strip(),
        given_name_latin=given_name_latin.strip(),
        family_name_latin=family_name_latin.strip(),
        birth_year=birth_year,
        birth_month=birth_month,
        birth_day=birth_day,
        sex=sex,
        nationality=nationality.upper(),
        created_by_id=created_by_id,
        compartment=compartment,
        compartment_ref=compartment_ref if compartment else None,
    )
    person.search_key = person_search_key(person)
    person.save()
    for doc in cleaned:
        document_add(person=person, document=doc)
    return person


@transaction.atomic
def document_add(*, person: Person, document: DocumentInput) -> IdentityDocument:
    doc = validate_document(document)
    try:
        with transaction.atomic():
            return IdentityDocument.objects.create(
                person=person,
                doc_type=doc.doc_type,
                issuing_state=doc.issuing_state,
                number=doc.number,
                issued_on=doc.issued_on,
                expires_on=doc.expires_on,
                subtype=doc.subtype,
                issuer_detail=doc.issuer_detail,
            )
    except IntegrityError as exc:
        raise PersonError(_("This document already belongs to a recorded person.")) from exc


@transaction.atomic
def person_update_names(
    *,
    person: Person,
    given_name_th: str | None = None,
    family_name_th: str | None = None,
    given_name_latin: str | None = None,
    family_name_latin: str | None = None,
) -> Person:
    for field, value in (
        ("given_name_th", given_name_th),
        ("family_name_th", family_name_th),
        ("given_name_latin", given_name_latin),
        ("family_name_latin", family_name_latin),
    ):
        if value is not None:
            setattr(person, field, value.strip())
    if not (person.given_name_th or person.given_name_latin):
        raise PersonError(_("A given name in Thai or Latin script is required."))
    person.search_key = person_search_key(person)
    person.save()
    return person
