"""The district's queue: sort, filter, mark, merge, promote; every step audited. The reporter's
identity is hidden unless the district designated the viewer."""

from __future__ import annotations

import uuid

import pytest

from sodsong.audit.models import AuditEvent
from sodsong.entities.models import IdentifierMention
from sodsong.tips.models import ReporterDesignation, TipStatus
from sodsong.tips.selectors import can_see_reporter, tip_list
from sodsong.tips.services import (
    TipError,
    designation_grant,
    tip_add_identifier,
    tip_mark_promoted,
    tip_merge,
    tip_set_status,
)

from .conftest import submit_tip


def _actions(tip) -> list[str]:
    return [
        e.detail.get("tip_action")
        for e in AuditEvent.objects.filter(object_type="tips.tip")
        if str(tip.uuid) in e.object_ids and e.detail.get("tip_action")
    ]


@pytest.mark.django_db
def test_district_marks_a_tip_verified_through_the_page(personas, tip1, login):
    client = login(personas.district)
    response = client.post(f"/tips/{tip1.uuid}/status/", {"status": "verified", "note": "ตรวจแล้ว"})
    assert response.status_code == 302
    tip1.refresh_from_db()
    assert tip1.status == TipStatus.VERIFIED
    assert "status:verified" in _actions(tip1)
    assert tip1.notes.get().text == "ตรวจแล้ว"


@pytest.mark.django_db
def test_unfounded_through_the_api(personas, tip1, client):
    from sodsong.accounts.services import token_issue

    _t, plain = token_issue(user=personas.district, name="t", scope="write")
    response = client.post(
        f"/api/v1/tips/{tip1.uuid}/status",
        {"status": "unfounded"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {plain}",
    )
    assert response.status_code == 200
    assert response.json()["status"] == "unfounded"
    bad = client.post(
        f"/api/v1/tips/{tip1.uuid}/status",
        {"status": "nonsense"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {plain}",
    )
    assert bad.status_code == 400
    assert bad.json()["error"]["message"]


@pytest.mark.django_db
def test_merging_a_duplicate_links_its_identifiers_to_the_original(personas, village1):
    original = submit_tip(village1, "ต้นเรื่อง: มีคนหลอกให้โอนเงิน")
    duplicate = submit_tip(village1, "เรื่องเดียวกันแจ้งซ้ำ: มีคนหลอกให้โอนเงิน")
    tip_add_identifier(tip=duplicate, type="phone", value="081-234-5678", by=personas.district)
    tip_merge(duplicate=duplicate, into=original, by=personas.district)
    duplicate.refresh_from_db()
    assert duplicate.status == TipStatus.DUPLICATE and duplicate.duplicate_of == original
    assert IdentifierMention.objects.filter(
        source_uuid=original.uuid, identifier__value="+66812345678"
    ).exists()
    assert "merge" in _actions(duplicate) and "merged_in" in _actions(original)
    with pytest.raises(TipError):
        tip_merge(duplicate=original, into=duplicate, by=personas.district)


@pytest.mark.django_db
def test_merge_through_the_page_by_tracking_code(personas, village1, login):
    original = submit_tip(village1, "ต้นเรื่องที่จะรวม")
    duplicate = submit_tip(village1, "เรื่องซ้ำที่จะรวม")
    client = login(personas.district)
    client.post(f"/tips/{duplicate.uuid}/merge/", {"into_code": original.tracking_code.lower()})
    duplicate.refresh_from_db()
    assert duplicate.duplicate_of_id == original.pk


@pytest.mark.django_db
def test_promote_hook_marks_the_tip_and_is_audited(personas, tip1):
    case_uuid = uuid.uuid4()
    tip_mark_promoted(tip=tip1, case_uuid=case_uuid)
    tip1.refresh_from_db()
    assert tip1.status == TipStatus.PROMOTED and tip1.case_uuid == case_uuid
    assert "promote" in _actions(tip1)
    with pytest.raises(TipError):
        tip_set_status(tip=tip1, status=TipStatus.NEW, by=personas.district)


@pytest.mark.django_db
def test_promote_hook_also_takes_the_tip_uuid(personas, tip2):
    tip_mark_promoted(tip_uuid=tip2.uuid, case_uuid=uuid.uuid4(), by=personas.district2)
    tip2.refresh_from_db()
    assert tip2.status == TipStatus.PROMOTED


@pytest.mark.django_db
def test_queue_filters_and_sorts(personas, village1):
    low = submit_tip(village1, "เรื่องทั่วไป ไม่เร่งด่วน")
    tip_set_status(tip=low, status=TipStatus.UNFOUNDED, by=personas.district)
    unfounded = tip_list(user=personas.district, status="unfounded", limit=500)
    assert low in unfounded and all(t.status == "unfounded" for t in unfounded)
    by_score = tip_list(user=personas.district, sort="score", limit=500)
    assert [t.score for t in by_score] == sorted((t.score for t in by_score), reverse=True)
    newest = tip_list(user=personas.district, sort="newest", limit=500)
    assert [t.created_at for t in newest] == sorted((t.created_at for t in newest), reverse=True)


@pytest.mark.django_db
def test_queue_page_filters_by_status(personas, tip1, login):
    client = login(personas.district)
    response = client.get("/tips/", {"status": "verified"})
    assert response.status_code == 200
    assert tip1.tracking_code not in response.content.decode()
    assert tip1.tracking_code in client.get("/tips/").content.decode()


@pytest.mark.django_db
def test_reporter_identity_is_hidden_unless_designated(personas, tip1, login):
    ReporterDesignation.objects.filter(user=personas.district).delete()
    assert not can_see_reporter(personas.district, tip1)
    page = login(personas.district).get(f"/tips/{tip1.uuid}/").content.decode()
    assert "นางสมศรี" not in page
    district = tip1.area.parent.parent
    designation_grant(district=district, user=personas.district, by=personas.province)
    assert can_see_reporter(personas.district, tip1)
    page = login(personas.district).get(f"/tips/{tip1.uuid}/").content.decode()
    assert "นางสมศรี" in page
    assert AuditEvent.objects.filter(
        object_type="tips.reporter", actor_id=personas.district.pk
    ).exists()
    # The province sees the tip but not the reporter: it was not designated.
    assert not can_see_reporter(personas.province, tip1)


@pytest.mark.django_db
def test_another_district_cannot_designate(personas, tip1):
    district = tip1.area.parent.parent
    with pytest.raises(TipError):
        designation_grant(district=district, user=personas.district2, by=personas.district2)


@pytest.mark.django_db
def test_designation_page_is_refused_to_a_headman(personas, login):
    assert login(personas.headman).get("/tips/designations/").status_code == 403
    assert login(personas.district).get("/tips/designations/").status_code == 200


@pytest.mark.django_db
def test_headman_files_a_watch_report_through_the_page(personas, village1, login):
    client = login(personas.headman)
    form = client.get("/tips/report/new/")
    assert form.status_code == 200
    response = client.post(
        "/tips/report/new/",
        {
            "area": village1.code,
            "description": "พบคนขนเราเตอร์และโทรศัพท์จำนวนมากเข้าบ้านเช่า",
            "red_flags": ["premises-many-devices", "premises-curtains-closed"],
            "occurred_on": "1/1/2567",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    detail = client.get(response["Location"])
    assert detail.status_code == 200
    assert "พบคนขนเราเตอร์" in detail.content.decode()


@pytest.mark.django_db
def test_unknown_red_flags_are_refused(personas, village1):
    from sodsong.tips.services import watch_report_create

    with pytest.raises(TipError):
        watch_report_create(
            reporter=personas.headman,
            area=village1,
            description="ทดสอบพฤติการณ์ที่ไม่มีอยู่",
            red_flags=["nationality-x"],
        )


@pytest.mark.django_db
def test_the_watch_report_form_lists_only_the_people_the_headman_may_see(personas, login):
    """#17 H1: the form widened villages to their sub-districts and read `Person.objects`."""
    import re

    from sodsong.people.selectors import person_queryset

    page = login(personas.headman).get("/tips/report/new/").content.decode()
    select = re.search(r'<select[^>]*name="people".*?</select>', page, re.S)
    offered = set(re.findall(r'value="([0-9a-f-]{36})"', select.group(0) if select else ""))
    visible = {
        str(u) for u in person_queryset(user=personas.headman).values_list("uuid", flat=True)
    }
    assert offered, "the headman's own villagers are offered"
    assert offered <= visible
