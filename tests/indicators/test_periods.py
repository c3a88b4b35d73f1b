"""Periods: the directive window (s.193/3, s.193/8), months, fiscal quarters and years."""

from __future__ import annotations

import datetime as dt

import pytest

from sodsong.indicators import periods

D = dt.date


def test_within_30_days_excludes_the_day_of_receipt():
    # Received Monday 3 June 2024 (a holiday in the calendar below is not involved):
    # day 1 is 4 June, day 30 is 3 July 2024 (a Wednesday).
    assert periods.directive_deadline(D(2024, 6, 3), 30, set()) == D(2024, 7, 3)


def test_deadline_on_a_weekend_moves_to_monday():
    # Received Friday 7 June 2024 + 1 day = Saturday 8 June → Monday 10 June.
    assert periods.directive_deadline(D(2024, 6, 7), 1, set()) == D(2024, 6, 10)


def test_deadline_on_a_holiday_moves_past_the_holiday_and_the_weekend():
    holidays = {D(2024, 4, 12), D(2024, 4, 15), D(2024, 4, 16)}
    # 12 April 2024 (Friday) a holiday, then the weekend, then 15 and 16 April: → 17 April.
    assert periods.directive_deadline(D(2024, 4, 2), 10, holidays) == D(2024, 4, 17)


def test_a_window_runs_from_receipt_to_the_deadline():
    window = periods.directive_window(D(2025, 6, 2), 30, set())
    assert window.starts_on == D(2025, 6, 2)
    assert window.ends_on == window.due_on == D(2025, 7, 2)
    assert "30 วัน" in window.name_th


def test_fiscal_year_is_named_by_the_be_year_in_which_it_ends():
    fy = periods.fiscal_year_period(2568)
    assert (fy.starts_on, fy.ends_on) == (D(2024, 10, 1), D(2025, 9, 30))
    assert periods.fiscal_year_of(D(2024, 10, 1)) == 2568
    assert periods.fiscal_year_of(D(2024, 9, 30)) == 2567
    assert fy.name_th == "ปีงบประมาณ พ.ศ. 2568"


@pytest.mark.parametrize(
    ("quarter", "start", "end"),
    [
        (1, D(2024, 10, 1), D(2024, 12, 31)),
        (2, D(2025, 1, 1), D(2025, 3, 31)),
        (3, D(2025, 4, 1), D(2025, 6, 30)),
        (4, D(2025, 7, 1), D(2025, 9, 30)),
    ],
)
def test_fiscal_quarters_start_in_october(quarter, start, end):
    period = periods.fiscal_quarter_period(2568, quarter)
    assert (period.starts_on, period.ends_on) == (start, end)
    assert periods.fiscal_quarter_of(start) == (2568, quarter)
    assert periods.fiscal_quarter_of(end) == (2568, quarter)


def test_months_have_thai_names_in_be():
    month = periods.month_period(2024, 2)
    assert month.ends_on == D(2024, 2, 29)
    assert month.name_th == "เดือนกุมภาพันธ์ 2567"


def test_months_back_crosses_the_year():
    months = periods.months_back(D(2025, 2, 10), 3)
    assert [m.starts_on for m in months] == [D(2024, 12, 1), D(2025, 1, 1), D(2025, 2, 1)]


def test_a_period_cannot_end_before_it_starts():
    with pytest.raises(ValueError):
        periods.custom_period(D(2025, 2, 2), D(2025, 2, 1))


def test_seeded_calendar_moves_a_deadline_over_songkran(db):
    from sodsong.indicators.selectors import holiday_set

    holidays = holiday_set()
    # 13–16 April 2025 are holidays (16 April the substitution day): a deadline of Sunday
    # 13 April moves to Thursday 17 April.
    assert periods.directive_deadline(D(2025, 3, 14), 30, holidays) == D(2025, 4, 17)
