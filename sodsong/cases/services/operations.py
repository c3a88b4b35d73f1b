"""Operations on a case (planned, then their result recorded) and what they seized."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sodsong.accounts.models import User
from sodsong.cases.case_templates import SCREEN_AT_OPERATION
from sodsong.cases.models import (
    Case,
    CaseMember,
    CaseType,
    Compartment,
    Operation,
    OperationKind,
    OperationStatus,
    Seizure,
    SeizureKind,
    Task,
    TaskLogEntry,
    TaskStatus,
)
from sodsong.cases.selectors import case_access
from sodsong.cases.services.common import (
    CaseError,
    CasePermissionError,
    _clean,
    _event,
    _now,
    _require_compartment,
    _require_edit,
)
from sodsong.cases.services.identifiers import _record_identifiers
from sodsong.cases.services.sharing import member_set
from sodsong.geo.models import Area


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
    # Planning a raid is itself need-to-know: those named for operations plan one, and so do the
    # lead agency's officers, who may name themselves anyway: planning names them (issue 20).
    access = case_access(user=by, case=case)
    if Compartment.OPERATIONS not in access.compartments and not access.is_lead:
        raise CasePermissionError(
            _(
                "Only the lead agency's officers, or the members it names for planned "
                "operations, may plan an operation. Ask the lead agency (%(agency)s) to "
                "name you."
            )
            % {"agency": case.lead_agency.name_th if case.lead_agency_id else "—"}
        )
    if kind not in OperationKind.values:
        raise CaseError(_("Unknown kind of operation."))
    if headcount < 1:
        raise CaseError(_("The headcount must be at least 1."))
    if Compartment.OPERATIONS not in access.compartments:
        member = CaseMember.objects.filter(case=case, user=by, removed_at__isnull=True).first()
        member_set(
            by=by,
            case=case,
            user=by,
            informants=bool(member and member.informants),
            victims=bool(member and member.victims),
            operations=True,
        )
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
    foreigners_inspected: int = 0,
    foreigners_in_breach: int = 0,
    departures_prevented: int = 0,
    people_brought_back: int = 0,
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
        counts = {
            "foreigners_inspected": foreigners_inspected,
            "foreigners_in_breach": foreigners_in_breach,
            "departures_prevented": departures_prevented,
            "people_brought_back": people_brought_back,
        }
        if any(n is None or n < 0 for n in counts.values()):
            raise CaseError(_("A headcount cannot be negative."))
        if foreigners_in_breach > foreigners_inspected:
            raise CaseError(_("More foreigners found in breach than were inspected."))
        for name, n in counts.items():
            setattr(operation, name, n)
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
        _screening_task(case, by, operation)
    return operation


# Case types whose operations may find people recruited or held by a gang.
SCREENING_CASE_TYPES = (CaseType.CALL_CENTRE, CaseType.IMMIGRATION, CaseType.RECRUITMENT)


def _screening_task(case: Case, by: User, operation: Operation) -> None:
    """ATIP s.29: anyone recruited or held found at the operation is screened within 24 hours of
    being taken into care, so the task falls due the day after the operation, not days after the
    case was opened. The lead agency holds it (it screens, with the social development office)."""
    if case.case_type not in SCREENING_CASE_TYPES or operation.held_at is None:
        return
    held_on = timezone.localtime(operation.held_at).date()
    task = Task.objects.create(
        case=case,
        title=str(SCREEN_AT_OPERATION),
        assignee_agency=case.lead_agency,
        due_on=held_on + dt.timedelta(days=1),
        created_by=by,
    )
    TaskLogEntry.objects.create(task=task, at=_now(), actor=by, status=TaskStatus.OPEN)


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
