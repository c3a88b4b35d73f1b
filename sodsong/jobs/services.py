"""Enqueuing jobs after commit, reporting their progress, and failing the ones that died.

A job is a Huey task that takes a `JobRun` id (and other ids), never model instances. It is sent
to the queue only when the transaction that requested it commits, so a worker never looks for a
row that does not exist yet, and a rolled-back request leaves no job behind.

A running job beats: its `heartbeat_at` is written when it starts, on each progress report and
every `BEAT_SECONDS` by a thread of the worker that runs it. A worker killed with kill -9 (or a
machine that lost power) stops beating; `fail_stale_jobs`, run when a worker starts and every
minute, marks such jobs failed with a Thai reason and sends `job_abandoned`, so that the owner
of the work (an import, say) can offer to resume it.

A queued job is stuck when its task is no longer in Huey's queue (the queue was emptied or lost
with its machine): after `QUEUE_GRACE` such a job is failed with its own Thai reason. One still in
the queue waits for a free worker, up to `queued_limit()`.

Retries: a task declared `@db_task(retries=N, retry_delay=S, context=True)` passes its `task` to
`run_job`; a failure with retries left shows the job queued again with the reason and the wait,
rather than failed, and Huey runs it again after the delay.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from sodsong.core.busy import retry_when_busy
from sodsong.jobs.models import JobRun

log = logging.getLogger(__name__)

BEAT_SECONDS = 10
# How long a queued job may be missing from Huey's queue before it counts as lost: the task is
# sent on commit, and a worker takes it off the queue a moment before the job starts.
QUEUE_GRACE = dt.timedelta(minutes=5)
# Sent with `run_ids` (a list) after stale jobs were marked failed.
job_abandoned = Signal()


def stale_after() -> dt.timedelta:
    """How long a running job may go without a heartbeat (six missed beats by default)."""
    return dt.timedelta(seconds=getattr(settings, "SODSONG_JOB_STALE_SECONDS", 6 * BEAT_SECONDS))


def queued_limit() -> dt.timedelta:
    """How long a job may wait in the queue for a free worker (a day by default)."""
    return dt.timedelta(seconds=getattr(settings, "SODSONG_JOB_QUEUED_SECONDS", 24 * 3600))


def job_enqueue(
    *,
    task: Callable[..., Any],
    name: str,
    requested_by_id: int | None = None,
    area_code: str = "",
    **params: Any,
) -> JobRun:
    """`area_code`: the area the job works on, which decides which admins may follow it."""
    run = JobRun.objects.create(
        name=name, requested_by_id=requested_by_id, area_code=area_code, params=params
    )
    transaction.on_commit(lambda: task(run.pk, **params))
    return run


def _update(run_id: int, **fields: Any) -> None:
    # A plain UPDATE (no history version): progress ticks are not changes of record. Retried
    # when SQLite is busy with another short write.
    retry_when_busy(lambda: JobRun.objects.filter(pk=run_id).update(**fields), atomic=False)


def job_start(run_id: int, *, total: int = 0, message: str = "") -> JobRun:
    now = timezone.now()
    _update(
        run_id,
        status=JobRun.Status.RUNNING,
        started_at=now,
        heartbeat_at=now,
        finished_at=None,
        total=total,
        message=message,
    )
    return JobRun.objects.get(pk=run_id)


def job_progress(run_id: int, *, done: int, total: int | None = None, message: str = "") -> None:
    fields: dict[str, Any] = {"done": done, "heartbeat_at": timezone.now()}
    if total is not None:
        fields["total"] = total
    if message:
        fields["message"] = message[:300]
    _update(run_id, **fields)


def job_beat(run_id: int) -> None:
    _update(run_id, heartbeat_at=timezone.now())


def job_finish(run_id: int, *, result: dict[str, Any] | None = None, message: str = "") -> None:
    _update(
        run_id,
        status=JobRun.Status.DONE,
        finished_at=timezone.now(),
        result=result or {},
        message=message[:300],
    )


def job_fail(run_id: int, *, message: str) -> None:
    _update(run_id, status=JobRun.Status.FAILED, finished_at=timezone.now(), message=message[:300])


def _run_ids_in_queue() -> set[int] | None:
    """The JobRun ids of the tasks waiting in Huey's queue or schedule (a retry's delay): a job
    task's first argument is its run id. None when the queue cannot be read."""
    from huey.contrib.djhuey import HUEY

    try:
        tasks = [*HUEY.pending(), *HUEY.scheduled()]
    except Exception:  # noqa: BLE001 - the queue's store is down: judge by the time waited
        log.warning(
            "the job queue could not be read; queued jobs judged by age only", exc_info=True
        )
        return None
    return {t.args[0] for t in tasks if t.args and type(t.args[0]) is int}


def _fail_rows(rows: QuerySet[JobRun], now: dt.datetime, message: str) -> None:
    def write() -> int:
        return rows.update(status=JobRun.Status.FAILED, finished_at=now, message=message[:300])

    retry_when_busy(write)


def fail_stale_jobs(*, now: dt.datetime | None = None) -> list[int]:
    """Marks failed, with a Thai reason, the running jobs whose heartbeat stopped, the queued
    ones whose task left the queue without starting, and the queued ones that waited longer
    than `queued_limit()`; sends `job_abandoned` with their ids."""
    now = now or timezone.now()
    limit = now - stale_after()
    running = Q(status=JobRun.Status.RUNNING) & (
        Q(heartbeat_at__lt=limit) | Q(heartbeat_at=None, started_at__lt=limit)
    )
    stale = set(JobRun.objects.filter(running).values_list("pk", flat=True))
    # A queued job's wait starts when it was requested, or again when a failed try was queued
    # for a retry (`run_job` writes heartbeat_at then).
    queued = JobRun.objects.filter(status=JobRun.Status.QUEUED).values_list(
        "pk", "created_at", "heartbeat_at"
    )
    waiting = {pk: now - max(created, beat or created) for pk, created, beat in queued}
    overdue = {pk for pk, waited in waiting.items() if waited > queued_limit()}
    candidates = {pk for pk, waited in waiting.items() if waited > QUEUE_GRACE} - overdue
    in_queue = _run_ids_in_queue() if candidates else set()
    lost = candidates - in_queue if in_queue is not None else set()

    queued_still = Q(status=JobRun.Status.QUEUED)  # not if it started meanwhile
    reasons = [
        (
            stale,
            running,
            _(
                "Stopped without finishing: the worker running it ended (restarted, killed or "
                "out of memory). Start it again from its page."
            ),
        ),
        (
            lost,
            queued_still,
            _(
                "Never started: it was lost from the job queue (the queue was restarted or "
                "emptied). Start it again from its page."
            ),
        ),
        (
            overdue,
            queued_still,
            _(
                "Waited too long for a free worker and was stopped. Start it again from its "
                "page when the server is less busy."
            ),
        ),
    ]
    ids: list[int] = []
    for pks, still, message in reasons:
        if pks:
            _fail_rows(JobRun.objects.filter(pk__in=pks).filter(still), now, message)
            ids += pks
    if not ids:
        return []
    ids.sort()
    job_abandoned.send(sender=JobRun, run_ids=ids)
    return ids


class _Heart:
    """A thread that writes the job's heartbeat every `BEAT_SECONDS` while the job runs (a
    long step without progress reports still shows that its worker lives)."""

    def __init__(self, run_id: int) -> None:
        self.run_id = run_id
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._beat, name="sodsong-heartbeat", daemon=True)

    def __enter__(self) -> _Heart:
        # Not in tests or the immediate mode: there the job runs inside the caller's transaction,
        # which a second connection could not see.
        if not settings.HUEY.get("immediate") and not connection.in_atomic_block:
            self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        if self.thread.is_alive():
            self.thread.join(timeout=5)

    def _beat(self) -> None:
        from django.db import connection as thread_connection

        try:
            while not self.stop.wait(BEAT_SECONDS):
                try:
                    job_beat(self.run_id)
                except Exception:  # noqa: BLE001, S112  (a missed beat is retried next time)
                    continue
        finally:
            thread_connection.close()


def run_job(
    run_id: int,
    body: Callable[[int], dict[str, Any] | None],
    *,
    task: Any = None,
    retry_if: Callable[[BaseException], bool] | None = None,
) -> None:
    """Runs `body(run_id)` with start, heartbeat, finish and failure recorded on the JobRun.
    A failure is stored in Thai where it is a known fault (disk full, database busy).

    `task`: the Huey task (`context=True`); when it has retries left and `retry_if(exc)` holds
    (any failure by default), the job shows queued again with the reason and the wait, and the
    exception goes on to Huey, which runs the task again after its delay."""
    from sodsong.core.context import Actor, acting_as

    run = job_start(run_id)
    try:
        with _Heart(run_id), acting_as(Actor(user_id=run.requested_by_id, via="job")):
            result = body(run_id)
    except Exception as exc:
        retries = getattr(task, "retries", 0) or 0
        if retries > 0 and (retry_if is None or retry_if(exc)):
            job_retry_later(run_id, exc, delay=getattr(task, "retry_delay", 0) or 0)
        else:
            job_fail(run_id, message=failure_message(exc))
        raise
    job_finish(run_id, result=result or {})


def job_retry_later(run_id: int, exc: BaseException, *, delay: int) -> None:
    """The try failed and Huey will run the task again: queued, with why and when, the wait
    counted from now (heartbeat_at) by `fail_stale_jobs`."""
    message = _("This try failed (%(reason)s); it runs again by itself in %(seconds)d seconds.") % {
        "reason": failure_message(exc),
        "seconds": delay,
    }
    _update(
        run_id,
        status=JobRun.Status.QUEUED,
        heartbeat_at=timezone.now(),
        finished_at=None,
        message=message[:300],
    )


def failure_message(exc: BaseException) -> str:
    """A failure's reason for the people who follow the job: Thai for known faults."""
    from sodsong.core.busy import is_busy, is_disk_full

    if is_disk_full(exc):
        return _("The server's disk is full. Tell the administrator, then start it again.")
    if is_busy(exc):
        return _("The database was busy for too long. Start it again in a few minutes.")
    return f"{type(exc).__name__}: {exc}"
