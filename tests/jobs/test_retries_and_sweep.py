"""Retries and the sweep (issue 21): a failed try with retries left shows queued again with its
reason, the last one shows failed; a queued job whose task left the queue, or that waited past
the limit, is failed with its own Thai reason; one still in the queue keeps waiting."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone, translation

from sodsong.jobs import services
from sodsong.jobs.models import JobRun
from sodsong.jobs.services import fail_stale_jobs, run_job


def _boom(run_id: int):
    raise RuntimeError("smtp refused")


def test_a_failed_try_with_retries_left_shows_queued_with_its_reason(db):
    run = JobRun.objects.create(name="x")
    with pytest.raises(RuntimeError), translation.override("en"):
        run_job(run.pk, _boom, task=SimpleNamespace(retries=2, retry_delay=120))
    run.refresh_from_db()
    assert run.status == JobRun.Status.QUEUED
    assert "smtp refused" in run.message and "120 seconds" in run.message
    assert run.heartbeat_at is not None and run.finished_at is None


def test_the_last_try_and_a_failure_not_worth_retrying_show_failed(db):
    last = JobRun.objects.create(name="x")
    with pytest.raises(RuntimeError):
        run_job(last.pk, _boom, task=SimpleNamespace(retries=0, retry_delay=120))
    final = JobRun.objects.create(name="y")
    with pytest.raises(RuntimeError):
        run_job(
            final.pk,
            _boom,
            task=SimpleNamespace(retries=2, retry_delay=1),
            retry_if=lambda exc: False,
        )
    for run in (last, final):
        run.refresh_from_db()
        assert run.status == JobRun.Status.FAILED
        assert run.message == "RuntimeError: smtp refused"


def test_a_retry_that_succeeds_ends_done(db):
    run = JobRun.objects.create(name="x")
    with pytest.raises(RuntimeError):
        run_job(run.pk, _boom, task=SimpleNamespace(retries=1, retry_delay=1))
    run_job(run.pk, lambda run_id: {"sent": 1}, task=SimpleNamespace(retries=0))
    run.refresh_from_db()
    assert (run.status, run.result) == (JobRun.Status.DONE, {"sent": 1})


def _queued(name: str, minutes_ago: float, **fields) -> JobRun:
    run = JobRun.objects.create(name=name, **fields)
    JobRun.objects.filter(pk=run.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=minutes_ago)
    )
    return run


def test_queued_jobs_lost_from_the_queue_or_waiting_too_long_are_failed(db, monkeypatch):
    _queued("fresh", 1)  # the worker may be about to take it
    lost = _queued("lost", 10)
    waiting = _queued("waiting", 10)  # still in Huey's queue: a long queue, not a lost job
    overdue = _queued("overdue", 25 * 60)
    _queued("retried", 60, heartbeat_at=timezone.now())  # queued again for a retry
    monkeypatch.setattr(services, "_run_ids_in_queue", lambda: {waiting.pk, overdue.pk})
    with translation.override("th"):
        failed = fail_stale_jobs()
    assert failed == sorted([lost.pk, overdue.pk])
    names = ("fresh", "lost", "waiting", "overdue", "retried")
    status = dict(JobRun.objects.filter(name__in=names).values_list("name", "status"))
    assert status == {
        "fresh": "queued",
        "lost": "failed",
        "waiting": "queued",
        "overdue": "failed",
        "retried": "queued",
    }
    lost.refresh_from_db()
    overdue.refresh_from_db()
    assert "คิว" in lost.message  # Thai: "queue"
    assert lost.message != overdue.message
    assert lost.finished_at is not None


def test_when_the_queue_cannot_be_read_only_the_time_waited_counts(db, monkeypatch):
    lost = _queued("maybe lost", 10)
    overdue = _queued("overdue", 25 * 60)
    monkeypatch.setattr(services, "_run_ids_in_queue", lambda: None)
    assert fail_stale_jobs() == [overdue.pk]
    lost.refresh_from_db()
    assert lost.status == JobRun.Status.QUEUED


def test_the_queue_is_read_for_the_run_ids_of_waiting_tasks(db):
    from huey.contrib.djhuey import HUEY

    from sodsong.jobs.tasks import rebuild_search_keys

    HUEY.immediate = False  # enqueue without running, as a busy worker pool would
    try:
        rebuild_search_keys(4242)
        assert 4242 in services._run_ids_in_queue()
    finally:
        HUEY.flush()
        HUEY.immediate = True


def test_tasks_that_send_mail_or_write_retry(db):
    from sodsong.directives.tasks import send_reminders
    from sodsong.tips.tasks import send_urgent_email

    for task in (send_urgent_email, send_reminders):
        assert task.task_class.default_retries > 0
        assert task.task_class.context  # passes its retries left to run_job
