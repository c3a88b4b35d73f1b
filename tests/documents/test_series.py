"""Running numbers: per agency, per calendar year, a separate series for circulars (ว)."""

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import translation

from sodsong.accounts.models import Agency, AgencyKind
from sodsong.documents.models import DocumentSeries, SeriesKind
from sodsong.documents.services import (
    NumberingError,
    letter_number_allocate,
    series_next_number,
)


@pytest.fixture
def province_office(db):
    return Agency.objects.create(
        kind=AgencyKind.PROVINCIAL_ADMIN, name_th="ที่ทำการปกครองจังหวัดทดสอบ", letter_code="สน 0017.1"
    )


@pytest.fixture
def district_office(db):
    return Agency.objects.create(
        kind=AgencyKind.DISTRICT_OFFICE, name_th="ที่ว่าการอำเภอทดสอบ", letter_code="สน 0318"
    )


def test_numbers_run_one_two_three(province_office):
    numbers = [series_next_number(agency=province_office, year=2025) for _ in range(3)]
    assert numbers == [1, 2, 3]


def test_circulars_have_their_own_series(province_office):
    series_next_number(agency=province_office, year=2025)
    series_next_number(agency=province_office, year=2025)
    assert series_next_number(agency=province_office, year=2025, circular=True) == 1
    assert series_next_number(agency=province_office, year=2025) == 3
    kinds = set(
        DocumentSeries.objects.filter(agency=province_office).values_list("kind", flat=True)
    )
    assert kinds == {SeriesKind.REGULAR, SeriesKind.CIRCULAR}


def test_numbers_restart_each_calendar_year_not_fiscal_year(province_office):
    # 30 September and 1 October are the same calendar year, though a new fiscal year.
    first = letter_number_allocate(agency=province_office, on=dt.date(2025, 9, 30))
    second = letter_number_allocate(agency=province_office, on=dt.date(2025, 10, 1))
    new_year = letter_number_allocate(agency=province_office, on=dt.date(2026, 1, 2))
    assert (first.running, second.running, new_year.running) == (1, 2, 1)


def test_each_agency_numbers_on_its_own(province_office, district_office):
    series_next_number(agency=province_office, year=2025)
    assert series_next_number(agency=district_office, year=2025) == 1


def test_allocated_number_carries_the_agency_code(province_office):
    number = letter_number_allocate(agency=province_office, on=dt.date(2025, 6, 1), circular=True)
    assert number.text() == "สน ๐๐๑๗.๑/ว ๑"


def test_agency_without_a_letter_code_gets_a_thai_message(db):
    agency = Agency.objects.create(kind=AgencyKind.OTHER, name_th="หน่วยงานไม่มีรหัส")
    with translation.override("th"), pytest.raises(NumberingError) as caught:
        letter_number_allocate(agency=agency, on=dt.date(2025, 6, 1))
    assert "รหัส" in str(caught.value)
    assert DocumentSeries.objects.filter(agency=agency).count() == 0


def test_buddhist_era_year_is_refused(province_office):
    with pytest.raises(NumberingError):
        series_next_number(agency=province_office, year=2568)


def test_a_number_taken_inside_a_rolled_back_transaction_is_given_again(province_office):
    from django.db import transaction

    series_next_number(agency=province_office, year=2025)
    with pytest.raises(RuntimeError), transaction.atomic():
        series_next_number(agency=province_office, year=2025)
        raise RuntimeError("the letter was not saved")
    assert series_next_number(agency=province_office, year=2025) == 2


def test_series_query_locks_the_row_on_postgresql(province_office):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if connection.vendor != "postgresql":
        pytest.skip("FOR UPDATE is PostgreSQL's lock; SQLite serialises by IMMEDIATE transactions")
    series_next_number(agency=province_office, year=2025)
    with CaptureQueriesContext(connection) as queries:
        series_next_number(agency=province_office, year=2025)
    assert any("FOR UPDATE" in q["sql"] for q in queries.captured_queries)


def test_parallel_processes_never_get_the_same_number(tmp_path):
    """Four processes take 15 numbers each from one series in a file database at once."""
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("the script drives its own SQLite file")
    script = Path(__file__).with_name("series_race.py")
    env = {
        **os.environ,
        "SODSONG_DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "sodsong.settings",
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(  # noqa: S603  (our own interpreter and script)
        [sys.executable, str(script), str(tmp_path / "race.sqlite3"), "4", "15"],
        capture_output=True,
        text=True,
        env=env,
        timeout=240,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    numbers = json.loads(result.stdout.strip().splitlines()[-1])
    assert numbers == list(range(1, 61))
