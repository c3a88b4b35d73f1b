"""Rounds: the district opens, the headman submits, the district approves or returns with a
comment; completeness per village, sub-district and district, as a table and a chart."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sodsong.geo.models import Area
from sodsong.survey import selectors, services
from sodsong.survey.models import Submission, SurveyRound


def _district(user) -> Area:  # type: ignore[no-untyped-def]
    return user.role_assignments.get(role="district").areas.get()


@pytest.fixture
def survey_round(personas) -> SurveyRound:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    return services.round_open(
        user=personas.district,
        name="รอบทดสอบ",
        area=_district(personas.district),
        starts_on=today - dt.timedelta(days=5),
        ends_on=today + dt.timedelta(days=5),
    )


def test_a_round_expects_every_village_of_the_district(personas, survey_round):
    district = _district(personas.district)
    villages = Area.objects.filter(level="village", code__startswith=district.code)
    assert survey_round.submissions.count() == villages.count() > 0
    assert not survey_round.submissions.exclude(status=Submission.Status.DRAFT).exists()


def test_a_district_cannot_open_a_round_for_another_district(personas):
    with pytest.raises(services.SurveyError):
        services.round_open(
            user=personas.district,
            name="x",
            area=_district(personas.district2),
            starts_on=timezone.localdate(),
            ends_on=timezone.localdate(),
        )


@pytest.mark.parametrize("name", ["headman", "kamnan", "police", "ministry"])
def test_only_districts_and_the_province_open_rounds(personas, login, name):
    client = login(getattr(personas, name))
    response = client.post(
        "/survey/rounds/",
        {"name": "x", "area": "4701", "starts_on": "1/6/2568", "ends_on": "30/6/2568"},
    )
    assert response.status_code == 403


def test_district_opens_a_round_from_its_page(personas, login):
    client = login(personas.district)
    response = client.post(
        "/survey/rounds/",
        {
            "name": "รอบเดือนมิถุนายน",
            "area": _district(personas.district).code,
            "starts_on": "1/6/2568",
            "ends_on": "30/6/2568",
        },
    )
    assert response.status_code == 302
    assert SurveyRound.objects.filter(name="รอบเดือนมิถุนายน").exists()


def test_headman_submits_and_the_district_returns_then_approves(
    personas, login, survey_round, village
):
    submission = survey_round.submissions.get(area=village)
    headman = login(personas.headman)
    page = headman.get(f"/survey/rounds/{survey_round.uuid}/")
    assert page.status_code == 200
    assert "ส่งให้อำเภอ" in page.content.decode()
    assert (
        headman.post(
            f"/survey/submissions/{submission.uuid}/submit/", {"note": "ครบแล้ว"}
        ).status_code
        == 302
    )
    submission.refresh_from_db()
    assert submission.status == Submission.Status.SUBMITTED
    assert submission.on_time

    # The headman may not approve his own village.
    assert headman.post(f"/survey/submissions/{submission.uuid}/approve/").status_code == 403
    # Another district does not even see it.
    other = login(personas.district2)
    assert other.post(f"/survey/submissions/{submission.uuid}/approve/").status_code == 404

    district = login(personas.district)
    # Returning needs a comment.
    district.post(f"/survey/submissions/{submission.uuid}/return/", {"comment": ""})
    submission.refresh_from_db()
    assert submission.status == Submission.Status.SUBMITTED
    district.post(f"/survey/submissions/{submission.uuid}/return/", {"comment": "ขาดข้อมูล ตม.30"})
    submission.refresh_from_db()
    assert submission.status == Submission.Status.RETURNED
    assert submission.review_comment == "ขาดข้อมูล ตม.30"

    headman.post(f"/survey/submissions/{submission.uuid}/submit/", {"note": "แก้แล้ว"})
    district.post(f"/survey/submissions/{submission.uuid}/approve/", {"comment": ""})
    submission.refresh_from_db()
    assert submission.status == Submission.Status.APPROVED
    assert submission.reviewed_by == personas.district


def test_a_headman_cannot_submit_another_village(personas, survey_round, village):
    other = survey_round.submissions.exclude(area=village).first()
    with pytest.raises(services.SurveyError):
        services.submission_submit(user=personas.headman, submission=other)


def test_completeness_rolls_up_villages_sub_districts_and_district(personas, survey_round):
    submissions = list(survey_round.submissions.order_by("area__code"))
    first, second = submissions[0], submissions[1]
    for s in (first, second):
        s.status = Submission.Status.SUBMITTED
        s.submitted_at = timezone.now()
        s.save()
    second.status = Submission.Status.APPROVED
    second.save()
    user = personas.district
    villages = selectors.completeness(user=user, survey_round=survey_round, level="village")
    subs = selectors.completeness(user=user, survey_round=survey_round, level="subdistrict")
    districts = selectors.completeness(user=user, survey_round=survey_round, level="district")
    assert len(villages) == len(submissions)
    assert len(districts) == 1
    total = selectors.completeness_total(villages)
    assert (total.expected, total.submitted, total.approved, total.on_time) == (
        len(submissions),
        2,
        1,
        2,
    )
    for level_rows in (subs, districts):
        rolled = selectors.completeness_total(level_rows)
        assert (rolled.expected, rolled.submitted, rolled.residents, rolled.tm30_missing) == (
            total.expected,
            total.submitted,
            total.residents,
            total.tm30_missing,
        )
    assert total.residents > 0 and total.tm30_missing > 0


def test_completeness_page_shows_a_table_and_a_chart(personas, login, survey_round):
    html = (
        login(personas.district)
        .get(f"/survey/rounds/{survey_round.uuid}/?level=village")
        .content.decode()
    )
    assert "<svg" in html and "<table>" in html
    assert "ตม.30" in html


def test_the_ministry_sees_completeness_aggregates_but_no_names(personas, login, survey_round):
    client = login(personas.ministry)
    response = client.get(f"/survey/rounds/{survey_round.uuid}/?level=district")
    assert response.status_code == 200
    assert "<svg" in response.content.decode()


def test_a_round_of_another_district_is_not_found_for_its_headmen(personas, login, survey_round):
    assert login(personas.headman2).get(f"/survey/rounds/{survey_round.uuid}/").status_code == 404
    assert login(personas.district2).get(f"/survey/rounds/{survey_round.uuid}/").status_code == 404
