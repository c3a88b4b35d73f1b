"""The people of a case: added, screened, arrested, charged and prosecuted."""

import datetime as dt
from typing import Any

from ninja import Router, Schema, Status
from ninja.errors import HttpError

from sodsong.accounts.requests import AuthedHttpRequest
from sodsong.cases import selectors, services
from sodsong.cases.api.common import _access
from sodsong.cases.api.schemas import (
    ArrestOut,
    ChargeOut,
    PartyOut,
    ProsecutionOut,
)
from sodsong.cases.models import (
    CaseParty,
    Charge,
    Prosecution,
)
from sodsong.people.matching import NewPerson
from sodsong.people.services import DocumentInput

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
    # ATIP s.29: the 24 hours to screen run from this moment.
    taken_into_care_at: dt.datetime | None = None
    person_uuid: str = ""
    new_person: NewPersonIn | None = None


def _new_person(new: NewPersonIn | None) -> NewPerson | None:
    if new is None:
        return None
    documents: tuple[DocumentInput, ...] = ()
    if new.passport_number:
        documents = (
            DocumentInput("passport", new.passport_state or new.nationality, new.passport_number),
        )
    return NewPerson(
        given_name_th=new.given_name_th,
        family_name_th=new.family_name_th,
        given_name_latin=new.given_name_latin,
        family_name_latin=new.family_name_latin,
        birth_year=new.birth_year,
        sex=new.sex,
        nationality=new.nationality,
        documents=documents,
    )


@router.post("/{uuid}/parties", response={201: PartyOut}, summary="Add a person to the case")
def add_party(request: AuthedHttpRequest, uuid: str, payload: PartyIn) -> Any:
    """A new person's passport held by someone out of the caller's reach attaches nobody and
    reveals nothing: the new person is recorded without it and flagged as a possible duplicate.
    A new informant, witness or victim is recorded inside the case (not in the people registry);
    an `area_code` outside the caller's and the case's areas answers 422."""
    access = _access(request, uuid)
    if not access.can_edit:
        raise services.CasePermissionError()
    try:
        party = services.party_add_person(
            by=request.user,
            case=access.case,
            role=payload.role,
            person_uuid=payload.person_uuid,
            new=_new_person(payload.new_person),
            area_code=payload.new_person.area_code if payload.new_person else "",
            recruited_or_held=payload.recruited_or_held,
            taken_into_care_at=payload.taken_into_care_at,
        )
    except services.PartyPersonNotFound as exc:
        raise HttpError(404, "not_found") from exc
    party.prosecution_record = None
    return Status(201, PartyOut.of(party))


def _party(request: AuthedHttpRequest, party_uuid: str) -> CaseParty:
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
    screened_at: dt.datetime | None = None
    late_reason: str = ""


@router.post("/parties/{party_uuid}/screening", response=PartyOut, summary="Trafficking screening")
def screen(request: AuthedHttpRequest, party_uuid: str, payload: ScreeningIn) -> Any:
    party = _party(request, party_uuid)
    services.party_screen(
        by=request.user,
        party=party,
        result=payload.result,
        screened_on=payload.screened_on,
        reference=payload.reference,
        screened_at=payload.screened_at,
        late_reason=payload.late_reason,
    )
    return PartyOut.of(party)


class ReferralIn(Schema):
    to: str
    receiving_name: str
    referred_on: dt.date
    reference: str = ""


class ReferralOut(Schema):
    uuid: str
    to: str
    receiving_name: str
    referred_on: dt.date
    reference: str


@router.post(
    "/parties/{party_uuid}/referrals",
    response={201: ReferralOut},
    summary="Refer a screened trafficking victim (พมจ., ศปคม.จังหวัด)",
)
def refer(request: AuthedHttpRequest, party_uuid: str, payload: ReferralIn) -> Any:
    party = _party(request, party_uuid)
    referral = services.victim_refer(
        by=request.user,
        party=party,
        to=payload.to,
        receiving_name=payload.receiving_name,
        referred_on=payload.referred_on,
        reference=payload.reference,
    )
    return Status(
        201,
        ReferralOut(
            uuid=str(referral.uuid),
            to=referral.to,
            receiving_name=referral.receiving_name,
            referred_on=referral.referred_on,
            reference=referral.reference,
        ),
    )


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
def arrest(request: AuthedHttpRequest, party_uuid: str, payload: ArrestIn) -> Any:
    party = _party(request, party_uuid)
    return Status(
        201, ArrestOut.of(services.arrest_record(by=request.user, party=party, **payload.dict()))
    )


class ChargeIn(Schema):
    law_code: str
    section_key: str
    offence_from: dt.date
    offence_to: dt.date | None = None
    # For a screened trafficking victim: why the charge is laid all the same (audited).
    s41_override_reason: str = ""
    participation: str = ""  # "83" principal, "86" supporter (Penal Code), "" alone


@router.post("/parties/{party_uuid}/charges", response={201: ChargeOut}, summary="Lay a charge")
def add_charge(request: AuthedHttpRequest, party_uuid: str, payload: ChargeIn) -> Any:
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
def charge_outcome(request: AuthedHttpRequest, charge_uuid: str, payload: ChargeOutcomeIn) -> Any:
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
def prosecution(request: AuthedHttpRequest, party_uuid: str, payload: ProsecutionIn) -> Any:
    party = _party(request, party_uuid)
    values = {k: v for k, v in payload.dict(exclude_unset=True).items()}
    values = {k: ("" if v is None and k in _TEXT_FIELDS else v) for k, v in values.items()}
    return ProsecutionOut.of(services.prosecution_update(by=request.user, party=party, **values))


_TEXT_FIELDS = {"prosecutor_office", "decision", "court", "verdict", "sentence", "deportation"}
