"""Jobs that die (issue 18): a heartbeat, stale jobs failed with a Thai reason when a worker
starts and every minute, and a killed import resumed from its page to the same end state."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone, translation

from sodsong.jobs.models import JobRun
from sodsong.jobs.services import fail_stale_jobs, job_progress, job_start


def test_a_job_beats_when_it_starts_and_on_each_progress_report(db):
    run = JobRun.objects.create(name="x")
    job_start(run.pk)
    run.refresh_from_db()
    first = run.heartbeat_at
    assert first is not None
    job_progress(run.pk, done=1, total=2)
    run.refresh_from_db()
    assert run.heartbeat_at >= first


def test_running_jobs_without_a_heartbeat_are_failed_with_a_thai_reason(db):
    old = timezone.now() - dt.timedelta(minutes=10)
    dead = JobRun.objects.create(name="dead", status="running", heartbeat_at=old, started_at=old)
    alive = JobRun.objects.create(
        name="alive", status="running", heartbeat_at=timezone.now(), started_at=old
    )
    waiting = JobRun.objects.create(name="waiting")
    with translation.override("th"):
        assert fail_stale_jobs() == [dead.pk]
    dead.refresh_from_db()
    alive.refresh_from_db()
    waiting.refresh_from_db()
    assert dead.status == JobRun.Status.FAILED
    assert "เริ่มใหม่" in dead.message  # Thai: "start it again"
    assert alive.status == JobRun.Status.RUNNING
    assert waiting.status == JobRun.Status.QUEUED
