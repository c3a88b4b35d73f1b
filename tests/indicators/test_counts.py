"""The ministry's completeness figures (issue 20): one province is one province, counted on its
latest period, whatever older periods it has; submitted, on time and approved are parts of it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sodsong.geo.models import Area
from sodsong.indicators import selectors
from sodsong.indicators.models import Report, ReportingPeriod, ReportLevel, ReportStatus

pytestmark = pytest.mark.django_db


def _period(province: Area, starts: dt.date, name: str) -> ReportingPeriod:
    return ReportingPeriod.objects.create(
        province=province,
        kind="month",
        name_th=name,
        starts_on=starts,
        ends_on=starts + dt.timedelta(days=27),
        district_due_on=starts + dt.timedelta(days=30),
        province_due_on=starts + dt.timedelta(days=35),
    )


def _report(period: ReportingPeriod, status: str, *, late: bool = False) -> Report:
    due = period.province_due_on
    at = dt.datetime.combine(due + dt.timedelta(days=3 if late else -1), dt.time(10))
    return Report.objects.create(
        period=period,
        area=period.province,
        level=ReportLevel.PROVINCE,
        status=status,
        submitted_at=timezone.make_aware(at) if status != ReportStatus.DRAFT else None,
    )


def test_national_completeness_counts_each_province_once_on_its_latest_period():
    songkhla = Area.objects.get(code="90")
    bangkok = Area.objects.get(code="10")
    # Songkhla: an old approved period and the latest one submitted late.
    old = _period(songkhla, dt.date(2024, 1, 1), "ม.ค.")
    new = _period(songkhla, dt.date(2024, 2, 1), "ก.พ.")
    _report(old, ReportStatus.APPROVED)
    _report(new, ReportStatus.SUBMITTED, late=True)
    # Bangkok: the latest period was returned for correction; an older one was approved.
    old_b = _period(bangkok, dt.date(2024, 1, 1), "ม.ค.")
    new_b = _period(bangkok, dt.date(2024, 2, 1), "ก.พ.")
    _report(old_b, ReportStatus.APPROVED)
    _report(new_b, ReportStatus.RETURNED)
    done = selectors.national_completeness([old, new, old_b, new_b])
    # By hand: 2 provinces; Songkhla submitted (late, not approved yet); Bangkok not submitted.
    assert (done.expected, done.submitted, done.on_time, done.approved) == (2, 1, 0, 0)


def test_national_completeness_never_shows_more_submitted_than_expected():
    done = selectors.national_completeness(ReportingPeriod.objects.all())
    assert done.approved <= done.submitted <= done.expected
    assert done.on_time <= done.submitted
