"""Excel and CSV import of foreign residents: the template, per-row validation with Thai messages,
a dry run, and a commit that is atomic or keeps the good rows and hands back the rejected ones.

Rows match existing people on the document key (type, issuing state, number): a row identical to
what is stored is left alone (importing the same file twice changes nothing); a row that differs
is a conflict, reported and never written.

Written for speed: the file is read with python-calamine and processed in chunks; the existing
document keys of a chunk are fetched in one query; new records are written with `bulk_create`.
Bulk writes bypass the per-save history, so the import records one audit event listing the ids
of the people it created.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import re
import uuid as uuid_module
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sodsong.audit.models import AuditEvent
from sodsong.audit.services import log_action
from sodsong.geo.models import Area, Level
from sodsong.people.models import DocumentType, IdentityDocument, Person
from sodsong.people.services import normalize_document_number
from sodsong.survey import access
from sodsong.survey.models import (
    ImportJob,
    Residence,
    Resident,
    ResidentPhone,
    ResidentStatus,
    Tm30Notification,
    tm30_status_for,
)
from sodsong.survey.services import SOURCE, SurveyError, normalize_phone
from sodsong.thai.dates import DateParseError, parse_date
from sodsong.thai.digits import to_arabic_digits
from sodsong.thai.ids import is_non_thai_id13
from sodsong.thai.text import normalize_text

CHUNK = 5000
REPORT_LIMIT = 500
EXAMPLE_DOC_NUMBER = "AA0000000"

# (key, Thai header). The template and the reader share this list; the reader also accepts the
# key itself as a header, so a CSV written by another system can name its columns plainly.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("village_code", "รหัสหมู่บ้าน (8 หลัก)"),
    ("house_no", "บ้านเลขที่"),
    ("given_name_latin", "ชื่อ (ตามหนังสือเดินทาง)"),
    ("family_name_latin", "นามสกุล (ตามหนังสือเดินทาง)"),
    ("given_name_th", "ชื่อ (ภาษาไทย)"),
    ("family_name_th", "นามสกุล (ภาษาไทย)"),
    ("sex", "เพศ"),
    ("birth_date", "วันเกิด (ปี, เดือน/ปี หรือ วัน/เดือน/ปี)"),
    ("nationality", "สัญชาติ (รหัส 3 ตัวอักษร)"),
    ("doc_type", "ประเภทเอกสาร"),
    ("doc_state", "ประเทศผู้ออกเอกสาร (รหัส 3 ตัวอักษร)"),
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

_ALPHA3 = re.compile(r"^[A-Z]{3}$")
_PASSPORT = re.compile(r"^[A-Z0-9]{5,20}$")
_VILLAGE = re.compile(r"^\d{8}$")
_YEAR = re.compile(r"^(\d{4})$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{4})$|^(\d{4})\s*-\s*(\d{1,2})$")


# --- the template ------------------------------------------------------------------------------


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
        "nationality": "MMR",
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
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- reading -----------------------------------------------------------------------------------


def _header_map(header_row: list[Any]) -> dict[str, int]:
    by_name = {header: key for key, header in COLUMNS} | {key: key for key in KEYS}
    mapping: dict[str, int] = {}
    for index, value in enumerate(header_row):
        name = str(value or "").strip()
        key = by_name.get(name) or by_name.get(name.lower())
        if key and key not in mapping:
            mapping[key] = index
    return mapping


class ImportFileError(SurveyError):
    """The file cannot be read as a residents sheet."""


def open_rows(data: bytes, name: str) -> tuple[int, Iterator[list[Any]]]:
    """(number of data rows, rows of the first sheet header first) of an XLSX/XLS/ODS or CSV."""
    if name.lower().endswith(".csv"):
        text = data.decode("utf-8-sig", errors="replace")
        return max(0, text.count("\n") - 1), csv.reader(io.StringIO(text))
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = workbook.get_sheet_by_index(0)
    except Exception as exc:  # calamine raises its own error types for unreadable files
        raise ImportFileError(_("The file is not a readable Excel or CSV file.")) from exc
    return max(0, sheet.height - 1), sheet.iter_rows()


def read_rows(data: bytes, name: str) -> Iterator[list[Any]]:
    return open_rows(data, name)[1]


# Thai mobile numbers as phonenumbers' metadata for TH describes them ((?:14|6[1-6]|[89]\d)\d{7}):
# most rows carry one, and this skips the library's slower general parse for them.
_TH_MOBILE = re.compile(r"^(?:\+66|0)((?:6[1-6]|[89]\d)\d{7})$")
_PHONE_NOISE = re.compile(r"[\s\-().]")


def fast_phone(text: str) -> str:
    """`normalize_phone` with a fast path for Thai mobile numbers (same result)."""
    match = _TH_MOBILE.match(_PHONE_NOISE.sub("", to_arabic_digits(text)))
    if match:
        return "+66" + match.group(1)
    return normalize_phone(text)


# --- validating one row --------------------------------------------------------------------------


@dataclass
class RowResult:
    number: int  # 1-based row number in the sheet, header included
    raw: list[Any]
    values: dict[str, Any] = field(default_factory=dict)
    errors: list[tuple[str, str]] = field(default_factory=list)

    @property
    def reason(self) -> str:
        return "; ".join(f"{HEADER.get(col, col)}: {msg}" for col, msg in self.errors)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


class RowValidator:
    """Validates rows against the villages the user may write in; messages in the active
    language (Thai by default)."""

    def __init__(self, user: Any, today: dt.date | None = None) -> None:
        self.today = today or timezone.localdate()
        self._parsed: dict[str, dt.date] = {}
        allowed = access.import_codes(user)
        self.villages: dict[str, int] = {}
        self.outside: set[str] = set()
        for code, pk in Area.objects.filter(level=Level.VILLAGE).values_list("code", "pk"):
            if any(code.startswith(c) for c in allowed):
                self.villages[code] = pk
            else:
                self.outside.add(code)
        self.msg = {
            "required": _("Required."),
            "village_unknown": _("Unknown village code."),
            "village_outside": _("This village is outside your area."),
            "name": _("A given name in Thai or Latin script is required."),
            "date": _("Not a date (e.g. 31/12/2568 or 2025-12-31)."),
            "future": _("The date is in the future."),
            "birth": _("Not a date of birth (a year, month/year or a full date)."),
            "birth_old": _("The date of birth does not exist."),
            "alpha3": _("A 3-letter ISO code is needed, e.g. MMR, KHM, LAO."),
            "doc_type": _("Unknown document type."),
            "passport": _("A passport number has 5–20 letters and digits."),
            "id13": _(
                "The 13-digit number of a non-Thai starts with 0, 6, 7 or 8 and has a valid check digit."
            ),
            "phone": _("The phone number is not valid."),
            "status": _("Unknown status."),
            "sex": _("Unknown sex (ชาย, หญิง or อื่น ๆ)."),
            "tm30_before": _("The TM.30 notification cannot come before the move-in."),
            "visa_number": _("A visa needs its number."),
            "wp_number": _("A work permit needs its number."),
            "expires": _("The expiry date is not valid."),
        }

    def _date(
        self, value: Any, key: str, errors: list[tuple[str, str]], *, future_ok: bool = False
    ) -> dt.date | None:
        if value is None or value == "":
            return None
        if isinstance(value, dt.datetime):
            day = value.date()
        elif isinstance(value, dt.date):
            day = value
        else:
            text = _text(value)
            day = self._parsed.get(text)
            if day is None:
                try:
                    day = parse_date(text, today=self.today)
                except DateParseError:
                    errors.append((key, self.msg["date"]))
                    return None
                if len(self._parsed) < 100_000:
                    self._parsed[text] = day
        if not future_ok and day > self.today:
            errors.append((key, self.msg["future"]))
            return None
        return day

    def _birth(
        self, value: Any, errors: list[tuple[str, str]]
    ) -> tuple[int | None, int | None, int | None]:
        if value is None or value == "":
            return None, None, None
        if isinstance(value, dt.date):
            day = value.date() if isinstance(value, dt.datetime) else value
            year, month, dayn = day.year, day.month, day.day
        else:
            text = to_arabic_digits(_text(value))
            match = _YEAR.match(text)
            month_match = _MONTH_YEAR.match(text)
            if match:
                year, month, dayn = int(match.group(1)), None, None
            elif month_match:
                if month_match.group(1):
                    month, year = int(month_match.group(1)), int(month_match.group(2))
                else:
                    year, month = int(month_match.group(3)), int(month_match.group(4))
                dayn = None
            else:
                try:
                    day = parse_date(text, today=self.today)
                except DateParseError:
                    errors.append(("birth_date", self.msg["birth"]))
                    return None, None, None
                year, month, dayn = day.year, day.month, day.day
            if year > 2400:
                year -= 543
        if month is not None and not 1 <= month <= 12:
            errors.append(("birth_date", self.msg["birth"]))
            return None, None, None
        if year < 1900:
            errors.append(("birth_date", self.msg["birth_old"]))
            return None, None, None
        if (year, month or 1, dayn or 1) > (self.today.year, self.today.month, self.today.day):
            errors.append(("birth_date", self.msg["future"]))
            return None, None, None
        return year, month, dayn

    def _alpha3(self, value: Any, key: str, errors: list[tuple[str, str]], required: bool) -> str:
        text = _text(value).upper()
        if not text:
            if required:
                errors.append((key, self.msg["required"]))
            return ""
        if not _ALPHA3.match(text):
            errors.append((key, self.msg["alpha3"]))
            return ""
        return text

    def validate(self, number: int, raw: list[Any], columns: dict[str, int]) -> RowResult:
        get = {key: (raw[i] if i < len(raw) else None) for key, i in columns.items()}
        result = RowResult(number=number, raw=raw)
        errors = result.errors
        v: dict[str, Any] = result.values
        code = to_arabic_digits(_text(get.get("village_code")))
        if not code:
            errors.append(("village_code", self.msg["required"]))
        elif code in self.villages:
            v["area_id"] = self.villages[code]
            v["village_code"] = code
        elif code in self.outside:
            errors.append(("village_code", self.msg["village_outside"]))
        else:
            errors.append(("village_code", self.msg["village_unknown"]))
        v["house_no"] = _text(get.get("house_no"))[:40]
        for key in ("given_name_latin", "family_name_latin", "given_name_th", "family_name_th"):
            v[key] = _text(get.get(key))[:120]
        if not (v["given_name_latin"] or v["given_name_th"]):
            errors.append(("given_name_latin", self.msg["name"]))
        sex = SEXES.get(_text(get.get("sex")).lower())
        if sex is None:
            errors.append(("sex", self.msg["sex"]))
        v["sex"] = sex or ""
        v["birth_year"], v["birth_month"], v["birth_day"] = self._birth(
            get.get("birth_date"), errors
        )
        v["nationality"] = self._alpha3(get.get("nationality"), "nationality", errors, False)
        doc_type_text = _text(get.get("doc_type"))
        doc_type = DOC_TYPES.get(doc_type_text) or (
            doc_type_text.lower() if doc_type_text.lower() in PRIMARY_DOC_TYPES else None
        )
        if not doc_type:
            errors.append(
                ("doc_type", self.msg["doc_type"] if doc_type_text else self.msg["required"])
            )
        v["doc_type"] = doc_type
        state = self._alpha3(
            get.get("doc_state"), "doc_state", errors, doc_type != DocumentType.THAI_ID
        )
        v["doc_state"] = state or ("THA" if doc_type == DocumentType.THAI_ID else "")
        doc_number = normalize_document_number(_text(get.get("doc_number")))
        if not doc_number:
            errors.append(("doc_number", self.msg["required"]))
        elif doc_type == DocumentType.PASSPORT and not _PASSPORT.match(doc_number):
            errors.append(("doc_number", self.msg["passport"]))
        elif doc_type == DocumentType.THAI_ID and not is_non_thai_id13(doc_number):
            errors.append(("doc_number", self.msg["id13"]))
        v["doc_number"] = doc_number
        v["doc_expires_on"] = self._date(
            get.get("doc_expires_on"), "doc_expires_on", errors, future_ok=True
        )
        v["visa_type"] = _text(get.get("visa_type"))[:60]
        v["visa_number"] = normalize_document_number(_text(get.get("visa_number")))
        v["visa_expires_on"] = self._date(
            get.get("visa_expires_on"), "visa_expires_on", errors, future_ok=True
        )
        if v["visa_expires_on"] and not v["visa_number"]:
            errors.append(("visa_number", self.msg["visa_number"]))
        v["work_permit_number"] = normalize_document_number(_text(get.get("work_permit_number")))
        v["employer"] = _text(get.get("employer"))[:200]
        v["work_permit_expires_on"] = self._date(
            get.get("work_permit_expires_on"), "work_permit_expires_on", errors, future_ok=True
        )
        if (v["employer"] or v["work_permit_expires_on"]) and not v["work_permit_number"]:
            errors.append(("work_permit_number", self.msg["wp_number"]))
        v["occupation"] = _text(get.get("occupation"))[:120]
        phone = _text(get.get("phone"))
        v["phone"] = ""
        if phone:
            try:
                v["phone"] = fast_phone(phone)
            except SurveyError:
                errors.append(("phone", self.msg["phone"]))
        v["moved_in_on"] = self._date(get.get("moved_in_on"), "moved_in_on", errors)
        v["tm30_notified_on"] = self._date(get.get("tm30_notified_on"), "tm30_notified_on", errors)
        if v["tm30_notified_on"] and v["moved_in_on"] and v["tm30_notified_on"] < v["moved_in_on"]:
            errors.append(("tm30_notified_on", self.msg["tm30_before"]))
        v["tm30_reference"] = _text(get.get("tm30_reference"))[:60]
        status_text = _text(get.get("status"))
        status = STATUSES.get(status_text) or (
            status_text if status_text in ResidentStatus.values else None
        )
        if status_text and status is None:
            errors.append(("status", self.msg["status"]))
        v["status"] = status or ResidentStatus.LIVING
        return result


# --- processing ---------------------------------------------------------------------------------


COMPARED = (
    "given_name_latin",
    "family_name_latin",
    "given_name_th",
    "family_name_th",
    "birth_year",
    "birth_month",
    "birth_day",
    "sex",
    "nationality",
)


@dataclass
class ImportOutcome:
    total: int = 0
    new: int = 0
    unchanged: int = 0
    conflicts: int = 0
    errors: int = 0
    created_person_uuids: list[str] = field(default_factory=list)
    error_report: list[dict[str, Any]] = field(default_factory=list)
    conflict_report: list[dict[str, Any]] = field(default_factory=list)
    rejected: list[tuple[list[Any], str]] = field(default_factory=list)
    header: list[Any] = field(default_factory=list)
    missing_columns: list[str] = field(default_factory=list)


class Importer:
    """One pass over a file: validate, classify (new / unchanged / conflict / error), and write
    the new rows when `write` is true."""

    def __init__(
        self,
        *,
        user: Any,
        write: bool,
        keep_rejected: bool = False,
        progress: Callable[[int], None] | None = None,
        chunk: int = CHUNK,
    ) -> None:
        self.user = user
        self.write = write
        self.keep_rejected = keep_rejected
        self.progress = progress
        self.chunk = chunk
        self.validator = RowValidator(user)
        self.seen: dict[tuple[str, str, str], int] = {}
        self.outcome = ImportOutcome()
        self.now = timezone.now()

    def run(self, rows: Iterator[list[Any]]) -> ImportOutcome:
        iterator = iter(rows)
        header = next(iterator, None)
        if header is None:
            raise ImportFileError(_("The file is empty."))
        self.outcome.header = list(header)
        self.columns = _header_map(list(header))
        required = ("village_code", "doc_type", "doc_number")
        missing = [HEADER[k] for k in required if k not in self.columns]
        if missing or not ({"given_name_latin", "given_name_th"} & set(self.columns)):
            raise ImportFileError(
                _("The file does not have the template's columns. Missing: %(cols)s")
                % {"cols": ", ".join(missing) or HEADER["given_name_latin"]}
            )
        batch: list[tuple[int, list[Any]]] = []
        example_at = self.columns.get("doc_number")
        number = 1
        for raw in iterator:
            number += 1
            if not any(c not in (None, "") for c in raw):
                continue
            if (
                example_at is not None
                and example_at < len(raw)
                and raw[example_at] == EXAMPLE_DOC_NUMBER
            ):
                continue  # the template's example row
            batch.append((number, raw))
            if len(batch) >= self.chunk:
                self._chunk(batch)
                batch = []
        if batch:
            self._chunk(batch)
        return self.outcome

    def _reject(self, row: RowResult, reason: str) -> None:
        if self.keep_rejected:
            self.outcome.rejected.append((row.raw, reason))

    def _error(self, row: RowResult) -> None:
        out = self.outcome
        out.errors += 1
        for column, message in row.errors:
            if len(out.error_report) < REPORT_LIMIT:
                out.error_report.append(
                    {"row": row.number, "column": HEADER.get(column, column), "message": message}
                )
        self._reject(row, row.reason)

    def _chunk(self, batch: list[tuple[int, list[Any]]]) -> None:
        out = self.outcome
        validate = self.validator.validate
        columns = self.columns
        results = [validate(n, raw, columns) for n, raw in batch]
        # Keys of every document the rows carry, to find who already holds them.
        numbers: set[str] = set()
        for r in results:
            if r.errors:
                continue
            v = r.values
            numbers.add(v["doc_number"])
            if v["visa_number"]:
                numbers.add(v["visa_number"])
            if v["work_permit_number"]:
                numbers.add(v["work_permit_number"])
        existing: dict[tuple[str, str, str], int] = {}
        number_list = list(numbers)
        for start in range(0, len(number_list), 5000):
            for doc_type, state, num, person_id in IdentityDocument.all_objects.filter(
                number__in=number_list[start : start + 5000]
            ).values_list("doc_type", "issuing_state", "number", "person_id"):
                existing[(doc_type, state, num)] = person_id
        matched_ids = set()
        new_rows: list[RowResult] = []
        for r in results:
            out.total += 1
            if r.errors:
                self._error(r)
                continue
            v = r.values
            key = (v["doc_type"], v["doc_state"], v["doc_number"])
            extra_keys = []
            if v["visa_number"]:
                extra_keys.append((DocumentType.VISA, "THA", v["visa_number"]))
            if v["work_permit_number"]:
                extra_keys.append((DocumentType.WORK_PERMIT, "THA", v["work_permit_number"]))
            first = self.seen.get(key)
            if first is not None:
                r.errors.append(
                    (
                        "doc_number",
                        _("The same document appears twice in the file (row %(row)d).")
                        % {"row": first},
                    )
                )
                self._error(r)
                continue
            self.seen[key] = r.number
            owner = existing.get(key)
            if owner is not None:
                v["_person_id"] = owner
                matched_ids.add(owner)
                continue
            taken = [k for k in extra_keys if k in existing or k in self.seen]
            if taken:
                r.errors.append(
                    (
                        "visa_number" if taken[0][0] == DocumentType.VISA else "work_permit_number",
                        _("This document already belongs to a recorded person."),
                    )
                )
                self._error(r)
                continue
            for k in extra_keys:
                self.seen[k] = r.number
            new_rows.append(r)
        if matched_ids:
            self._classify_matches([r for r in results if "_person_id" in r.values], matched_ids)
        out.new += len(new_rows)
        if self.write and new_rows:
            self._write(new_rows)
        if self.progress:
            self.progress(out.total)

    def _classify_matches(self, rows: list[RowResult], person_ids: set[int]) -> None:
        out = self.outcome
        stored = {
            row[0]: row
            for row in Person.all_objects.filter(pk__in=person_ids).values_list(
                "pk", *COMPARED, "area__code", "uuid"
            )
        }
        for r in rows:
            v = r.values
            record = stored.get(v["_person_id"])
            if record is None:
                continue
            differing = [
                HEADER.get(name if not name.startswith("birth") else "birth_date", name)
                for i, name in enumerate(COMPARED, start=1)
                if (record[i] or "") != (v[name] or "")
            ]
            if record[len(COMPARED) + 1] != v["village_code"]:
                differing.append(HEADER["village_code"])
            differing = list(dict.fromkeys(differing))
            if not differing:
                out.unchanged += 1
                continue
            out.conflicts += 1
            if len(out.conflict_report) < REPORT_LIMIT:
                out.conflict_report.append(
                    {"row": r.number, "person": str(record[-1]), "fields": differing}
                )
            self._reject(
                r,
                _("Differs from the stored record (%(fields)s): resolve it on the record.")
                % {"fields": ", ".join(differing)},
            )

    def _write(self, rows: list[RowResult]) -> None:
        """Writes the new rows with one multi-row INSERT per table (`executemany`), without
        building model instances: the ids are allocated up front so that the rows of one person
        can refer to one another."""
        tables = self._tables()
        user_id = getattr(self.user, "pk", None)
        uuid4 = uuid_module.uuid4
        as_uuid = self._uuid_value
        as_date = self._date_value
        person_rows = []
        person_uuids = []
        for r in rows:
            v = r.values
            key = _search_key(
                v["given_name_th"],
                v["family_name_th"],
                v["given_name_latin"],
                v["family_name_latin"],
            )
            person_uuid = uuid4()
            person_uuids.append(person_uuid)
            person_rows.append(
                (
                    as_uuid(person_uuid),
                    v["area_id"],
                    v["given_name_th"],
                    v["family_name_th"],
                    v["given_name_latin"],
                    v["family_name_latin"],
                    v["birth_year"],
                    v["birth_month"],
                    v["birth_day"],
                    v["sex"],
                    v["nationality"],
                    key,
                    user_id,
                )
            )
        person_ids = tables["person"].insert(person_rows)
        documents = []
        residents = []
        for r, person_id in zip(rows, person_ids, strict=True):
            v = r.values
            documents.append(
                (
                    as_uuid(uuid4()),
                    person_id,
                    v["doc_type"],
                    v["doc_state"],
                    v["doc_number"],
                    as_date(v["doc_expires_on"]),
                    "",
                    "",
                )
            )
            if v["visa_number"]:
                documents.append(
                    (
                        as_uuid(uuid4()),
                        person_id,
                        DocumentType.VISA,
                        "THA",
                        v["visa_number"],
                        as_date(v["visa_expires_on"]),
                        v["visa_type"],
                        "",
                    )
                )
            if v["work_permit_number"]:
                documents.append(
                    (
                        as_uuid(uuid4()),
                        person_id,
                        DocumentType.WORK_PERMIT,
                        "THA",
                        v["work_permit_number"],
                        as_date(v["work_permit_expires_on"]),
                        "",
                        v["employer"],
                    )
                )
            residents.append(
                (as_uuid(uuid4()), person_id, v["area_id"], v["occupation"], v["status"], user_id)
            )
        tables["document"].insert(documents, ids=False)
        resident_ids = tables["resident"].insert(residents)
        residences = []
        phones = []
        for r, resident_id in zip(rows, resident_ids, strict=True):
            v = r.values
            residences.append(
                (
                    as_uuid(uuid4()),
                    resident_id,
                    v["area_id"],
                    v["house_no"],
                    as_date(v["moved_in_on"]),
                    tm30_status_for(v["moved_in_on"], v["tm30_notified_on"], self.validator.today),
                )
            )
            if v["phone"]:
                phones.append((as_uuid(uuid4()), resident_id, v["phone"]))
        residence_ids = tables["residence"].insert(residences)
        notifications = [
            (
                as_uuid(uuid4()),
                residence_id,
                as_date(r.values["tm30_notified_on"]),
                r.values["tm30_reference"],
            )
            for r, residence_id in zip(rows, residence_ids, strict=True)
            if r.values["tm30_notified_on"]
        ]
        tables["tm30"].insert(notifications, ids=False)
        tables["phone"].insert(phones, ids=False)
        self.outcome.created_person_uuids.extend(str(u) for u in person_uuids)

    def _tables(self) -> dict[str, _FastTable]:
        if not hasattr(self, "_fast_tables"):
            from django.db import connection

            now = self.now
            common = {"created_at": now, "updated_at": now}
            self.sqlite = connection.vendor == "sqlite"
            self._fast_tables = {
                "person": _FastTable(
                    Person,
                    (
                        "uuid",
                        "area_id",
                        "given_name_th",
                        "family_name_th",
                        "given_name_latin",
                        "family_name_latin",
                        "birth_year",
                        "birth_month",
                        "birth_day",
                        "sex",
                        "nationality",
                        "search_key",
                        "created_by_id",
                    ),
                    {**common, "source": SOURCE},
                ),
                "document": _FastTable(
                    IdentityDocument,
                    (
                        "uuid",
                        "person_id",
                        "doc_type",
                        "issuing_state",
                        "number",
                        "expires_on",
                        "subtype",
                        "issuer_detail",
                    ),
                    common,
                ),
                "resident": _FastTable(
                    Resident,
                    ("uuid", "person_id", "area_id", "occupation", "status", "created_by_id"),
                    common,
                ),
                "residence": _FastTable(
                    Residence,
                    ("uuid", "resident_id", "area_id", "house_no", "moved_in_on", "tm30_status"),
                    common,
                ),
                "tm30": _FastTable(
                    Tm30Notification,
                    ("uuid", "residence_id", "notified_on", "reference"),
                    common,
                ),
                "phone": _FastTable(ResidentPhone, ("uuid", "resident_id", "number"), common),
            }
        return self._fast_tables

    def _uuid_value(self, value: uuid_module.UUID) -> Any:
        return value.hex if self.sqlite else value

    def _date_value(self, value: dt.date | None) -> Any:
        if value is None:
            return None
        return value.isoformat() if self.sqlite else value


class _FastTable:
    """A multi-row INSERT into one model's table: the varying columns come per row, every other
    column gets its prepared default (or a constant) once."""

    def __init__(self, model: Any, varying: tuple[str, ...], constants: dict[str, Any]) -> None:
        from django.db import connection

        self.model = model
        self.table = model._meta.db_table
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        by_attname = {f.attname: f for f in fields}
        missing = [name for name in varying if name not in by_attname]
        if missing:
            raise ValueError(f"{self.table}: unknown columns {missing}")
        fixed = [f for f in fields if f.attname not in varying]
        self.fixed_values: tuple[Any, ...] = tuple(
            f.get_db_prep_save(
                constants[f.attname] if f.attname in constants else f.get_default(), connection
            )
            for f in fixed
        )
        quote = connection.ops.quote_name
        columns = ["id", *(by_attname[n].column for n in varying), *(f.column for f in fixed)]
        self.sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608  (names from models)
            quote(self.table),
            ", ".join(quote(c) for c in columns),
            ", ".join(["%s"] * len(columns)),
        )

    def _allocate(self, count: int) -> list[int]:
        from django.db import connection

        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                    [self.table, count],
                )
                return [row[0] for row in cursor.fetchall()]
            # SQLite: the import runs in a write transaction (BEGIN IMMEDIATE), so nobody else
            # takes ids meanwhile; AUTOINCREMENT's sqlite_sequence follows explicit ids.
            cursor.execute(f"SELECT MAX(id) FROM {connection.ops.quote_name(self.table)}")  # noqa: S608
            highest = cursor.fetchone()[0] or 0
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [self.table])
            row = cursor.fetchone()
            start = max(highest, row[0] if row else 0) + 1
            return list(range(start, start + count))

    def insert(self, rows: list[tuple[Any, ...]], *, ids: bool = True) -> list[int]:
        from django.db import connection

        if not rows:
            return []
        allocated = self._allocate(len(rows))
        fixed = self.fixed_values
        params = [(pk, *row, *fixed) for pk, row in zip(allocated, rows, strict=True)]
        with connection.cursor() as cursor:
            cursor.executemany(self.sql, params)
        return allocated if ids else []


_ASCII_WORD = re.compile(r"[^\w\s]")
_SPACES = re.compile(r"\s+")


@functools.lru_cache(maxsize=65536)
def _normalize_part(text: str) -> str:
    if text.isascii():
        # What normalize_text does to ASCII text, without pythainlp's Thai-specific passes.
        return _SPACES.sub(" ", _ASCII_WORD.sub(" ", text.casefold())).strip()
    return normalize_text(text)


def _search_key(*parts: str) -> str:
    """The same key as `sodsong.thai.text.search_key` (checked by a test), computed faster for
    the Latin names that most rows carry and cached for repeated names."""
    words: list[str] = []
    for part in parts:
        if part:
            words.extend(_normalize_part(part).split())
    return " ".join(dict.fromkeys(words))


def rejected_xlsx(header: list[Any], rejected: list[tuple[list[Any], str]]) -> bytes:
    """The rejected rows with the reason in a new last column; every cell an explicit string."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("rejected")

    def cells(values: list[Any]) -> list[WriteOnlyCell]:
        out = []
        for value in values:
            cell = WriteOnlyCell(
                ws, value=_text(value) if not isinstance(value, dt.date) else value.isoformat()
            )
            cell.data_type = "s"
            out.append(cell)
        return out

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


def _progress_with_total(
    progress: Callable[[int, int], None] | None, total: int
) -> Callable[[int], None] | None:
    if progress is None:
        return None
    progress(0, total)
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
        job.status = ImportJob.Status.FAILED
        job.report = {"file_error": str(exc)}
        job.save()
        return job
    _store_report(job, outcome)
    job.status = ImportJob.Status.PREVIEWED
    job.save()
    return job


def import_commit(
    *, job: ImportJob, user: Any, progress: Callable[[int, int], None] | None = None
) -> ImportJob:
    """Writes the new rows: all or nothing (atomic), or the good rows with the rejected ones
    handed back as a file. Conflicts and unchanged rows are never written."""
    good_rows = job.mode == ImportJob.Mode.GOOD_ROWS
    try:
        with transaction.atomic():
            total, rows = open_rows(_job_file_bytes(job), job.original_name)
            importer = Importer(
                user=user,
                write=True,
                keep_rejected=good_rows,
                progress=_progress_with_total(progress, total),
            )
            outcome = importer.run(rows)
            if outcome.errors and not good_rows:
                raise _Refused(outcome)
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
    except _Refused as refused:
        _store_report(job, refused.outcome)
        job.status = ImportJob.Status.REFUSED
        job.created_count = 0
        job.save()
        return job
    except ImportFileError as exc:
        job.status = ImportJob.Status.FAILED
        job.report = {"file_error": str(exc)}
        job.save()
        return job
    _store_report(job, outcome)
    job.created_count = len(outcome.created_person_uuids)
    job.status = ImportJob.Status.COMMITTED
    if good_rows and outcome.rejected:
        job.rejected_file.save(
            "rejected.xlsx",
            ContentFile(rejected_xlsx(outcome.header, outcome.rejected)),
            save=False,
        )
    job.save()
    return job


class _Refused(Exception):
    def __init__(self, outcome: ImportOutcome) -> None:
        super().__init__("refused")
        self.outcome = outcome


# --- starting previews and commits: inline for small files, as a background job for large ones --

INLINE_MAX_BYTES = 200_000
IMPORT_MAX_BYTES = 64 * 1024 * 1024
IMPORT_EXTENSIONS = (".xlsx", ".xls", ".ods", ".csv")


def import_upload(*, user: Any, upload: Any, mode: str = ImportJob.Mode.GOOD_ROWS) -> ImportJob:
    """Stores the upload and runs the dry run (in the request for a small file, as a job for a
    large one, so that the upload never times out)."""
    codes = access.import_codes(user)
    if not codes:
        raise SurveyError(_("You may not import residents."))
    name = (getattr(upload, "name", "") or "residents.xlsx")[:200]
    if not name.lower().endswith(IMPORT_EXTENSIONS):
        raise SurveyError(_("Upload an Excel (.xlsx) or CSV file."))
    if not upload.size:
        raise SurveyError(_("The file is empty."))
    if upload.size > IMPORT_MAX_BYTES:
        raise SurveyError(_("The file is too large."))
    if mode not in ImportJob.Mode.values:
        raise SurveyError(_("Unknown import mode."))
    job = ImportJob(uploaded_by=user, area_code=codes[0], original_name=name, mode=mode)
    safe_name = "upload" + name[name.rfind(".") :].lower()
    job.file.save(safe_name, upload, save=False)
    job.save()
    if upload.size <= INLINE_MAX_BYTES:
        return import_preview(job=job, user=user)
    from sodsong.jobs.services import job_enqueue
    from sodsong.survey.tasks import import_preview_task

    job.status = ImportJob.Status.VALIDATING
    job.job_run = job_enqueue(
        task=import_preview_task,
        name=f"ตรวจไฟล์นำเข้า {name}",
        requested_by_id=user.pk,
        import_job_id=job.pk,
    )
    job.save()
    return job


def import_start_commit(*, user: Any, job: ImportJob, mode: str | None = None) -> ImportJob:
    if job.uploaded_by_id != user.pk:
        raise SurveyError(_("Only the person who uploaded the file imports it."))
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
    if job.file.size <= INLINE_MAX_BYTES:
        return import_commit(job=job, user=user)
    from sodsong.jobs.services import job_enqueue
    from sodsong.survey.tasks import import_commit_task

    job.status = ImportJob.Status.COMMITTING
    job.job_run = job_enqueue(
        task=import_commit_task,
        name=f"นำเข้าข้อมูล {job.original_name}",
        requested_by_id=user.pk,
        import_job_id=job.pk,
    )
    job.save()
    return job
