"""The people of a case: added, screened, arrested, charged and prosecuted."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from sodsong.cases import selectors, services
from sodsong.cases.api.common import _access, _area, _errors
from sodsong.cases.api.schemas import (
    ArrestOut,
    ChargeOut,
    PartyOut,
    ProsecutionOut,
)
from sodsong.cases.models import (
    Case,
    CaseParty,
    Charge,
    Prosecution,
)
from sodsong.people.models import Person
from sodsong.people.services import DocumentInput, document_owner, person_create

router = Router()


class NewPersonIn(Schema):
    given_name_th: str = ""
    family_name_th: str = ""
    given_name_latin: str = ""
    family_name_latin: str = ""
    birth_year: int | None = None
    sex: str = ""
    nationality: str = ""
    passport_number: str = ""
    passport_state: str = ""
    area_code: str = ""


class PartyIn(Schema):
    role: str
    recruited_or_held: bool = False
    person_uuid: str = ""
    new_person: NewPersonIn | None = None


def _person_for_party(request: HttpRequest, case: Case, payload: PartyIn) -> Person:
    if payload.person_uuid:
        from sodsong.people.selectors import person_get

        person = person_get(user=request.user, uuid=payload.person_uuid)
        if person is None:
            raise HttpError(404, "not_found")
        return person
    if payload.new_person is None:
        raise services.CaseError(_("Name an existing person or give a new person's details."))
    new = payload.new_person
    documents = []
    if new.passport_number:
        doc = DocumentInput("passport", new.passport_state or new.nationality, new.passport_number)
        owner = document_owner(doc)
        if owner is not None:
            # The passport identifies the person: link the one already recorded.
            return owner
        documents.append(doc)
    return person_create(
        area=_area(new.area_code) if new.area_code else case.area,
        source=f"case {case.number}",
        given_name_th=new.given_name_th,
        family_name_th=new.family_name_th,
        given_name_latin=new.given_name_latin,
        family_name_latin=new.family_name_latin,
        birth_year=new.birth_year,
        sex=new.sex,
        nationality=new.nationality,
        documents=documents,
        created_by_id=request.user.pk,
    )


@router.post("/{uuid}/parties", response={201: PartyOut}, summary="Add a person to the case")
@_errors
def add_party(request: HttpRequest, uuid: str, payload: PartyIn) -> Any:
    access = _access(request, uuid)
    if not access.can_edit:
        raise services.CasePermissionError()
    person = _person_for_party(request, access.case, payload)
    party = services.party_add(
        by=request.user,
        case=access.case,
        person=person,
        role=payload.role,
        recruited_or_held=payload.recruited_or_held,
    )
    party.prosecution_record = None
    return Status(201, PartyOut.of(party))


def _party(request: HttpRequest, party_uuid: str) -> CaseParty:
    found = selectors.party_get(user=request.user, uuid=party_uuid)
    if found is None:
        raise HttpError(404, "not_found")
    party = found[1]
    party.prosecution_record = Prosecution.objects.filter(party=party).first()
    return party


class ScreeningIn(Schema):
    result: str
    screened_on: dt.date
    reference: str = ""


@router.post("/parties/{party_uuid}/screening", response=PartyOut, summary="Trafficking screening")
@_errors
def screen(request: HttpRequest, party_uuid: str, payload: ScreeningIn) -> Any:
    party = _party(request, party_uuid)
    services.party_screen(
        by=request.user,
        party=party,
        result=payload.result,
        screened_on=payload.screened_on,
        reference=payload.reference,
    )
    return PartyOut.of(party)


class ArrestIn(Schema):
    arrested_at: dt.datetime
    place: str
    arresting_unit: str
    recording_reference: str = ""
    recording_missing_reason: str = ""
    prosecutor_notified_at: dt.datetime | None = None
    administrative_notified_at: dt.datetime | None = None
    handed_over_at: dt.datetime | None = None


@router.post(
    "/parties/{party_uuid}/arrests", response={201: ArrestOut}, summary="Record an arrest (s.22)"
)
@_errors
def arrest(request: HttpRequest, party_uuid: str, payload: ArrestIn) -> Any:
    party = _party(request, party_uuid)
    return Status(
        201, ArrestOut.of(services.arrest_record(by=request.user, party=party, **payload.dict()))
    )


class ChargeIn(Schema):
    law_code: str
    section_key: str
    offence_from: dt.date
    offence_to: dt.date | None = None
    s41_override_reason: str = ""


@router.post("/parties/{party_uuid}/charges", response={201: ChargeOut}, summary="Lay a charge")
@_errors
def add_charge(request: HttpRequest, party_uuid: str, payload: ChargeIn) -> Any:
    party = _party(request, party_uuid)
    charge = services.charge_add(by=request.user, party=party, **payload.dict())
    return Status(201, ChargeOut.of(charge))


class ChargeOutcomeIn(Schema):
    decision: str = ""
    verdict: str = ""
    sentence: str = ""


@router.post(
    "/charges/{charge_uuid}/outcome", response=ChargeOut, summary="Decision and verdict per charge"
)
@_errors
def charge_outcome(request: HttpRequest, charge_uuid: str, payload: ChargeOutcomeIn) -> Any:
    charge = Charge.objects.select_related("party").filter(uuid=_uuid_or_404(charge_uuid)).first()
    if charge is None or selectors.party_get(user=request.user, uuid=charge.party.uuid) is None:
        raise HttpError(404, "not_found")
    return ChargeOut.of(services.charge_outcome(by=request.user, charge=charge, **payload.dict()))


def _uuid_or_404(value: str) -> str:
    from uuid import UUID

    try:
        return str(UUID(value))
    except ValueError as exc:
        raise HttpError(404, "not_found") from exc


class ProsecutionIn(Schema):
    inquiry_file_sent_on: dt.date | None = None
    prosecutor_office: str | None = None
    decision: str | None = None
    decision_on: dt.date | None = None
    court: str | None = None
    filed_on: dt.date | None = None
    verdict: str | None = None
    verdict_on: dt.date | None = None
    sentence: str | None = None
    deportation: str | None = None
    deported_on: dt.date | None = None


@router.post(
    "/parties/{party_uuid}/prosecution", response=ProsecutionOut, summary="Prosecution to verdict"
)
@_errors
def prosecution(request: HttpRequest, party_uuid: str, payload: ProsecutionIn) -> Any:
    party = _party(request, party_uuid)
    values = {k: v for k, v in payload.dict(exclude_unset=True).items()}
    values = {k: ("" if v is None and k in _TEXT_FIELDS else v) for k, v in values.items()}
    return ProsecutionOut.of(services.prosecution_update(by=request.user, party=party, **values))


_TEXT_FIELDS = {"prosecutor_office", "decision", "court", "verdict", "sentence", "deportation"}
