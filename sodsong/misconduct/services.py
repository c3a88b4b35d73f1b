"""Writes to the misconduct register: record a matter, designate investigators, add investigation
steps, refer the matter, record its outcome.

Callers pass only matters the actor may see (`selectors.matter_get`); the services check again,
because a service is also called by the API, jobs and commands.
"""

from __future__ import annotations

import datetime as dt
import uuid as uuid_module
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sodsong.accounts.models import Agency, Role, User
from sodsong.accounts.scope import active_assignments, scope_for
from sodsong.core.errors import DomainError
from sodsong.geo.models import Area
from sodsong.misconduct.models import (
    HEADMAN_ALLEGATIONS,
    HEADMAN_PENALTIES,
    PERSON_SOURCE,
    Allegation,
    Authority,
    CriminalResult,
    Designation,
    InterimMeasure,
    InvestigationStep,
    LegalBasis,
    Matter,
    MeasureKind,
    OfficialProfile,
    Outcome,
    Penalty,
    Service,
    Source,
    Status,
    StepKind,
)
from sodsong.misconduct.selectors import in_chain_of_command, matter_visible
from sodsong.people.models import Person
from sodsong.people.services import person_create


class MisconductError(DomainError):
    """Invalid misconduct data or a refused operation; the message is for the user."""


@dataclass(frozen=True)
class OfficialInput:
    position: str
    agency: Agency
    service: str
    given_name_th: str = ""
    family_name_th: str = ""
    investigating_officer: bool = False
    user: User | None = None
    # An already recorded person (the caller checked the actor may see him).
    person: Person | None = None


def _today() -> dt.date:
    return timezone.localdate()


def _check_date(value: dt.date | None, *, not_before: dt.date | None = None) -> None:
    if value is None:
        return
    if value > _today():
        raise MisconductError(_("A date cannot be in the future."))
    if not_before is not None and value < not_before:
        raise MisconductError(_("This date is before the matter was received."))


def validate_legal_bases(bases: Sequence[str], *, investigating_officer: bool) -> list[str]:
    cleaned = list(dict.fromkeys(b for b in bases if b))
    if not cleaned:
        raise MisconductError(_("Choose at least one legal basis."))
    for basis in cleaned:
        if basis not in LegalBasis.values:
            raise MisconductError(_("Unknown legal basis."))
    if LegalBasis.PENAL_200 in cleaned and not investigating_officer:
        raise MisconductError(
            _("Penal Code s.200 applies only to investigating or prosecuting officers.")
        )
    return cleaned


def _matter_area(agency: Agency, actor: User) -> Area:
    """The area of the official's agency (its widest), else the actor's province."""
    areas = sorted(agency.areas.all(), key=lambda a: (len(a.code), a.code))
    if areas:
        return areas[0]
    codes = scope_for(actor).role_areas.get(Role.PROVINCE, ())
    area = Area.objects.filter(code__in=codes).order_by("code").first()
    if area is None:
        raise MisconductError(_("Only provincial administration staff may record a matter."))
    return area


def _is_investigator(user: User) -> bool:
    return user.is_active and any(a.role == Role.INVESTIGATOR for a in active_assignments(user))


def _check_designable(matter: Matter, investigator: User) -> None:
    if not _is_investigator(investigator):
        raise MisconductError(_("Only a misconduct investigator can be designated."))
    if in_chain_of_command(investigator, matter):
        raise MisconductError(
            _(
                "This investigator is the accused or in the accused's agency or chain of "
                "command and cannot be designated."
            )
        )


def _require_visible(actor: User, matter: Matter) -> None:
    if not matter_visible(user=actor, uuid=str(matter.uuid)):
        raise MisconductError(_("You may not work on this matter."))


@transaction.atomic
def matter_record(
    *,
    actor: User,
    official: OfficialInput,
    allegation: str,
    particulars: str,
    source: str,
    received_on: dt.date,
    legal_bases: Sequence[str],
    authority: str,
    source_detail: str = "",
    occurred_on: dt.date | None = None,
    related_case_uuid: str | uuid_module.UUID | None = None,
    authority_detail: str = "",
    investigators: Iterable[User] = (),
) -> Matter:
    scope = scope_for(actor)
    if not scope.has_role(Role.PROVINCE):
        raise MisconductError(_("Only provincial administration staff may record a matter."))
    if allegation not in Allegation.values:
        raise MisconductError(_("Choose the allegation."))
    if not particulars.strip():
        raise MisconductError(_("Describe what is alleged."))
    if source not in Source.values:
        raise MisconductError(_("Choose the source."))
    if authority not in Authority.values:
        raise MisconductError(_("Choose the competent authority."))
    if official.service not in Service.values:
        raise MisconductError(_("Choose the official's service."))
    if not official.position.strip():
        raise MisconductError(_("The official's position is required."))
    if allegation in HEADMAN_ALLEGATIONS and official.service != Service.HEADMAN:
        raise MisconductError(
            _("This allegation is for kamnan and village headmen (Local Administration Act).")
        )
    _check_date(received_on)
    _check_date(occurred_on)
    if occurred_on and occurred_on > received_on:
        raise MisconductError(_("The act cannot come after the matter was received."))
    bases = validate_legal_bases(legal_bases, investigating_officer=official.investigating_officer)
    case_uuid = None
    if related_case_uuid:
        try:
            case_uuid = uuid_module.UUID(str(related_case_uuid))
        except ValueError as exc:
            raise MisconductError(_("The related case id is not valid.")) from exc
    area = _matter_area(official.agency, actor)
    if not any(area.code.startswith(c) for c in scope.role_areas.get(Role.PROVINCE, ())):
        raise MisconductError(_("The official's agency is outside your province."))
    person = official.person or person_create(
        area=area,
        source=PERSON_SOURCE,
        given_name_th=official.given_name_th,
        family_name_th=official.family_name_th,
        created_by_id=actor.pk,
    )
    profile = OfficialProfile.objects.create(
        person=person,
        position=official.position.strip(),
        agency=official.agency,
        service=official.service,
        investigating_officer=official.investigating_officer,
        user=official.user,
    )
    matter = Matter.objects.create(
        official=profile,
        area=area,
        allegation=allegation,
        particulars=particulars.strip(),
        occurred_on=occurred_on,
        related_case_uuid=case_uuid,
        source=source,
        source_detail=source_detail.strip(),
        received_on=received_on,
        legal_bases=bases,
        authority=authority,
        authority_detail=authority_detail.strip(),
        created_by=actor,
    )
    chosen = list(dict.fromkeys(investigators))
    for investigator in chosen:
        _check_designable(matter, investigator)
        Designation.objects.create(matter=matter, investigator=investigator, designated_by=actor)
    if in_chain_of_command(actor, matter) and not chosen:
        # Otherwise nobody could ever see the matter.
        raise MisconductError(
            _(
                "You are in the accused's chain of command: designate at least one investigator "
                "from outside it, who alone will see this matter."
            )
        )
    return matter


@transaction.atomic
def investigator_designate(*, actor: User, matter: Matter, investigator: User) -> Designation:
    _require_visible(actor, matter)
    _check_designable(matter, investigator)
    existing = Designation.objects.filter(
        matter=matter, investigator=investigator, revoked_at__isnull=True
    ).first()
    if existing is not None:
        return existing
    return Designation.objects.create(matter=matter, investigator=investigator, designated_by=actor)


@transaction.atomic
def designation_revoke(*, actor: User, designation: Designation) -> None:
    _require_visible(actor, designation.matter)
    others = designation.matter.designations.filter(revoked_at__isnull=True).exclude(
        pk=designation.pk
    )
    if not others.exists() and in_chain_of_command(actor, designation.matter):
        raise MisconductError(_("The last designated investigator cannot be removed."))
    designation.revoked_at = timezone.now()
    designation.save(update_fields=["revoked_at", "updated_at"])


@transaction.atomic
def step_add(
    *, actor: User, matter: Matter, kind: str, on: dt.date, note: str = ""
) -> InvestigationStep:
    _require_visible(actor, matter)
    if kind not in StepKind.values:
        raise MisconductError(_("Choose the investigation step."))
    _check_date(on, not_before=matter.received_on)
    step = InvestigationStep.objects.create(
        matter=matter, kind=kind, on=on, note=note.strip()[:500], recorded_by=actor
    )
    if matter.status == Status.RECORDED:
        matter.status = Status.INVESTIGATING
        matter.save(update_fields=["status", "updated_at"])
    return step


@transaction.atomic
def matter_refer(
    *, actor: User, matter: Matter, referred_to: str, referred_on: dt.date, reference: str = ""
) -> Matter:
    _require_visible(actor, matter)
    if referred_to not in Authority.values:
        raise MisconductError(_("Choose where the matter is referred."))
    _check_date(referred_on, not_before=matter.received_on)
    matter.referred_to = referred_to
    matter.referred_on = referred_on
    matter.referral_reference = reference.strip()[:100]
    if matter.status != Status.CLOSED:
        matter.status = Status.REFERRED
    matter.save()
    return matter


@transaction.atomic
def matter_set_outcome(
    *,
    actor: User,
    matter: Matter,
    outcome: str,
    outcome_on: dt.date,
    penalty: str = "",
    criminal_result: str = "",
    note: str = "",
) -> Matter:
    _require_visible(actor, matter)
    if outcome not in (Outcome.NO_FAULT, Outcome.PENALTY, Outcome.CRIMINAL):
        raise MisconductError(_("Choose the outcome."))
    _check_date(outcome_on, not_before=matter.received_on)
    if penalty and penalty not in Penalty.values:
        raise MisconductError(_("Unknown penalty."))
    if criminal_result and criminal_result not in CriminalResult.values:
        raise MisconductError(_("Unknown result of the criminal referral."))
    if outcome == Outcome.PENALTY and not penalty:
        raise MisconductError(_("Choose the disciplinary penalty."))
    headman = matter.official.service == Service.HEADMAN
    if penalty and (penalty in HEADMAN_PENALTIES) != headman and penalty != Penalty.REPRIMAND:
        raise MisconductError(
            _(
                "A kamnan or headman is warned, reprimanded or removed from office (Local "
                "Administration Act); the other penalties are for officials of a service."
            )
        )
    if outcome == Outcome.NO_FAULT and (penalty or criminal_result):
        raise MisconductError(_("A finding of no fault carries no penalty or criminal referral."))
    if outcome == Outcome.CRIMINAL:
        criminal_result = criminal_result or CriminalResult.PENDING
    elif criminal_result:
        raise MisconductError(_("A criminal result needs the outcome 'criminal referral'."))
    matter.outcome = outcome
    matter.outcome_on = outcome_on
    matter.penalty = penalty if outcome != Outcome.NO_FAULT else ""
    matter.criminal_result = criminal_result
    matter.outcome_note = note.strip()[:500]
    matter.status = Status.CLOSED
    matter.save()
    return matter


@transaction.atomic
def measure_order(
    *,
    actor: User,
    matter: Matter,
    kind: str,
    ordered_on: dt.date,
    order_reference: str = "",
    ordered_by: str = "",
) -> InterimMeasure:
    """Records an interim measure while the matter is inquired into: suspension (พักราชการ),
    removal pending the inquiry (ให้ออกไว้ก่อน) or a transfer. One of a kind is open at a time."""
    _require_visible(actor, matter)
    if kind not in MeasureKind.values:
        raise MisconductError(_("Choose the measure."))
    _check_date(ordered_on, not_before=matter.received_on)
    if matter.measures.filter(kind=kind, ended_on__isnull=True).exists():
        raise MisconductError(_("This measure is already in effect; end it first."))
    return InterimMeasure.objects.create(
        matter=matter,
        kind=kind,
        ordered_on=ordered_on,
        order_reference=order_reference.strip()[:100],
        ordered_by=ordered_by.strip()[:200],
        recorded_by=actor,
    )


@transaction.atomic
def measure_end(*, actor: User, measure: InterimMeasure, ended_on: dt.date) -> InterimMeasure:
    """Ends a suspension or removal pending the inquiry (reinstated, or the penalty decided)."""
    _require_visible(actor, measure.matter)
    _check_date(ended_on, not_before=measure.ordered_on)
    measure.ended_on = ended_on
    measure.save()
    return measure
