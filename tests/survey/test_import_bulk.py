"""The import's fast paths: time-ordered UUIDs, multi-row SQLite inserts, PostgreSQL COPY, the
generic executemany fallback, per-value validation caches and the document-key lookup."""

from __future__ import annotations

import datetime as dt
import gc
import uuid

import pytest
from django.db import connection

from sodsong.audit.models import AuditEvent
from sodsong.people.models import IdentityDocument, Person
from sodsong.survey import bulk, services
from sodsong.survey.importing import jobs, template
from sodsong.survey.models import Residence, Resident, ResidentPhone, Tm30Notification
from tests.survey.test_import import _row, _upload, _xlsx


def _commit(user, rows):  # type: ignore[no-untyped-def]
    return jobs.import_commit(job=_upload(user, _xlsx(rows)), user=user)


def test_ordered_uuids_are_unique_increasing_version_7_and_unguessable():
    first = bulk.ordered_uuid_hex(10_000)
    second = bulk.ordered_uuid_hex(3)
    assert len(set(first)) == 10_000
    assert first == sorted(first) and second[0] > first[-1]
    for value in (first[0], first[4097], first[-1], second[0]):
        parsed = uuid.UUID(value)
        assert parsed.version == 7 and parsed.variant == uuid.RFC_4122
        assert bulk.canonical_uuid(value) == str(parsed)
    # The low 62 bits are random: no two neighbours share them.
    assert len({value[17:] for value in first}) == 10_000
    millis = int(first[0][:12], 16)
    assert abs(millis / 1000 - dt.datetime.now(tz=dt.UTC).timestamp()) < 60
    assert bulk.ordered_uuid_hex(0) == []


def test_rows_split_over_many_statements_are_all_written_with_their_constants(
    personas, village, monkeypatch
):
    monkeypatch.setattr(bulk.BulkTable, "ROWS_PER_STATEMENT", 2)
    rows = [_row(village.code, f"MB2000{i:02d}", phone=f"08123450{i:02d}") for i in range(7)]
    rows[3] = _row(village.code, "MB200003", phone="", tm30_notified_on="", visa_number="V3")
    job = _commit(personas.headman, rows)
    assert job.created_count == 7 and job.error_rows == 0
    people = Person.objects.filter(documents__number__startswith="MB2000")
    assert people.count() == 7
    assert set(people.values_list("source", flat=True)) == {"village survey"}
    assert all(p.created_at and p.updated_at for p in people)
    assert Resident.objects.filter(person__in=people).count() == 7
    assert Residence.objects.filter(resident__person__in=people).count() == 7
    assert Tm30Notification.objects.filter(residence__resident__person__in=people).count() == 6
    assert ResidentPhone.objects.filter(resident__person__in=people).count() == 6
    assert IdentityDocument.objects.get(number="V3").person.documents.count() == 2
    event = AuditEvent.objects.filter(object_type="people.person").latest("id")
    assert sorted(event.object_ids) == sorted(str(p.uuid) for p in people)
    assert all(p.uuid.version == 7 for p in people)


def test_the_generic_executemany_path_writes_the_same_rows(personas, village, monkeypatch):
    original = bulk.BulkTable.insert

    def generic(self, rows):  # type: ignore[no-untyped-def]
        self.vendor = "other"
        return original(self, rows)

    monkeypatch.setattr(bulk.BulkTable, "insert", generic)
    job = _commit(personas.headman, [_row(village.code, "MB300001", visa_number="V301")])
    assert job.created_count == 1
    person = Person.objects.get(documents__number="MB300001")
    assert person.resident.phones.get().number == "+66812345678"
    assert {d.number for d in person.documents.all()} == {"MB300001", "V301"}


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="COPY is PostgreSQL's; SQLite uses multi-row INSERT"
)
def test_on_postgresql_the_rows_go_in_with_copy(personas, village, monkeypatch):
    used = []
    original = bulk.BulkTable._insert_copy

    def spy(self, rows):  # type: ignore[no-untyped-def]
        used.append(self.table)
        return original(self, rows)

    monkeypatch.setattr(bulk.BulkTable, "_insert_copy", spy)
    job = _commit(personas.headman, [_row(village.code, f"MB4000{i:02d}") for i in range(3)])
    assert job.created_count == 3
    assert {"people_person", "people_identitydocument", "survey_resident"} <= set(used)
    person = Person.objects.get(documents__number="MB400001")
    assert person.resident.residences.get().moved_in_on == dt.date(2025, 5, 1)
    # The sequences moved past the copied ids: a normal write does not clash.
    later = services.resident_register(
        user=personas.headman,
        area=village,
        given_name_latin="After",
        documents=[services.DocumentInput("passport", "MMR", "MB400099")],
    )
    assert later.pk > person.resident.pk


def test_the_same_number_under_another_state_is_another_document(personas, village):
    _commit(personas.headman, [_row(village.code, "MB500001", doc_state="KHM")])
    job = _commit(personas.headman, [_row(village.code, "MB500001", doc_state="MMR")])
    assert job.created_count == 1 and job.conflict_rows == 0
    assert IdentityDocument.objects.filter(number="MB500001").count() == 2


def test_a_repeated_bad_value_is_reported_on_every_row(personas, village):
    rows = [
        _row(village.code, f"MB6000{i:02d}", moved_in_on="32/13/2568", doc_state="Narnia")
        for i in range(3)
    ]
    job = jobs.import_preview(job=_upload(personas.headman, _xlsx(rows)), user=personas.headman)
    assert job.error_rows == 3
    messages = {(e["row"], e["column"]) for e in job.report["errors"]}
    for row in (2, 3, 4):
        assert (row, template.HEADER["moved_in_on"]) in messages
        assert (row, template.HEADER["doc_state"]) in messages


def test_the_garbage_collector_is_back_on_after_an_import(personas, village):
    assert gc.isenabled()
    _commit(personas.headman, [_row(village.code, "MB700001")])
    assert gc.isenabled()


# --- the writer thread (its transaction is replaced by a plain block: the test's database
# connection is inside the test's own transaction, which another thread cannot join) ---------


def _writer() -> bulk.WriterThread:
    import contextlib

    return bulk.WriterThread(atomic=contextlib.nullcontext)


def test_the_writer_thread_runs_the_writes_in_order_then_the_last_one():
    import threading

    done: list[tuple[str, int]] = []
    threads: set[str] = set()

    def write(label: str, n: int) -> None:
        threads.add(threading.current_thread().name)
        done.append((label, n))

    writer = _writer()
    for n in range(20):  # more than the queue holds: submit waits for the writer
        writer.submit(write, "row", n)
    writer.commit(lambda: write("audit", 0))
    assert done == [("row", n) for n in range(20)] + [("audit", 0)]
    assert threads == {"sodsong-writer"}


def test_a_failed_write_is_raised_in_the_caller_and_stops_the_writes_after_it():
    done: list[int] = []

    def write(n: int) -> None:
        if n == 3:
            raise ValueError("duplicate key")
        done.append(n)

    writer = _writer()
    with pytest.raises(ValueError, match="duplicate key"):
        for n in range(50):  # never blocks on the full queue after the failure
            writer.submit(write, n)
        writer.commit()
    writer.rollback()
    assert done == [0, 1, 2]


def test_a_failure_found_only_at_the_commit_is_raised_and_the_last_write_skipped():
    ran: list[str] = []

    def write() -> None:
        raise RuntimeError("constraint")

    writer = _writer()
    writer.submit(write)
    with pytest.raises(RuntimeError, match="constraint"):
        writer.commit(lambda: ran.append("audit"))
    assert ran == []


def test_leaving_the_import_writer_block_without_commit_rolls_back():
    import contextlib

    states: list[str] = []

    @contextlib.contextmanager
    def atomic():  # type: ignore[no-untyped-def]
        states.append("begin")
        try:
            yield
        except BaseException:
            states.append("rollback")
            raise
        states.append("commit")

    with pytest.raises(KeyError), bulk.import_writer(threaded=True, atomic=atomic) as writer:
        writer.submit(states.append, "write")
        raise KeyError("the file ended early")
    assert states == ["begin", "write", "rollback"]
    with bulk.import_writer(threaded=True, atomic=atomic) as writer:
        writer.submit(states.append, "write")
        writer.commit()
    assert states[3:] == ["begin", "write", "commit"]


def test_the_writer_thread_acts_for_the_callers_user():
    from sodsong.core.context import Actor, acting_as, current_actor

    seen: list[Actor] = []
    with acting_as(Actor(user_id=42, via="job")):
        writer = _writer()
        writer.commit(lambda: seen.append(current_actor()))
    assert seen[0].user_id == 42


def test_progress_goes_through_the_writer_on_sqlite_and_straight_to_the_caller_elsewhere():
    import threading

    where: dict[str, str] = {}
    writer = _writer()
    assert writer.progress_on_writer == (connection.vendor == "sqlite")
    for vendor, on_writer in (("sqlite", True), ("postgresql", False)):
        writer.progress_on_writer = on_writer
        writer.progress(lambda v=vendor: where.update({v: threading.current_thread().name}))
    writer.commit()
    # SQLite has one writer, which the import holds: progress waits its turn in the import's
    # transaction. PostgreSQL takes it on the caller's connection at once, for pages to show.
    assert where == {"sqlite": "sodsong-writer", "postgresql": "MainThread"}


def test_a_transaction_that_cannot_begin_fails_the_writer_at_once():
    import contextlib

    @contextlib.contextmanager
    def locked():  # type: ignore[no-untyped-def]
        raise RuntimeError("database is locked")
        yield  # pragma: no cover

    with pytest.raises(RuntimeError, match="database is locked"):
        bulk.WriterThread(atomic=locked)
