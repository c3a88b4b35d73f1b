"""Writes on cases. Every function is keyword-only, runs in one transaction, checks that the
acting officer may do it, and leaves a line on the case's timeline; history and the audit log
record the changed rows themselves.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from typing import Any
from uuid import UUID

from django.core.exceptions import ObjectDoesNotExist
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sodsong.accounts.models import Agency, AgencyKind, Role, User
from sodsong.accounts.scope import scope_for
from sodsong.audit.models import AuditEvent
from sodsong.audit.services import log_action
from sodsong.cases.case_templates import TEMPLATES
from sodsong.cases.laws import LawError, resolve_section
from sodsong.cases.models import (
    Arrest,
    Case,
    CaseEvent,
    CaseMember,
    CaseOrigin,
    CaseParticipation,
    CaseParty,
    CaseStatus,
    CaseType,
    Charge,
    Compartment,
    Deportation,
    Operation,
    OperationKind,
    OperationStatus,
    OriginKind,
    PartyRole,
    Prosecution,
    ProsecutorDecision,
    Screening,
    Seizure,
    SeizureKind,
    Task,
    TaskLogEntry,
    TaskStatus,
    Verdict,
)
from sodsong.cases.selectors import case_access, case_queryset, lead_agency_choices
from sodsong.core.attachments import attachment_store
from sodsong.core.models import Attachment
from sodsong.geo.models import Area
from sodsong.people.models import Person
from sodsong.thai.dates import be_year

logger = logging.getLogger(__name__)

CASE_OBJECT_TYPE = "cases.case"

# The workflow: which status may follow which. Closing needs a reason; a closed case may be
# reopened for investigation, with a reason.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    CaseStatus.OPEN: (CaseStatus.INVESTIGATING, CaseStatus.CLOSED),
    CaseStatus.INVESTIGATING: (CaseStatus.OPERATION, CaseStatus.CHARGED, CaseStatus.CLOSED),
    CaseStatus.OPERATION: (CaseStatus.INVESTIGATING, CaseStatus.CHARGED, CaseStatus.CLOSED),
    CaseStatus.CHARGED: (CaseStatus.PROSECUTION, CaseStatus.CLOSED),
    CaseStatus.PROSECUTION: (CaseStatus.CLOSED,),
    CaseStatus.CLOSED: (CaseStatus.INVESTIGATING,),
}
CREATOR_ROLES = (Role.AGENCY_OFFICER, Role.DISTRICT, Role.PROVINCE)
PARTICIPANT_KINDS = (
    AgencyKind.POLICE,
    AgencyKind.IMMIGRATION,
    AgencyKind.MILITARY,
    AgencyKind.LABOUR,
    AgencyKind.DISTRICT_OFFICE,
    AgencyKind.PROVINCIAL_ADMIN,
    AgencyKind.OTHER,
)


class CaseError(ValueError):
    """The change cannot be made; the message is for the user."""


class CasePermissionError(PermissionError):
    """The acting officer may not make this change."""


# ---------------------------------------------------------------------------------------------
# helpers


def _now() -> dt.datetime:
    return timezone.now()


def _event(
    case: Case,
    by: User | None,
    event_kind: str,
    /,
    *,
    compartment: str = "",
    obj: Any = None,
    at: dt.datetime | None = None,
    **detail: Any,
) -> CaseEvent:
    return CaseEvent.objects.create(
        case=case,
        at=at or _now(),
        actor=by,
        kind=event_kind,
        compartment=compartment,
        detail={k: (str(v) if v is not None else "") for k, v in detail.items()},
        object_uuid=getattr(obj, "uuid", None),
    )


def _require_visible(by: User, case: Case) -> None:
    if not case_queryset(user=by).filter(pk=case.pk).exists():
        raise CasePermissionError(_("You may not work on this case."))


def _require_edit(by: User, case: Case) -> None:
    _require_visible(by, case)
    if not case_access(user=by, case=case).can_edit:
        raise CasePermissionError(_("You may not work on this case."))


def _require_lead(by: User, case: Case) -> None:
    _require_visible(by, case)
    if not case_access(user=by, case=case).is_lead:
        raise CasePermissionError(_("Only officers of the lead agency may do this."))


def _require_compartment(by: User, case: Case, compartment: str) -> None:
    if compartment and compartment not in case_access(user=by, case=case).compartments:
        raise CasePermissionError(_("You are not named for this part of the case."))


def _clean(text: str, field: str, limit: int = 300, required: bool = True) -> str:
    value = (text or "").strip()
    if required and not value:
        raise CaseError(_("%(field)s is required.") % {"field": field})
    return value[:limit]


def _next_number(area: Area, on: dt.date) -> str:
    prefix = f"{area.code[:2]}-{be_year(on.year)}/"
    taken = Case.all_objects.filter(number__startswith=prefix).count()
    return f"{prefix}{taken + 1:04d}"


# ---------------------------------------------------------------------------------------------
# cases


@transaction.atomic
def case_create(
    *,
    by: User,
    title: str,
    case_type: str,
    area: Area,
    areas: Iterable[Area] = (),
    origin: str = OriginKind.OTHER,
    origin_reference: str = "",
    origin_tip_uuids: Iterable[UUID | str] = (),
    referral_agency: Agency | None = None,
    summary: str = "",
    opened_on: dt.date | None = None,
    participating_agencies: Iterable[Agency] = (),
    template_tasks: bool = True,
    lead_agency: Agency | None = None,
) -> Case:
    """Opens a case. The officer's agency leads it, or `lead_agency` where the officer may name
    it (a district officer opening a case for the district's police station); the officer's own
    agency then takes part. `origin_tip_uuids` promotes tips and reports the officer manages:
    they are marked "passed to a case" and their identifiers become the case's."""
    scope = scope_for(by)
    if not by.agency_id or not scope.has_role(*CREATOR_ROLES):
        raise CasePermissionError(_("Only agency, district and provincial officers open cases."))
    lead = lead_agency or by.agency
    if lead.pk != by.agency_id and lead.pk not in {a.pk for a in lead_agency_choices(user=by)}:
        raise CaseError(_("You may not name this agency to lead the case."))
    if case_type not in CaseType.values:
        raise CaseError(_("Unknown case type."))
    if origin not in OriginKind.values:
        raise CaseError(_("Unknown origin."))
    all_areas = [area, *[a for a in areas if a.pk != area.pk]]
    for a in all_areas:
        if not scope.covers_area(a.code):
            raise CaseError(_("The case's areas must be inside your own areas."))
    tip_uuids = []
    for raw in origin_tip_uuids:
        try:
            tip_uuids.append(UUID(str(raw)))
        except ValueError as exc:
            raise CaseError(_("A tip reference is not valid.")) from exc
    tip_uuids = list(dict.fromkeys(tip_uuids))
    _check_origin_tips(by, tip_uuids)
    if origin == OriginKind.REFERRAL and referral_agency is None and not origin_reference.strip():
        raise CaseError(_("Name the agency that referred the case."))
    opened = opened_on or timezone.localdate()
    if opened > timezone.localdate():
        raise CaseError(_("The opening date is in the future."))
    case = Case.objects.create(
        number=_next_number(area, opened),
        title=_clean(title, _("Title"), 200),
        case_type=case_type,
        origin=OriginKind.TIP if tip_uuids else origin,
        origin_reference=origin_reference.strip()[:200],
        summary=summary.strip(),
        area=area,
        lead_agency=lead,
        opened_on=opened,
        created_by=by,
    )
    case.areas.set(all_areas)
    now = _now()
    CaseParticipation.objects.create(case=case, agency=lead, granted_by=by, granted_at=now)
    if lead.pk != by.agency_id:
        CaseParticipation.objects.create(
            case=case, agency_id=by.agency_id, granted_by=by, granted_at=now
        )
    CaseMember.objects.create(
        case=case, user=by, informants=True, victims=True, operations=True, added_by=by
    )
    for tip_uuid in tip_uuids:
        CaseOrigin.objects.create(case=case, kind=OriginKind.TIP, tip_uuid=tip_uuid)
    if referral_agency is not None or (origin == OriginKind.REFERRAL and origin_reference):
        CaseOrigin.objects.create(
            case=case,
            kind=OriginKind.REFERRAL,
            agency=referral_agency,
            reference=origin_reference.strip()[:200],
        )
    elif origin == OriginKind.SURVEY:
        CaseOrigin.objects.create(
            case=case, kind=OriginKind.SURVEY, reference=origin_reference.strip()[:200]
        )
    _event(case, by, "created", number=case.number)
    for agency in participating_agencies:
        if agency.pk not in (by.agency_id, lead.pk):
            _grant(case, by, agency, now)
    if template_tasks:
        _add_template_tasks(case, by, opened)
    if tip_uuids:
        _mark_tips_promoted(case, by, tip_uuids)
        _event(case, by, "from_tips", count=len(tip_uuids))
        log_action(
            action=AuditEvent.Action.CHANGE,
            object_type=CASE_OBJECT_TYPE,
            object_ids=[case.uuid],
            detail={"origin_tips": [str(u) for u in tip_uuids]},
        )
    _record_identifiers(case, case.title, case.summary)
    return case


def _check_origin_tips(by: User, tip_uuids: list[UUID]) -> None:
    """Only tips and reports the officer may pass to a case can become its origin: open or
    verified ones of the officer's district (or province). A tip the officer may not see is
    refused like a wrong reference, so the answer does not confirm that it exists."""
    if not tip_uuids:
        return
    try:
        from sodsong.tips.models import TipStatus
        from sodsong.tips.selectors import PROMOTABLE_STATUSES, promotable_tips
    except ImportError:  # without the tips module, the origin is kept by uuid only
        return
    tips = promotable_tips(user=by, uuids=tip_uuids)
    if tips is None:
        raise CaseError(_("A tip reference is not valid."))
    for tip in tips:
        if tip.status == TipStatus.PROMOTED:
            raise CaseError(
                _("Tip %(code)s was already passed to a case.") % {"code": tip.tracking_code}
            )
        if tip.status not in PROMOTABLE_STATUSES:
            raise CaseError(
                _("Tip %(code)s is a duplicate or unfounded; pass the original tip instead.")
                % {"code": tip.tracking_code}
            )


def _mark_tips_promoted(case: Case, by: User, tip_uuids: list[UUID]) -> None:
    """Tells the tips module that its tips became this case (when that module is installed),
    and makes the tips' identifiers the case's. The origin is kept here by uuid either way."""
    try:
        from sodsong.tips.services import tip_mark_promoted
    except ImportError:
        return
    from sodsong.entities.models import LINKABLE_TYPES, IdentifierMention, SourceType
    from sodsong.entities.services import mention_record

    for tip_uuid in tip_uuids:
        try:
            tip = tip_mark_promoted(tip_uuid=tip_uuid, case_uuid=case.uuid, by=by)
        except ObjectDoesNotExist:
            logger.info("case %s: origin tip %s not held here", case.uuid, tip_uuid)
            continue
        for mention in IdentifierMention.objects.filter(
            source_type=tip.kind, source_uuid=tip.uuid
        ).select_related("identifier"):
            if mention.identifier.type not in LINKABLE_TYPES:
                continue
            mention_record(
                type=mention.identifier.type,
                value=mention.identifier.value,
                source_type=SourceType.CASE,
                source_uuid=case.uuid,
                area_code=case.area.code,
                normalised=True,
            )


# ---------------------------------------------------------------------------------------------
# identifiers: phones, bank accounts, LINE IDs, web addresses … the case mentions


def _record_identifiers(case: Case, *texts: str) -> int:
    """Records the identifiers found in the case's texts as mentions by the case (one per
    identifier: a case has many texts), then rescores the tips that share them."""
    from sodsong.entities.models import SourceType
    from sodsong.entities.services import IdentifierError, extract_spans, mention_record

    for text in texts:
        for found in extract_spans(text or ""):
            try:
                mention_record(
                    type=found.type,
                    value=found.value,
                    source_type=SourceType.CASE,
                    source_uuid=case.uuid,
                    area_code=case.area.code,
                    normalised=True,
                )
            except IdentifierError:
                continue
    return _rescore_tips(case)


def _rescore_tips(case: Case) -> int:
    try:
        from sodsong.tips.services import tips_rescore_sharing
    except ImportError:
        return 0
    from sodsong.entities.models import SourceType

    return tips_rescore_sharing(source_type=SourceType.CASE, source_uuid=case.uuid)


@transaction.atomic
def case_add_identifier(*, by: User, case: Case, type: str, value: str) -> Case:
    """An identifier an officer read in the case's files or learnt otherwise, entered by hand."""
    from sodsong.entities.models import LINKABLE_TYPES, SourceType
    from sodsong.entities.services import IdentifierError, mention_record

    _require_edit(by, case)
    if type not in LINKABLE_TYPES:
        raise CaseError(_("Unknown identifier type."))
    try:
        mention = mention_record(
            type=type,
            value=value,
            source_type=SourceType.CASE,
            source_uuid=case.uuid,
            area_code=case.area.code,
        )
    except IdentifierError as exc:
        raise CaseError(str(exc)) from exc
    log_action(
        action=AuditEvent.Action.CHANGE,
        object_type=CASE_OBJECT_TYPE,
        object_ids=[case.uuid],
        detail={"identifier_added": str(mention.identifier.uuid), "type": type},
    )
    _event(case, by, "identifier", obj=mention.identifier, type=type)
    _rescore_tips(case)
    return case


def _add_template_tasks(case: Case, by: User, opened: dt.date) -> None:
    template = TEMPLATES.get(case.case_type)
    if template is None:
        return
    participants = {
        p.agency.kind: p.agency
        for p in case.participations.filter(revoked_at__isnull=True).select_related("agency")
    }
    for item in template.tasks:
        agency = participants.get(item.agency_kind, case.lead_agency)
        task = Task.objects.create(
            case=case,
            title=str(item.title),
            assignee_agency=agency,
            due_on=opened + dt.timedelta(days=item.due_days),
            created_by=by,
        )
        TaskLogEntry.objects.create(task=task, at=_now(), actor=by, status=TaskStatus.OPEN)


EDITABLE_DETAILS = (
    "title",
    "summary",
    "police_case_number",
    "prosecutor_black_number",
    "prosecutor_red_number",
    "court_black_number",
    "court_red_number",
    "saraban_numbers",
)


@transaction.atomic
def case_update_details(*, by: User, case: Case, **changes: str) -> Case:
    _require_edit(by, case)
    unknown = set(changes) - set(EDITABLE_DETAILS)
    if unknown:
        raise CaseError(_("This field cannot be changed here."))
    changed = []
    for name, value in changes.items():
        value = (value or "").strip()
        if name == "title" and not value:
            raise CaseError(_("%(field)s is required.") % {"field": _("Title")})
        if getattr(case, name) != value:
            setattr(case, name, value)
            changed.append(name)
    if changed:
        case.save()
        _event(case, by, "details", fields=", ".join(changed))
        if {"title", "summary"} & set(changed):
            _record_identifiers(case, case.title, case.summary)
    return case


@transaction.atomic
def case_change_status(*, by: User, case: Case, to: str, reason: str = "") -> Case:
    _require_edit(by, case)
    case = Case.objects.select_for_update().get(pk=case.pk)
    if to not in CaseStatus.values:
        raise CaseError(_("Unknown status."))
    if to not in TRANSITIONS[case.status]:
        raise CaseError(
            _("A case cannot go from “%(from)s” to “%(to)s”.")
            % {"from": CaseStatus(case.status).label, "to": CaseStatus(to).label}
        )
    charges = Charge.objects.filter(party__case=case, withdrawn_at__isnull=True)
    if to == CaseStatus.CHARGED and not charges.exists():
        raise CaseError(_("Record at least one charge before marking the case charged."))
    if (
        to == CaseStatus.PROSECUTION
        and not Prosecution.objects.filter(
            party__case=case, inquiry_file_sent_on__isnull=False
        ).exists()
    ):
        raise CaseError(_("Send an inquiry file to the prosecutor first."))
    if to == CaseStatus.CLOSED and not reason.strip():
        raise CaseError(_("Give the reason for closing the case."))
    if case.status == CaseStatus.CLOSED and not reason.strip():
        raise CaseError(_("Give the reason for reopening the case."))
    previous = case.status
    case.status = to
    if to == CaseStatus.CLOSED:
        case.closed_on = timezone.localdate()
        case.close_reason = reason.strip()[:300]
    elif previous == CaseStatus.CLOSED:
        case.closed_on = None
    case.save()
    log_action(
        action=AuditEvent.Action.CHANGE,
        object_type=CASE_OBJECT_TYPE,
        object_ids=[case.uuid],
        detail={"transition": [previous, to]},
    )
    _event(case, by, "status", **{"from": previous, "to": to, "reason": reason.strip()[:300]})
    return case


# ---------------------------------------------------------------------------------------------
# sharing


def _grant(case: Case, by: User, agency: Agency, now: dt.datetime) -> CaseParticipation:
    if agency.kind not in PARTICIPANT_KINDS:
        raise CaseError(_("This agency cannot take part in a case."))
    existing = case.participations.filter(agency=agency, revoked_at__isnull=True).first()
    if existing is not None:
        return existing
    participation = CaseParticipation.objects.create(
        case=case, agency=agency, granted_by=by, granted_at=now
    )
    _event(case, by, "granted", agency=agency.name_th)
    return participation


@transaction.atomic
def participation_grant(*, by: User, case: Case, agency: Agency) -> CaseParticipation:
    _require_lead(by, case)
    return _grant(case, by, agency, _now())


@transaction.atomic
def participation_revoke(*, by: User, case: Case, agency: Agency) -> None:
    _require_lead(by, case)
    if agency.pk == case.lead_agency_id:
        raise CaseError(_("The lead agency cannot be removed from its own case."))
    active = case.participations.filter(agency=agency, revoked_at__isnull=True)
    if not active.exists():
        raise CaseError(_("This agency does not take part in the case."))
    for participation in active:
        participation.revoked_at = _now()
        participation.revoked_by = by
        participation.save()
    _event(case, by, "revoked", agency=agency.name_th)


@transaction.atomic
def member_set(
    *,
    by: User,
    case: Case,
    user: User,
    informants: bool = False,
    victims: bool = False,
    operations: bool = False,
) -> CaseMember:
    """Names an officer on the case and the compartments they may see. Only the lead agency
    names members, and only officers who can already see the case."""
    _require_lead(by, case)
    if not case_queryset(user=user).filter(pk=case.pk).exists():
        raise CaseError(_("This officer cannot see the case; grant the agency first."))
    member = CaseMember.objects.filter(case=case, user=user, removed_at__isnull=True).first()
    if member is None:
        member = CaseMember(case=case, user=user, added_by=by)
    member.informants, member.victims, member.operations = informants, victims, operations
    member.save()
    log_action(
        action=AuditEvent.Action.CHANGE,
        object_type="cases.casemember",
        object_ids=[member.uuid],
        detail={
            "case": str(case.uuid),
            "user": user.pk,
            "compartments": sorted(member.compartments()),
        },
    )
    _event(
        case,
        by,
        "member",
        user=user.get_full_name() or user.username,
        compartments=",".join(sorted(member.compartments())),
    )
    return member


@transaction.atomic
def member_remove(*, by: User, case: Case, user: User) -> None:
    _require_lead(by, case)
    if user.pk == by.pk and case.members.filter(removed_at__isnull=True).count() == 1:
        raise CaseError(_("A case keeps at least one member."))
    for member in case.members.filter(user=user, removed_at__isnull=True):
        member.removed_at = _now()
        member.save()
    _event(case, by, "member_removed", user=user.get_full_name() or user.username)


# ---------------------------------------------------------------------------------------------
# tasks


@transaction.atomic
def task_create(
    *,
    by: User,
    case: Case,
    title: str,
    assignee_agency: Agency | None = None,
    assignee_user: User | None = None,
    due_on: dt.date | None = None,
) -> Task:
    _require_edit(by, case)
    if assignee_agency is None and assignee_user is None:
        raise CaseError(_("Assign the task to an agency or an officer."))
    if (
        assignee_agency is not None
        and not case.participations.filter(agency=assignee_agency, revoked_at__isnull=True).exists()
    ):
        raise CaseError(_("Tasks go to agencies that take part in the case."))
    if (
        assignee_user is not None
        and not case_queryset(user=assignee_user).filter(pk=case.pk).exists()
    ):
        raise CaseError(_("This officer cannot see the case; grant the agency first."))
    task = Task.objects.create(
        case=case,
        title=_clean(title, _("Task"), 200),
        assignee_agency=assignee_agency or (assignee_user.agency if assignee_user else None),
        assignee_user=assignee_user,
        due_on=due_on,
        created_by=by,
    )
    TaskLogEntry.objects.create(task=task, at=_now(), actor=by, status=TaskStatus.OPEN)
    _event(case, by, "task", obj=task, title=task.title)
    return task


@transaction.atomic
def task_update(*, by: User, task: Task, status: str, note: str = "") -> Task:
    _require_edit(by, task.case)
    if status not in TaskStatus.values:
        raise CaseError(_("Unknown task status."))
    previous = task.status
    task.status = status
    task.save()
    TaskLogEntry.objects.create(
        task=task, at=_now(), actor=by, status=status, note=note.strip()[:500]
    )
    if previous != status:
        _event(task.case, by, "task_status", obj=task, title=task.title, to=status)
    return task


# ---------------------------------------------------------------------------------------------
# operations and seizures


@transaction.atomic
def operation_plan(
    *,
    by: User,
    case: Case,
    kind: str,
    planned_for: dt.datetime,
    place: str,
    units: str,
    headcount: int,
    legal_basis: str,
    area: Area | None = None,
) -> Operation:
    _require_edit(by, case)
    # Planning a raid is itself need-to-know: only those named for operations may plan one.
    _require_compartment(by, case, Compartment.OPERATIONS)
    if kind not in OperationKind.values:
        raise CaseError(_("Unknown kind of operation."))
    if headcount < 1:
        raise CaseError(_("The headcount must be at least 1."))
    operation = Operation.objects.create(
        case=case,
        kind=kind,
        planned_for=planned_for,
        place=_clean(place, _("Place")),
        area=area,
        units=_clean(units, _("Units")),
        headcount=headcount,
        legal_basis=_clean(legal_basis, _("Legal basis or warrant reference")),
        created_by=by,
    )
    _event(
        case,
        by,
        "operation_planned",
        compartment=Compartment.OPERATIONS,
        obj=operation,
        kind=kind,
        place=operation.place,
    )
    return operation


@transaction.atomic
def operation_record_result(
    *,
    by: User,
    operation: Operation,
    held_at: dt.datetime | None,
    result: str,
    cancelled: bool = False,
) -> Operation:
    case = operation.case
    _require_edit(by, case)
    _require_compartment(by, case, operation.compartment)
    if operation.status != OperationStatus.PLANNED:
        raise CaseError(_("This operation has already been recorded."))
    if cancelled:
        operation.status = OperationStatus.CANCELLED
    else:
        if held_at is None:
            raise CaseError(_("%(field)s is required.") % {"field": _("Date and time")})
        if held_at > _now():
            raise CaseError(_("An operation cannot be recorded as held in the future."))
        operation.status = OperationStatus.HELD
        operation.held_at = held_at
    operation.result = result.strip()
    operation.save()
    _event(
        case,
        by,
        "operation_cancelled" if cancelled else "operation_held",
        obj=operation,
        kind=operation.kind,
        place=operation.place,
    )
    if not cancelled:
        # Once held, what the operation found is no longer a secret: its identifiers link.
        _record_identifiers(case, operation.place, operation.result)
    return operation


@transaction.atomic
def seizure_add(
    *,
    by: User,
    case: Case,
    kind: str,
    quantity: int,
    seized_on: dt.date,
    description: str = "",
    custody_reference: str = "",
    operation: Operation | None = None,
) -> Seizure:
    _require_edit(by, case)
    if kind not in SeizureKind.values:
        raise CaseError(_("Unknown kind of seized item."))
    if quantity < 1:
        raise CaseError(_("The quantity must be at least 1."))
    if seized_on > timezone.localdate():
        raise CaseError(_("The seizure date is in the future."))
    if operation is not None and operation.case_id != case.pk:
        raise CaseError(_("The operation belongs to another case."))
    seizure = Seizure.objects.create(
        case=case,
        operation=operation,
        kind=kind,
        quantity=quantity,
        description=description.strip()[:300],
        custody_reference=custody_reference.strip()[:100],
        seized_on=seized_on,
    )
    _event(case, by, "seizure", obj=seizure, kind=kind, quantity=quantity)
    if seizure.description:
        _record_identifiers(case, seizure.description)
    return seizure


# ---------------------------------------------------------------------------------------------
# people, screening, arrests, charges, prosecution


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


# ---------------------------------------------------------------------------------------------
# attachments


@transaction.atomic
def case_attach(*, by: User, case: Case, upload: UploadedFile) -> Attachment:
    _require_edit(by, case)
    attachment = attachment_store(
        owner=case, area_code=case.area.code, upload=upload, uploaded_by_id=by.pk
    )
    _event(case, by, "attachment", obj=attachment, name=attachment.original_name)
    return attachment
