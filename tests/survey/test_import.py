"""Excel and CSV import: template, dry run with per-row Thai errors, atomic or good-rows commit
with the rejected rows handed back, matching on the document key, conflicts, background jobs."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from sodsong.audit.models import AuditEvent
from sodsong.jobs.models import JobRun
from sodsong.people.models import IdentityDocument, Person
from sodsong.survey import services
from sodsong.survey.importing import jobs, template, validation
from sodsong.survey.importing.template import COLUMNS, KEYS, REASON_HEADER
from sodsong.survey.importing.writer import _search_key
from sodsong.survey.models import ImportJob, Resident, Tm30Status

HEADERS = [h for _k, h in COLUMNS]


def _row(village: str, number: str, **values: str) -> list[str]:
    base = {
        "village_code": village,
        "house_no": "7",
        "given_name_latin": "Min",
        "family_name_latin": "Thu",
        "sex": "ชาย",
        "birth_date": "1990",
        "nationality": "MMR",
        "doc_type": "หนังสือเดินทาง",
        "doc_state": "MMR",
        "doc_number": number,
        "phone": "0812345678",
        "moved_in_on": "01/05/2568",
        "tm30_notified_on": "05/05/2568",
        "status": "อาศัยอยู่",
    }
    base.update(values)
    return [base.get(k, "") for k in KEYS]


def _xlsx(rows: list[list[str]], name: str = "residents.xlsx") -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    ws.append(HEADERS)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def _csv(rows: list[list[str]]) -> SimpleUploadedFile:
    import csv

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    writer.writerows(rows)
    return SimpleUploadedFile("residents.csv", out.getvalue().encode("utf-8-sig"))


def _upload(user, upload, mode=ImportJob.Mode.GOOD_ROWS):  # type: ignore[no-untyped-def]
    return jobs.import_upload(user=user, upload=upload, mode=mode)


def test_the_template_has_thai_headers_an_example_row_and_drop_downs():
    wb = load_workbook(io.BytesIO(template.template_xlsx("47010102")))
    ws = wb.active
    assert [c.value for c in ws[1]] == HEADERS
    assert ws.cell(row=2, column=1).value == "47010102"
    assert len(ws.data_validations.dataValidation) >= 3
    assert any("หนังสือเดินทาง" in (v.formula1 or "") for v in ws.data_validations.dataValidation)


def test_the_template_downloads(personas, login):
    response = login(personas.headman).get("/survey/import/template.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_example_row_of_the_template_is_never_imported(personas, village):
    job = _upload(
        personas.headman, SimpleUploadedFile("t.xlsx", template.template_xlsx(village.code))
    )
    assert (job.total_rows, job.error_rows) == (0, 0)
    job = jobs.import_commit(job=job, user=personas.headman)
    assert job.created_count == 0
    assert not IdentityDocument.objects.filter(number=template.EXAMPLE_DOC_NUMBER).exists()


def test_the_dry_run_reports_errors_by_row_and_column_in_thai_and_writes_nothing(personas, village):
    before = Person.objects.count()
    job = _upload(
        personas.headman,
        _xlsx(
            [
                _row(village.code, "MG100001"),
                _row(village.code, "1"),  # bad passport format
                _row("99999999", "MG100003"),  # unknown village
                _row(village.code, "MG100004", birth_date="31/02/2533"),  # impossible date
                _row(village.code, "MG100005", moved_in_on="2099-01-01"),  # future
            ]
        ),
    )
    assert job.status == ImportJob.Status.PREVIEWED
    assert (job.total_rows, job.new_rows, job.error_rows) == (5, 1, 4)
    errors = {(e["row"], e["column"]): e["message"] for e in job.report["errors"]}
    assert "เลขที่หนังสือเดินทาง" in errors[(3, "เลขที่เอกสาร")]
    assert "ไม่พบรหัสหมู่บ้าน" in errors[(4, "รหัสหมู่บ้าน (8 หลัก)")]
    assert (5, "วันเกิด (ปี, เดือน/ปี หรือ วัน/เดือน/ปี)") in errors
    assert "อนาคต" in errors[(6, "วันที่เข้าพัก")]
    assert Person.objects.count() == before


def test_good_rows_mode_imports_the_good_rows_and_returns_the_rejected_with_reasons(
    personas, login, village
):
    client = login(personas.headman)
    upload = _xlsx([_row(village.code, "MG200001"), _row(village.code, "??")])
    response = client.post("/survey/import/", {"file": upload, "mode": "good_rows"})
    assert response.status_code == 302
    job = ImportJob.objects.latest("id")
    preview = client.get(response["Location"]).content.decode()
    assert "เลขที่หนังสือเดินทาง" in preview
    client.post(response["Location"], {"mode": "good_rows"})
    job.refresh_from_db()
    assert job.status == ImportJob.Status.COMMITTED
    assert job.created_count == 1
    person = Person.objects.get(documents__number="MG200001")
    resident = person.resident
    assert resident.area == village
    assert resident.phones.get().number == "+66812345678"
    assert resident.residences.get().tm30_status == Tm30Status.LATE
    rejected = client.get(f"/survey/import/{job.uuid}/rejected.xlsx")
    assert rejected.status_code == 200
    ws = load_workbook(io.BytesIO(rejected.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][-1] == REASON_HEADER
    assert len(rows) == 2
    assert "เลขที่หนังสือเดินทาง" in rows[1][-1]
    assert (
        login(personas.headman3).get(f"/survey/import/{job.uuid}/rejected.xlsx").status_code == 404
    )


def test_atomic_mode_imports_nothing_when_any_row_is_wrong(personas, village):
    job = _upload(
        personas.headman,
        _xlsx([_row(village.code, "MG300001"), _row(village.code, "x")]),
        mode=ImportJob.Mode.ATOMIC,
    )
    with pytest.raises(services.SurveyError):
        jobs.import_start_commit(user=personas.headman, job=job)
    job = jobs.import_commit(job=job, user=personas.headman)
    assert job.status == ImportJob.Status.REFUSED
    assert not IdentityDocument.objects.filter(number="MG300001").exists()


def test_atomic_mode_imports_everything_when_all_rows_are_good(personas, village):
    job = _upload(
        personas.headman,
        _xlsx(
            [
                _row(village.code, "MG310001"),
                _row(
                    village.code,
                    "MG310002",
                    visa_number="V1",
                    visa_type="Non-B",
                    visa_expires_on="1/1/2570",
                ),
            ]
        ),
        mode=ImportJob.Mode.ATOMIC,
    )
    job = jobs.import_start_commit(user=personas.headman, job=job)
    assert job.status == ImportJob.Status.COMMITTED
    assert job.created_count == 2
    visa = IdentityDocument.objects.get(number="V1")
    assert visa.subtype == "Non-B" and visa.person.documents.count() == 2


def test_importing_the_same_file_twice_changes_nothing(personas, village):
    rows = [_row(village.code, "MG400001"), _row(village.code, "MG400002", given_name_th="มิน")]
    first = jobs.import_commit(job=_upload(personas.headman, _xlsx(rows)), user=personas.headman)
    assert first.created_count == 2
    counts = (Person.objects.count(), Resident.objects.count(), IdentityDocument.objects.count())
    second = jobs.import_commit(job=_upload(personas.headman, _xlsx(rows)), user=personas.headman)
    assert (second.created_count, second.unchanged_rows, second.conflict_rows) == (0, 2, 0)
    assert (
        Person.objects.count(),
        Resident.objects.count(),
        IdentityDocument.objects.count(),
    ) == counts


def test_a_row_that_differs_from_the_record_is_a_conflict_never_overwritten(personas, village):
    jobs.import_commit(
        job=_upload(personas.headman, _xlsx([_row(village.code, "MG500001")])),
        user=personas.headman,
    )
    job = jobs.import_commit(
        job=_upload(
            personas.headman, _xlsx([_row(village.code, "MG500001", given_name_latin="Maung")])
        ),
        user=personas.headman,
    )
    assert job.conflict_rows == 1 and job.created_count == 0
    conflict = job.report["conflicts"][0]
    assert conflict["fields"] == ["ชื่อ (ตามหนังสือเดินทาง)"]
    assert Person.objects.get(documents__number="MG500001").given_name_latin == "Min"


def test_the_same_document_twice_in_one_file_is_an_error(personas, village):
    job = _upload(personas.headman, _xlsx([_row(village.code, "MG600001")] * 2))
    assert (job.new_rows, job.error_rows) == (1, 1)
    assert "ซ้ำ" in job.report["errors"][0]["message"]


def test_a_village_outside_the_uploaders_area_is_rejected(personas, village2):
    job = _upload(personas.headman, _xlsx([_row(village2.code, "MG700001")]))
    assert job.error_rows == 1
    assert "นอกพื้นที่" in job.report["errors"][0]["message"]
    district2 = _upload(personas.district2, _xlsx([_row(village2.code, "MG700001")]))
    assert district2.error_rows == 0


def test_one_audit_event_per_import_lists_the_people_created(personas, village):
    job = jobs.import_commit(
        job=_upload(
            personas.headman,
            _xlsx([_row(village.code, f"MG80000{i}") for i in range(1, 4)]),
        ),
        user=personas.headman,
    )
    events = AuditEvent.objects.filter(detail__import_job=str(job.uuid))
    assert events.count() == 1
    event = events.get()
    created = Person.objects.filter(documents__number__startswith="MG80000")
    assert sorted(event.object_ids) == sorted(str(p.uuid) for p in created)


def test_csv_files_are_imported_too(personas, village):
    job = jobs.import_commit(
        job=_upload(personas.headman, _csv([_row(village.code, "MG900001")])),
        user=personas.headman,
    )
    assert job.created_count == 1


def test_a_large_file_runs_as_a_background_job_with_progress(
    personas, village, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(jobs, "INLINE_MAX_BYTES", 10)
    rows = [_row(village.code, f"MJ{i:06d}") for i in range(1, 31)]
    with django_capture_on_commit_callbacks(execute=True):
        job = _upload(personas.headman, _xlsx(rows))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PREVIEWED
    assert job.job_run.status == JobRun.Status.DONE
    assert (job.job_run.done, job.job_run.total) == (30, 30)
    with django_capture_on_commit_callbacks(execute=True):
        jobs.import_start_commit(user=personas.headman, job=job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.COMMITTED
    assert job.created_count == 30
    assert job.job_run.percent == 100


def test_an_unreadable_file_is_reported_not_crashed(personas):
    job = _upload(personas.headman, SimpleUploadedFile("x.xlsx", b"not a spreadsheet"))
    assert job.status == ImportJob.Status.FAILED
    assert job.report["file_error"]


@pytest.mark.parametrize("name", ["police", "ministry", "localgov"])
def test_those_without_import_rights_are_refused(personas, login, name):
    assert login(getattr(personas, name)).get("/survey/import/").status_code == 403


def test_another_users_import_is_not_found(personas, login, village):
    job = _upload(personas.headman, _xlsx([_row(village.code, "MGA00001")]))
    assert login(personas.headman3).get(f"/survey/import/{job.uuid}/").status_code == 404
    assert login(personas.district2).get(f"/survey/import/{job.uuid}/").status_code == 404
    assert login(personas.headman).get(f"/survey/import/{job.uuid}/").status_code == 200


@pytest.mark.parametrize(
    "phone",
    [
        "0812345678",
        "+66812345678",
        "081-234-5678",
        "๐๘๑๒๓๔๕๖๗๘",
        "0612345678",
        "0672345678",
        "021234567",
        "+85512345678",
    ],
)
def test_the_fast_phone_path_agrees_with_phonenumbers(phone):
    try:
        expected = services.normalize_phone(phone)
    except services.SurveyError:
        with pytest.raises(services.SurveyError):
            validation.fast_phone(phone)
        return
    assert validation.fast_phone(phone) == expected


@pytest.mark.parametrize(
    "names",
    [
        ("", "", "Aung  Kyaw", "WIN-HTUN"),
        ("สมชาย", "ศรีสุข", "Li Na", ""),
        ("อ่อง", "", "Zaw", "Oo"),
        ("", "", "Nguyễn", "Thị"),
    ],
)
def test_the_imports_search_key_is_the_people_apps(names):
    from sodsong.thai.text import search_key

    assert _search_key(*names) == search_key(*names)


def test_imported_people_get_history_free_rows_that_the_orm_reads_back(personas, village):
    job = jobs.import_commit(
        job=_upload(
            personas.headman,
            _xlsx(
                [
                    _row(
                        village.code,
                        "MF100001",
                        visa_number="V55",
                        work_permit_number="W55",
                        employer="ร้าน",
                    )
                ]
            ),
        ),
        user=personas.headman,
    )
    assert job.created_count == 1
    person = Person.objects.get(documents__number="MF100001")
    assert person.source == "village survey" and person.verification == "unverified"
    assert person.search_key == "min thu"
    assert {d.doc_type for d in person.documents.all()} == {"passport", "visa", "work_permit"}
    resident = person.resident
    assert resident.residences.get().notifications.get().reference == ""
    # A later normal write gets the next id, not a clash.
    later = services.resident_register(
        user=personas.headman,
        area=village,
        given_name_latin="After",
        documents=[services.DocumentInput("passport", "MMR", "MF100002")],
    )
    assert later.pk > resident.pk
