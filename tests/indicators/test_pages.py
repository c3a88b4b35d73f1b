"""Dashboard, periods and report pages: what each role sees, and who is refused."""

from __future__ import annotations

import pytest

from sodsong.audit.models import AuditEvent
from sodsong.indicators.models import Report, ReportingPeriod, ReportLevel, ReportStatus

pytestmark = pytest.mark.django_db


def _report(code: str) -> Report:
    return Report.objects.get(period__province__code="47", area__code=code)


def test_province_dashboard_shows_key_figures_trend_comparison_completeness_and_map(
    personas, login
):
    page = login(personas.province).get("/indicators/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and 'class="trend"' in html
    assert html.count("<path d=") >= 18  # one per district of Sakon Nakhon
    assert "CC BY 3.0 IGO" in html  # the boundaries' attribution
    assert "เมืองสกลนคร" in html  # the district comparison table
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "") or "tile" not in html


def test_dashboard_loads_nothing_from_other_sites(personas, login):
    html = login(personas.province).get("/indicators/").content.decode()
    for needle in ("cdn.", "tile.", "googleapis", "unpkg", "jsdelivr", '<script src="http'):
        assert needle not in html


def test_map_colours_the_chosen_indicator(personas, login):
    html = (
        login(personas.province).get("/indicators/?indicator=residents_registered").content.decode()
    )
    assert 'value="residents_registered" selected' in html


def test_district_officer_sees_own_district_only(personas, login):
    client = login(personas.district)
    assert client.get("/indicators/").status_code == 200
    assert client.get("/indicators/?area=4702").status_code == 403
    assert AuditEvent.objects.filter(action="denied", object_type="indicators").exists()


def test_district_officer_map_fills_only_own_district(personas, login):
    html = login(personas.district).get("/indicators/").content.decode()
    assert html.count('fill="#d9d9d9"') >= 17  # the other districts: no value shown


def test_headman_dashboard_shows_own_village(personas, login):
    client = login(personas.headman)
    assert client.get("/indicators/").status_code == 200
    assert client.get("/indicators/?area=47").status_code == 403


def test_ministry_sees_the_nation(personas, login):
    page = login(personas.ministry).get("/indicators/")
    assert page.status_code == 200
    assert "สกลนคร" in page.content.decode()


def test_investigator_has_no_dashboard(personas, login):
    assert login(personas.investigator).get("/indicators/").status_code == 403


def test_dashboard_custom_range_accepts_be_dates_and_reports_errors_in_thai(personas, login):
    client = login(personas.province)
    ok = client.get("/indicators/?range=custom&date_from=1/10/2568&date_to=๓๐/๙/๒๕๖๙")
    assert ok.status_code == 200
    bad = client.get("/indicators/?range=custom&date_from=31/2/2568&date_to=1/1/2569")
    assert "อ่านวันที่ไม่ได้" in bad.content.decode()


def test_period_page_lists_every_district_with_status(personas, login):
    period = ReportingPeriod.objects.get(province__code="47")
    html = login(personas.province).get(f"/indicators/periods/{period.uuid}/").content.decode()
    assert html.count("/indicators/reports/") >= 19


def test_district_cannot_read_another_districts_report(personas, login):
    client = login(personas.district2)
    assert client.get(f"/indicators/reports/{_report('4701').uuid}/").status_code == 404
    assert client.get(f"/indicators/reports/{_report('4702').uuid}/").status_code == 200


def test_district_submits_through_the_page_and_province_approves(personas, login):
    report = _report("4701")
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.RETURNED, locked=False)
    district = login(personas.district)
    form = {f"item_{i}": "ดำเนินการแล้ว" for i in range(3)}
    form["submit"] = "1"
    response = district.post(f"/indicators/reports/{report.uuid}/", form)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    # The district cannot approve its own report.
    assert district.post(f"/indicators/reports/{report.uuid}/approve/").status_code == 403
    province = login(personas.province)
    province.post(f"/indicators/reports/{report.uuid}/approve/", {"comment": "เห็นชอบ"})
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED and report.locked


def test_district_cannot_open_another_districts_report(personas, login):
    period = ReportingPeriod.objects.get(province__code="47")
    Report.objects.filter(period=period, area__code="4703").delete()
    response = login(personas.district).post(f"/indicators/periods/{period.uuid}/open/4703/")
    assert response.status_code == 403


def test_only_province_may_open_a_period(personas, login):
    response = login(personas.district).post(
        "/indicators/periods/", {"kind": "month", "starts_on": "1/1/2568", "ends_on": "31/1/2568"}
    )
    assert response.status_code == 403


def test_province_opens_a_directive_window_with_be_dates(personas, login):
    response = login(personas.province).post(
        "/indicators/periods/",
        {"kind": "directive", "received_on": "14/3/2568", "window_days": "30", "name_th": "ทดสอบ"},
    )
    assert response.status_code == 302
    period = ReportingPeriod.objects.get(name_th="ทดสอบ")
    assert str(period.district_due_on) == "2025-04-17"


def test_report_downloads_as_excel(personas, login):
    provincial = Report.objects.get(period__province__code="47", level=ReportLevel.PROVINCE)
    response = login(personas.province).get(f"/indicators/reports/{provincial.uuid}/download.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_recompute_is_refused_to_a_district(personas, login):
    assert login(personas.district).post("/indicators/recompute/").status_code == 403


def test_province_opens_a_period_by_choosing_a_directive_on_record(personas, login):
    from sodsong.directives.models import Directive

    directive = Directive.objects.filter(area__code="47", received_on__isnull=False).first()
    assert directive is not None  # the demo's circular
    client = login(personas.province)
    form = client.get("/indicators/periods/").content.decode()
    assert f'value="{directive.uuid}"' in form
    # Only the directive is chosen: the kind, window and citation come from the letter.
    response = client.post(
        "/indicators/periods/", {"directive": str(directive.uuid), "kind": "month"}
    )
    assert response.status_code == 302
    period = ReportingPeriod.objects.get(directive=directive)
    assert period.kind == "directive" and period.received_on == directive.received_on
    assert period.directive_reference.startswith("หนังสือ")
