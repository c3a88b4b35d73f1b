"""Background jobs of the survey: checking and importing large spreadsheets, with progress."""

from __future__ import annotations

from typing import Any

from huey.contrib.djhuey import db_task

from sodsong.jobs.services import job_progress, run_job


def _run(run_id: int, import_job_id: int, step: str) -> None:
    def body(run_id: int) -> dict[str, Any]:
        from sodsong.survey.importing import jobs
        from sodsong.survey.models import ImportJob

        job = ImportJob.objects.select_related("uploaded_by").get(pk=import_job_id)

        def progress(done: int, total: int) -> None:
            job_progress(run_id, done=done, total=total)

        try:
            if step == "preview":
                job = jobs.import_preview(job=job, user=job.uploaded_by, progress=progress)
            else:
                job = jobs.import_commit(job=job, user=job.uploaded_by, progress=progress)
        except Exception:
            ImportJob.objects.filter(pk=import_job_id).update(status=ImportJob.Status.FAILED)
            raise
        return {
            "status": job.status,
            "rows": job.total_rows,
            "created": job.created_count,
            "errors": job.error_rows,
            "conflicts": job.conflict_rows,
        }

    run_job(run_id, body)


@db_task()
def import_preview_task(run_id: int, import_job_id: int) -> None:
    """Validates an uploaded file (dry run), reporting progress."""
    _run(run_id, import_job_id, "preview")


@db_task()
def import_commit_task(run_id: int, import_job_id: int) -> None:
    """Imports an uploaded file that was checked, reporting progress."""
    _run(run_id, import_job_id, "commit")
