"""The reporting workflow: districts submit, the province approves or returns, consolidates and
submits to the ministry; approved reports lock; unlocking is audited; late entries are flagged."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sodsong.audit.models import AuditEvent
from sodsong.geo.models import Area
from sodsong.indicators import selectors, services
from sodsong.indicators.aggregates import flag_late_entries, recompute
from sodsong.indicators.models import Report, ReportingPeriod, ReportLevel, ReportStatus

pytestmark = pytest.mark.django_db


def _period() -> ReportingPeriod:
    return ReportingPeriod.objects.get(province__code="47")


def test_demo_report_went_from_every_district_through_approval_to_the_province():
    period = _period()
    districts = selectors.districts_of("47")
    done = selectors.completeness(period)
    assert done.expected == len(districts) == 18
    assert done.submitted == done.approved == done.on_time == 18
    district_reports = period.reports.filter(level=ReportLevel.DISTRICT)
    assert all(r.locked and r.computed_at for r in district_reports)
    provincial = period.reports.get(level=ReportLevel.PROVINCE)
    assert provincial.status == ReportStatus.SUBMITTED
    assert {c["source"] for c in provincial.snapshot["children"]} == {"approved"}
    # One district was returned with a comment, corrected and resubmitted.
    returned = [r for r in district_reports if r.events.filter(action="returned").exists()]
    assert len(returned) == 1
    assert provincial.letter_number.startswith("สน 0018.3")


def test_frozen_values_are_the_counts_of_the_source_records():
    from sodsong.awareness.models import Activity

    period = _period()
    report = period.reports.get(level=ReportLevel.PROVINCE)
    activities = Activity.objects.filter(
        village__code__startswith="47",
        held_on__gte=period.starts_on,
        held_on__lte=period.ends_on,
    ).count()
    assert report.snapshot["values"]["awareness_activities"] == activities
    villages = Area.objects.filter(level="village", code__startswith="47").count()
    assert report.snapshot["values"]["villages_total"] == villages


def test_district_officer_cannot_approve_a_report(personas):
    report = _period().reports.get(area__code="4701")
    report.status, report.locked = ReportStatus.SUBMITTED, False
    report.save()
    with pytest.raises(services.NotAllowed):
        services.report_approve(user=personas.district, report=report)


def test_returning_needs_a_comment_and_reopens_the_report(personas):
    report = _period().reports.get(area__code="4701")
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.SUBMITTED, locked=False)
    with pytest.raises(services.ReportError):
        services.report_return(user=personas.province, report=report, comment="  ")
    services.report_return(user=personas.province, report=report, comment="ตรวจสอบตัวเลขอีกครั้ง")
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    services.report_save(user=personas.district, report=report, narrative=["แก้ไขแล้ว"])


def test_approved_report_is_locked_and_unlocking_needs_a_reason_and_is_audited(personas):
    report = _period().reports.get(area__code="4701")
    assert report.locked
    with pytest.raises(services.ReportError):
        services.report_save(user=personas.district, report=report, narrative=["x"])
    with pytest.raises(services.ReportError):
        services.report_unlock(user=personas.province, report=report, reason="")
    services.report_unlock(user=personas.province, report=report, reason="ตัวเลขหมู่บ้านผิด")
    report.refresh_from_db()
    assert not report.locked and report.status == ReportStatus.RETURNED
    event = AuditEvent.objects.filter(object_type="indicators.report").latest("at")
    assert event.object_ids == [str(report.uuid)]
    assert event.purpose == "ตัวเลขหมู่บ้านผิด"
    assert event.detail == {"step": "unlock"}


def test_district_cannot_unlock_its_own_report(personas):
    report = _period().reports.get(area__code="4701")
    with pytest.raises(services.NotAllowed):
        services.report_unlock(user=personas.district, report=report, reason="ขอแก้")


def test_entries_recorded_after_freezing_are_flagged_late(personas):
    from sodsong.awareness.models import Activity

    report = _period().reports.get(area__code="4701")
    village = Area.objects.filter(level="village", code__startswith="4701").first()
    Activity.objects.create(
        kind="village_meeting", held_on=report.period.starts_on, village=village, audience=30
    )
    recompute(codes=["awareness_activities", "people_reached"])
    flag_late_entries(reports=[report])
    report.refresh_from_db()
    assert report.late_entries["awareness_activities"] == 1
    assert report.late_entries["people_reached"] == 30
    assert report.has_late_entries


def test_a_report_with_an_id_number_is_refused_in_thai(personas):
    from django.utils import translation

    report = _period().reports.get(area__code="4702")
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.RETURNED, locked=False)
    with translation.override("th"), pytest.raises(services.ReportError) as caught:
        services.report_save(
            user=personas.district2,
            report=report,
            narrative=["พบผู้ต้องสงสัย เลขประจำตัว 1101700230708 พักอยู่ในหมู่บ้าน"],
        )
    assert "ข้อมูลส่วนบุคคล" in str(caught.value)


def test_late_submission_is_marked_late(personas):
    period = _period()
    report = period.reports.get(area__code="4701")
    Report.objects.filter(pk=report.pk).update(
        submitted_at=timezone.make_aware(
            dt.datetime.combine(period.district_due_on + dt.timedelta(days=1), dt.time(9))
        )
    )
    report.refresh_from_db()
    assert report.on_time is False
    assert selectors.completeness(period).on_time == 17


def test_directive_period_counts_from_receipt_and_moves_over_holidays(personas):
    province = Area.objects.get(code="47")
    period = services.period_create(
        user=personas.province,
        province=province,
        kind="directive",
        received_on=dt.date(2025, 3, 14),
        window_days=30,
    )
    assert period.starts_on == dt.date(2025, 3, 14)
    assert period.district_due_on == dt.date(2025, 4, 17)  # Songkran and its substitution day
    assert period.province_due_on >= period.district_due_on


def test_only_the_province_opens_periods(personas):
    with pytest.raises(services.NotAllowed):
        services.period_create(
            user=personas.district,
            province=Area.objects.get(code="47"),
            kind="month",
            starts_on=dt.date(2025, 1, 1),
            ends_on=dt.date(2025, 1, 31),
        )


def test_formula_indicator_is_computed_and_bad_formulas_are_refused():
    services.formula_save(
        code="verified_share",
        name_th="สัดส่วนเบาะแสที่ตรวจสอบแล้ว",
        expression="tips_verified / (tips_received + watch_reports_received) * 100",
    )
    values = selectors.compute_values("47", dt.date(2000, 1, 1), dt.date(2100, 1, 1))
    received = values["tips_received"] + values["watch_reports_received"]
    expected = round(values["tips_verified"] / received * 100, 1) if received else None
    assert values["verified_share"] == expected
    with pytest.raises(services.ReportError):
        services.formula_save(code="bad", name_th="x", expression="__import__('os')")


def test_a_period_opened_from_a_directive_record_takes_its_window_citation_and_items(
    personas, login
):
    from tests.directives.test_directive_flow import RECEIVED, _upload

    directive = _upload(personas)  # letter_01: report back by 15 July 2024, received 14 June
    period = services.period_create(
        user=personas.province,
        province=Area.objects.get(code="47"),
        kind="month",
        directive=directive,
    )
    assert period.kind == "directive" and period.directive == directive
    assert period.received_on == RECEIVED
    assert period.district_due_on == dt.date(2024, 7, 15)
    assert period.directive_reference == (
        "หนังสือจังหวัดสกลนคร ด่วนที่สุด ที่ สน 0018.3/ว 1423 ลงวันที่ 12 มิถุนายน 2567"
    )
    assert [item.split(" ")[0] for item in period.items] == ["1", "2", "3", "4"]
    assert period.name_th == directive.subject[:200]
    # Each page leads to the other.
    client = login(personas.province)
    page = client.get(f"/indicators/periods/{period.uuid}/").content.decode()
    assert f"/directives/{directive.uuid}/" in page
    page = client.get(f"/directives/{directive.uuid}/").content.decode()
    assert f"/indicators/periods/{period.uuid}/" in page
    api = client.get("/api/v1/indicators/periods").json()
    assert {"uuid": str(period.uuid), "directive": str(directive.uuid)}.items() <= next(
        p for p in api if p["uuid"] == str(period.uuid)
    ).items()


def test_a_directive_the_province_cannot_see_opens_no_period(personas):
    from sodsong.accounts.models import Agency
    from sodsong.directives.models import Directive

    elsewhere = Directive.objects.create(
        issuer_agency=Agency.objects.create(kind="provincial_admin", name_th="ศาลากลาง กทม."),
        area=Area.objects.get(code="10"),
        subject="หนังสือของกรุงเทพมหานคร",
        received_on=dt.date(2025, 1, 6),
        default_deadline="P15D",
    )
    with pytest.raises(services.NotAllowed):
        services.period_create(
            user=personas.province,
            province=Area.objects.get(code="47"),
            kind="directive",
            directive=elsewhere,
        )
    assert not ReportingPeriod.objects.filter(directive=elsewhere).exists()
