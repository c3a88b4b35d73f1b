"""From an uploaded letter to tracked work in every district and village, and who is late."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from sodsong.accounts.models import Agency, AgencyKind
from sodsong.directives import selectors, services
from sodsong.directives.models import Assignment, Directive, DirectiveStatus, Origin
from sodsong.geo.models import Area, Level

pytestmark = pytest.mark.django_db

LETTER = Path(__file__).parent / "letters" / "letter_01.txt"
RECEIVED = dt.date(2024, 6, 14)


def _upload(personas) -> Directive:  # type: ignore[no-untyped-def]
    upload = SimpleUploadedFile("circular.txt", LETTER.read_bytes(), content_type="text/plain")
    return services.directive_from_upload(
        user=personas.province, upload=upload, received_on=RECEIVED
    )


def _issue(personas, directive: Directive) -> int:  # type: ignore[no-untyped-def]
    choices = selectors.recipient_choices(directive=directive)
    keys = selectors.default_recipient_keys(directive=directive, choices=choices)
    return services.directive_issue(
        user=personas.province, directive=directive, recipient_keys=keys, received_on=RECEIVED
    )


def test_the_june_2024_circular_goes_from_upload_to_every_district_and_down_to_its_villages(
    personas,
):
    directive = _upload(personas)
    # Parsed fields for review.
    assert directive.is_draft
    assert directive.number == "สน 0018.3/ว 1423"
    assert directive.circular is True
    assert directive.letter_date == dt.date(2024, 6, 12)
    assert directive.subject.startswith("การเร่งรัดป้องกันและปราบปรามแก๊งคอลเซ็นเตอร์")
    items = selectors.directive_items(directive)
    assert [i.ref for i in items] == ["1", "2", "3", "4"]
    assert items[3].deadline == "2024-07-15" and items[3].report_back
    assert directive.default_deadline == "2024-07-15"

    # The officer corrects a field and links an item to indicators.
    services.directive_update(
        user=personas.province,
        directive=directive,
        fields={"to": "นายอำเภอ ทุกอำเภอ"},
        items=[
            {
                "ref": i.ref,
                "text": i.text,
                "actors": i.actors,
                "deadline": i.deadline,
                "report_back": i.report_back,
                "indicator_codes": "tips_received" if i.ref == "1" else "",
            }
            for i in items
        ],
    )
    assert selectors.directive_items(directive)[0].indicator_codes == ["tips_received"]

    created = _issue(personas, directive)
    districts = Area.objects.filter(
        level=Level.DISTRICT, code__startswith="47", abolished_on__isnull=True
    ).count()
    assert created == districts * 4
    directive.refresh_from_db()
    assert directive.status == DirectiveStatus.ISSUED
    offices = set(
        Assignment.objects.filter(directive=directive).values_list(
            "recipient_agency__kind", flat=True
        )
    )
    assert offices == {AgencyKind.DISTRICT_OFFICE}
    # Items without a deadline of their own are due with the report (15 July 2024).
    assert set(Assignment.objects.filter(directive=directive).values_list("due_on", flat=True)) == {
        dt.date(2024, 7, 15)
    }

    # The district acknowledges, reports item 1 and passes the circular down.
    district = personas.district
    assert services.acknowledge(user=district, directive=directive) == 4
    own = selectors.my_assignments(user=district, directive=directive)
    services.report_submit(user=district, assignment=own[0], text="แจ้งกำนันผู้ใหญ่บ้านแล้ว")
    child = services.pass_down(user=district, directive=directive, received_on=RECEIVED)
    assert child.origin == Origin.PASSED_DOWN and child.parent_id == directive.pk
    labels = {a.recipient_label for a in Assignment.objects.filter(directive=child)}
    assert any(label.startswith("กำนัน") for label in labels)
    assert any(label.startswith("ผู้ใหญ่บ้าน") for label in labels)
    # Each item goes to the actors it names (#20): no item of this letter names a local body,
    # and only item 1 names the kamnan and headmen.
    assert not any("องค์การบริหารส่วนตำบล" in label for label in labels)
    headman_rows = selectors.my_assignments(user=personas.headman, directive=child)
    assert [a.item.ref for a in headman_rows] == ["1"]
    assert headman_rows[0].area.level == Level.VILLAGE
    assert {a.due_on for a in headman_rows} == {dt.date(2024, 7, 15)}
    services.report_submit(user=personas.headman, assignment=headman_rows[0], text="ตรวจแล้ว")

    # The province's board: one row per district, who acknowledged, who reported, who is late.
    board = selectors.compliance_board(user=personas.province, directive=directive)
    assert board is not None and len(board) == districts
    row = next(r for r in board if r.label == district.agency.name_th)
    assert row.acknowledged == 4 and row.reported == 1
    assert row.passed_down == child
    late = selectors.compliance_board(user=personas.province, directive=directive, status="late")
    assert len(late) == districts  # 15 July 2024 has passed for every open item
    not_ack = selectors.compliance_board(
        user=personas.province, directive=directive, status="not_acknowledged"
    )
    assert district.agency.name_th not in {r.label for r in not_ack}
    assert len(not_ack) == districts - 1

    # The district's board for its villages.
    village_board = selectors.compliance_board(user=district, directive=child)
    assert village_board is not None
    kinds = {r.kind for r in village_board}
    assert "village" in kinds and "local" not in kinds
    headman_row = next(r for r in village_board if "(Headman " in r.label)
    assert headman_row.reported == 1 and headman_row.late == 1


def test_a_province_circular_issued_today_counts_thirty_days_from_receipt(personas):
    text = LETTER.read_text(encoding="utf-8").replace(
        "ให้จังหวัดทราบภายในวันที่ ๑๕ กรกฎาคม ๒๕๖๗", "ให้จังหวัดทราบภายใน ๓๐ วัน"
    )
    directive = services.directive_from_upload(user=personas.province, text=text)
    assert selectors.directive_items(directive)[3].deadline == "P30D"
    # Received on Friday 14 June 2024: day one is 15 June, day 30 is Sunday 14 July → Monday 15.
    _issue(personas, directive)
    dues = set(Assignment.objects.filter(directive=directive).values_list("due_on", flat=True))
    assert dues == {dt.date(2024, 7, 15)}


def test_only_the_issuer_side_may_issue_and_only_recipients_acknowledge(personas):
    directive = _upload(personas)
    with pytest.raises(PermissionDenied):
        services.directive_issue(
            user=personas.district2, directive=directive, recipient_keys=["agency:1"]
        )
    _issue(personas, directive)
    with pytest.raises(PermissionDenied):
        services.acknowledge(user=personas.headman, directive=directive)
    with pytest.raises(PermissionDenied):
        services.pass_down(user=personas.police, directive=directive)


def test_an_extension_moves_the_deadline_when_the_issuer_approves(personas):
    directive = _upload(personas)
    _issue(personas, directive)
    row = selectors.my_assignments(user=personas.district2, directive=directive)[3]
    request = services.extension_request(
        user=personas.district2,
        assignment=row,
        until=dt.date(2024, 7, 31),
        reason="รอผลการตรวจร้านค้าจากสถานีตำรวจ",
    )
    with pytest.raises(PermissionDenied):
        services.extension_decide(user=personas.district, request=request, approve=True)
    services.extension_decide(user=personas.province, request=request, approve=True)
    row.refresh_from_db()
    assert row.due_on == dt.date(2024, 7, 31)


def test_reminders_leave_a_notice_and_an_email_once_a_day(personas, mailoutbox):
    directive = _upload(personas)
    _issue(personas, directive)
    office = personas.district.agency
    Agency.objects.filter(pk=office.pk).update(email="amphoe@example.go.th")
    counts = services.remind(directive=directive, today=dt.date(2024, 7, 16))
    assert counts["late"] > 0 and counts["emailed"] > 0
    assert any("amphoe@example.go.th" in m.to for m in mailoutbox)
    # The due date in Thai, as the pages show it (#20), never an ISO date.
    assert all("2024-07-15" not in m.body for m in mailoutbox)
    assert any("15 ก.ค. 2567" in m.body for m in mailoutbox)
    again = services.remind(directive=directive, today=dt.date(2024, 7, 16))
    assert again["late"] == 0
    notices = selectors.notices_for(user=personas.district)
    assert any(n.assignment.directive_id == directive.pk for n in notices)
    assert selectors.notices_for(user=personas.headman) == [] or all(
        n.assignment.recipient_user_id == personas.headman.pk
        for n in selectors.notices_for(user=personas.headman)
    )


def test_the_demo_circular_is_built_once_with_some_late_and_some_reported(personas):
    from sodsong.directives import demo

    province = Area.objects.get(code="47")
    before = Directive.objects.count()
    demo.build(province=province, seed=2567)
    assert Directive.objects.count() == before
    original = Directive.objects.get(
        issuer_agency=personas.province.agency,
        origin=Origin.RECEIVED,
        parent__isnull=True,
        number="สน 0018.3/ว 1423",
        created_by=personas.province,
        source_name="",
        received_on=dt.date(2024, 6, 14),
        passed_down__isnull=False,
    )
    board = selectors.compliance_board(user=personas.province, directive=original)
    assert any(r.reported for r in board) and any(r.late for r in board)
    assert any(r.acknowledged == 0 for r in board)


def test_items_linked_to_indicators_show_the_window_figures_or_not_available(personas):
    from sodsong.directives.measures import item_measures

    original = Directive.objects.filter(
        issuer_agency=personas.province.agency, origin=Origin.RECEIVED, parent__isnull=True
    ).earliest("created_at")
    measures = item_measures(user=personas.province, directive=original, area_code="47")
    assert measures, "the demo links its items to indicator codes"
    first = measures[0]
    assert first.start == dt.date(2024, 6, 14) and first.end == dt.date(2024, 7, 15)
    assert [m.code for m in first.measures] == first.item.indicator_codes
    for m in first.measures:
        assert m.available is (m.value is not None) or not m.available
