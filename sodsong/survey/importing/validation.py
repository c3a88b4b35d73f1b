"""Validating one row of a residents sheet against the villages the user may write in, with
messages in the active language (Thai by default)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from sodsong.geo.models import Area, Level
from sodsong.people.models import DocumentType
from sodsong.people.services import normalize_document_number
from sodsong.survey import access
from sodsong.survey.importing.reading import cell_text
from sodsong.survey.importing.template import (
    DOC_TYPES,
    HEADER,
    KEYS,
    PRIMARY_DOC_TYPES,
    SEXES,
    STATUSES,
)
from sodsong.survey.models import ResidentStatus
from sodsong.survey.services import SurveyError, normalize_phone
from sodsong.thai.countries import country_code
from sodsong.thai.dates import (
    DateParseError,
    PartialDate,
    check_birth,
    parse_birth,
    parse_date,
)
from sodsong.thai.digits import to_arabic_digits
from sodsong.thai.ids import is_non_thai_id13

_PASSPORT = re.compile(r"^[A-Z0-9]{5,20}$")
_VILLAGE = re.compile(r"^\d{8}$")

# Thai mobile numbers as phonenumbers' metadata for TH describes them ((?:14|6[1-6]|[89]\d)\d{7}):
# most rows carry one, and this skips the library's slower general parse for them.
_TH_MOBILE = re.compile(r"^(?:\+66|0)((?:6[1-6]|[89]\d)\d{7})$")
_PHONE_NOISE = re.compile(r"[\s\-().]")

# Free-text cells are stored as they are and come back in exports and letters: text that a
# spreadsheet would run as a formula (=, @, a tab or carriage return first; + or - followed by
# something other than a digit or a space, so that "-" for "none" still passes) is refused.
_FREE_TEXT = (
    "house_no",
    "given_name_latin",
    "family_name_latin",
    "given_name_th",
    "family_name_th",
    "visa_type",
    "employer",
    "occupation",
    "tm30_reference",
)
_FORMULA_FIRST = frozenset("=@+-\t\r")


def looks_like_formula(text: str) -> bool:
    if text[0] in "=@\t\r":
        return True
    return len(text) > 1 and not (text[1].isdigit() or text[1].isspace())


def fast_phone(text: str) -> str:
    """`normalize_phone` with a fast path for Thai mobile numbers (same result)."""
    match = _TH_MOBILE.match(_PHONE_NOISE.sub("", to_arabic_digits(text)))
    if match:
        return "+66" + match.group(1)
    return normalize_phone(text)


@dataclass(slots=True)
class RowResult:
    number: int  # 1-based row number in the sheet, header included
    raw: list[Any]
    values: dict[str, Any] = field(default_factory=dict)
    errors: list[tuple[str, str]] = field(default_factory=list)

    @property
    def reason(self) -> str:
        return "; ".join(f"{HEADER.get(col, col)}: {msg}" for col, msg in self.errors)


_BIRTH_ERRORS = {"invalid": "birth", "too_old": "birth_old", "future": "future"}


def check_birth_cell(
    value: Any, today: dt.date
) -> tuple[int | None, int | None, int | None, str | None]:
    """(year, month, day, error key) of a date-of-birth cell: a spreadsheet date, or text read by
    `sodsong.thai.dates.parse_birth` exactly as the resident form reads it."""
    if value is None or value == "":
        return None, None, None, None
    birth: PartialDate | None
    try:
        if isinstance(value, dt.date):
            day = value.date() if isinstance(value, dt.datetime) else value
            birth = check_birth(PartialDate(day.year, day.month, day.day), today=today)
        else:
            birth = parse_birth(cell_text(value), today=today)
    except DateParseError as exc:
        return None, None, None, _BIRTH_ERRORS[exc.code]
    if birth is None:
        return None, None, None, None
    return birth.year, birth.month, birth.day, None


def _document_number(value: Any) -> str:
    """`normalize_document_number` of a cell, with a fast path for the plain ASCII letters and
    digits that most cells hold."""
    text = cell_text(value)
    if not text or (text.isascii() and text.isalnum()):
        return text.upper()
    return normalize_document_number(text)


class RowValidator:
    """Validates rows against the villages the user may write in; messages in the active
    language (Thai by default).

    Most columns repeat a handful of values over a file (villages, dates, states, statuses), so
    the outcome of checking a text cell is cached per column and distinct value: each distinct
    value is parsed once. Cached outcomes hold message keys, never rows."""

    CACHE_LIMIT = 100_000  # distinct values per column kept

    def __init__(self, user: Any, today: dt.date | None = None) -> None:
        self.today = today or timezone.localdate()
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
            "alpha3": _(
                "Unknown country: write its name in Thai or English, or its code, e.g. MMR."
            ),
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
            "formula": _(
                "The text starts like a spreadsheet formula (=, +, -, @); type it without that "
                "sign."
            ),
        }
        self._caches: dict[str, dict[str, Any]] = {}
        self._bound: tuple[dict[str, int], tuple[int | None, ...]] | None = None

    # --- per-value checks (pure: the same cell gives the same outcome) -------------------------

    def _cached(self, name: str, check: Callable[[Any], Any], value: Any) -> Any:
        """check(value), looked up per distinct text value (other types are checked each time:
        1, 1.0 and True are equal as keys but not as cells)."""
        if type(value) is not str:
            return check(value)
        cache = self._caches.get(name)
        if cache is None:
            cache = self._caches[name] = {}
        outcome = cache.get(value)
        if outcome is None:
            outcome = check(value)
            if len(cache) < self.CACHE_LIMIT:
                cache[value] = outcome
        return outcome

    def _check_village(self, value: Any) -> tuple[int | None, str, str | None]:
        code = to_arabic_digits(cell_text(value))
        if not code:
            return None, "", "required"
        pk = self.villages.get(code)
        if pk is not None:
            return pk, code, None
        return None, code, "village_outside" if code in self.outside else "village_unknown"

    def _check_date(self, value: Any, future_ok: bool) -> tuple[dt.date | None, str | None]:
        if value is None or value == "":
            return None, None
        if isinstance(value, dt.datetime):
            day = value.date()
        elif isinstance(value, dt.date):
            day = value
        else:
            try:
                day = parse_date(cell_text(value), today=self.today)
            except DateParseError:
                return None, "date"
        if not future_ok and day > self.today:
            return None, "future"
        return day, None

    def _check_expiry(self, value: Any) -> tuple[dt.date | None, str | None]:
        return self._check_date(value, True)

    def _check_past(self, value: Any) -> tuple[dt.date | None, str | None]:
        return self._check_date(value, False)

    def _check_birth(self, value: Any) -> tuple[int | None, int | None, int | None, str | None]:
        return check_birth_cell(value, self.today)

    def _check_alpha3(self, value: Any) -> tuple[str, str | None]:
        """(code, error key); an empty cell gives ("", "required") for the caller to judge."""
        text = cell_text(value)
        if not text:
            return "", "required"
        code = country_code(text)  # a Thai or English name, or the code (issue 20)
        if not code:
            return "", "alpha3"
        return code, None

    def _check_doc_type(self, value: Any) -> tuple[str | None, str | None]:
        text = cell_text(value)
        doc_type = DOC_TYPES.get(text) or (
            text.lower() if text.lower() in PRIMARY_DOC_TYPES else None
        )
        if doc_type:
            return doc_type, None
        return None, "doc_type" if text else "required"

    def _check_sex(self, value: Any) -> tuple[str, str | None]:
        sex = SEXES.get(cell_text(value).lower())
        return (sex, None) if sex is not None else ("", "sex")

    def _check_status(self, value: Any) -> tuple[str, str | None]:
        text = cell_text(value)
        status = STATUSES.get(text) or (text if text in ResidentStatus.values else None)
        if text and status is None:
            return ResidentStatus.LIVING, "status"
        return status or ResidentStatus.LIVING, None

    # --- the row -----------------------------------------------------------------------------

    def _indexes(self, columns: dict[str, int]) -> tuple[int | None, ...]:
        if self._bound is None or self._bound[0] is not columns:
            self._bound = (columns, tuple(columns.get(key) for key in KEYS))
        return self._bound[1]

    def validate(self, number: int, raw: list[Any], columns: dict[str, int]) -> RowResult:
        width = len(raw)
        cells = [raw[i] if i is not None and i < width else None for i in self._indexes(columns)]
        (
            village_cell,
            house_cell,
            given_latin,
            family_latin,
            given_th,
            family_th,
            sex_cell,
            birth_cell,
            nationality_cell,
            doc_type_cell,
            doc_state_cell,
            doc_number_cell,
            doc_expires_cell,
            visa_type_cell,
            visa_number_cell,
            visa_expires_cell,
            wp_number_cell,
            employer_cell,
            wp_expires_cell,
            occupation_cell,
            phone_cell,
            moved_in_cell,
            tm30_cell,
            tm30_reference_cell,
            status_cell,
        ) = cells
        msg = self.msg
        cached = self._cached
        result = RowResult(number=number, raw=raw)
        errors = result.errors
        v: dict[str, Any] = result.values

        area_id, code, error = cached("village", self._check_village, village_cell)
        if error:
            errors.append(("village_code", msg[error]))
        else:
            v["area_id"] = area_id
            v["village_code"] = code
        v["house_no"] = cell_text(house_cell)[:40]
        v["given_name_latin"] = cell_text(given_latin)[:120]
        v["family_name_latin"] = cell_text(family_latin)[:120]
        v["given_name_th"] = cell_text(given_th)[:120]
        v["family_name_th"] = cell_text(family_th)[:120]
        if not (v["given_name_latin"] or v["given_name_th"]):
            errors.append(("given_name_latin", msg["name"]))
        v["sex"], error = cached("sex", self._check_sex, sex_cell)
        if error:
            errors.append(("sex", msg[error]))
        year, month, day, error = cached("birth", self._check_birth, birth_cell)
        if error:
            errors.append(("birth_date", msg[error]))
        v["birth_year"], v["birth_month"], v["birth_day"] = year, month, day
        nationality, error = cached("alpha3", self._check_alpha3, nationality_cell)
        if error == "alpha3":
            errors.append(("nationality", msg[error]))
        v["nationality"] = nationality
        doc_type, error = cached("doc_type", self._check_doc_type, doc_type_cell)
        if error:
            errors.append(("doc_type", msg[error]))
        v["doc_type"] = doc_type
        state, error = cached("alpha3", self._check_alpha3, doc_state_cell)
        if error == "alpha3" or (error == "required" and doc_type != DocumentType.THAI_ID):
            errors.append(("doc_state", msg[error]))
        v["doc_state"] = state or ("THA" if doc_type == DocumentType.THAI_ID else "")
        doc_number = _document_number(doc_number_cell)
        if not doc_number:
            errors.append(("doc_number", msg["required"]))
        elif doc_type == DocumentType.PASSPORT and not _PASSPORT.match(doc_number):
            errors.append(("doc_number", msg["passport"]))
        elif doc_type == DocumentType.THAI_ID and not is_non_thai_id13(doc_number):
            errors.append(("doc_number", msg["id13"]))
        v["doc_number"] = doc_number
        expiry = self._check_expiry
        v["doc_expires_on"], error = cached("expiry", expiry, doc_expires_cell)
        if error:
            errors.append(("doc_expires_on", msg[error]))
        v["visa_type"] = cell_text(visa_type_cell)[:60]
        v["visa_number"] = _document_number(visa_number_cell)
        v["visa_expires_on"], error = cached("expiry", expiry, visa_expires_cell)
        if error:
            errors.append(("visa_expires_on", msg[error]))
        if v["visa_expires_on"] and not v["visa_number"]:
            errors.append(("visa_number", msg["visa_number"]))
        v["work_permit_number"] = _document_number(wp_number_cell)
        v["employer"] = cell_text(employer_cell)[:200]
        v["work_permit_expires_on"], error = cached("expiry", expiry, wp_expires_cell)
        if error:
            errors.append(("work_permit_expires_on", msg[error]))
        if (v["employer"] or v["work_permit_expires_on"]) and not v["work_permit_number"]:
            errors.append(("work_permit_number", msg["wp_number"]))
        v["occupation"] = cell_text(occupation_cell)[:120]
        phone = cell_text(phone_cell)
        v["phone"] = ""
        if phone:
            try:
                v["phone"] = fast_phone(phone)
            except SurveyError:
                errors.append(("phone", msg["phone"]))
        past = self._check_past
        moved_in, error = cached("past", past, moved_in_cell)
        if error:
            errors.append(("moved_in_on", msg[error]))
        notified, error = cached("past", past, tm30_cell)
        if error:
            errors.append(("tm30_notified_on", msg[error]))
        if notified and moved_in and notified < moved_in:
            errors.append(("tm30_notified_on", msg["tm30_before"]))
        v["moved_in_on"] = moved_in
        v["tm30_notified_on"] = notified
        v["tm30_reference"] = cell_text(tm30_reference_cell)[:60]
        v["status"], error = cached("status", self._check_status, status_cell)
        if error:
            errors.append(("status", msg[error]))
        for key in _FREE_TEXT:
            text = v[key]
            if text and text[0] in _FORMULA_FIRST and looks_like_formula(text):
                errors.append((key, msg["formula"]))
        return result
