"""Export of a jurisdiction's registry: audited with a purpose and safe against formula
injection (XLSX cells are strings; CSV cells starting with = + - @ are neutralised, except
validated phone numbers)."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from openpyxl import load_workbook

from sodsong.audit.models import AuditEvent
from sodsong.people.models import DocumentType
from sodsong.people.services import DocumentInput
from sodsong.survey import services
from sodsong.survey.exporter import neutralise_csv_cell

EVIL = '=HYPERLINK("http://x","click")'


@pytest.fixture
def evil_resident(personas, village):  # type: ignore[no-untyped-def]
    return services.resident_register(
        user=personas.headman,
        area=village,
        given_name_latin=EVIL,
        family_name_latin="@SUM(1+1)",
        documents=[DocumentInput(DocumentType.PASSPORT, "MMR", "EV123456")],
        occupation="+cmd|' /C calc'!A0",
        phones=["0812345678"],
    )


def test_an_export_needs_a_purpose(personas, login, evil_resident):
    response = login(personas.district).post("/survey/export/", {"format": "csv", "purpose": ""})
    assert response.status_code == 200
    assert "text/html" in response["Content-Type"]


def test_a_csv_export_neutralises_formulas_but_not_phone_numbers(personas, login, evil_resident):
    response = login(personas.district).post(
        "/survey/export/", {"format": "csv", "purpose": "ติดตามการแจ้ง ตม.30"}
    )
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    row = next(r for r in rows if "EV123456" in " ".join(r))
    assert "'" + EVIL in row
    assert "'@SUM(1+1)" in row
    assert "'+cmd|' /C calc'!A0" in row
    assert "+66812345678" in row
    for cell in (c for r in rows for c in r):
        assert not cell.startswith(("=", "-", "@")), cell
        assert not cell.startswith("+") or cell.startswith("+66"), cell


def test_an_xlsx_export_writes_every_cell_as_a_string(personas, login, evil_resident):
    response = login(personas.district).post(
        "/survey/export/", {"format": "xlsx", "purpose": "รายงานจังหวัด"}
    )
    assert response.status_code == 200
    sheet_xml = zipfile.ZipFile(io.BytesIO(response.content)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml
    ws = load_workbook(io.BytesIO(response.content)).active
    values = [c.value for row in ws.iter_rows() for c in row]
    assert EVIL in values
    for row in ws.iter_rows():
        for cell in row:
            assert cell.data_type in ("s", "inlineStr")  # text, never "f" (formula)


def test_an_export_is_audited_with_its_purpose_and_ids(personas, login, evil_resident):
    login(personas.district).post("/survey/export/", {"format": "csv", "purpose": "ตรวจสอบ"})
    event = AuditEvent.objects.filter(action="export", actor=personas.district).latest("id")
    assert event.purpose == "ตรวจสอบ"
    assert str(evil_resident.uuid) in event.object_ids


def test_an_export_holds_only_the_users_jurisdiction(personas, login, evil_resident):
    response = login(personas.district2).post(
        "/survey/export/", {"format": "csv", "purpose": "ตรวจสอบ"}
    )
    assert "EV123456" not in response.content.decode("utf-8-sig")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("-2", "'-2"),
        ("@x", "'@x"),
        ("+1", "'+1"),
        ("+66812345678", "+66812345678"),
        ("+66 81 234 5678", "'+66 81 234 5678"),
        ("\t=1", "'\t=1"),
        ("ปกติ", "ปกติ"),
    ],
)
def test_csv_neutralisation(value, expected):
    assert neutralise_csv_cell(value) == expected
