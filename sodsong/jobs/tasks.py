"""Periodic and on-demand jobs of the platform itself. Later modules add their own tasks.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, on_startup

from sodsong.jobs.services import fail_stale_jobs, job_progress, run_job


@on_startup()
def fail_jobs_of_dead_workers() -> None:
    """When a worker starts, the jobs that a killed worker left "running" are failed (with a
    Thai reason) once their heartbeat is stale, so that their pages offer to start them again."""
    fail_stale_jobs()


@db_periodic_task(crontab(minute="*"), retries=1, retry_delay=10)
def fail_stale_jobs_every_minute() -> None:
    fail_stale_jobs()


@db_periodic_task(crontab(minute="17", hour="3"), retries=2, retry_delay=60)
def clear_expired_sessions() -> None:
    """Nightly: drops expired sessions and spent password-reset tickets."""
    from django.contrib.sessions.models import Session

    from sodsong.accounts.models import PasswordResetTicket

    Session.objects.filter(expire_date__lt=timezone.now()).delete()
    PasswordResetTicket.objects.filter(
        expires_at__lt=timezone.now() - dt.timedelta(days=30)
    ).delete()


@db_task(retries=2, retry_delay=30, context=True)  # re-runnable: recomputes the same keys
def rebuild_search_keys(run_id: int, task: Any = None) -> None:
    """Recomputes every person's search key in batches, reporting progress (re-runnable)."""

    def body(run_id: int) -> dict[str, int]:
        from sodsong.people.models import Person
        from sodsong.people.services import person_search_key

        ids = list(Person.all_objects.values_list("pk", flat=True).order_by("pk"))
        job_progress(run_id, done=0, total=len(ids))
        for start in range(0, len(ids), 500):
            batch = list(Person.all_objects.filter(pk__in=ids[start : start + 500]))
            for person in batch:
                person.search_key = person_search_key(person)
            Person.all_objects.bulk_update(batch, ["search_key"])
            job_progress(run_id, done=min(start + 500, len(ids)))
        return {"people": len(ids)}

    run_job(run_id, body, task=task)
