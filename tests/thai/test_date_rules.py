"""The one set of Thai date rules (sodsong/thai/dates.py): eras, two-digit years, partial dates of
birth, and round trips through what people type. Pure: no database."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sodsong.thai.dates import (
    BE_OFFSET,
    DateParseError,
    PartialDate,
    be_year,
    ce_year,
    era_of,
    format_thai_date,
    parse_birth,
    parse_date,
)
from sodsong.thai.digits import to_thai_digits

TODAY = dt.date(2026, 12, 5)  # B.E. 2569
dates = st.dates(min_value=dt.date(1901, 1, 1), max_value=dt.date(2399, 12, 31))
# Dates a two-digit B.E. year reaches from TODAY: B.E. 2480–2579.
two_digit_dates = st.dates(min_value=dt.date(1937, 1, 1), max_value=dt.date(2036, 12, 31))
separators = st.sampled_from(["/", "-", "."])


@given(st.integers(min_value=1858, max_value=2400))  # B.E. above 2400
def test_a_year_and_its_buddhist_era_year_are_the_same_year(year):
    assert ce_year(year) == year
    assert ce_year(be_year(year)) == year
    assert ce_year(year + BE_OFFSET, era="be") == year
    assert ce_year(year, era="ce") == year


@given(dates, separators, st.booleans(), st.booleans())
def test_day_month_year_round_trips_in_either_era_and_either_digits(day, sep, be, thai):
    year = be_year(day.year) if be else day.year
    text = f"{day.day}{sep}{day.month}{sep}{year}"
    assert parse_date(to_thai_digits(text) if thai else text, today=TODAY) == day


@given(dates, st.booleans(), st.booleans())
def test_a_formatted_thai_date_reads_back(day, short, thai):
    assert parse_date(format_thai_date(day, short=short, thai_digits=thai), today=TODAY) == day


@given(two_digit_dates, separators)
def test_two_digit_years_are_buddhist_era_within_ten_years_ahead(day, sep):
    text = f"{day.day}{sep}{day.month}{sep}{be_year(day.year) % 100:02d}"
    assert parse_date(text, today=TODAY) == day


def test_the_two_digit_window_ends_ten_years_after_this_year():
    assert ce_year(69, today=TODAY) == 2026  # 2569
    assert ce_year(79, today=TODAY) == 2036  # 2579, ten years ahead
    assert ce_year(80, today=TODAY) == 1937  # 2480
    assert ce_year(5, today=dt.date(2052, 1, 1)) == 2062  # B.E. 2595: 05 → 2605


def test_eras_written_next_to_the_year_decide():
    assert era_of("พ.ศ.") == era_of("พศ") == era_of("B.E.") == "be"
    assert era_of("ค.ศ.") == era_of("A.D.") == era_of("ce") == "ce"
    assert era_of(None) is None
    assert ce_year(22, era="ce", today=TODAY) == 2022
    assert ce_year(65, era="be", today=TODAY) == 2022
    # Free text (SMS) also writes C.E. two-digit years: 00–49 C.E., 50–99 B.E.
    assert ce_year(22, today=TODAY, two_digit="mixed") == 2022
    assert ce_year(63, today=TODAY, two_digit="mixed") == 2020
    assert ce_year(22, today=TODAY) == 1979  # a form: B.E. 2522


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2533", PartialDate(1990)),
        ("1990", PartialDate(1990)),
        ("๒๕๓๓", PartialDate(1990)),
        ("04/2533", PartialDate(1990, 4)),
        ("4-1990", PartialDate(1990, 4)),
        ("1990-04", PartialDate(1990, 4)),
        ("15/04/2533", PartialDate(1990, 4, 15)),
        ("1990-04-15", PartialDate(1990, 4, 15)),
        ("15 เม.ย. 33", PartialDate(1990, 4, 15)),
        ("  ", None),
    ],
)
def test_dates_of_birth_may_be_partial(text, expected):
    assert parse_birth(text, today=TODAY) == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("13/2533", "invalid"),
        ("1990-13", "invalid"),
        ("31/02/2533", "invalid"),
        ("soon", "invalid"),
        ("1899", "too_old"),
        ("2441", "too_old"),  # B.E. 2441 = 1898
        ("2570", "future"),
        ("01/2027", "future"),
        ("6/12/2569", "future"),
    ],
)
def test_a_date_of_birth_lies_between_1900_and_today(text, code):
    with pytest.raises(DateParseError) as caught:
        parse_birth(text, today=TODAY)
    assert caught.value.code == code


@given(
    st.dates(min_value=dt.date(1900, 1, 1), max_value=TODAY),
    st.sampled_from(["year", "month", "day"]),
    st.booleans(),
    st.booleans(),
)
def test_any_date_of_birth_up_to_today_round_trips_in_every_form(day, known, be, thai):
    year = be_year(day.year) if be else day.year
    text, expected = {
        "year": (f"{year}", PartialDate(day.year)),
        "month": (f"{day.month:02d}/{year}", PartialDate(day.year, day.month)),
        "day": (f"{day.day}/{day.month}/{year}", PartialDate(day.year, day.month, day.day)),
    }[known]
    assert parse_birth(to_thai_digits(text) if thai else text, today=TODAY) == expected
