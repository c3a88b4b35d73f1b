"""SQLite under writes (issue 18): the import commit writes one short transaction per chunk,
with its count of rows written and its progress committed as it goes, stays resumable after a
kill, and stays all-or-nothing in the atomic mode. Here the chunks are savepoints of the test's
transaction; benchmarks/ops_faults.py measures the real thing (a tip during a large import)."""

from __future__ import annotations

import errno

import pytest
from django.db.models import Count
from django.utils import translation

from sodsong.audit.models import AuditEvent
from sodsong.people.models import IdentityDocument, Person
from sodsong.survey.importing import jobs
from sodsong.survey.importing.importer import Importer
from sodsong.survey.models import ImportJob, Resident
from tests.survey.test_import import _row, _xlsx
from tests.survey.test_import_resume import Killed, _kill_after_chunks


@pytest.fixture
def chunked(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(jobs, "write_mode", lambda: "chunked")
    monkeypatch.setattr(jobs, "SQLITE_CHUNK", 10)


def _job(user, rows, mode=ImportJob.Mode.GOOD_ROWS):  # type: ignore[no-untyped-def]
    job = jobs.import_upload(user=user, upload=_xlsx(rows), mode=mode)
    assert job.status == ImportJob.Status.PREVIEWED
    return job


def _no_duplicates() -> bool:
    return not (
        IdentityDocument.objects.values("doc_type", "issuing_state", "number")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .exists()
    )


def test_each_chunk_commits_its_rows_with_the_count_and_the_progress_moves(
    personas, village, chunked
):
    job = _job(personas.headman, [_row(village.code, f"CH{i:06d}") for i in range(45)])
    seen: list[tuple[int, int, int]] = []

    def progress(done: int, total: int) -> None:
        seen.append((done, total, ImportJob.objects.get(pk=job.pk).rows_committed))

    job = jobs.import_commit(job=job, user=personas.headman, progress=progress)
    assert job.status == ImportJob.Status.COMMITTED and job.created_count == 45
    moved = [(d, c) for d, _t, c in seen if d]
    assert moved == [(10, 10), (20, 20), (30, 30), (40, 40), (45, 45)]  # not 0/0 until the end


def test_a_commit_killed_between_chunks_resumes_to_the_same_end_state(
    personas, village, chunked, monkeypatch
):
    rows = [_row(village.code, f"CK{i:06d}") for i in range(45)]
    rows.insert(25, _row(village.code, "CK000003"))  # a duplicate in the file: rejected
    job = _job(personas.headman, rows)
    before = Resident.all_objects.count()
    with monkeypatch.context() as patch:
        _kill_after_chunks(patch, 2)
        with pytest.raises(Killed):
            jobs.import_commit(job=ImportJob.objects.get(pk=job.pk), user=personas.headman)
    job.refresh_from_db()
    assert job.rows_committed == 20  # two chunks committed, recorded with them
    assert Resident.all_objects.count() - before == 20

    job = jobs.import_commit(job=job, user=personas.headman)
    assert job.status == ImportJob.Status.COMMITTED
    assert (job.created_count, job.new_rows, job.error_rows) == (45, 45, 1)
    assert Resident.all_objects.count() - before == 45
    assert _no_duplicates()
    event = AuditEvent.objects.get(detail__import_job=str(job.uuid))
    assert len(event.object_ids) == 45


def test_other_writers_between_chunks_do_not_collide_with_the_ids(personas, village, chunked):
    job = _job(personas.headman, [_row(village.code, f"CI{i:06d}") for i in range(30)])
    other = Person.objects.first()

    def progress(done: int, total: int) -> None:
        # Someone else writes between two chunks: the next chunk counts the free ids again.
        if done:
            Person.all_objects.create(
                area=other.area, given_name_latin=f"Other {done}", source="test"
            )

    job = jobs.import_commit(job=job, user=personas.headman, progress=progress)
    assert job.created_count == 30


def test_the_all_or_nothing_mode_removes_the_chunks_it_wrote_when_a_late_row_fails(
    personas, village, chunked
):
    rows = [_row(village.code, f"CA{i:06d}") for i in range(25)]
    job = _job(personas.headman, rows, mode=ImportJob.Mode.ATOMIC)
    # A row that became an error after the check (the same document twice, at the end).
    job.file.save("upload.xlsx", _xlsx([*rows, _row(village.code, "CA000001")]), save=True)
    before = Resident.all_objects.count()
    job = jobs.import_commit(job=job, user=personas.headman)
    assert job.status == ImportJob.Status.REFUSED
    assert Resident.all_objects.count() == before
    assert not IdentityDocument.objects.filter(number__startswith="CA0000").exists()


def test_the_chunked_writer_is_used_on_sqlite_outside_a_transaction_only(db):
    from django.db import connection

    assert jobs.write_mode() == "inline"  # the test's own transaction
    assert Importer  # imported for the fixtures above
    assert connection.vendor in ("sqlite", "postgresql")


def test_an_import_that_fills_the_disk_fails_in_thai_and_its_upload_is_removed(
    personas, village, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(jobs, "INLINE_MAX_BYTES", 10)
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.import_upload(
            user=personas.headman, upload=_xlsx([_row(village.code, "DF000001")])
        )
    job.refresh_from_db()
    storage, name = job.file.storage, job.file.name
    assert storage.exists(name)

    def full(self, rows):  # type: ignore[no-untyped-def]
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Importer, "run", full)
    with translation.override("th"), django_capture_on_commit_callbacks(execute=True):
        jobs.import_start_commit(user=personas.headman, job=job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert "ดิสก์" in job.failure
    assert not job.file and not storage.exists(name)
    assert not job.can_restart
