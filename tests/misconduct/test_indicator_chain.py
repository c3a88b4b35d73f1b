"""The indicators counted from misconduct matters follow the misconduct totals' rule (#17 H3):
a matter whose accused's chain of command holds the viewer is not counted for him, on the
indicators page, the API, the scoped selectors and a report he submits; a viewer outside the
chain counts it."""

from __future__ import annotations

from django.test import Client
from django.utils import timezone

from sodsong.accounts.services import token_issue
from sodsong.indicators import aggregates, selectors
from sodsong.misconduct import services
from sodsong.misconduct.selectors import misconduct_totals

RULED = ("officials_investigated", "officials_penalised")


def _penalise_today(world):  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    matter = world.district_matter
    services.step_add(actor=world.nacc_investigator, matter=matter, kind="fact_finding", on=today)
    services.matter_set_outcome(
        actor=world.nacc_investigator,
        matter=matter,
        outcome="penalty",
        penalty="reprimand",
        outcome_on=today,
    )
    aggregates.recompute(codes=RULED)
    return today


def _counts(values) -> tuple:  # type: ignore[no-untyped-def]
    return tuple(values[c] for c in RULED)


def test_the_misconduct_indicators_leave_out_what_the_viewers_chain_hides(personas, world):
    code = personas.district.agency.areas.get().code
    today = timezone.localdate()
    before = {
        u: _counts(selectors.area_values(user=u, area_code=code, start=today, end=today))
        for u in (personas.district, personas.province)
    }
    _penalise_today(world)
    for user, counted in before.items():
        now = selectors.area_values(user=user, area_code=code, start=today, end=today)
        assert _counts(now) == counted, user.username  # the accused's own chain: no change
        trend = selectors.monthly_values(
            user=user, area_code=code, months=[(today, today)], code="officials_penalised"
        )
        assert trend == [counted[1]]
    children = selectors.children_values(
        user=personas.province, area_code="47", start=today, end=today
    )
    assert _counts(children[code[:4]]) == before[personas.province]
    # Unscoped (jobs) and a viewer outside the chain count it.
    assert _counts(selectors.compute_values(code, today, today))[1] >= 1
    assert misconduct_totals(world.nacc_investigator, code, today, today).penalised >= 1
    # The same rule as the misconduct totals, figure for figure.
    district = misconduct_totals(personas.district, code, today, today)
    assert before[personas.district] == (district.investigated, district.penalised)


def test_the_indicators_page_and_api_follow_the_same_rule(personas, world, login):
    code = personas.district.agency.areas.get().code
    today = timezone.localdate()
    _penalise_today(world)
    _, plain = token_issue(user=personas.district, name="t")
    body = (
        Client(HTTP_AUTHORIZATION=f"Bearer {plain}")
        .get(
            "/api/v1/indicators/values",
            {"area": code, "date_from": today.isoformat(), "date_to": today.isoformat()},
        )
        .json()
    )
    district = misconduct_totals(personas.district, code, today, today)
    assert body["values"]["officials_penalised"] == district.penalised
    page = login(personas.district).get(
        "/indicators/",
        {"area": code, "start": today.isoformat(), "end": today.isoformat()},
    )
    assert page.status_code == 200


def test_a_viewer_without_an_agency_counts_no_matter_in_the_indicators(personas, world):
    today = _penalise_today(world)
    analyst = personas.analyst
    analyst.agency = None
    values = selectors.compute_values("47", today, today, viewer=analyst)
    assert _counts(values) == (0, 0)


def test_the_breakdown_of_a_misconduct_indicator_names_no_agency(personas, world):
    today = _penalise_today(world)
    assert selectors.compute_breakdown("47", today, today, code="officials_penalised") == []


def test_facts_stored_before_the_fix_are_counted_for_nobody_until_recomputed(personas, world):
    from sodsong.indicators.models import IndicatorFact

    today = _penalise_today(world)
    IndicatorFact.objects.filter(indicator__in=RULED).update(dim="")
    values = selectors.compute_values("47", today, today, viewer=world.nacc_investigator)
    assert _counts(values) == (0, 0)
    aggregates.recompute(codes=RULED)
    values = selectors.compute_values("47", today, today, viewer=world.nacc_investigator)
    assert values["officials_penalised"] >= 1
