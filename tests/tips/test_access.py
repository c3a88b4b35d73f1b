"""Who may see a tip or a watch report: every demo persona, through the selector, the page and
the API. A tip outside a user's jurisdiction answers 404 (it must not confirm it exists)."""

from __future__ import annotations

import pytest

from sodsong.accounts.services import token_issue
from sodsong.audit.models import AuditEvent
from sodsong.tips.selectors import OBJECT_TYPE, tip_get, tip_list
from sodsong.tips.services import watch_report_create

from .conftest import assigned_area

# persona → (sees the public tip in district 1, sees the public tip in district 2)
EXPECTED = {
    "ministry": (False, False),
    "province": (True, True),
    "district": (True, False),
    "district2": (False, True),
    "kamnan": (False, False),  # own watch reports only
    "headman": (False, False),
    "headman3": (False, False),
    "headman2": (False, False),
    "localgov": (False, False),
    "police": (False, False),  # agency officers: none until cases
    "police2": (False, False),
    "immigration": (False, False),
    "analyst": (True, True),
    "investigator": (False, False),
}
QUEUE_REFUSED = {"ministry", "police", "police2", "immigration", "investigator"}


def _bearer(user) -> dict[str, str]:
    _token, plain = token_issue(user=user, name="t", scope="write")
    return {"HTTP_AUTHORIZATION": f"Bearer {plain}"}


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_persona_sees_tips_only_in_jurisdiction(persona, personas, tip1, tip2, login):
    user = getattr(personas, persona)
    client = login(user)
    for tip, expected in zip((tip1, tip2), EXPECTED[persona], strict=True):
        assert (tip_get(user=user, uuid=tip.uuid) is not None) == expected
        listed = {t.uuid for t in tip_list(user=user, limit=1000)}
        assert (tip.uuid in listed) == expected
        page = client.get(f"/tips/{tip.uuid}/")
        assert page.status_code == (200 if expected else 404)
        api = client.get(f"/api/v1/tips/{tip.uuid}", **_bearer(user))
        assert api.status_code == (200 if expected else (403 if persona in QUEUE_REFUSED else 404))


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_queue_page_is_refused_to_roles_without_tips(persona, personas, login):
    client = login(getattr(personas, persona))
    response = client.get("/tips/")
    assert response.status_code == (403 if persona in QUEUE_REFUSED else 200)


def test_refused_queue_is_audited_as_denied(personas, login):
    client = login(personas.police)
    client.get("/tips/")
    assert AuditEvent.objects.filter(
        actor_id=personas.police.pk, action=AuditEvent.Action.DENIED, object_type="tips.tip"
    ).exists()


def test_headman_sees_own_report_but_not_the_neighbours(personas, village1):
    report = watch_report_create(
        reporter=personas.headman,
        area=village1,
        description="พบคนขนคอมพิวเตอร์เข้าบ้านเช่าจำนวนมาก",
        red_flags=["premises-many-devices"],
    )
    assert tip_get(user=personas.headman, uuid=report.uuid) is not None
    assert tip_get(user=personas.headman3, uuid=report.uuid) is None
    assert tip_get(user=personas.kamnan, uuid=report.uuid) is None  # kamnan: own reports only
    assert tip_get(user=personas.district, uuid=report.uuid) is not None
    assert tip_get(user=personas.district2, uuid=report.uuid) is None


def test_headman_cannot_report_about_another_district(personas, village2):
    from sodsong.tips.services import TipError

    with pytest.raises(TipError):
        watch_report_create(
            reporter=personas.headman, area=village2, description="รายงานนอกพื้นที่ของตนเอง"
        )


def test_report_api_refuses_an_area_outside_the_reporter(personas, village2, client):
    response = client.post(
        "/api/v1/tips/reports",
        {"area_code": village2.code, "description": "รายงานนอกพื้นที่ของตนเอง"},
        content_type="application/json",
        **_bearer(personas.headman),
    )
    assert response.status_code == 403


def test_report_api_files_a_report_in_own_village(personas, village1, client):
    response = client.post(
        "/api/v1/tips/reports",
        {
            "area_code": village1.code,
            "description": "มีคนมาจ้างชาวบ้านเปิดบัญชีธนาคาร",
            "red_flags": ["mule-paying-villagers"],
        },
        content_type="application/json",
        **_bearer(personas.headman),
    )
    assert response.status_code == 201, response.content
    assert response.json()["kind"] == "report"


def test_reads_are_audited_by_id(personas, tip1):
    tip_get(user=personas.district, uuid=tip1.uuid)
    events = AuditEvent.objects.filter(
        actor_id=personas.district.pk, action=AuditEvent.Action.READ, object_type=OBJECT_TYPE
    )
    assert any(str(tip1.uuid) in e.object_ids for e in events)
    for event in events:
        assert "นางสมศรี" not in str(event.detail)


def test_another_district_cannot_act_on_a_tip(personas, tip1, login):
    client = login(personas.district2)
    response = client.post(f"/tips/{tip1.uuid}/status/", {"status": "verified"})
    assert response.status_code == 404
    api = client.post(
        f"/api/v1/tips/{tip1.uuid}/status",
        {"status": "verified"},
        content_type="application/json",
        **_bearer(personas.district2),
    )
    assert api.status_code == 404
    tip1.refresh_from_db()
    assert tip1.status == "new"


def test_analyst_reads_but_cannot_act(personas, tip1, login):
    client = login(personas.analyst)
    assert client.get(f"/tips/{tip1.uuid}/").status_code == 200
    assert client.post(f"/tips/{tip1.uuid}/status/", {"status": "verified"}).status_code == 403


def test_attachment_of_a_tip_is_served_only_within_jurisdiction(personas, village1, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sodsong.core.models import Attachment

    from .conftest import submit_tip

    tip = submit_tip(
        village1,
        "มีเอกสารหลักฐานแนบมาด้วย",
        files=[SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf")],
    )
    attachment = Attachment.objects.get(owner_uuid=tip.uuid)
    assert login(personas.district2).get(f"/files/{attachment.uuid}").status_code == 404
    client = login(personas.district)
    assert client.get(f"/files/{attachment.uuid}").status_code == 200


def test_kamnan_area_is_subdistrict(personas):
    # The kamnan's sub-district holds the headman's village: guards the fixtures above.
    assert assigned_area(personas.headman).code.startswith(
        assigned_area(personas.kamnan, "kamnan").code
    )
