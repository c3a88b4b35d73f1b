"""Reading a residents sheet: the rows of an XLSX/XLS/ODS (python-calamine) or CSV file, header
first, and the header's columns matched to the template's keys."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from sodsong.core import uploads
from sodsong.core.sheet_reader import SheetReadError, read_isolated
from sodsong.survey.importing.template import COLUMNS, KEYS, LEGACY_HEADERS
from sodsong.survey.services import SurveyError


def header_map(header_row: list[Any]) -> dict[str, int]:
    by_name = LEGACY_HEADERS | {header: key for key, header in COLUMNS} | {key: key for key in KEYS}
    mapping: dict[str, int] = {}
    for index, value in enumerate(header_row):
        name = str(value or "").strip()
        key = by_name.get(name) or by_name.get(name.lower())
        if key and key not in mapping:
            mapping[key] = index
    return mapping


class ImportFileError(SurveyError):
    """The file cannot be read as a residents sheet."""


# The reading's own ceiling (the upload's is jobs.IMPORT_MAX_BYTES): a command or the benchmark
# imports files larger than an upload may be.
READ_MAX_BYTES = 2 * 1024 * 1024 * 1024

_READ_ERRORS = {
    "encoding": lambda: _(
        "The text is neither UTF-8 nor Thai (TIS-620 / Windows-874). Save the file as "
        '"CSV UTF-8" and upload it again.'
    ),
    "too_large": lambda: _("The file has more columns than a residents sheet can have."),
    "memory": lambda: _(
        "Reading the file needed more memory than allowed: it is too large or malformed. Delete "
        "the empty rows and columns after the data, or split the file."
    ),
}


def open_rows(data: bytes, name: str) -> tuple[int, Iterator[list[Any]]]:
    """(number of data rows, rows of the first sheet header first) of an XLSX/XLS/ODS or CSV.

    The bytes are checked first (kind, ZIP bomb, XML entities, the sheet's rectangle: see
    sodsong.core.uploads), then read by a separate process under a memory limit, so that no file
    can take this process down (issue #17 H5)."""
    try:
        checked = uploads.check_spreadsheet(data, name, max_bytes=READ_MAX_BYTES)
        stream = read_isolated(data, checked.kind, memory_mb=settings.UPLOAD_READER_MEMORY_MB)
    except uploads.UploadRefused as exc:
        raise ImportFileError(str(exc)) from exc
    except SheetReadError as exc:
        raise ImportFileError(_read_error(exc)) from exc
    return stream.total, _reported(stream.rows)


def _read_error(exc: SheetReadError) -> str:
    message = _READ_ERRORS.get(exc.code)
    return message() if message else _("The file is not a readable Excel or CSV file.")


def _reported(rows: Iterator[list[Any]]) -> Iterator[list[Any]]:
    """The rows; a failure of the reader half-way becomes the file's error."""
    try:
        yield from rows
    except SheetReadError as exc:
        raise ImportFileError(_read_error(exc)) from exc


def read_rows(data: bytes, name: str) -> Iterator[list[Any]]:
    return open_rows(data, name)[1]


def cell_text(value: Any) -> str:
    if type(value) is str:
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
