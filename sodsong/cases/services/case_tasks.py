"""A case's tasks: created, assigned and moved on, each change logged on the task."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from sodsong.accounts.models import Agency, User
from sodsong.cases.models import (
    Case,
    Task,
    TaskLogEntry,
    TaskStatus,
)
from sodsong.cases.selectors import case_queryset
from sodsong.cases.services.common import (
    CaseError,
    _clean,
    _event,
    _now,
    _require_edit,
)


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
