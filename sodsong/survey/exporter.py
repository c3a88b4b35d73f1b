"""Export of the registry to Excel and CSV, safe against formula injection.

- XLSX: every cell is written as an explicit string (openpyxl data type "s"), so nothing a
  resident's record holds is ever evaluated as a formula.
- CSV: a cell that starts with = + - @ (or a tab or carriage return) is prefixed with an
  apostrophe, except a validated E.164 phone number (+66…), which is left as it is.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from sodsong.core import exports
from sodsong.survey.models import Resident

HEADERS = (
    "รหัสหมู่บ้าน",
    "บ้านเลขที่",
    "ชื่อ (ตามหนังสือเดินทาง)",
    "นามสกุล (ตามหนังสือเดินทาง)",
    "ชื่อ (ภาษาไทย)",
    "นามสกุล (ภาษาไทย)",
    "เพศ",
    "วันเกิด (ค.ศ.)",
    "สัญชาติ",
    "เอกสาร",
    "โทรศัพท์",
    "อาชีพ",
    "สถานะ",
    "วันที่เข้าพัก",
    "ตม.30",
    "รหัสอ้างอิง",
)


def neutralise_csv_cell(value: str) -> str:
    """Kept for the modules that import it from here; the rule is sodsong.core.exports'."""
    return exports.csv_cell(value)


def resident_row(resident: Resident) -> list[str]:
    person = resident.person
    residence = next((r for r in resident.residences.all() if r.moved_out_on is None), None)
    documents = " | ".join(
        f"{d.doc_type}:{d.issuing_state}:{d.number}" for d in person.documents.all()
    )
    return [
        resident.area.code,
        residence.house_no if residence else "",
        person.given_name_latin,
        person.family_name_latin,
        person.given_name_th,
        person.family_name_th,
        person.sex,
        person.birth_date_display,
        person.nationality,
        documents,
        " ".join(p.number for p in resident.phones.all()),
        resident.occupation,
        resident.status,
        residence.moved_in_on.isoformat() if residence and residence.moved_in_on else "",
        residence.tm30_status if residence else "",
        str(resident.uuid),
    ]


def export_csv(residents: Iterable[Resident]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    for resident in residents:
        writer.writerow(exports.csv_row(resident_row(resident)))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def string_cells(ws: Any, values: Iterable[Any]) -> list[Any]:
    return exports.xlsx_row(ws, values)


def export_xlsx(residents: Iterable[Resident]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("residents")
    ws.append(string_cells(ws, HEADERS))
    for resident in residents:
        ws.append(string_cells(ws, resident_row(resident)))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
