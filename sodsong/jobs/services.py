"""Enqueuing jobs after commit, and reporting their progress.

A job is a Huey task that takes a `JobRun` id (and other ids), never model instances. It is sent
to the queue only when the transaction that requested it commits, so a worker never looks for a
row that does not exist yet, and a rolled-back request leaves no job behind.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone

from sodsong.jobs.models import JobRun


def job_enqueue(
    *, task: Callable[..., Any], name: str, requested_by_id: int | None = None, **params: Any
) -> JobRun:
    run = JobRun.objects.create(name=name, requested_by_id=requested_by_id, params=params)
    transaction.on_commit(lambda: task(run.pk, **params))
    return run


def job_start(run_id: int, *, total: int = 0, message: str = "") -> JobRun:
    JobRun.objects.filter(pk=run_id).update(
        status=JobRun.Status.RUNNING, started_at=timezone.now(), total=total, message=message
    )
    return JobRun.objects.get(pk=run_id)


def job_progress(run_id: int, *, done: int, total: int | None = None, message: str = "") -> None:
    # A plain UPDATE (no history version): progress ticks are not changes of record.
    fields: dict[str, Any] = {"done": done}
    if total is not None:
        fields["total"] = total
    if message:
        fields["message"] = message[:300]
    JobRun.objects.filter(pk=run_id).update(**fields)


def job_finish(run_id: int, *, result: dict[str, Any] | None = None, message: str = "") -> None:
    JobRun.objects.filter(pk=run_id).update(
        status=JobRun.Status.DONE,
        finished_at=timezone.now(),
        result=result or {},
        message=message[:300],
    )


def job_fail(run_id: int, *, message: str) -> None:
    JobRun.objects.filter(pk=run_id).update(
        status=JobRun.Status.FAILED, finished_at=timezone.now(), message=message[:300]
    )


def run_job(run_id: int, body: Callable[[int], dict[str, Any] | None]) -> None:
    """Runs `body(run_id)` with start, finish and failure recorded on the JobRun."""
    from sodsong.core.context import Actor, acting_as

    run = job_start(run_id)
    try:
        with acting_as(Actor(user_id=run.requested_by_id, via="job")):
            result = body(run_id)
    except Exception as exc:
        job_fail(run_id, message=f"{type(exc).__name__}: {exc}")
        raise
    job_finish(run_id, result=result or {})
