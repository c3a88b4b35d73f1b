"""Reading a residents sheet: the rows of an XLSX/XLS/ODS (python-calamine) or CSV file, header
first, and the header's columns matched to the template's keys."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _

from sodsong.survey.importing.template import COLUMNS, KEYS
from sodsong.survey.services import SurveyError


def header_map(header_row: list[Any]) -> dict[str, int]:
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


def cell_text(value: Any) -> str:
    if type(value) is str:
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
