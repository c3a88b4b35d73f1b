"""Due dates: the first day is not counted, a day off moves the end, repeating dates make a series."""

from __future__ import annotations

import datetime as dt

import pytest

from sodsong.directives.deadlines import DeadlineError, due_dates, validate

FRIDAY = dt.date(2024, 6, 14)


def test_within_n_days_does_not_count_the_day_of_receipt():
    # Received Wednesday 3 July 2024: day one is 4 July, day 7 is Wednesday 10 July.
    assert due_dates("P7D", received_on=dt.date(2024, 7, 3), holidays=set()) == [
        dt.date(2024, 7, 10)
    ]


def test_a_deadline_on_a_weekend_moves_to_the_next_working_day():
    # 14 June + 30 days = Sunday 14 July 2024 → Monday 15 July.
    assert due_dates("P30D", received_on=FRIDAY, holidays=set()) == [dt.date(2024, 7, 15)]


def test_a_deadline_on_an_official_holiday_moves_past_it():
    # Monday 15 July is made a holiday: the period ends on Tuesday 16 July.
    holidays = {dt.date(2024, 7, 15)}
    assert due_dates("P30D", received_on=FRIDAY, holidays=holidays) == [dt.date(2024, 7, 16)]


def test_the_fixed_holiday_calendar_is_used_when_none_is_given():
    # Received 25 July 2024: + 3 days = Sunday 28 July (the King's birthday) → Monday 29 July.
    assert due_dates("P3D", received_on=dt.date(2024, 7, 25)) == [dt.date(2024, 7, 29)]


def test_a_printed_date_stays_as_printed():
    assert due_dates("2024-07-15", received_on=FRIDAY) == [dt.date(2024, 7, 15)]
    assert due_dates("2024-07-15T16:30", received_on=FRIDAY) == [dt.date(2024, 7, 15)]


def test_a_monthly_deadline_becomes_a_series_from_receipt_on():
    dates = due_dates("R/2024-05-25/P1M", received_on=FRIDAY, repeat_count=3)
    assert dates == [dt.date(2024, 6, 25), dt.date(2024, 7, 25), dt.date(2024, 8, 25)]


def test_a_weekly_deadline_and_an_interval():
    assert due_dates("R/2024-06-17/P7D", received_on=FRIDAY, repeat_count=2) == [
        dt.date(2024, 6, 17),
        dt.date(2024, 6, 24),
    ]
    assert due_dates("2024-08-01/2024-08-31", received_on=FRIDAY) == [dt.date(2024, 8, 31)]


def test_no_deadline_and_a_malformed_one():
    assert due_dates("", received_on=FRIDAY) == []
    with pytest.raises(DeadlineError):
        validate("ภายในเร็ววัน")
    with pytest.raises(DeadlineError):
        validate("2024-02-30")
