"""Operations on a case, their results, and seized items."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from sodsong.cases import selectors, services
from sodsong.cases.api.common import _access, _area, _errors
from sodsong.cases.api.schemas import (
    OperationOut,
    SeizureOut,
)

router = Router()


class OperationIn(Schema):
    kind: str
    planned_for: dt.datetime
    place: str
    units: str
    headcount: int
    legal_basis: str
    area_code: str = ""


@router.post("/{uuid}/operations", response={201: OperationOut}, summary="Plan an operation")
@_errors
def plan_operation(request: HttpRequest, uuid: str, payload: OperationIn) -> Any:
    access = _access(request, uuid)
    operation = services.operation_plan(
        by=request.user,
        case=access.case,
        kind=payload.kind,
        planned_for=payload.planned_for,
        place=payload.place,
        units=payload.units,
        headcount=payload.headcount,
        legal_basis=payload.legal_basis,
        area=_area(payload.area_code) if payload.area_code else None,
    )
    return Status(201, OperationOut.of(operation))


class OperationResultIn(Schema):
    held_at: dt.datetime | None = None
    result: str = ""
    cancelled: bool = False


@router.post("/operations/{op_uuid}/result", response=OperationOut, summary="Record an operation")
@_errors
def record_operation(request: HttpRequest, op_uuid: str, payload: OperationResultIn) -> Any:
    found = selectors.operation_get(user=request.user, uuid=op_uuid)
    if found is None:
        raise HttpError(404, "not_found")
    _acc, operation = found
    return OperationOut.of(
        services.operation_record_result(
            by=request.user,
            operation=operation,
            held_at=payload.held_at,
            result=payload.result,
            cancelled=payload.cancelled,
        )
    )


class SeizureIn(Schema):
    kind: str
    quantity: int
    seized_on: dt.date
    description: str = ""
    custody_reference: str = ""
    operation_uuid: str = ""


@router.post("/{uuid}/seizures", response={201: SeizureOut}, summary="Record seized items")
@_errors
def add_seizure(request: HttpRequest, uuid: str, payload: SeizureIn) -> Any:
    access = _access(request, uuid)
    operation = None
    if payload.operation_uuid:
        found = selectors.operation_get(user=request.user, uuid=payload.operation_uuid)
        if found is None:
            raise HttpError(404, "not_found")
        operation = found[1]
    seizure = services.seizure_add(
        by=request.user,
        case=access.case,
        kind=payload.kind,
        quantity=payload.quantity,
        seized_on=payload.seized_on,
        description=payload.description,
        custody_reference=payload.custody_reference,
        operation=operation,
    )
    return Status(201, SeizureOut.of(seizure))
