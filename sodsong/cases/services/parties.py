"""The people of a case: added and screened, arrested and notified, charged, and their
prosecution followed to the judgment."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sodsong.accounts.models import Agency, User
from sodsong.audit.models import AuditEvent
from sodsong.audit.services import log_action
from sodsong.cases.laws import LawError, resolve_section
from sodsong.cases.models import (
    SCREENING_WITHIN,
    Arrest,
    Case,
    CaseParty,
    Charge,
    Compartment,
    Deportation,
    Participation,
    PartyRole,
    Prosecution,
    ProsecutorDecision,
    ReferralTo,
    Screening,
    SectionKind,
    Verdict,
    VictimReferral,
)
from sodsong.cases.services.common import (
    CaseError,
    _clean,
    _event,
    _now,
    _require_compartment,
    _require_edit,
)
from sodsong.geo.models import Area
from sodsong.people.matching import NewPerson, party_person
from sodsong.people.models import Person, PersonCompartment

# Roles whose new people the case records inside itself, out of the people registry: seen only
# through the case, by those who may see the role there (issue #17 item 2).
COMPARTMENT_ROLES = (PartyRole.INFORMANT, PartyRole.WITNESS, PartyRole.VICTIM)


class PartyPersonNotFound(CaseError):
    """The person named by id is not in the user's reach (the API answers 404)."""


@transaction.atomic
def party_add(
    *,
    by: User,
    case: Case,
    person: Person,
    role: str,
    recruited_or_held: bool = False,
    taken_into_care_at: dt.datetime | None = None,
) -> CaseParty:
    _require_edit(by, case)
    if role not in PartyRole.values:
        raise CaseError(_("Unknown role in the case."))
    if taken_into_care_at is not None:
        if not recruited_or_held:
            raise CaseError(
                _("Only a person recruited or held is taken into care for trafficking screening.")
            )
        if taken_into_care_at > _now():
            raise CaseError(_("The time taken into care is in the future."))
    compartment = {
        PartyRole.INFORMANT: Compartment.INFORMANTS,
        PartyRole.VICTIM: Compartment.VICTIMS,
    }.get(role, "")
    # Adding an informant or a victim reveals who they are: only those named for it may.
    _require_compartment(by, case, compartment)
    if CaseParty.objects.filter(case=case, person=person, role=role).exists():
        raise CaseError(_("This person is already in the case in this role."))
    party = CaseParty.objects.create(
        case=case,
        person=person,
        role=role,
        recruited_or_held=recruited_or_held,
        screening=Screening.PENDING if recruited_or_held else Screening.NOT_REQUIRED,
        taken_into_care_at=taken_into_care_at,
        added_by=by,
    )
    _event(case, by, "party", compartment=party.compartment, obj=party, role=role)
    return party


@transaction.atomic
def party_add_person(
    *,
    by: User,
    case: Case,
    role: str,
    person_uuid: str = "",
    new: NewPerson | None = None,
    area_code: str = "",
    recruited_or_held: bool = False,
    taken_into_care_at: dt.datetime | None = None,
) -> CaseParty:
    """Adds a person to the case: one from the registry the user may see (`person_uuid`), or
    `new`, found or created by `people.matching.party_person` (a document held by someone out
    of reach reveals nothing and is flagged as a possible duplicate). A new informant, witness or
    victim is recorded inside the case; `area_code` must lie in the user's or the case's areas."""
    _require_edit(by, case)
    if role not in PartyRole.values:
        raise CaseError(_("Unknown role in the case."))
    if person_uuid:
        from sodsong.people.selectors import person_get

        person = person_get(user=by, uuid=person_uuid)
        if person is not None and person.compartment and person.compartment_ref != case.uuid:
            # A person recorded inside another case or a matter stays there.
            person = None
        if person is None:
            raise PartyPersonNotFound(_("No recorded person with this id in your reach."))
    elif new is None:
        raise CaseError(_("Name an existing person or give a new person's details."))
    else:
        area = case.area
        if area_code:
            found = Area.objects.filter(code=area_code).first()
            if found is None:
                raise CaseError(_("Unknown area code."))
            area = found
        inside = role in COMPARTMENT_ROLES
        case_codes = (case.area.code, *case.areas.values_list("code", flat=True))
        person = party_person(
            user=by,
            new=new,
            area=area,
            source=f"case {case.number}",
            compartment=PersonCompartment.CASE if inside else PersonCompartment.REGISTRY,
            compartment_ref=case.uuid if inside else None,
            area_also=case_codes,
        ).person
    return party_add(
        by=by,
        case=case,
        person=person,
        role=role,
        recruited_or_held=recruited_or_held,
        taken_into_care_at=taken_into_care_at,
    )


@transaction.atomic
def party_screen(
    *,
    by: User,
    party: CaseParty,
    result: str,
    screened_on: dt.date,
    reference: str = "",
    screened_at: dt.datetime | None = None,
    late_reason: str = "",
) -> CaseParty:
    """Records the trafficking-victim screening. A screened victim's identity moves into the
    victims' compartment. ATIP s.29: a person taken into care at an operation is screened within
    24 hours of it; a later screening needs its reason (the court's leave to hold longer)."""
    case = party.case
    _require_edit(by, case)
    _require_compartment(by, case, party.compartment)
    if result not in (Screening.VICTIM, Screening.NOT_VICTIM):
        raise CaseError(_("The screening result is a victim or not a victim."))
    if result == Screening.VICTIM:
        _require_compartment(by, case, Compartment.VICTIMS)
    if screened_at is not None:
        if screened_at > _now():
            raise CaseError(_("The screening date is in the future."))
        screened_on = timezone.localtime(screened_at).date()
    if screened_on > timezone.localdate():
        raise CaseError(_("The screening date is in the future."))
    late = _screened_late(party, screened_on, screened_at)
    late_reason = late_reason.strip()
    if late and not late_reason:
        raise CaseError(
            _(
                "The screening is due within 24 hours of taking the person into care (ATIP "
                "s.29). Give the reason it came later, such as the court's leave to hold longer."
            )
        )
    party.screening = result
    party.screened_on = screened_on
    party.screened_at = screened_at
    party.screening_reference = reference.strip()[:100]
    party.screening_late_reason = late_reason[:300] if late else ""
    party.save()
    if result == Screening.VICTIM:
        _move_inside(case, party.person)
    _event(
        case,
        by,
        "screened",
        compartment=Compartment.VICTIMS,
        obj=party,
        result=result,
        late="yes" if late else "",
    )
    return party


def _move_inside(case: Case, person: Person) -> None:
    """A screened victim whom this case recorded in the registry (as a suspect) moves inside
    the case, out of the registry (issue #17 item 2). A person recorded elsewhere (a survey
    resident, a party of another case) stays where he is: the registry never shows his role."""
    if person.compartment or person.source != f"case {case.number}":
        return
    if CaseParty.objects.filter(person=person).exclude(case=case).exists():
        return
    person.compartment = PersonCompartment.CASE
    person.compartment_ref = case.uuid
    person.save(update_fields=["compartment", "compartment_ref", "updated_at"])


def _screened_late(party: CaseParty, screened_on: dt.date, screened_at: dt.datetime | None) -> bool:
    """Past the 24 hours of ATIP s.29? With only a date, late when that day is after the day the
    deadline falls on (a screening on the deadline's day is given the benefit of the doubt)."""
    if party.taken_into_care_at is None:
        return False
    due = party.taken_into_care_at + SCREENING_WITHIN
    if screened_at is not None:
        return screened_at > due
    return screened_on > timezone.localtime(due).date()


@transaction.atomic
def victim_refer(
    *,
    by: User,
    party: CaseParty,
    to: str,
    receiving_name: str,
    referred_on: dt.date,
    reference: str = "",
    receiving_agency: Agency | None = None,
) -> VictimReferral:
    """Records where a screened trafficking victim was referred (พมจ., ศปคม.จังหวัด, a shelter),
    when, and the receiving office. Only for a person screened as a trafficking victim."""
    case = party.case
    _require_edit(by, case)
    _require_compartment(by, case, Compartment.VICTIMS)
    if party.screening != Screening.VICTIM:
        raise CaseError(_("Only a person screened as a trafficking victim is referred here."))
    if to not in ReferralTo.values:
        raise CaseError(_("Unknown receiving office."))
    if referred_on > timezone.localdate():
        raise CaseError(_("The referral date is in the future."))
    if party.screened_on is not None and referred_on < party.screened_on:
        raise CaseError(_("A referral cannot come before the screening."))
    name = receiving_name.strip() or (receiving_agency.name_th if receiving_agency else "")
    referral = VictimReferral.objects.create(
        party=party,
        to=to,
        receiving_agency=receiving_agency,
        receiving_name=_clean(name, _("Receiving office"), 200),
        referred_on=referred_on,
        reference=reference.strip()[:100],
        created_by=by,
    )
    _event(case, by, "referred", compartment=Compartment.VICTIMS, obj=referral, to=to)
    return referral


def _require_screened(party: CaseParty) -> None:
    if party.screening == Screening.PENDING:
        raise CaseError(
            _(
                "This person was recruited or held: screen them as a possible trafficking "
                "victim before processing them as a suspect."
            )
        )


@transaction.atomic
def arrest_record(
    *,
    by: User,
    party: CaseParty,
    arrested_at: dt.datetime,
    place: str,
    arresting_unit: str,
    recording_reference: str = "",
    recording_missing_reason: str = "",
    prosecutor_notified_at: dt.datetime | None = None,
    administrative_notified_at: dt.datetime | None = None,
    handed_over_at: dt.datetime | None = None,
) -> Arrest:
    case = party.case
    _require_edit(by, case)
    if party.role != PartyRole.SUSPECT:
        raise CaseError(_("Only a suspect is arrested."))
    _require_screened(party)
    if party.screening == Screening.VICTIM:
        raise CaseError(_("A screened trafficking victim is not arrested as a suspect."))
    if arrested_at > _now():
        raise CaseError(_("The arrest time is in the future."))
    if not recording_reference.strip() and not recording_missing_reason.strip():
        raise CaseError(
            _("Give the reference of the continuous audio-video recording, or why there is none.")
        )
    for value in (prosecutor_notified_at, administrative_notified_at, handed_over_at):
        if value is not None and value < arrested_at:
            raise CaseError(_("A notification or hand-over cannot come before the arrest."))
    arrest = Arrest.objects.create(
        party=party,
        arrested_at=arrested_at,
        place=_clean(place, _("Place")),
        arresting_unit=_clean(arresting_unit, _("Arresting unit"), 200),
        recording_reference=recording_reference.strip()[:200],
        recording_missing_reason=recording_missing_reason.strip()[:300],
        prosecutor_notified_at=prosecutor_notified_at,
        administrative_notified_at=administrative_notified_at,
        handed_over_at=handed_over_at,
        created_by=by,
    )
    _event(case, by, "arrest", obj=arrest, at=None, place=arrest.place)
    return arrest


@transaction.atomic
def arrest_notify(
    *,
    by: User,
    arrest: Arrest,
    prosecutor_notified_at: dt.datetime | None = None,
    administrative_notified_at: dt.datetime | None = None,
) -> Arrest:
    case = arrest.party.case
    _require_edit(by, case)
    for name, value in (
        ("prosecutor_notified_at", prosecutor_notified_at),
        ("administrative_notified_at", administrative_notified_at),
    ):
        if value is None:
            continue
        if value < arrest.arrested_at:
            raise CaseError(_("A notification or hand-over cannot come before the arrest."))
        setattr(arrest, name, value)
    arrest.save()
    _event(case, by, "arrest_notified", obj=arrest)
    return arrest


@transaction.atomic
def charge_add(
    *,
    by: User,
    party: CaseParty,
    law_code: str,
    section_key: str,
    offence_from: dt.date,
    offence_to: dt.date | None = None,
    s41_override_reason: str = "",
    participation: str = "",
) -> Charge:
    case = party.case
    _require_edit(by, case)
    _require_compartment(by, case, party.compartment)
    _require_screened(party)
    if offence_to is not None and offence_to < offence_from:
        raise CaseError(_("The offence period ends before it starts."))
    try:
        resolved = resolve_section(
            law_code=law_code,
            key=section_key,
            offence_date=offence_to or offence_from,
            as_of=timezone.localdate(),
        )
    except LawError as exc:
        raise CaseError(str(exc)) from exc
    if resolved.in_force.kind == SectionKind.PARTICIPATION:
        raise CaseError(
            _(
                "Penal Code s.83 and s.86 are cited with an offence: choose the offence and give "
                "the participation beside it."
            )
        )
    if participation not in Participation.values:
        raise CaseError(_("Unknown participation."))
    override = s41_override_reason.strip()
    basis = _victim_bar(party, resolved.in_force)
    if basis and not override:
        if basis == "s41":
            raise CaseError(
                _(
                    "This person was screened as a trafficking victim: illegal entry, stay and "
                    "work charges are barred (Anti-Trafficking in Persons Act s.41) unless you "
                    "override with a reason."
                )
            )
        raise CaseError(
            _(
                "This person was screened as a trafficking victim: a victim is not charged for "
                "offences committed as a result of being trafficked (forced criminality, such "
                "as fraud or membership of the gang). Give the reason why this offence was not "
                "a result of the trafficking to charge all the same."
            )
        )
    if not basis:
        override = ""
    charge = Charge.objects.create(
        party=party,
        offence_from=offence_from,
        offence_to=offence_to,
        section_in_force=resolved.in_force,
        section_applied=resolved.applied,
        participation=participation,
        s41_override_reason=override[:300],
        created_by=by,
    )
    if override:
        log_action(
            action=AuditEvent.Action.CHANGE,
            object_type="cases.charge",
            object_ids=[charge.uuid],
            detail={
                "s41_override": True,
                "basis": basis,
                "section": resolved.in_force.key,
                "case": str(case.uuid),
            },
        )
    _event(
        case,
        by,
        "charge",
        compartment=party.compartment,
        obj=charge,
        section=charge.printed_th,
        s41_override="yes" if override else "",
    )
    return charge


def _victim_bar(party: CaseParty, section: Any) -> str:
    """Why a screened trafficking victim may not be charged under this section without an
    override: "s41" for illegal entry, stay and work (ATIP s.41 names them); "non_punishment"
    for any other offence, since victims are made to commit fraud, to join the gang and the like
    (the non-punishment principle the ATIP protection rests on). "" when nothing bars it."""
    if party.screening != Screening.VICTIM:
        return ""
    return "s41" if section.victim_protected else "non_punishment"


@transaction.atomic
def charge_outcome(
    *, by: User, charge: Charge, decision: str = "", verdict: str = "", sentence: str = ""
) -> Charge:
    party = charge.party
    _require_edit(by, party.case)
    _require_compartment(by, party.case, party.compartment)
    if decision not in ProsecutorDecision.values or verdict not in Verdict.values:
        raise CaseError(_("Unknown decision or verdict."))
    if verdict and decision != ProsecutorDecision.PROSECUTE:
        raise CaseError(_("A verdict needs the prosecutor's decision to prosecute."))
    charge.decision, charge.verdict, charge.sentence = decision, verdict, sentence.strip()[:300]
    charge.save()
    _event(
        party.case,
        by,
        "charge_outcome",
        compartment=party.compartment,
        obj=charge,
        decision=decision,
        verdict=verdict,
    )
    return charge


PROSECUTION_FIELDS = (
    "inquiry_file_sent_on",
    "prosecutor_office",
    "decision",
    "decision_on",
    "court",
    "filed_on",
    "verdict",
    "verdict_on",
    "sentence",
    "deportation",
    "deported_on",
)


@transaction.atomic
def prosecution_update(*, by: User, party: CaseParty, **values: Any) -> Prosecution:
    """Records the inquiry file, the prosecutor's decision, the court, verdict and sentence, and
    deportation, for one person. At the verdict, each charge's applied text is chosen again as of
    the verdict date (a more favourable law in force at judgment applies, Penal Code s.3)."""
    case = party.case
    _require_edit(by, case)
    _require_compartment(by, case, party.compartment)
    unknown = set(values) - set(PROSECUTION_FIELDS)
    if unknown:
        raise CaseError(_("This field cannot be changed here."))
    record = Prosecution.objects.filter(party=party).first() or Prosecution(party=party)
    for name, value in values.items():
        if isinstance(value, str):
            value = value.strip()
        setattr(record, name, value)
    today = timezone.localdate()
    dates = [
        record.inquiry_file_sent_on,
        record.decision_on,
        record.filed_on,
        record.verdict_on,
    ]
    if any(d is not None and d > today for d in [*dates, record.deported_on]):
        raise CaseError(_("A date of the prosecution is in the future."))
    known = [d for d in dates if d is not None]
    if known != sorted(known):
        raise CaseError(
            _("The dates must follow each other: file sent, decision, filing in court, verdict.")
        )
    if record.decision and record.inquiry_file_sent_on is None:
        raise CaseError(_("A prosecutor's decision needs the date the inquiry file was sent."))
    if record.decision and record.decision_on is None:
        raise CaseError(_("%(field)s is required.") % {"field": _("Decision date")})
    if record.verdict and (record.decision != ProsecutorDecision.PROSECUTE or not record.court):
        raise CaseError(_("A verdict needs a decision to prosecute and a court."))
    if record.verdict and record.verdict_on is None:
        raise CaseError(_("%(field)s is required.") % {"field": _("Verdict date")})
    if record.deportation == Deportation.DONE and record.deported_on is None:
        raise CaseError(_("%(field)s is required.") % {"field": _("Deported on")})
    if record.decision not in ProsecutorDecision.values or record.verdict not in Verdict.values:
        raise CaseError(_("Unknown decision or verdict."))
    if record.deportation not in Deportation.values:
        raise CaseError(_("Unknown deportation status."))
    record.save()
    if record.verdict and record.verdict_on:
        _reapply_at_judgment(party, record.verdict_on)
    _event(
        case,
        by,
        "prosecution",
        compartment=party.compartment,
        obj=record,
        decision=record.decision,
        verdict=record.verdict,
        deportation=record.deportation,
    )
    return record


def _reapply_at_judgment(party: CaseParty, judged_on: dt.date) -> None:
    for charge in party.charges.filter(withdrawn_at__isnull=True).select_related(
        "section_in_force__version__law"
    ):
        section = charge.section_in_force
        resolved = resolve_section(
            law_code=section.version.law.code,
            key=section.key,
            offence_date=charge.offence_date,
            as_of=max(judged_on, charge.offence_date),
        )
        if resolved.applied.pk != charge.section_applied_id:
            charge.section_applied = resolved.applied
            charge.save()
