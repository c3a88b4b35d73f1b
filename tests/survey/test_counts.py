"""Counts that must agree with each other (issue 20): each figure has one definition, checked
against a fixture counted by hand. A village counts as submitted while its submission waits for
the district or is approved; on time only among those; a returned one is back with the headman."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sodsong.survey import selectors, services
from sodsong.survey.models import Submission, SurveyRound

pytestmark = pytest.mark.django_db


def test_round_counts_match_a_hand_counted_fixture(personas):
    district = personas.district.role_assignments.get(role="district").areas.get()
    today = timezone.localdate()
    survey_round = services.round_open(
        user=personas.district,
        name="รอบนับมือ",
        area=district,
        starts_on=today - dt.timedelta(days=20),
        ends_on=today - dt.timedelta(days=10),
    )
    s = list(survey_round.submissions.order_by("area__code"))
    assert len(s) >= 6
    early = timezone.now() - dt.timedelta(days=15)
    late = timezone.now() - dt.timedelta(days=2)
    plan = [
        (Submission.Status.SUBMITTED, early),  # submitted, on time
        (Submission.Status.APPROVED, early),  # submitted, on time, approved
        (Submission.Status.APPROVED, late),  # submitted, late, approved
        (Submission.Status.RETURNED, early),  # returned: not submitted, not on time
        (Submission.Status.DRAFT, early),  # withdrawn to draft with an old date: not counted
        (Submission.Status.SUBMITTED, late),  # submitted, late
    ]
    for sub, (status, at) in zip(s, plan, strict=False):
        Submission.objects.filter(pk=sub.pk).update(status=status, submitted_at=at)
    rows = selectors.completeness(
        user=personas.district, survey_round=survey_round, level="village"
    )
    total = selectors.completeness_total(rows)
    assert (total.expected, total.submitted, total.on_time, total.approved, total.returned) == (
        len(s),
        4,
        2,
        2,
        1,
    )
    for row in rows:
        assert row.on_time <= row.submitted and row.approved <= row.submitted


def test_demo_round_never_shows_more_on_time_than_submitted(personas):
    for survey_round in SurveyRound.objects.all():
        rows = selectors.completeness(
            user=personas.province, survey_round=survey_round, level="district"
        )
        total = selectors.completeness_total(rows)
        assert total.on_time <= total.submitted <= total.expected


def test_the_headmans_completeness_row_names_his_village(personas, login):
    from tests.survey.conftest import own_village

    village = own_village(personas.headman)
    survey_round = next(
        r for r in SurveyRound.objects.all() if r.submissions.filter(area=village).exists()
    )
    html = login(personas.headman).get(f"/survey/rounds/{survey_round.uuid}/").content.decode()
    assert f'aria-label="{village.name_th}:' in html
