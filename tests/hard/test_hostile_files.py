"""Hostile spreadsheets against the residents import, through the web form and the API (issue #12
"hostile files", #17 H5): each is refused with a Thai message, the process survives, nothing is
written (row counts before and after) and no upload is kept. The files come from
benchmarks/hard/hostile_files.py (made in memory; no binary blobs)."""

from __future__ import annotations

import functools
import re
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from benchmarks.hard import hostile_files as hostile
from sodsong.accounts.models import ApiToken
from sodsong.accounts.services import token_issue
from sodsong.people.models import IdentityDocument, Person
from sodsong.survey.importing import importer, jobs
from sodsong.survey.models import ImportJob, Resident

THAI = re.compile(r"[\u0e00-\u0e7f]")


@functools.cache
def _bytes(case: str) -> bytes:
    return next(make for name, _file, make in hostile.SHEETS if name == case)()


def _counts() -> tuple[int, ...]:
    return (
        Person.all_objects.count(),
        IdentityDocument.objects.count(),
        Resident.objects.count(),
    )


def _api(user) -> Client:  # type: ignore[no-untyped-def]
    _, plain = token_issue(user=user, name="hostile", scope=ApiToken.Scope.WRITE)
    return Client(HTTP_AUTHORIZATION=f"Bearer {plain}")


@pytest.fixture
def village(personas):  # type: ignore[no-untyped-def]
    from sodsong.geo.models import Area

    return Area.objects.get(
        role_assignments__user=personas.headman, role_assignments__role="headman", level="village"
    )


def _upload_web(login, user, name: str, data: bytes, on_commit) -> str:  # type: ignore[no-untyped-def]
    """The message the import page shows for the upload (a large file is checked by a job)."""
    client = login(user)
    with on_commit(execute=True):
        page = client.post(
            "/survey/import/",
            {"file": SimpleUploadedFile(name, data), "mode": ImportJob.Mode.GOOD_ROWS},
        )
    if page.status_code == 302:
        page = client.get(page["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    found = re.search(r'class="[^"]*error[^"]*"[^>]*>(.*?)</', html, re.S)
    assert found, html[-2000:]
    return re.sub(r"<[^>]+>", "", found.group(1)).strip()


def _upload_api(user, name: str, data: bytes, on_commit) -> str:  # type: ignore[no-untyped-def]
    api = _api(user)
    with on_commit(execute=True):
        response = api.post(
            "/api/v1/survey/imports",
            {"file": SimpleUploadedFile(name, data), "mode": ImportJob.Mode.GOOD_ROWS},
        )
    body = response.json()
    if response.status_code == 201:
        body = api.get(f"/api/v1/survey/imports/{body['uuid']}").json()
        assert body["status"] == ImportJob.Status.FAILED, body
        return body["report"]["file_error"]
    assert response.status_code in (400, 422), body
    return body.get("message") or body.get("detail") or str(body)


def _assert_nothing_kept() -> None:
    for job in ImportJob.objects.all():
        assert job.status == ImportJob.Status.FAILED
        assert not job.file, f"the upload of a refused file is kept: {job.file.name}"


@pytest.mark.parametrize("endpoint", ["web", "api"])
@pytest.mark.parametrize("case", [name for name, _file, _make in hostile.SHEETS])
def test_a_hostile_sheet_is_refused_in_thai_and_writes_nothing(
    personas, login, settings, django_capture_on_commit_callbacks, endpoint, case
) -> None:
    settings.UPLOAD_READER_MEMORY_MB = 512
    name = next(file for c, file, _make in hostile.SHEETS if c == case)
    before = _counts()
    started = time.perf_counter()
    if endpoint == "web":
        message = _upload_web(
            login, personas.headman, name, _bytes(case), django_capture_on_commit_callbacks
        )
    else:
        message = _upload_api(
            personas.headman, name, _bytes(case), django_capture_on_commit_callbacks
        )
    elapsed = time.perf_counter() - started
    assert THAI.search(message), f"{case}: not a Thai message: {message!r}"
    assert _counts() == before
    _assert_nothing_kept()
    print(f"\n{case} via {endpoint}: refused in {elapsed:.2f} s: {message}")


def test_h5_the_far_cell_is_refused_before_any_reader_opens_it(personas, monkeypatch) -> None:
    """#17 H5: one cell at XFD1048576 made the reader allocate 512 GiB and abort the server."""
    from sodsong.core import sheet_reader

    def never(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("the reader was started on a sheet the checks must refuse")

    monkeypatch.setattr(sheet_reader, "read_isolated", never)
    monkeypatch.setattr("sodsong.survey.importing.reading.read_isolated", never)
    job = jobs.import_upload(
        user=personas.headman,
        upload=SimpleUploadedFile("residents.xlsx", hostile.far_cell()),
    )
    assert job.status == ImportJob.Status.FAILED
    assert "XFD" in job.report["file_error"]
    assert THAI.search(job.report["file_error"])
    assert not job.file


def test_what_the_checks_miss_stops_at_the_readers_memory_limit(personas, settings) -> None:
    """An ODS whose one cell is repeated over 100,000 × 1,000 cells passes the checks (ODS repeats
    are not counted); the reading process reaches its memory limit and dies alone."""
    settings.UPLOAD_READER_MEMORY_MB = 384
    data = hostile.ods_repeat_bomb(rows=100_000, columns=1_000)
    before = _counts()
    job = jobs.import_upload(
        user=personas.headman, upload=SimpleUploadedFile("residents.ods", data)
    )
    assert job.status == ImportJob.Status.FAILED
    assert THAI.search(job.report["file_error"])
    assert not job.file
    assert _counts() == before


def test_a_thai_windows_csv_is_read_as_thai(personas, village) -> None:
    data = hostile.csv_bytes(village.code, encoding="cp874")
    job = jobs.import_upload(user=personas.headman, upload=SimpleUploadedFile("r.csv", data))
    assert job.status == ImportJob.Status.PREVIEWED, job.report
    job = jobs.import_commit(job=job, user=personas.headman)
    assert job.created_count == 2
    assert Person.objects.filter(given_name_th="สมชาย", family_name_th="ใจดี").exists()


def test_formulas_are_refused_row_by_row_with_a_thai_reason(personas, village) -> None:
    before = _counts()
    for name, data in (
        ("r.xlsx", hostile.formulas_xlsx(village.code)),
        ("r.csv", hostile.csv_formula_injection(village.code)),
    ):
        job = jobs.import_upload(
            user=personas.headman,
            upload=SimpleUploadedFile(name, data),
            mode=ImportJob.Mode.ATOMIC,
        )
        assert job.status == ImportJob.Status.PREVIEWED
        assert job.error_rows == 2, job.report
        messages = {e["message"] for e in job.report["errors"]}
        assert any("=" in m and THAI.search(m) for m in messages), messages
    assert _counts() == before


def test_merged_cells_leave_the_covered_cells_empty_and_say_so(personas, village) -> None:
    job = jobs.import_upload(
        user=personas.headman,
        upload=SimpleUploadedFile("r.xlsx", hostile.merged_cells_xlsx(village.code)),
        mode=ImportJob.Mode.ATOMIC,
    )
    assert job.status == ImportJob.Status.PREVIEWED
    assert job.error_rows == 1
    assert all(THAI.search(e["message"]) for e in job.report["errors"])


def test_a_reader_failure_half_way_through_a_commit_writes_nothing(
    personas, village, monkeypatch
) -> None:
    """Rows counted before and after: the reader dying at the second chunk leaves no row."""
    from sodsong.core import sheet_reader

    rows = hostile.residents_rows(village.code, n=30)
    data = hostile.xlsx(hostile.sheet_xml(rows))
    job = jobs.import_upload(user=personas.headman, upload=SimpleUploadedFile("r.xlsx", data))
    assert job.status == ImportJob.Status.PREVIEWED, job.report
    real = sheet_reader.read_isolated

    def dies_half_way(*args, **kwargs):  # type: ignore[no-untyped-def]
        stream = real(*args, **kwargs)
        original = stream.rows

        def rows_then_death():  # type: ignore[no-untyped-def]
            for number, row in enumerate(original):
                if number == 20:
                    raise sheet_reader.SheetReadError("memory")
                yield row

        stream.rows = rows_then_death()
        return stream

    monkeypatch.setattr("sodsong.survey.importing.reading.read_isolated", dies_half_way)
    # Chunks of 10 rows: the first two are written before the reader dies.
    monkeypatch.setattr(jobs, "Importer", functools.partial(importer.Importer, chunk=10))
    before = _counts()
    job = jobs.import_commit(job=job, user=personas.headman)
    assert job.status == ImportJob.Status.FAILED
    assert THAI.search(job.report["file_error"])
    assert _counts() == before
    assert not job.file


def test_the_name_shown_for_an_upload_has_no_path_or_direction_tricks(personas) -> None:
    from sodsong.core.uploads import display_name

    assert display_name("..\\..\\etc\\passwd\u202egpj.xlsx") == "passwdgpj.xlsx"
    assert display_name("/var/www/../../x.csv") == "x.csv"
    assert display_name("\x00\x1b[31m.htaccess") == "[31m.htaccess"
    assert display_name("") == "file"
    assert len(display_name("ก" * 500 + ".xlsx")) == 200
    job = jobs.import_upload(
        user=personas.headman,
        upload=SimpleUploadedFile("..\\..\\evil\u202eslx.csv", b"a,b\n"),
    )
    assert job.original_name == "evilslx.csv"
