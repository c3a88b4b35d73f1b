"""Operations on a case (planned, then their result recorded) and what they seized."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sodsong.accounts.models import User
from sodsong.cases.models import (
    Case,
    Compartment,
    Operation,
    OperationKind,
    OperationStatus,
    Seizure,
    SeizureKind,
)
from sodsong.cases.services.common import (
    CaseError,
    _clean,
    _event,
    _now,
    _require_compartment,
    _require_edit,
)
from sodsong.cases.services.identifiers import _record_identifiers
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
