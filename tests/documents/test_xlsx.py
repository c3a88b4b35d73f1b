"""Indicator tables in Excel: Thai headers, numbers as numbers, text never a formula."""

import datetime as dt
import io

from openpyxl import load_workbook

from sodsong.documents.letter import Column, Table
from sodsong.documents.xlsx import indicator_workbook

TABLE = Table(
    title="ผลการดำเนินงานรายอำเภอ",
    columns=(Column("อำเภอ"), Column("หมู่บ้านที่สำรวจ", numeric=True), Column("ร้อยละ", numeric=True)),
    rows=(("เมืองสกลนคร", 227, 95.78), ('=HYPERLINK("http://x","คลิก")', 5, 1.5), ("+1+1", 0, 0.0)),
    total_row=("รวม", 232, 48.64),
)


def _sheet(**kwargs):
    data = indicator_workbook(
        [TABLE],
        title="รายงานผลการดำเนินงาน จังหวัดสกลนคร",
        period=(dt.date(2025, 6, 1), dt.date(2025, 6, 30)),
        **kwargs,
    )
    return load_workbook(io.BytesIO(data)).active


def _find(sheet, value):
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value == value:
                return cell
    raise AssertionError(value)


def test_title_row_carries_the_period_in_buddhist_era():
    sheet = _sheet(demo=False)
    assert sheet["A1"].value == "รายงานผลการดำเนินงาน จังหวัดสกลนคร"
    assert "1 มิถุนายน 2568" in sheet["A2"].value and "30 มิถุนายน 2568" in sheet["A2"].value


def test_headers_are_thai_bold_and_shaded():
    header = _find(_sheet(demo=False), "หมู่บ้านที่สำรวจ")
    assert header.font.b
    assert header.fill.fgColor.rgb.endswith("D9D9D9")


def test_numbers_stay_numbers():
    sheet = _sheet(demo=False)
    cell = _find(sheet, 227)
    assert cell.data_type == "n"
    assert isinstance(_find(sheet, 95.78).value, float)


def test_text_that_looks_like_a_formula_is_stored_as_text():
    sheet = _sheet(demo=False)
    for text in ('=HYPERLINK("http://x","คลิก")', "+1+1"):
        assert _find(sheet, text).data_type == "s"


def test_columns_are_wide_enough_for_the_district_names():
    sheet = _sheet(demo=False)
    assert sheet.column_dimensions["A"].width >= 12


def test_demo_workbook_says_it_is_a_sample():
    sheet = _sheet(demo=True)
    assert "ตัวอย่าง" in sheet["A1"].value
    assert sheet.oddHeader.center.text == "ตัวอย่าง"


def test_real_workbook_has_no_sample_mark(settings):
    settings.DEMO_MODE = False
    data = indicator_workbook([TABLE], title="รายงาน")
    sheet = load_workbook(io.BytesIO(data)).active
    assert "ตัวอย่าง" not in sheet["A1"].value
    assert not sheet.oddHeader.center.text
