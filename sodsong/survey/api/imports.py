"""Import jobs: a file uploaded and checked, then imported."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from sodsong.survey import access, selectors
from sodsong.survey.importing.jobs import import_restart, import_start_commit, import_upload
from sodsong.survey.models import (
    ImportJob,
)

router = Router()


class ImportOut(Schema):
    uuid: str
    status: str
    mode: str
    total_rows: int
    new_rows: int
    unchanged_rows: int
    conflict_rows: int
    error_rows: int
    created_count: int
    progress_done: int | None
    progress_total: int | None
    rows_committed: int
    failure: str
    can_restart: bool
    report: dict[str, Any]

    @staticmethod
    def of(job: ImportJob) -> ImportOut:
        run = job.job_run
        return ImportOut(
            uuid=str(job.uuid),
            status=job.status,
            mode=job.mode,
            total_rows=job.total_rows,
            new_rows=job.new_rows,
            unchanged_rows=job.unchanged_rows,
            conflict_rows=job.conflict_rows,
            error_rows=job.error_rows,
            created_count=job.created_count,
            progress_done=run.done if run else None,
            progress_total=run.total if run else None,
            rows_committed=job.rows_committed,
            failure=job.failure,
            can_restart=job.can_restart,
            report=job.report,
        )


@router.post(
    "/imports",
    response={201: ImportOut},
    summary="Upload a spreadsheet: checked at once (dry run), or as a job for large files",
)
def create_import(
    request: HttpRequest,
    file: UploadedFile = File(...),  # noqa: B008  (ninja's way of declaring a file)
    mode: str = Form(ImportJob.Mode.GOOD_ROWS),  # noqa: B008
) -> Any:
    if not access.can_import(request.user):
        raise HttpError(403, "forbidden")
    job = import_upload(user=request.user, upload=file, mode=mode)
    return Status(201, ImportOut.of(job))


def _import_job(request: HttpRequest, uuid: str) -> ImportJob:
    job = selectors.import_job_get(user=request.user, uuid=uuid)
    if job is None:
        raise HttpError(404, "not_found")
    return job


@router.get("/imports/{uuid}", response=ImportOut, summary="An import job's status and report")
def get_import(request: HttpRequest, uuid: str) -> ImportOut:
    return ImportOut.of(_import_job(request, uuid))


class CommitIn(Schema):
    mode: str | None = None


@router.post("/imports/{uuid}/commit", response=ImportOut, summary="Import a checked file")
def commit_import(request: HttpRequest, uuid: str, payload: CommitIn) -> Any:
    job = _import_job(request, uuid)
    job = import_start_commit(user=request.user, job=job, mode=payload.mode)
    return ImportOut.of(job)


@router.post(
    "/imports/{uuid}/restart",
    response=ImportOut,
    summary="Start again a check or import stopped by a fault, from the stored upload",
)
def restart_import(request: HttpRequest, uuid: str) -> Any:
    job = _import_job(request, uuid)
    job = import_restart(user=request.user, job=job)
    return ImportOut.of(job)
