"""The import job's steps: an upload stored and checked (the dry run), then committed, each in
the request for a small file or as a background job for a large one."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
from collections.abc import Callable
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sodsong.audit.models import AuditEvent
from sodsong.audit.services import log_action
from sodsong.core import exports
from sodsong.core.context import acting_for
from sodsong.core.uploads import UploadRefused, check_size, display_name
from sodsong.survey import access
from sodsong.survey.bulk import ChunkedWriter, import_writer
from sodsong.survey.importing.importer import CHUNK, Importer, ImportOutcome
from sodsong.survey.importing.reading import ImportFileError, cell_text, open_rows
from sodsong.survey.importing.template import REASON_HEADER
from sodsong.survey.models import ImportJob
from sodsong.survey.services import SurveyError


def rejected_xlsx(header: list[Any], rejected: list[tuple[list[Any], str]]) -> bytes:
    """The rejected rows with the reason in a new last column; every cell an explicit string."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("rejected")

    def cells(values: list[Any]) -> list[Any]:
        return exports.xlsx_row(
            ws, [v.isoformat() if isinstance(v, dt.date) else cell_text(v) for v in values]
        )

    ws.append(cells([*header, REASON_HEADER]))
    for raw, reason in rejected:
        padded = list(raw) + [""] * (len(header) - len(raw))
        ws.append(cells([*padded[: len(header)], reason]))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- the import job's steps --------------------------------------------------------------------


def _job_file_bytes(job: ImportJob) -> bytes:
    with job.file.open("rb") as handle:
        return handle.read()


def _store_report(job: ImportJob, outcome: ImportOutcome) -> None:
    job.total_rows = outcome.total
    job.new_rows = outcome.new
    job.unchanged_rows = outcome.unchanged
    job.conflict_rows = outcome.conflicts
    job.error_rows = outcome.errors
    job.report = {"errors": outcome.error_report, "conflicts": outcome.conflict_report}


def audit_compared(*, job: ImportJob, user: Any, outcome: ImportOutcome, step: str) -> None:
    """Audits the people the rows were compared with (their ids only, issue #17 item 7): a dry
    run shows which of their fields differ from the file."""
    if not outcome.compared_person_uuids:
        return
    with acting_for(user):
        log_action(
            action=AuditEvent.Action.READ,
            object_type="people.person",
            object_ids=list(dict.fromkeys(outcome.compared_person_uuids)),
            detail={"import_job": str(job.uuid), "compared": step},
        )


def _progress_with_total(
    progress: Callable[[int, int], None] | None, total: int
) -> Callable[[int], None] | None:
    if progress is None:
        return None
    return lambda done: progress(done, total)


def import_preview(
    *, job: ImportJob, user: Any, progress: Callable[[int, int], None] | None = None
) -> ImportJob:
    """The dry run: every row validated and classified, nothing written."""
    try:
        total, rows = open_rows(_job_file_bytes(job), job.original_name)
        outcome = Importer(
            user=user, write=False, progress=_progress_with_total(progress, total)
        ).run(rows)
    except ImportFileError as exc:
        return file_refused(job, str(exc))
    audit_compared(job=job, user=user, outcome=outcome, step="dry run")
    _store_report(job, outcome)
    job.status = ImportJob.Status.PREVIEWED
    job.save()
    return job


def write_mode() -> str:
    """How a commit writes. Inside an open transaction (a request, a test) its rows join it
    ("inline"). Otherwise, on PostgreSQL the rows are written on a thread of their own while
    this one validates ("threaded"): the server works in its own process, so the two overlap
    (about 10 % faster at 100,000 rows), all in one transaction. On SQLite ("chunked") each
    chunk is one short transaction of its own (`ChunkedWriter`): the import never holds the only
    write lock for long (a public tip waits well under a second), and the commit is resumable
    rather than rolled back."""
    db = transaction.get_connection()
    if db.in_atomic_block:
        return "inline"
    return {"postgresql": "threaded", "sqlite": "chunked"}.get(db.vendor, "inline")


def import_commit(
    *, job: ImportJob, user: Any, progress: Callable[[int, int], None] | None = None
) -> ImportJob:
    """Writes the new rows: all or nothing (atomic), or the good rows with the rejected ones
    handed back as a file. Conflicts and unchanged rows are never written."""
    good_rows = job.mode == ImportJob.Mode.GOOD_ROWS
    if job.commit_started_at is None:
        # Stamped before any row is written: a second attempt (after the worker died, or a
        # retry) writes with the same stamp and recognises the rows of the first.
        job.commit_started_at = timezone.now()
    job.failure = ""
    ImportJob.objects.filter(pk=job.pk).update(commit_started_at=job.commit_started_at, failure="")
    mode = write_mode()
    threaded, chunked = mode == "threaded", mode == "chunked"
    try:
        total, rows = open_rows(_job_file_bytes(job), job.original_name)
        with import_writer(threaded=threaded, chunked=chunked) as writer:
            importer = Importer(
                user=user,
                write=True,
                keep_rejected=good_rows,
                progress=_progress_with_total(progress, total),
                writer=writer,
                now=job.commit_started_at,
                chunk=SQLITE_CHUNK if chunked else CHUNK,
            )
            if isinstance(writer, ChunkedWriter):
                writer.begin = importer.rows_writer.recount_ids
                writer.checkpoint = lambda: ImportJob.objects.filter(pk=job.pk).update(
                    rows_committed=importer.outcome.total
                )
            outcome = importer.run(rows)
            if outcome.errors and not good_rows:
                if chunked:
                    _undo_commit(job)  # all or nothing: the chunks written go again
                raise _Refused(outcome)

            def audit() -> None:
                audit_compared(job=job, user=user, outcome=outcome, step="commit")
                if outcome.created_person_uuids:
                    log_action(
                        action=AuditEvent.Action.CREATE,
                        object_type="people.person",
                        object_ids=outcome.created_person_uuids,
                        detail={
                            "import_job": str(job.uuid),
                            "rows": outcome.total,
                            "unchanged": outcome.unchanged,
                            "conflicts": outcome.conflicts,
                            "rejected": outcome.errors,
                        },
                    )

            writer.commit(audit)  # the audit event commits with the rows or not at all
    except _Refused as refused:
        _store_report(job, refused.outcome)
        job.status = ImportJob.Status.REFUSED
        job.created_count = 0
        job.save()
        return job
    except ImportFileError as exc:
        return file_refused(job, str(exc))
    _store_report(job, outcome)
    job.created_count = len(outcome.created_person_uuids)
    job.rows_committed = outcome.total
    job.status = ImportJob.Status.COMMITTED
    if good_rows and outcome.rejected:
        job.rejected_file.save(
            "rejected.xlsx",
            ContentFile(rejected_xlsx(outcome.header, outcome.rejected)),
            save=False,
        )
    job.save()
    return job


def _undo_commit(job: ImportJob) -> None:
    """Removes the people (with their documents, residents, residences, TM.30s and phones) that
    this commit wrote, in short transactions: an all-or-nothing import refused only after some
    chunks were written on SQLite."""
    from sodsong.people.models import Person
    from sodsong.survey.services import SOURCE

    ids = list(
        Person.all_objects.filter(created_at=job.commit_started_at, source=SOURCE).values_list(
            "pk", flat=True
        )
    )
    for start in range(0, len(ids), 500):
        with transaction.atomic():
            Person.all_objects.filter(pk__in=ids[start : start + 500]).delete()


def file_refused(job: ImportJob, message: str) -> ImportJob:
    """A file that cannot be read is marked failed with the reason for the user, and removed:
    nothing of it is kept (it may be hostile, and it holds personal data)."""
    job.status = ImportJob.Status.FAILED
    job.report = {"file_error": message}
    if job.file:
        job.file.delete(save=False)
    job.save()
    return job


class _Refused(Exception):
    def __init__(self, outcome: ImportOutcome) -> None:
        super().__init__("refused")
        self.outcome = outcome


# --- starting previews and commits: inline for small files, as a background job for large ones --

INLINE_MAX_BYTES = 200_000
# Rows per write transaction on SQLite: each holds the database's only write lock, measured at
# about 0.2–0.4 s for 2,000 rows (benchmarks/RESULTS.md, sqlite-under-writes).
SQLITE_CHUNK = 2000
IMPORT_MAX_BYTES = 64 * 1024 * 1024
IMPORT_EXTENSIONS = (".xlsx", ".xls", ".ods", ".csv")


def import_upload(*, user: Any, upload: Any, mode: str = ImportJob.Mode.GOOD_ROWS) -> ImportJob:
    """Stores the upload and runs the dry run (in the request for a small file, as a job for a
    large one, so that the upload never times out)."""
    codes = access.import_codes(user)
    if not codes:
        raise SurveyError(_("You may not import residents."))
    name = display_name(getattr(upload, "name", ""), "residents.xlsx")
    if not name.lower().endswith(IMPORT_EXTENSIONS):
        raise SurveyError(_("Upload an Excel (.xlsx) or CSV file."))
    try:
        check_size(upload.size, IMPORT_MAX_BYTES)
    except UploadRefused as exc:
        raise SurveyError(str(exc)) from exc
    if mode not in ImportJob.Mode.values:
        raise SurveyError(_("Unknown import mode."))
    job = ImportJob(uploaded_by=user, area_code=codes[0], original_name=name, mode=mode)
    safe_name = "upload" + name[name.rfind(".") :].lower()
    job.file.save(safe_name, upload, save=False)
    job.save()
    if upload.size <= INLINE_MAX_BYTES:
        return _inline(import_preview, job=job, user=user)
    from sodsong.jobs.services import job_enqueue
    from sodsong.survey.tasks import import_preview_task

    job.status = ImportJob.Status.VALIDATING
    job.job_run = job_enqueue(
        task=import_preview_task,
        name=f"ตรวจไฟล์นำเข้า {name}",
        requested_by_id=user.pk,
        area_code=job.area_code,
        import_job_id=job.pk,
    )
    job.save()
    return job


def import_failed(job_id: int, exc: BaseException) -> None:
    """Records why a job failed, in Thai for the known faults. A disk that filled up also
    removes the upload (and any rejected-rows file): the space goes back at once, and the
    officer uploads the file again once the disk has room."""
    from sodsong.core.busy import is_disk_full
    from sodsong.jobs.services import failure_message

    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None:
        return
    job.status = ImportJob.Status.FAILED
    job.failure = failure_message(exc)[:300]
    fields = ["status", "failure", "updated_at"]
    if is_disk_full(exc):
        for stored in (job.file, job.rejected_file):
            if stored:
                # Already gone, or the storage unreachable: nothing more to free.
                with contextlib.suppress(OSError):
                    stored.delete(save=False)
        fields += ["file", "rejected_file"]
    from sodsong.core.busy import retry_when_busy

    retry_when_busy(lambda: job.save(update_fields=fields))


def _inline(step: Callable[..., ImportJob], *, job: ImportJob, user: Any) -> ImportJob:
    """A small file's check or commit in the request: a failure (a full disk, say) is recorded
    on the job, in Thai, before the request fails with the Thai 503 page."""
    try:
        return step(job=job, user=user)
    except Exception as exc:
        with contextlib.suppress(Exception):  # the record may fail too (a full database)
            import_failed(job.pk, exc)
        raise


def import_restart(*, user: Any, job: ImportJob) -> ImportJob:
    """Starts again, from the stored upload, a job stopped by a fault: the commit (which skips
    the rows an earlier attempt wrote) or the check."""
    if job.uploaded_by_id != user.pk:
        raise SurveyError(_("Only the person who uploaded the file imports it."))
    if not job.can_restart:
        raise SurveyError(_("This import cannot be started again: upload the file again."))
    if job.commit_started_at is not None:
        return _start_commit(user=user, job=job)
    if job.file.size <= INLINE_MAX_BYTES:
        return _inline(import_preview, job=job, user=user)
    from sodsong.jobs.services import job_enqueue
    from sodsong.survey.tasks import import_preview_task

    job.status = ImportJob.Status.VALIDATING
    job.failure = ""
    job.job_run = job_enqueue(
        task=import_preview_task,
        name=f"ตรวจไฟล์นำเข้า {job.original_name}",
        requested_by_id=user.pk,
        import_job_id=job.pk,
    )
    job.save()
    return job


def import_start_commit(*, user: Any, job: ImportJob, mode: str | None = None) -> ImportJob:
    if job.uploaded_by_id != user.pk:
        raise SurveyError(_("Only the person who uploaded the file imports it."))
    if job.status == ImportJob.Status.FAILED and job.can_restart and job.commit_started_at:
        return import_restart(user=user, job=job)  # the same commit, resumed (mode unchanged)
    if job.status != ImportJob.Status.PREVIEWED:
        raise SurveyError(_("Check the file first; it can be imported once."))
    if mode is not None:
        if mode not in ImportJob.Mode.values:
            raise SurveyError(_("Unknown import mode."))
        job.mode = mode
    if job.mode == ImportJob.Mode.ATOMIC and job.error_rows:
        raise SurveyError(
            _("The file has rows with errors: correct them, or import the good rows only.")
        )
    return _start_commit(user=user, job=job)


def _start_commit(*, user: Any, job: ImportJob) -> ImportJob:
    # Claimed by a conditional update: of two clicks (or two officers' tabs) one starts it.
    claimed = ImportJob.objects.filter(pk=job.pk, status=job.status).update(
        status=ImportJob.Status.COMMITTING, mode=job.mode
    )
    if not claimed:
        raise SurveyError(_("This import has already started."))
    if job.file.size <= INLINE_MAX_BYTES:
        return _inline(import_commit, job=job, user=user)
    from sodsong.jobs.services import job_enqueue
    from sodsong.survey.tasks import import_commit_task

    job.status = ImportJob.Status.COMMITTING
    job.failure = ""
    job.job_run = job_enqueue(
        task=import_commit_task,
        name=f"นำเข้าข้อมูล {job.original_name}",
        requested_by_id=user.pk,
        area_code=job.area_code,
        import_job_id=job.pk,
    )
    job.save()
    return job
