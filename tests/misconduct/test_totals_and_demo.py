"""Counts per area and period for the indicators module, and the demo data."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from sodsong.accounts.services import token_issue
from sodsong.misconduct import demo, services
from sodsong.misconduct.models import Matter
from sodsong.misconduct.selectors import OutOfScope, matter_list, misconduct_totals


def _period() -> tuple[dt.date, dt.date]:
    today = timezone.localdate()
    return today - dt.timedelta(days=60), today


def test_totals_count_recorded_investigated_and_penalised_in_the_period(personas, world):
    start, end = _period()
    code = personas.district.agency.areas.get().code
    # The NACC investigator: outside the district office's chain, which sees no count of it.
    viewer = world.nacc_investigator
    before = misconduct_totals(viewer, code, start, end)
    services.step_add(
        actor=world.nacc_investigator,
        matter=world.district_matter,
        kind="fact_finding",
        on=end,
    )
    services.matter_set_outcome(
        actor=world.nacc_investigator,
        matter=world.district_matter,
        outcome="penalty",
        penalty="reprimand",
        outcome_on=end,
    )
    after = misconduct_totals(viewer, code, start, end)
    assert after.investigated == before.investigated + 1
    assert after.penalised == before.penalised + 1
    assert after.recorded == before.recorded  # recorded 30 days ago, counted in both
    assert after.recorded >= 1
    # A period before any matter counts nothing; the day of receipt counts the matter.
    empty = misconduct_totals(viewer, code, dt.date(2000, 1, 1), dt.date(2000, 12, 31))
    assert (empty.recorded, empty.investigated, empty.penalised) == (0, 0, 0)
    day = world.district_matter.received_on
    that_day = misconduct_totals(viewer, code, day, day)
    assert (
        that_day.recorded
        == Matter.objects.filter(area__code__startswith=code, received_on=day).count()
    )
    assert that_day.recorded >= 1


def test_totals_hold_no_personal_data(personas, world):
    start, end = _period()
    values = misconduct_totals(personas.ministry, "47", start, end).as_dict()
    assert set(values) == {
        "area_code",
        "date_from",
        "date_to",
        "recorded",
        "investigated",
        "no_fault",
        "penalised",
        "criminal_referrals",
        "convicted",
    }
    assert all(isinstance(v, (int, str)) for v in values.values())


def test_totals_of_another_district_are_refused(personas):
    start, end = _period()
    with pytest.raises(OutOfScope):
        misconduct_totals(personas.district2, "4701", start, end)
    _, plain = token_issue(user=personas.district2, name="t")
    response = Client(HTTP_AUTHORIZATION=f"Bearer {plain}").get(
        "/api/v1/misconduct/totals",
        {"area": "4701", "date_from": start.isoformat(), "date_to": end.isoformat()},
    )
    assert response.status_code == 403
    own = Client(HTTP_AUTHORIZATION=f"Bearer {plain}").get(
        "/api/v1/misconduct/totals",
        {"area": "4702", "date_from": start.isoformat(), "date_to": end.isoformat()},
    )
    assert own.status_code == 200
    assert "recorded" in own.json()


def test_demo_matters_are_visible_to_the_province_and_the_investigator(personas):
    assert len(matter_list(user=personas.province)) >= 3
    designated = matter_list(user=personas.investigator)
    assert len(designated) >= 3
    assert matter_list(user=personas.police) == []


def test_demo_build_is_idempotent(personas):
    from sodsong.geo.models import Area

    before = Matter.all_objects.count()
    demo.build(province=Area.objects.get(code="47"), seed=2567)
    assert Matter.all_objects.count() == before


def test_the_demo_has_a_district_officer_matter_seen_by_the_outside_investigator(personas):
    from sodsong.geo.models import Area

    # The demo's investigator2 works for the NACC provincial office, outside the chain.
    outside = personas.investigator2
    demo.build(province=Area.objects.get(code="47"), seed=2567)  # idempotent: adds nothing
    seen = matter_list(user=outside)
    assert [m.official.agency.kind for m in seen] == ["district_office"]
    assert seen[0] not in matter_list(user=personas.province)
    assert seen[0].steps.count() == 1
