"""Who sees which directive, board, assignment and report — pages and API — and Thai messages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sodsong.audit.models import AuditEvent
from sodsong.directives import selectors, services
from sodsong.directives.models import Assignment, Directive, Origin

pytestmark = pytest.mark.django_db

LETTER = Path(__file__).parent / "letters" / "letter_01.txt"


@pytest.fixture
def issued(personas):  # type: ignore[no-untyped-def]
    """A province circular issued to every district and passed down by `district`."""
    directive = services.directive_from_upload(
        user=personas.province,
        text=LETTER.read_text(encoding="utf-8"),
        received_on=dt.date(2024, 6, 14),
    )
    choices = selectors.recipient_choices(directive=directive)
    services.directive_issue(
        user=personas.province,
        directive=directive,
        recipient_keys=selectors.default_recipient_keys(directive=directive, choices=choices),
        received_on=dt.date(2024, 6, 14),
    )
    child = services.pass_down(user=personas.district, directive=directive)
    return directive, child


def _own(user, directive):  # type: ignore[no-untyped-def]
    return selectors.my_assignments(user=user, directive=directive)


# --- selectors ----------------------------------------------------------------------------------


def test_a_headman_sees_only_his_own_assignments(personas, issued):
    directive, child = issued
    rows = selectors.assignment_queryset(user=personas.headman)
    assert rows.exists()
    assert set(rows.values_list("recipient_user_id", flat=True)) == {personas.headman.pk}
    # Not the district office's items, although his account belongs to the district office.
    assert not rows.filter(directive=directive).exists()
    assert selectors.compliance_board(user=personas.headman, directive=child) is None


def test_another_district_cannot_see_the_first_districts_pass_down(personas, issued):
    _, child = issued
    assert selectors.directive_get(user=personas.district2, uuid=child.uuid) is None
    assert (
        not selectors.assignment_queryset(user=personas.district2).filter(directive=child).exists()
    )
    assert selectors.directive_get(user=personas.headman2, uuid=child.uuid) is None


def test_the_province_follows_the_districts_pass_down_on_its_board(personas, issued):
    _, child = issued
    board = selectors.compliance_board(user=personas.province, directive=child)
    # Letter 01's items name kamnan and headmen (item 1) and the police station (items 1, 2).
    assert board and all(r.kind in ("village", "local", "agency") for r in board)
    assert any(r.kind == "village" for r in board)


def test_the_ministry_sees_nothing_of_the_directives(personas, issued):
    directive, child = issued
    ministry = personas.ministry
    assert selectors.directive_get(user=ministry, uuid=directive.uuid) is None
    assert not selectors.assignment_queryset(user=ministry).exists()
    assert selectors.compliance_board(user=ministry, directive=directive) is None


def test_a_police_station_sees_only_what_is_addressed_to_it(personas, issued):
    directive, _ = issued
    assert selectors.directive_get(user=personas.police, uuid=directive.uuid) is None


# --- pages --------------------------------------------------------------------------------------


def test_the_issuer_sees_the_compliance_board_and_a_district_only_its_own_items(
    personas, issued, login
):
    directive, _ = issued
    page = login(personas.province).get(f"/directives/{directive.uuid}/?status=late")
    assert page.status_code == 200
    body = page.content.decode()
    assert 'id="board-h"' in body and personas.district2.agency.name_th in body

    page = login(personas.district).get(f"/directives/{directive.uuid}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert 'id="board-h"' not in body and 'id="mine-h"' in body
    assert personas.district2.agency.name_th not in body


def test_pages_of_a_pass_down_are_refused_to_another_district(personas, issued, login):
    _, child = issued
    client = login(personas.district2)
    assert client.get(f"/directives/{child.uuid}/").status_code == 404
    row = Assignment.objects.filter(directive=child).first()
    assert client.get(f"/directives/assignments/{row.uuid}/").status_code == 404
    assert login(personas.headman2).get(f"/directives/assignments/{row.uuid}/").status_code == 404


def test_a_headman_reports_with_evidence_and_the_district_reads_it_audited(personas, issued, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    _, child = issued
    row = _own(personas.headman, child)[0]
    client = login(personas.headman)
    pdf = SimpleUploadedFile("evidence.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n")
    response = client.post(
        f"/directives/assignments/{row.uuid}/",
        {"action": "report", "report-text": "ออกตรวจหมู่บ้านแล้ว", "report-evidence": pdf},
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.reported_at is not None
    page = login(personas.district).get(f"/directives/assignments/{row.uuid}/")
    assert page.status_code == 200 and "evidence.pdf" in page.content.decode()
    assert AuditEvent.objects.filter(
        actor=personas.district, object_type="directives.report", action="read"
    ).exists()


def test_a_kamnan_cannot_report_on_a_headmans_item(personas, issued, login):
    _, child = issued
    row = _own(personas.headman3, child)[0]
    client = login(personas.headman)
    response = client.post(
        f"/directives/assignments/{row.uuid}/", {"action": "report", "report-text": "x"}
    )
    assert response.status_code == 404
    row.refresh_from_db()
    assert row.reported_at is None


def test_upload_without_a_letter_says_so_in_thai(personas, login):
    client = login(personas.province)
    response = client.post("/directives/new/", {"text": ""})
    assert response.status_code == 200
    assert "แนบไฟล์หนังสือหรือวางข้อความ" in response.content.decode()


def test_an_extension_before_the_current_deadline_is_refused_in_thai(personas, issued, login):
    directive, _ = issued
    row = _own(personas.district2, directive)[0]
    response = login(personas.district2).post(
        f"/directives/assignments/{row.uuid}/",
        {"action": "extension", "ext-until": "1/7/2567", "ext-reason": "รอข้อมูล"},
    )
    assert response.status_code == 200
    assert "กำหนดส่งใหม่ต้องช้ากว่ากำหนดเดิม" in response.content.decode()


def test_the_upload_page_is_refused_to_a_headman(personas, login):
    assert login(personas.headman).get("/directives/new/").status_code == 403


def test_upload_review_and_issue_through_the_pages(personas, login):
    client = login(personas.province)
    response = client.post(
        "/directives/new/",
        {"text": LETTER.read_text(encoding="utf-8"), "received_on": "14/6/2567"},
    )
    assert response.status_code == 302
    directive = Directive.objects.filter(origin=Origin.RECEIVED).latest("created_at")
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "สน 0018.3/ว 1423" in page.content.decode()
    choices = selectors.recipient_choices(directive=directive)
    districts = [c.key for c in choices if c.kind == "district"]
    data = {
        "kind": "external",
        "number": directive.number,
        "circular": "on",
        "letter_date": "12/6/2567",
        "subject": directive.subject,
        "to": "นายอำเภอ ทุกอำเภอ",
        "default_deadline": "2024-07-15",
        "items-TOTAL_FORMS": "1",
        "items-INITIAL_FORMS": "0",
        "items-0-ref": "1",
        "items-0-text": "รายงานผลภายใน ๓๐ วัน",
        "items-0-deadline": "P30D",
        "items-0-report_back": "on",
        "action": "issue",
        "issue-recipients": districts[:3],
        "issue-received_on": "14/6/2567",
    }
    response = client.post(f"/directives/{directive.uuid}/review/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Assignment.objects.filter(directive=directive).count() == 3
    assert set(Assignment.objects.filter(directive=directive).values_list("due_on", flat=True)) == {
        dt.date(2024, 7, 15)
    }


# --- API ----------------------------------------------------------------------------------------


def test_the_api_scopes_directives_assignments_and_reports(personas, issued, login):
    directive, child = issued
    province = login(personas.province)
    board = province.get(f"/api/v1/directives/{directive.uuid}/board?status=late").json()
    assert len(board) >= 2 and all(r["late"] for r in board)

    district = login(personas.district)
    mine = district.get("/api/v1/directives/assignments/mine").json()
    assert mine and {a["recipient"] for a in mine} == {personas.district.agency.name_th}
    assert district.get(f"/api/v1/directives/{directive.uuid}/board").status_code == 403
    rows = district.get(f"/api/v1/directives/{directive.uuid}/assignments").json()
    assert {r["recipient"] for r in rows} == {personas.district.agency.name_th}

    headman = login(personas.headman)
    everything = headman.get("/api/v1/directives/assignments/mine").json()
    assert everything and all(a["recipient"].startswith("ผู้ใหญ่บ้าน") for a in everything)
    own = [a for a in everything if a["directive"] == str(child.uuid)]
    assert [a["item_ref"] for a in own] == ["1"]  # the only item that names headmen (#20)
    ack = headman.post(f"/api/v1/directives/assignments/{own[0]['uuid']}/acknowledge")
    assert ack.status_code == 200 and ack.json()["count"] == 1
    report = headman.post(
        f"/api/v1/directives/assignments/{own[0]['uuid']}/reports",
        {"text": "ตรวจแล้ว"},
        content_type="application/json",
    )
    assert report.status_code == 201

    other = login(personas.district2)
    response = other.get(f"/api/v1/directives/{child.uuid}")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    assert other.get(f"/api/v1/directives/assignments/{own[0]['uuid']}/reports").status_code == 404
    ministry = login(personas.ministry)
    assert ministry.get("/api/v1/directives").json() == []
    assert ministry.get(f"/api/v1/directives/{directive.uuid}/reports").status_code == 404


def test_an_empty_report_through_the_api_answers_in_thai(personas, issued, login):
    directive, _ = issued
    row = _own(personas.district, directive)[0]
    response = login(personas.district).post(
        f"/api/v1/directives/assignments/{row.uuid}/reports",
        {"text": "  "},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["error"]["message"] == "กรุณาระบุสิ่งที่ได้ดำเนินการ"


def test_a_draft_from_text_through_the_api_and_issue(personas, login):
    client = login(personas.province)
    response = client.post(
        "/api/v1/directives",
        {"text": LETTER.read_text(encoding="utf-8"), "received_on": "2024-06-14"},
        content_type="application/json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["number"] == "สน 0018.3/ว 1423" and len(body["items"]) == 4
    issued = client.post(
        f"/api/v1/directives/{body['uuid']}/issue", {}, content_type="application/json"
    )
    assert issued.status_code == 200 and issued.json()["count"] > 0
    refused = login(personas.district2).post(
        "/api/v1/directives",
        {"text": "x"},
        content_type="application/json",
    )
    # A district officer may read letters too (for its own pass-downs); a headman may not.
    assert refused.status_code in (201, 422)
    assert (
        login(personas.headman)
        .post("/api/v1/directives", {"text": "x"}, content_type="application/json")
        .status_code
        == 403
    )
