"""A case's tasks: assigned and updated."""

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from sodsong.accounts.models import User
from sodsong.accounts.requests import AuthedHttpRequest
from sodsong.cases import selectors, services
from sodsong.cases.api.common import _access, _agency
from sodsong.cases.api.schemas import (
    TaskOut,
)

router = Router()


class TaskIn(Schema):
    title: str
    assignee_agency_uuid: str = ""
    assignee_username: str = ""
    due_on: dt.date | None = None


@router.post("/{uuid}/tasks", response={201: TaskOut}, summary="Assign a task")
def add_task(request: AuthedHttpRequest, uuid: str, payload: TaskIn) -> Any:
    access = _access(request, uuid)
    user = (
        User.objects.filter(username=payload.assignee_username, is_active=True).first()
        if payload.assignee_username
        else None
    )
    if payload.assignee_username and user is None:
        raise services.CaseError(_("Unknown officer."))
    task = services.task_create(
        by=request.user,
        case=access.case,
        title=payload.title,
        assignee_agency=_agency(payload.assignee_agency_uuid)
        if payload.assignee_agency_uuid
        else None,
        assignee_user=user,
        due_on=payload.due_on,
    )
    return Status(201, TaskOut.of(task))


class TaskStatusIn(Schema):
    status: str
    note: str = ""


@router.post("/tasks/{task_uuid}/status", response=TaskOut, summary="Update a task")
def update_task(request: AuthedHttpRequest, task_uuid: str, payload: TaskStatusIn) -> Any:
    found = selectors.task_get(user=request.user, uuid=task_uuid)
    if found is None:
        raise HttpError(404, "not_found")
    _access_, task = found
    return TaskOut.of(
        services.task_update(by=request.user, task=task, status=payload.status, note=payload.note)
    )
