"""Indicator tables as an Excel workbook with Thai headers, for officials who work in Excel.

Numbers stay numbers (so sums and charts work); text is written as explicit strings, never as a
formula, so a value such as "=HYPERLINK(…)" from a form cannot run in someone's Excel. The first
row is the title with the period in B.E.; in demo mode the sheet says "ตัวอย่าง" in its title
note and in the printed header and footer.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

from django.conf import settings
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from sodsong.core import exports
from sodsong.documents.letter import Table
from sodsong.thai.dates import format_thai_date

FONT_NAME = "TH SarabunPSK"
WATERMARK_TEXT = "ตัวอย่าง"
_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
_INVALID_TITLE = str.maketrans({c: " " for c in "[]:*?/\\"})


def period_text(start: dt.date, end: dt.date) -> str:
    """`ระหว่างวันที่ 1 มิถุนายน 2568 ถึง 30 มิถุนายน 2568`."""
    return f"ระหว่างวันที่ {format_thai_date(start)} ถึง {format_thai_date(end)}"


def _text_cell(cell, value: str) -> None:
    exports.xlsx_text(cell, value)  # never a formula, whatever the text starts with


def _sheet_title(title: str, index: int) -> str:
    cleaned = title.translate(_INVALID_TITLE).strip()[:28]
    return cleaned or f"ตาราง {index}"


def indicator_workbook(
    tables: Sequence[Table],
    *,
    title: str,
    period: tuple[dt.date, dt.date] | None = None,
    sheet_names: Sequence[str] | None = None,
    demo: bool | None = None,
) -> bytes:
    """One sheet per table: title row, period row, header row, data, total row."""
    demo = bool(settings.DEMO_MODE) if demo is None else demo
    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for index, table in enumerate(tables, start=1):
        name = _sheet_title(sheet_names[index - 1] if sheet_names else table.title, index)
        while name in used:
            name = f"{name[:25]} {index}"
        used.add(name)
        sheet = workbook.create_sheet(name)
        _write_table(sheet, table, title=title, period=period, demo=demo)
    workbook.properties.title = title
    workbook.properties.language = "th-TH"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_table(sheet, table: Table, *, title: str, period, demo: bool) -> None:
    width = len(table.columns)
    row = 1
    heading = f"{title} — {WATERMARK_TEXT} (ข้อมูลสาธิต)" if demo else title
    _text_cell(sheet.cell(row=row, column=1), heading)
    sheet.cell(row=row, column=1).font = Font(name=FONT_NAME, size=18, bold=True)
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    row += 1
    subtitle = " ".join(
        part for part in (table.title, period_text(*period) if period else "") if part
    )
    if subtitle:
        _text_cell(sheet.cell(row=row, column=1), subtitle)
        sheet.cell(row=row, column=1).font = Font(name=FONT_NAME, size=16)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        row += 1
    row += 1
    header_row = row
    for col, column in enumerate(table.columns, start=1):
        cell = sheet.cell(row=row, column=col)
        _text_cell(cell, column.header)
        cell.font = Font(name=FONT_NAME, size=16, bold=True)
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.row_dimensions[row].height = 42
    body = [(values, False) for values in table.rows]
    if table.total_row:
        body.append((table.total_row, True))
    for values, is_total in body:
        row += 1
        for col, (column, value) in enumerate(zip(table.columns, values, strict=True), start=1):
            cell = sheet.cell(row=row, column=col)
            if isinstance(value, bool) or value is None:
                _text_cell(cell, "" if value is None else str(value))
            elif isinstance(value, int | float):
                cell.value = value
                cell.number_format = "#,##0" if isinstance(value, int) else "#,##0.00"
            else:
                _text_cell(cell, str(value))
            cell.font = Font(name=FONT_NAME, size=16, bold=is_total)
            cell.border = _BORDER
            cell.alignment = Alignment(
                horizontal="right" if column.numeric else "left", vertical="top"
            )
    if table.note:
        row += 2
        _text_cell(sheet.cell(row=row, column=1), table.note)
        sheet.cell(row=row, column=1).font = Font(name=FONT_NAME, size=14, italic=True)
    for col, column in enumerate(table.columns, start=1):
        longest = max(
            [len(str(column.header)) // 2 + 2]
            + [
                len(f"{v[col - 1]:,}" if isinstance(v[col - 1], int) else str(v[col - 1]))
                for v, _ in body
            ]
        )
        sheet.column_dimensions[get_column_letter(col)].width = max(10, min(40, longest + 2))
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=2)
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape" if width > 6 else "portrait"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    if demo:
        for header_footer in (sheet.oddHeader, sheet.evenHeader, sheet.firstHeader):
            header_footer.center.text = WATERMARK_TEXT
            header_footer.center.size = 28
            header_footer.center.color = "A0A0A0"
        sheet.oddFooter.center.text = f"{WATERMARK_TEXT} — ข้อมูลสาธิต"
    sheet.oddFooter.right.text = "หน้า &P / &N"
