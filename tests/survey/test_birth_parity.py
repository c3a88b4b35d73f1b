"""The resident form and the residents importer read a date of birth with the same rules
(sodsong.thai.dates.parse_birth): whatever one accepts the other accepts with the same value, and
what one refuses the other refuses for the same reason. Before, the form refused 1990-04 and
future or pre-1900 years it now shares with the importer."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from hypothesis import given
from hypothesis import strategies as st

from sodsong.survey.forms import BirthField
from sodsong.survey.importing.validation import check_birth_cell
from sodsong.thai.dates import be_year
from sodsong.thai.digits import to_thai_digits

TODAY = dt.date(2026, 12, 5)
IMPORT_TO_FORM = {"birth": "invalid", "birth_old": "too_old", "future": "future"}


def form_reads(text: str):
    field = BirthField(today=TODAY, required=False, max_length=40)
    try:
        return field.clean(text), None
    except forms.ValidationError as exc:
        return (None, None, None), exc.code


def import_reads(value):
    year, month, day, error = check_birth_cell(value, TODAY)
    return (year, month, day), IMPORT_TO_FORM.get(error) if error else None


@st.composite
def typed_births(draw):
    """What people type: a year, month/year, year-month or a full date, either era, either
    digits, some of it out of range or malformed."""
    year = draw(st.integers(min_value=1850, max_value=2600))
    month = draw(st.integers(min_value=0, max_value=13))
    day = draw(st.integers(min_value=0, max_value=32))
    shown = be_year(year) if draw(st.booleans()) and year < 2100 else year
    sep = draw(st.sampled_from(["/", "-", ".", " / "]))
    text = draw(
        st.sampled_from(
            [
                f"{shown}",
                f"{month}{sep}{shown}",
                f"{month:02d}{sep}{shown}",
                f"{shown}-{month:02d}",
                f"{day}{sep}{month}{sep}{shown}",
                f"{day}{sep}{month}{sep}{shown % 100:02d}",
                f"{shown}-{month:02d}-{day:02d}",
            ]
        )
    )
    if draw(st.booleans()):
        text = to_thai_digits(text)
    return draw(st.sampled_from([text, f" {text} ", text + "x"]))


@given(typed_births())
def test_the_form_and_the_importer_read_typed_dates_of_birth_alike(text):
    assert form_reads(text) == import_reads(text)


@given(st.text(max_size=12))
def test_the_form_and_the_importer_agree_on_any_text(text):
    if "\x00" in text:  # the form refuses null characters before reading the date
        return
    assert form_reads(text) == import_reads(text)


@given(st.dates(min_value=dt.date(1850, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_a_spreadsheet_date_cell_reads_as_the_same_date_typed(day):
    assert import_reads(day) == form_reads(f"{day.day}/{day.month}/{day.year}")


@pytest.mark.parametrize(("cell", "typed"), [(2533, "2533"), (1990.0, "1990"), (2570, "2570")])
def test_a_number_cell_reads_as_the_year_typed(cell, typed):
    assert import_reads(cell) == form_reads(typed)


def test_the_form_now_takes_what_the_importer_took_and_refuses_what_it_refused():
    assert form_reads("1990-04") == ((1990, 4, None), None)  # the form refused it before
    assert form_reads("2570") == ((None, None, None), "future")  # the form stored it before
    assert form_reads("1850") == ((None, None, None), "too_old")
