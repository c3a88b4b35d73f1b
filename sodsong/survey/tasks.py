"""Background jobs of the survey: checking and importing large spreadsheets, with progress.

Both are safe to run again: the check writes nothing, and the commit recognises the rows that an
earlier attempt wrote (`ImportJob.commit_started_at`). Huey retries them when the database was
busy or unreachable; any other failure is recorded on the import (in Thai for the known faults)
and not retried.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import InterfaceError, OperationalError
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from sodsong.jobs.services import job_progress, run_job

log = logging.getLogger(__name__)
RUNNING = {"preview": "validating", "commit": "committing"}


def _retried(exc: BaseException) -> bool:
    """Busy or disconnected: Huey runs it again. A full disk or any other failure is final."""
    from sodsong.core.busy import is_disk_full

    return isinstance(exc, (OperationalError, InterfaceError)) and not is_disk_full(exc)


def _run(run_id: int, import_job_id: int, step: str, task: Any = None) -> None:
    def body(run_id: int) -> dict[str, Any]:
        from sodsong.survey.importing import jobs
        from sodsong.survey.models import ImportJob

        job = ImportJob.objects.select_related("uploaded_by").get(pk=import_job_id)
        if job.status in (ImportJob.Status.COMMITTED, ImportJob.Status.REFUSED):
            return {"status": job.status, "skipped": "already done"}  # a task delivered twice
        if job.status != RUNNING[step]:  # a retry after a failure: running again
            ImportJob.objects.filter(pk=job.pk).update(status=RUNNING[step], failure="")

        def progress(done: int, total: int) -> None:
            job_progress(run_id, done=done, total=total)

        try:
            if step == "preview":
                job = jobs.import_preview(job=job, user=job.uploaded_by, progress=progress)
            else:
                job = jobs.import_commit(job=job, user=job.uploaded_by, progress=progress)
        except Exception as exc:
            jobs.import_failed(import_job_id, exc)
            raise
        return {
            "status": job.status,
            "rows": job.total_rows,
            "created": job.created_count,
            "errors": job.error_rows,
            "conflicts": job.conflict_rows,
        }

    try:
        run_job(run_id, body, task=task, retry_if=_retried)
    except (OperationalError, InterfaceError) as exc:
        if not _retried(exc):
            return  # a full disk, recorded; the upload is gone, a retry could not help
        raise  # busy or disconnected: Huey retries, and the commit resumes
    except Exception:  # recorded on the job; a retry would fail the same way
        log.exception("import job %s failed at %s", import_job_id, step)


@db_task(retries=2, retry_delay=30, context=True)
def import_preview_task(run_id: int, import_job_id: int, task: Any = None) -> None:
    """Validates an uploaded file (dry run), reporting progress."""
    _run(run_id, import_job_id, "preview", task)


@db_task(retries=2, retry_delay=30, context=True)
def import_commit_task(run_id: int, import_job_id: int, task: Any = None) -> None:
    """Imports an uploaded file that was checked, reporting progress."""
    _run(run_id, import_job_id, "commit", task)


@db_periodic_task(crontab(minute="27", hour="3"), retries=2, retry_delay=300)
def purge_import_uploads() -> None:
    """Nightly: import uploads past their retention period lose their files (#17 L15)."""
    from sodsong.core.context import Actor, acting_as
    from sodsong.survey.retention import import_uploads_purge

    with acting_as(Actor(user_id=None, via="job")):
        import_uploads_purge()
