"""Operations on a case, their results, and seized items."""

import datetime as dt
from typing import Any

from ninja import Router, Schema, Status
from ninja.errors import HttpError

from sodsong.accounts.requests import AuthedHttpRequest
from sodsong.cases import selectors, services
from sodsong.cases.api.common import _access, _area
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
def plan_operation(request: AuthedHttpRequest, uuid: str, payload: OperationIn) -> Any:
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
    # Headcounts the ministry's indicators count (no one is named).
    foreigners_inspected: int = 0
    foreigners_in_breach: int = 0
    departures_prevented: int = 0
    people_brought_back: int = 0


@router.post("/operations/{op_uuid}/result", response=OperationOut, summary="Record an operation")
def record_operation(request: AuthedHttpRequest, op_uuid: str, payload: OperationResultIn) -> Any:
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
            foreigners_inspected=payload.foreigners_inspected,
            foreigners_in_breach=payload.foreigners_in_breach,
            departures_prevented=payload.departures_prevented,
            people_brought_back=payload.people_brought_back,
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
def add_seizure(request: AuthedHttpRequest, uuid: str, payload: SeizureIn) -> Any:
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
