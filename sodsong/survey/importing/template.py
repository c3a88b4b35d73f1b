"""The residents sheet's columns (keys and Thai headers) and the XLSX template built from them:
the template, the reader and the report of errors share these names."""

from __future__ import annotations

import io

from sodsong.people.models import DocumentType
from sodsong.survey.models import ResidentStatus
from sodsong.thai.countries import COUNTRIES

EXAMPLE_DOC_NUMBER = "AA0000000"  # the template's example row, skipped on import

# (key, Thai header). The template and the reader share this list; the reader also accepts the
# key itself as a header, so a CSV written by another system can name its columns plainly.
# Headers of earlier templates, still read.
LEGACY_HEADERS = {
    "สัญชาติ (รหัส 3 ตัวอักษร)": "nationality",
    "ประเทศผู้ออกเอกสาร (รหัส 3 ตัวอักษร)": "doc_state",
}

COLUMNS: tuple[tuple[str, str], ...] = (
    ("village_code", "รหัสหมู่บ้าน (8 หลัก)"),
    ("house_no", "บ้านเลขที่"),
    ("given_name_latin", "ชื่อ (ตามหนังสือเดินทาง)"),
    ("family_name_latin", "นามสกุล (ตามหนังสือเดินทาง)"),
    ("given_name_th", "ชื่อ (ภาษาไทย)"),
    ("family_name_th", "นามสกุล (ภาษาไทย)"),
    ("sex", "เพศ"),
    ("birth_date", "วันเกิด (ปี, เดือน/ปี หรือ วัน/เดือน/ปี)"),
    ("nationality", "สัญชาติ (ชื่อประเทศหรือรหัส 3 ตัวอักษร)"),
    ("doc_type", "ประเภทเอกสาร"),
    ("doc_state", "ประเทศผู้ออกเอกสาร (ชื่อประเทศหรือรหัส 3 ตัวอักษร)"),
    ("doc_number", "เลขที่เอกสาร"),
    ("doc_expires_on", "วันหมดอายุเอกสาร"),
    ("visa_type", "ประเภทวีซ่า"),
    ("visa_number", "เลขที่วีซ่า"),
    ("visa_expires_on", "วันหมดอายุวีซ่า"),
    ("work_permit_number", "เลขที่ใบอนุญาตทำงาน"),
    ("employer", "นายจ้าง"),
    ("work_permit_expires_on", "วันหมดอายุใบอนุญาตทำงาน"),
    ("occupation", "อาชีพ"),
    ("phone", "โทรศัพท์"),
    ("moved_in_on", "วันที่เข้าพัก"),
    ("tm30_notified_on", "วันที่แจ้ง ตม.30"),
    ("tm30_reference", "เลขที่รับแจ้ง ตม.30"),
    ("status", "สถานะ"),
)
HEADER = {key: header for key, header in COLUMNS}
KEYS = tuple(key for key, _header in COLUMNS)
REASON_HEADER = "เหตุผลที่ไม่นำเข้า"

DOC_TYPES = {
    "หนังสือเดินทาง": DocumentType.PASSPORT,
    "เลขประจำตัว 13 หลัก": DocumentType.THAI_ID,
    "บัตรสีชมพู": DocumentType.MIGRANT_CARD,
    "บัตรผ่านแดน": DocumentType.BORDER_PASS,
    "เอกสารรับรองบุคคล (CI)": DocumentType.CERT_OF_IDENTITY,
}
PRIMARY_DOC_TYPES = (
    DocumentType.PASSPORT,
    DocumentType.THAI_ID,
    DocumentType.MIGRANT_CARD,
    DocumentType.BORDER_PASS,
    DocumentType.CERT_OF_IDENTITY,
)
STATUSES = {
    "อาศัยอยู่": ResidentStatus.LIVING,
    "ย้ายไปที่อื่นในประเทศ": ResidentStatus.MOVED_WITHIN_TH,
    "ออกนอกประเทศ": ResidentStatus.LEFT,
    "ไม่ทราบ": ResidentStatus.UNKNOWN,
}
SEXES = {"ชาย": "M", "หญิง": "F", "อื่น ๆ": "X", "m": "M", "f": "F", "x": "X", "": ""}


def template_xlsx(example_village: str = "47010102") -> bytes:
    """The XLSX template: Thai headers, one example row, drop-down lists."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = "residents"
    ws.append([header for _key, header in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    example = {
        "village_code": example_village,
        "house_no": "12/3",
        "given_name_latin": "Aung",
        "family_name_latin": "Win",
        "given_name_th": "อ่อง",
        "family_name_th": "วิน",
        "sex": "ชาย",
        "birth_date": "04/2533",
        "nationality": "เมียนมา",
        "doc_type": "หนังสือเดินทาง",
        "doc_state": "MMR",
        "doc_number": EXAMPLE_DOC_NUMBER,
        "doc_expires_on": "31/12/2570",
        "visa_type": "Non-LA",
        "visa_number": "",
        "visa_expires_on": "",
        "work_permit_number": "",
        "employer": "",
        "work_permit_expires_on": "",
        "occupation": "ลูกจ้างร้านอาหาร",
        "phone": "0812345678",
        "moved_in_on": "01/06/2568",
        "tm30_notified_on": "02/06/2568",
        "tm30_reference": "ตม30-0001",
        "status": "อาศัยอยู่",
    }
    ws.append([example[key] for key in KEYS])
    for index, (_key, header) in enumerate(COLUMNS, start=1):
        ws.cell(row=1, column=index).value = header
        ws.column_dimensions[ws.cell(row=1, column=index).column_letter].width = max(
            14, len(header) + 2
        )
    # Every data cell is text, so leading zeros and B.E. dates survive Excel.
    for row in ws.iter_rows(min_row=2, max_row=2):
        for cell in row:
            cell.data_type = "s"
            cell.number_format = "@"

    def dropdown(key: str, values: list[str]) -> None:
        letter = ws.cell(row=1, column=KEYS.index(key) + 1).column_letter
        validation = DataValidation(
            type="list", formula1='"' + ",".join(values) + '"', allow_blank=True
        )
        validation.error = "เลือกจากรายการ"
        validation.add(f"{letter}2:{letter}5000")
        ws.add_data_validation(validation)

    dropdown("doc_type", list(DOC_TYPES))
    dropdown("status", list(STATUSES))
    dropdown("sex", ["ชาย", "หญิง", "อื่น ๆ"])
    # The countries the import understands: a Thai or English name or the code (issue 20).
    countries = wb.create_sheet("ประเทศ")
    countries.append(["ชื่อประเทศ", "English", "รหัส"])
    for country in COUNTRIES:
        countries.append([country.name_th, country.name_en, country.code])
    countries.column_dimensions["A"].width = 24
    countries.column_dimensions["B"].width = 24
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
