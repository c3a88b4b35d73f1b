"""Spreadsheet exports safe against formula injection (issue #12, #17 M10): the one place that
decides how a text cell reaches a CSV or XLSX file, for every export (the audit CSV, the
residents CSV and XLSX, the rejected rows of an import, the indicator workbook).

A cell that starts with = + - @, a tab or a carriage return is a formula to Excel, LibreOffice
and Google Sheets (a tab or CR before the = is skipped by some of them).
- CSV: such a cell gets a leading apostrophe, which the programs show as text. An E.164 phone
  number (+66812345678), which Sodsong validates on the way in, is left as it is.
- XLSX: every text cell is an explicit string (never a formula, whatever it holds), and one that
  looks like a formula also carries Excel's quote prefix, so it stays text when someone edits it
  or saves the sheet again as CSV. The text itself is not changed.
"""

from __future__ import annotations

import re
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_E164 = re.compile(r"\+[1-9][0-9]{6,14}")


def looks_like_formula(value: str) -> bool:
    return value.startswith(FORMULA_STARTS) and not _E164.fullmatch(value)


def csv_cell(value: Any) -> str:
    """The text of one CSV cell."""
    text = "" if value is None else str(value)
    return "'" + text if looks_like_formula(text) else text


def csv_row(values: Any) -> list[str]:
    return [csv_cell(v) for v in values]


def xlsx_text(cell: Any, value: Any) -> Any:
    """Sets an openpyxl cell (also a write-only cell) to the text, as a string and never a
    formula; returns the cell."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, TYPE_STRING

    text = ILLEGAL_CHARACTERS_RE.sub("", "" if value is None else str(value))
    cell.value = text
    cell.data_type = TYPE_STRING
    if looks_like_formula(text):
        cell.quotePrefix = True
    return cell


def xlsx_row(sheet: Any, values: Any) -> list[Any]:
    """Write-only cells of a row of text (for `sheet.append`)."""
    from openpyxl.cell import WriteOnlyCell

    return [xlsx_text(WriteOnlyCell(sheet), v) for v in values]
