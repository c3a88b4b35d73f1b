"""The people of a case: added and screened, arrested and notified, charged, and their
prosecution followed to the judgment."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sodsong.accounts.models import User
from sodsong.audit.models import AuditEvent
from sodsong.audit.services import log_action
from sodsong.cases.laws import LawError, resolve_section
from sodsong.cases.models import (
    Arrest,
    Case,
    CaseParty,
    Charge,
    Compartment,
    Deportation,
    PartyRole,
    Prosecution,
    ProsecutorDecision,
    Screening,
    Verdict,
)
from sodsong.cases.services.common import (
    CaseError,
    _clean,
    _event,
    _now,
    _require_compartment,
    _require_edit,
)
from sodsong.people.models import Person


@transaction.atomic
def party_add(
    *, by: User, case: Case, person: Person, role: str, recruited_or_held: bool = False
) -> CaseParty:
    _require_edit(by, case)
    if role not in PartyRole.values:
        raise CaseError(_("Unknown role in the case."))
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
        added_by=by,
    )
    _event(case, by, "party", compartment=party.compartment, obj=party, role=role)
    return party


@transaction.atomic
def party_screen(
    *, by: User, party: CaseParty, result: str, screened_on: dt.date, reference: str = ""
) -> CaseParty:
    """Records the trafficking-victim screening. A screened victim's identity moves into the
    victims' compartment."""
    case = party.case
    _require_edit(by, case)
    _require_compartment(by, case, party.compartment)
    if result not in (Screening.VICTIM, Screening.NOT_VICTIM):
        raise CaseError(_("The screening result is a victim or not a victim."))
    if result == Screening.VICTIM:
        _require_compartment(by, case, Compartment.VICTIMS)
    if screened_on > timezone.localdate():
        raise CaseError(_("The screening date is in the future."))
    party.screening = result
    party.screened_on = screened_on
    party.screening_reference = reference.strip()[:100]
    party.save()
    _event(case, by, "screened", compartment=Compartment.VICTIMS, obj=party, result=result)
    return party


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
    override = s41_override_reason.strip()
    if party.screening == Screening.VICTIM and resolved.in_force.victim_protected:
        if not override:
            raise CaseError(
                _(
                    "This person was screened as a trafficking victim: illegal entry, stay and "
                    "work charges are barred (Anti-Trafficking in Persons Act s.41) unless you "
                    "override with a reason."
                )
            )
    else:
        override = ""
    charge = Charge.objects.create(
        party=party,
        offence_from=offence_from,
        offence_to=offence_to,
        section_in_force=resolved.in_force,
        section_applied=resolved.applied,
        s41_override_reason=override[:300],
        created_by=by,
    )
    if override:
        log_action(
            action=AuditEvent.Action.CHANGE,
            object_type="cases.charge",
            object_ids=[charge.uuid],
            detail={"s41_override": True, "case": str(case.uuid)},
        )
    _event(
        case,
        by,
        "charge",
        compartment=party.compartment,
        obj=charge,
        section=f"{resolved.applied.version.law.title_th} {resolved.applied.citation_th}",
        s41_override="yes" if override else "",
    )
    return charge


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
