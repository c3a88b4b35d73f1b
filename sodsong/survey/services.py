"""Writes of the village survey: residents, residences and TM.30, phones, visits, rounds.

Every write checks that the acting user may write in the area concerned; a refusal is a
`SurveyError` whose message is for the user (an English msgid, Thai in the catalogue).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import phonenumbers
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sodsong.core.attachments import attachment_store
from sodsong.core.concurrency import check_version, locked_fresh, save_fields, sync
from sodsong.core.errors import DomainError
from sodsong.geo.models import Area, Level
from sodsong.people.matching import NewPerson, document_add_matched, party_person
from sodsong.people.models import DocumentType
from sodsong.people.services import DocumentInput, PersonError, person_create
from sodsong.survey import access
from sodsong.survey.models import (
    Host,
    RedFlag,
    Residence,
    Resident,
    ResidentPhone,
    ResidentStatus,
    Submission,
    SurveyRound,
    Tm30Notification,
    Visit,
    tm30_status_for,
)
from sodsong.thai.ids import is_non_thai_id13

SOURCE = "village survey"


class SurveyError(DomainError):
    """Invalid survey data or a refused action; the message is for the user."""


@dataclass(frozen=True)
class HostInput:
    kind: str
    given_name_th: str = ""
    family_name_th: str = ""
    given_name_latin: str = ""
    family_name_latin: str = ""


def normalize_phone(text: str) -> str:
    """The number in E.164 (+66…), or a SurveyError. Thai numbers may be typed as 08x…"""
    try:
        parsed = phonenumbers.parse(text.strip(), "TH")
    except phonenumbers.NumberParseException as exc:
        raise SurveyError(_("The phone number is not valid.")) from exc
    if not phonenumbers.is_valid_number(parsed):
        raise SurveyError(_("The phone number is not valid."))
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def is_e164_phone(text: str) -> bool:
    if not text.startswith("+"):
        return False
    try:
        return normalize_phone(text) == text
    except SurveyError:
        return False


def check_document(doc: DocumentInput) -> None:
    """The survey's own rule on top of the people app's: the 13-digit number a non-Thai
    receives starts with 0 or 6–8."""
    if doc.doc_type == DocumentType.THAI_ID and not is_non_thai_id13(doc.number):
        raise SurveyError(
            _(
                "The 13-digit number of a non-Thai starts with 0, 6, 7 or 8 and has a valid check digit."
            )
        )


def _village(area: Area) -> Area:
    if area.level != Level.VILLAGE:
        raise SurveyError(_("Choose a village."))
    return area


def _require_write(user: Any, area: Area) -> None:
    if not access.can_write(user, area.code):
        raise SurveyError(_("You may not record data in this village."))


def _host_create(*, host: HostInput, area: Area, user_id: int | None) -> Host:
    person = person_create(
        area=area,
        source=SOURCE,
        given_name_th=host.given_name_th,
        family_name_th=host.family_name_th,
        given_name_latin=host.given_name_latin,
        family_name_latin=host.family_name_latin,
        created_by_id=user_id,
    )
    return Host.objects.create(person=person, kind=host.kind, area=area)


def _refresh_tm30(residence: Residence) -> None:
    latest = residence.notifications.order_by("notified_on").first()
    status = tm30_status_for(residence.moved_in_on, latest.notified_on if latest else None)
    if status != residence.tm30_status:
        residence.tm30_status = status
        residence.save(update_fields=["tm30_status", "updated_at"])


def _coordinate(value: Decimal | float | None, limit: int) -> Decimal | None:
    if value is None:
        return None
    number = Decimal(str(value)).quantize(Decimal("0.000001"))
    if abs(number) > limit:
        raise SurveyError(_("The GPS position is not valid."))
    return number


@transaction.atomic
def resident_register(
    *,
    user: Any,
    area: Area,
    given_name_latin: str = "",
    family_name_latin: str = "",
    given_name_th: str = "",
    family_name_th: str = "",
    birth_year: int | None = None,
    birth_month: int | None = None,
    birth_day: int | None = None,
    sex: str = "",
    nationality: str = "",
    documents: list[DocumentInput] | None = None,
    occupation: str = "",
    status: str = ResidentStatus.LIVING,
    house_no: str = "",
    latitude: Decimal | float | None = None,
    longitude: Decimal | float | None = None,
    moved_in_on: dt.date | None = None,
    host: HostInput | None = None,
    tm30_notified_on: dt.date | None = None,
    tm30_reference: str = "",
    phones: list[str] | None = None,
) -> Resident:
    _village(area)
    _require_write(user, area)
    if status not in ResidentStatus.values:
        raise SurveyError(_("Unknown status."))
    today = timezone.localdate()
    if moved_in_on and moved_in_on > today:
        raise SurveyError(_("The move-in date is in the future."))
    if tm30_notified_on and tm30_notified_on > today:
        raise SurveyError(_("The TM.30 date is in the future."))
    if tm30_notified_on and moved_in_on and tm30_notified_on < moved_in_on:
        raise SurveyError(_("The TM.30 notification cannot come before the move-in."))
    for doc in documents or []:
        check_document(doc)
    e164 = [normalize_phone(p) for p in phones or [] if p.strip()]
    try:
        # A document of a person the user may see is refused with its id (no resident twice);
        # one of a person out of his reach reveals nothing: the resident is recorded without it
        # and flagged as a possible duplicate (issue #17 item 1).
        person = party_person(
            user=user,
            new=NewPerson(
                given_name_th=given_name_th,
                family_name_th=family_name_th,
                given_name_latin=given_name_latin,
                family_name_latin=family_name_latin,
                birth_year=birth_year,
                birth_month=birth_month,
                birth_day=birth_day,
                sex=sex,
                nationality=nationality,
                documents=tuple(documents or ()),
            ),
            area=area,
            source=SOURCE,
            on_visible_match="refuse",
            area_also=(area.code,),
        ).person
    except PersonError as exc:
        raise SurveyError(str(exc)) from exc
    resident = Resident.objects.create(
        person=person,
        area=area,
        occupation=occupation.strip(),
        status=status,
        created_by_id=getattr(user, "pk", None),
    )
    host_obj = _host_create(host=host, area=area, user_id=user.pk) if host else None
    residence = Residence.objects.create(
        resident=resident,
        area=area,
        house_no=house_no.strip(),
        latitude=_coordinate(latitude, 90),
        longitude=_coordinate(longitude, 180),
        moved_in_on=moved_in_on,
        host=host_obj,
        tm30_status=tm30_status_for(moved_in_on, tm30_notified_on),
    )
    if tm30_notified_on:
        Tm30Notification.objects.create(
            residence=residence,
            host=host_obj,
            notified_on=tm30_notified_on,
            reference=tm30_reference.strip(),
        )
    for number in dict.fromkeys(e164):
        ResidentPhone.objects.create(resident=resident, number=number)
    return resident


@transaction.atomic
def resident_update(
    *,
    user: Any,
    resident: Resident,
    occupation: str | None = None,
    status: str | None = None,
    expected_version: int | None = None,
) -> Resident:
    """Changes the fields given (None: left as it is) on the current row, locked, and writes
    only those, so that another officer's change saved meanwhile stays. With `expected_version`
    (the version the officer's form or `If-Match` started from) a record changed meanwhile is
    refused with `VersionConflict`."""
    _require_write(user, resident.area)
    if status is not None and status not in ResidentStatus.values:
        raise SurveyError(_("Unknown status."))
    current = locked_fresh(resident)
    check_version(current, expected_version)
    changed = []
    if status is not None and current.status != status:
        current.status = status
        changed.append("status")
    if occupation is not None and current.occupation != occupation.strip():
        current.occupation = occupation.strip()
        changed.append("occupation")
    save_fields(current, changed)
    sync(resident, current)
    return resident


@transaction.atomic
def resident_move(
    *,
    user: Any,
    resident: Resident,
    area: Area,
    moved_in_on: dt.date,
    house_no: str = "",
    latitude: Decimal | float | None = None,
    longitude: Decimal | float | None = None,
    host: HostInput | None = None,
) -> Residence:
    """Closes the current residence and opens a new one: the history stays."""
    _village(area)
    _require_write(user, resident.area)
    _require_write(user, area)
    if moved_in_on > timezone.localdate():
        raise SurveyError(_("The move-in date is in the future."))
    current = resident.residences.filter(moved_out_on__isnull=True).first()
    if current is not None:
        if current.moved_in_on and moved_in_on < current.moved_in_on:
            raise SurveyError(_("The new move-in date is before the current one."))
        current.moved_out_on = moved_in_on
        current.save()
    host_obj = _host_create(host=host, area=area, user_id=user.pk) if host else None
    residence = Residence.objects.create(
        resident=resident,
        area=area,
        house_no=house_no.strip(),
        latitude=_coordinate(latitude, 90),
        longitude=_coordinate(longitude, 180),
        moved_in_on=moved_in_on,
        host=host_obj,
        tm30_status=tm30_status_for(moved_in_on, None),
    )
    current_resident = locked_fresh(resident)
    current_resident.area = area
    current_resident.status = ResidentStatus.LIVING
    save_fields(current_resident, ["area", "status"])
    sync(resident, current_resident)
    person = resident.person
    person.area = area
    save_fields(person, ["area"])
    return residence


@transaction.atomic
def resident_mark_moved_away(
    *, user: Any, resident: Resident, status: str, moved_out_on: dt.date
) -> Resident:
    """The resident moved elsewhere in Thailand or left the country: the residence closes."""
    _require_write(user, resident.area)
    if status not in (ResidentStatus.MOVED_WITHIN_TH, ResidentStatus.LEFT, ResidentStatus.UNKNOWN):
        raise SurveyError(_("Unknown status."))
    resident.residences.filter(moved_out_on__isnull=True).update(moved_out_on=moved_out_on)
    current = locked_fresh(resident)
    current.status = status
    save_fields(current, ["status"])
    sync(resident, current)
    return resident


@transaction.atomic
def tm30_record(
    *,
    user: Any,
    residence: Residence,
    notified_on: dt.date,
    reference: str = "",
) -> Tm30Notification:
    _require_write(user, residence.area)
    if notified_on > timezone.localdate():
        raise SurveyError(_("The TM.30 date is in the future."))
    if residence.moved_in_on and notified_on < residence.moved_in_on:
        raise SurveyError(_("The TM.30 notification cannot come before the move-in."))
    notification = Tm30Notification.objects.create(
        residence=residence, host=residence.host, notified_on=notified_on, reference=reference
    )
    _refresh_tm30(residence)
    return notification


@transaction.atomic
def phone_add(*, user: Any, resident: Resident, number: str) -> ResidentPhone:
    _require_write(user, resident.area)
    e164 = normalize_phone(number)
    phone, _created = ResidentPhone.objects.get_or_create(resident=resident, number=e164)
    return phone


@transaction.atomic
def resident_document_add(*, user: Any, resident: Resident, document: DocumentInput) -> Any:
    """Adds a document (a renewal keeps the old one): visa (subtype = visa type), work permit
    (issuer_detail = employer), migrant card, 13-digit number…"""
    _require_write(user, resident.area)
    check_document(document)
    try:
        # A number held out of the user's reach answers like a new one (#17 C1): flagged, not named.
        return document_add_matched(user=user, person=resident.person, document=document)
    except PersonError as exc:
        raise SurveyError(str(exc)) from exc


@transaction.atomic
def visit_record(
    *,
    user: Any,
    area: Area,
    visited_on: dt.date,
    residents: list[Resident] | None = None,
    observations: str = "",
    red_flags: list[RedFlag] | None = None,
    house_no: str = "",
    is_draft: bool = False,
    survey_round: SurveyRound | None = None,
    photos: list[Any] | None = None,
    visit: Visit | None = None,
) -> Visit:
    """Records a visit, or updates a draft (`visit=`)."""
    _village(area)
    _require_write(user, area)
    if visited_on > timezone.localdate():
        raise SurveyError(_("The visit date is in the future."))
    for resident in residents or []:
        if resident.area_id != area.pk:
            raise SurveyError(_("A resident seen must live in the visited village."))
    if visit is None:
        visit = Visit(area=area, visitor=user)
    elif not visit.is_draft:
        raise SurveyError(_("Only a draft can be changed."))
    visit.visited_on = visited_on
    visit.observations = observations.strip()
    visit.house_no = house_no.strip()
    visit.is_draft = is_draft
    visit.round = survey_round
    visit.save()
    visit.residents.set(residents or [])
    visit.red_flags.set([f for f in red_flags or [] if f.active])
    for photo in photos or []:
        attachment_store(owner=visit, area_code=area.code, upload=photo, uploaded_by_id=user.pk)
    return visit


@transaction.atomic
def round_open(
    *, user: Any, name: str, area: Area, starts_on: dt.date, ends_on: dt.date
) -> SurveyRound:
    """Opens a round for a district or the province, with one submission per village."""
    if area.level not in (Level.DISTRICT, Level.PROVINCE):
        raise SurveyError(_("A round covers a district or the province."))
    if not access.can_open_round(user, area.code):
        raise SurveyError(_("You may not open a round for this area."))
    if not name.strip():
        raise SurveyError(_("The round needs a name."))
    if ends_on < starts_on:
        raise SurveyError(_("The round ends before it starts."))
    survey_round = SurveyRound.objects.create(
        name=name.strip(), area=area, starts_on=starts_on, ends_on=ends_on, opened_by=user
    )
    villages = Area.objects.filter(
        level=Level.VILLAGE, code__startswith=area.code, abolished_on__isnull=True
    )
    for village in villages:
        Submission.objects.create(round=survey_round, area=village)
    return survey_round


@transaction.atomic
def submission_submit(*, user: Any, submission: Submission, note: str = "") -> Submission:
    if not access.can_submit(user, submission.area.code):
        raise SurveyError(_("Only the village headman submits the village's survey."))
    if submission.round.status != SurveyRound.Status.OPEN:
        raise SurveyError(_("The round is closed."))
    if submission.status in (Submission.Status.SUBMITTED, Submission.Status.APPROVED):
        raise SurveyError(_("This village has already submitted."))
    submission.status = Submission.Status.SUBMITTED
    submission.note = note.strip()
    submission.submitted_at = timezone.now()
    submission.submitted_by = user
    submission.save()
    return submission


@transaction.atomic
def submission_review(
    *, user: Any, submission: Submission, approve: bool, comment: str = ""
) -> Submission:
    if not access.can_review(user, submission.area.code):
        raise SurveyError(_("Only the district approves or returns a village's submission."))
    if submission.status != Submission.Status.SUBMITTED:
        raise SurveyError(_("Only a submitted survey can be approved or returned."))
    if not approve and not comment.strip():
        raise SurveyError(_("Say what needs correcting when you return a submission."))
    submission.status = Submission.Status.APPROVED if approve else Submission.Status.RETURNED
    submission.review_comment = comment.strip()
    submission.reviewed_at = timezone.now()
    submission.reviewed_by = user
    submission.save()
    return submission
