"""The demo province holds a dozen joint cases at every stage, and its pages render."""

from __future__ import annotations

from sodsong.cases import demo
from sodsong.cases.models import Case, CaseStatus, Operation, Prosecution
from sodsong.geo.models import Area


def test_the_demo_has_a_dozen_cases_at_every_stage(db):
    cases = Case.objects.filter(area__code__startswith="47")
    assert cases.count() >= 12
    assert set(cases.values_list("status", flat=True)) == set(CaseStatus.values)


def test_a_demo_case_reaches_a_verdict_and_a_deportation(db):
    closed = Prosecution.objects.filter(verdict="guilty", party__case__status="closed")
    assert closed.exists()
    assert Prosecution.objects.filter(deportation="done").exists()


def test_a_demo_raid_stays_planned_and_compartmented(db):
    assert Operation.objects.filter(status="planned", case__status="operation").exists()


def test_building_the_demo_cases_twice_changes_nothing(db):
    before = Case.all_objects.count()
    demo.build(province=Area.objects.get(code="47"), seed=2567)
    assert Case.all_objects.count() == before


def test_the_case_pages_render_for_the_demo_police_officer(personas, login):
    client = login(personas.police)
    index = client.get("/cases/")
    assert index.status_code == 200
    assert "คดีร่วมบูรณาการ" in index.content.decode()
    for case in Case.objects.filter(lead_agency=personas.police.agency)[:6]:
        assert client.get(f"/cases/{case.uuid}/").status_code == 200
    assert client.get("/cases/laws/").status_code == 200
    assert client.get("/cases/new/").status_code == 200


def test_the_demo_removal_clears_the_demo_cases(db):
    assert demo.remove() >= 12
    assert not Case.all_objects.filter(created_by__is_demo=True).exists()
