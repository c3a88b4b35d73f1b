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

from sodsong.survey.models import Resident
from sodsong.survey.services import is_e164_phone

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
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_csv_cell(value: str) -> str:
    if value.startswith(_DANGEROUS) and not is_e164_phone(value):
        return "'" + value
    return value


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
        writer.writerow([neutralise_csv_cell(v) for v in resident_row(resident)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def string_cells(ws: Any, values: Iterable[Any]) -> list[Any]:
    from openpyxl.cell import WriteOnlyCell

    cells = []
    for value in values:
        cell = WriteOnlyCell(ws, value="" if value is None else str(value))
        cell.data_type = "s"  # never a formula, whatever the text starts with
        cells.append(cell)
    return cells


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
