"""Totals per area and period (`awareness_totals`): counts and sums only, refused outside scope."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from sodsong.accounts.services import token_issue
from sodsong.awareness import services
from sodsong.awareness.selectors import OutOfScope, awareness_totals, awareness_totals_by_area

from .conftest import village_of

# A period before any demo activity (the demo's are within the last 300 days).
START, END = dt.date(2021, 1, 1), dt.date(2021, 3, 31)


@pytest.fixture
def old_activities(personas, topics):  # type: ignore[no-untyped-def]
    village = village_of(personas.headman)
    made = [
        services.activity_record(
            actor=personas.headman,
            kind=kind,
            held_on=day,
            village=village,
            audience=audience,
            topics=chosen,
        )
        for kind, day, audience, chosen in (
            ("village_meeting", dt.date(2021, 1, 10), 40, topics),
            ("broadcast_tower", dt.date(2021, 2, 1), 200, topics[:1]),
            ("school_talk", dt.date(2021, 4, 1), 90, topics),  # after the period
        )
    ]
    return village, made


def test_totals_count_activities_and_people_in_the_period(personas, old_activities, topics):
    village, _ = old_activities
    totals = awareness_totals(personas.headman, village.code, START, END)
    assert (totals.activities, totals.people_reached, totals.villages) == (2, 240, 1)
    assert totals.by_type["village_meeting"] == {"activities": 1, "people_reached": 40}
    assert totals.by_type["school_talk"] == {"activities": 0, "people_reached": 0}
    assert totals.by_topic[topics[0].code] == 2
    assert totals.by_topic[topics[1].code] == 1
    district = awareness_totals(personas.district, village.code[:4], START, END)
    assert district.activities == 2


def test_totals_by_area_break_a_district_into_sub_districts(personas, old_activities):
    village, _ = old_activities
    rows = awareness_totals_by_area(personas.district, village.code[:4], START, END)
    by_code = {r.area.code: (r.activities, r.people_reached) for r in rows}
    assert by_code[village.code[:6]] == (2, 240)
    assert sum(a for a, _ in by_code.values()) == 2


def test_totals_hold_no_personal_data(personas, old_activities):
    values = awareness_totals(personas.ministry, "47", START, END).as_dict()
    assert set(values) == {
        "area_code",
        "date_from",
        "date_to",
        "activities",
        "people_reached",
        "villages",
        "by_type",
        "by_topic",
    }


def test_totals_outside_the_users_areas_are_refused(personas, old_activities):
    village, _ = old_activities
    with pytest.raises(OutOfScope):
        awareness_totals(personas.headman2, village.code, START, END)
    with pytest.raises(OutOfScope):
        awareness_totals(personas.district2, "4701", START, END)
    _, plain = token_issue(user=personas.district2, name="t")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {plain}")
    query = {"date_from": START.isoformat(), "date_to": END.isoformat()}
    assert client.get("/api/v1/awareness/totals", dict(query, area="4701")).status_code == 403
    own = client.get("/api/v1/awareness/totals", dict(query, area="4702"))
    assert own.status_code == 200
    assert own.json()["activities"] == 0


def test_the_ministry_reads_totals_but_no_activity(personas, old_activities):
    _, plain = token_issue(user=personas.ministry, name="t")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {plain}")
    query = {"area": "47", "date_from": START.isoformat(), "date_to": END.isoformat()}
    assert client.get("/api/v1/awareness/totals", query).json()["activities"] == 2
    assert client.get("/api/v1/awareness/activities").json()["count"] == 0


def test_index_page_shows_totals_and_refuses_another_district(personas, old_activities, login):
    village, _ = old_activities
    client = login(personas.headman)
    page = client.get(
        "/awareness/", {"area": village.code, "date_from": "1/1/2564", "date_to": "31/3/2564"}
    )
    assert page.status_code == 200
    assert page.context["totals"].people_reached == 240
    assert login(personas.district2).get("/awareness/", {"area": "4701"}).status_code == 403


def test_index_page_opens_for_every_area_role(personas, login):
    for name in ("headman", "kamnan", "localgov", "district", "province", "ministry"):
        assert login(getattr(personas, name)).get("/awareness/").status_code == 200, name
