"""The API ministry systems pull: aggregates only, scoped, suppressed when public."""

from __future__ import annotations

import pytest

from sodsong.indicators.models import Report, ReportLevel

pytestmark = pytest.mark.django_db
RANGE = "date_from=2020-01-01&date_to=2030-12-31"


def test_province_pulls_values_with_districts(personas, login):
    body = (
        login(personas.province)
        .get(f"/api/v1/indicators/values?area=47&children=true&{RANGE}")
        .json()
    )
    assert body["area"] == "47"
    assert len(body["children"]) == 18
    assert body["values"]["villages_total"] > 0


def test_district_is_refused_another_district(personas, login):
    response = login(personas.district).get(f"/api/v1/indicators/values?area=4702&{RANGE}")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"


def test_only_the_ministry_reads_the_nation(personas, login):
    assert login(personas.ministry).get(f"/api/v1/indicators/values?{RANGE}").status_code == 200
    assert login(personas.province).get(f"/api/v1/indicators/values?{RANGE}").status_code == 403


def test_public_values_suppress_counts_under_five(personas, login):
    body = (
        login(personas.ministry)
        .get(f"/api/v1/indicators/values?area=47&children=true&public=true&{RANGE}")
        .json()
    )
    every = [body["values"], *[c["values"] for c in body["children"]]]
    for values in every:
        for code, value in values.items():
            if isinstance(value, int) and code != "villages_total":
                assert value == 0 or value >= 5, (code, value)
    assert any("<5" in v.values() for v in every)


def test_ministry_pulls_the_provincial_report_without_personal_data(personas, login):
    body = login(personas.ministry).get("/api/v1/indicators/reports?level=province").json()
    assert len(body) == 1
    report = body[0]
    assert report["status"] == "submitted" and report["area"] == "47"
    assert len(report["children"]) == 18
    for field in ("contact_name", "contact_phone", "signer_name"):
        assert field not in report


def test_drafts_do_not_leave_through_the_api(personas, login):
    provincial = Report.objects.get(period__province__code="47", level=ReportLevel.PROVINCE)
    Report.objects.filter(pk=provincial.pk).update(computed_at=None, status="draft")
    response = login(personas.ministry).get(f"/api/v1/indicators/reports/{provincial.uuid}")
    assert response.status_code == 404


def test_district_reads_only_its_own_reports(personas, login):
    body = login(personas.district2).get("/api/v1/indicators/reports").json()
    assert {r["area"] for r in body} == {"4702"}


def test_catalogue_lists_every_indicator_of_the_directive(personas, login):
    codes = {i["code"] for i in login(personas.district).get("/api/v1/indicators/catalogue").json()}
    for code in (
        "villages_surveyed",
        "residents_registered",
        "tm30_gaps",
        "visits",
        "watch_reports_received",
        "tips_received",
        "tips_verified",
        "operations_held",
        "persons_arrested",
        "charges",
        "victims_identified",
        "victims_referred",
        "seized_sims",
        "seized_phones",
        "seized_bank_books",
        "officials_investigated",
        "officials_penalised",
        "awareness_activities",
        "people_reached",
    ):
        assert code in codes


def test_recompute_through_the_api_is_for_the_province(personas, login):
    assert login(personas.district).post("/api/v1/indicators/recompute").status_code == 403
    assert login(personas.province).post("/api/v1/indicators/recompute").status_code == 202
