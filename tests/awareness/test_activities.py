"""A headman logs an awareness activity from a phone; who may see it; photos; validation in Thai;
topics; deletion."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from sodsong.accounts.services import token_issue
from sodsong.awareness import services
from sodsong.awareness.models import Activity, Topic
from sodsong.awareness.selectors import activity_get, activity_list

from .conftest import village_of

# persona → sees an activity held in the headman's village (district 1, sub-district 1)
EXPECTED = {
    "ministry": False,  # totals only
    "province": True,
    "district": True,
    "district2": False,
    "kamnan": True,
    "headman": True,
    "headman3": False,  # another village of the same sub-district
    "headman2": False,
    "localgov": True,  # its sub-district
    "police": False,
    "police2": False,
    "immigration": False,
    "analyst": True,
    "investigator": False,
}

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


def _today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def activity(personas, topics) -> Activity:  # type: ignore[no-untyped-def]
    return services.activity_record(
        actor=personas.headman,
        kind="village_meeting",
        held_on=_today() - dt.timedelta(days=2),
        village=village_of(personas.headman),
        audience=57,
        topics=topics,
        material="แผ่นพับ",
    )


def test_headman_logs_an_activity_on_the_phone_form(personas, login, topics):
    client = login(personas.headman)
    page = client.get("/awareness/new/")
    assert page.status_code == 200
    village = village_of(personas.headman)
    response = client.post(
        "/awareness/new/",
        {
            "kind": "broadcast_tower",
            "held_on": "๓/๑๑/๒๕๖๘",  # B.E. in Thai digits
            "village": village.pk,
            "audience": "120",
            "topics": [t.pk for t in topics],
            "material": "เสียงตามสาย",
            "photos": SimpleUploadedFile("meeting.png", PNG, content_type="image/png"),
        },
    )
    assert response.status_code == 302, response.content.decode()[-1500:]
    activity = Activity.objects.get(village=village, held_on=dt.date(2025, 11, 3))
    assert activity.organiser == personas.headman
    assert activity.organiser_agency == personas.headman.agency
    assert activity.audience == 120
    assert set(activity.topics.all()) == set(topics)
    detail = client.get(response["Location"])
    assert detail.status_code == 200
    assert "/files/" in detail.content.decode()


def test_headman_cannot_log_an_activity_in_another_village(personas, topics, login):
    other = village_of(personas.headman2)
    with pytest.raises(services.AwarenessError):
        services.activity_record(
            actor=personas.headman,
            kind="leaflets",
            held_on=_today(),
            village=other,
            audience=10,
            topics=topics,
        )
    response = login(personas.headman).post(
        "/awareness/new/",
        {
            "kind": "leaflets",
            "held_on": "1/11/2568",
            "village": other.pk,
            "audience": "10",
            "topics": [topics[0].pk],
        },
    )
    assert response.status_code == 400
    assert not Activity.objects.filter(village=other, held_on=dt.date(2025, 11, 1)).exists()


def test_validation_messages_are_in_thai(personas, topics, login):
    response = login(personas.headman).post(
        "/awareness/new/",
        {
            "kind": "leaflets",
            "held_on": (_today() + dt.timedelta(days=3)).isoformat(),
            "village": village_of(personas.headman).pk,
            "audience": "10",
            "topics": [topics[0].pk],
        },
    )
    assert response.status_code == 400
    assert "วันที่จัดกิจกรรมต้องไม่เป็นวันในอนาคต" in response.content.decode()
    unreadable = login(personas.headman).post(
        "/awareness/new/", {"kind": "leaflets", "held_on": "เมื่อวาน", "audience": "-1"}
    )
    assert "อ่านวันที่ไม่ได้" in unreadable.content.decode()


def test_the_audience_must_be_a_sensible_number(personas, topics):
    for audience in (-1, 1_000_000):
        with pytest.raises(services.AwarenessError):
            services.activity_record(
                actor=personas.headman,
                kind="leaflets",
                held_on=_today(),
                village=village_of(personas.headman),
                audience=audience,
                topics=topics,
            )


def test_an_activity_needs_a_topic_in_use(personas, topics):
    retired = Topic.objects.create(code="retired-x", name_th="เลิกใช้", active=False)
    for chosen in ([], [retired]):
        with pytest.raises(services.AwarenessError):
            services.activity_record(
                actor=personas.headman,
                kind="leaflets",
                held_on=_today(),
                village=village_of(personas.headman),
                audience=5,
                topics=chosen,
            )


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_activity_visibility_follows_jurisdiction(name, personas, activity, login):
    user = getattr(personas, name)
    visible = EXPECTED[name]
    assert (activity_get(user=user, uuid=str(activity.uuid)) is not None) == visible
    assert (activity in activity_list(user=user, limit=1000)) == visible
    page = login(user).get(f"/awareness/{activity.uuid}/")
    assert page.status_code == (200 if visible else 404), name
    _, plain = token_issue(user=user, name="t")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {plain}").get(
        f"/api/v1/awareness/activities/{activity.uuid}"
    )
    assert api.status_code == (200 if visible else 404), name


def test_photos_are_served_only_to_those_who_see_the_activity(personas, activity, login):
    photo = services.activity_add_photo(
        actor=personas.headman,
        activity=activity,
        upload=SimpleUploadedFile("a.png", PNG, content_type="image/png"),
    )
    assert login(personas.kamnan).get(f"/files/{photo.uuid}").status_code == 200
    assert login(personas.headman2).get(f"/files/{photo.uuid}").status_code == 404


def test_a_pdf_is_not_accepted_as_a_photo(personas, activity):
    with pytest.raises(ValueError):
        services.activity_add_photo(
            actor=personas.headman,
            activity=activity,
            upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4 test", content_type="application/pdf"),
        )


def test_other_district_cannot_delete_and_the_district_officer_can(personas, activity, login):
    refused = login(personas.district2).post(
        f"/awareness/{activity.uuid}/delete/", {"reason": "wrong"}
    )
    assert refused.status_code == 404
    with pytest.raises(services.AwarenessError):
        services.activity_delete(actor=personas.headman3, activity=activity, reason="x")
    done = login(personas.district).post(
        f"/awareness/{activity.uuid}/delete/", {"reason": "duplicate entry"}
    )
    assert done.status_code == 302
    assert not Activity.objects.filter(pk=activity.pk).exists()
    assert Activity.all_objects.get(pk=activity.pk).delete_reason == "duplicate entry"


def test_topics_are_seeded_and_editable_by_provincial_staff_only(personas, login):
    assert (
        Topic.objects.filter(
            code__in=[
                "mule_accounts",
                "sim_cards",
                "job_lures_abroad",
                "fake_officials",
                "investment_scams",
            ]
        ).count()
        == 5
    )
    client = login(personas.province)
    assert client.get("/awareness/topics/").status_code == 200
    response = client.post(
        "/awareness/topics/",
        {"name_th": "ภัยจากคริปโต", "name_en": "Crypto scams", "order": "5", "active": "on"},
    )
    assert response.status_code == 302
    assert Topic.objects.filter(name_th="ภัยจากคริปโต", active=True).exists()
    assert login(personas.headman).get("/awareness/topics/").status_code == 403
    with pytest.raises(services.AwarenessError):
        services.topic_save(actor=personas.district, name_th="x")


def test_api_records_an_activity_for_a_headman_and_refuses_the_police(personas, topics):
    _, plain = token_issue(user=personas.headman, name="t", scope="write")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {plain}")
    payload = {
        "kind": "line_group",
        "held_on": _today().isoformat(),
        "village_code": village_of(personas.headman).code,
        "audience": 230,
        "topics": [t.code for t in topics],
    }
    created = client.post("/api/v1/awareness/activities", payload, content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["audience"] == 230
    elsewhere = dict(payload, village_code=village_of(personas.headman2).code)
    refused = client.post(
        "/api/v1/awareness/activities", elsewhere, content_type="application/json"
    )
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "invalid"
    _, police = token_issue(user=personas.police, name="t", scope="write")
    forbidden = Client(HTTP_AUTHORIZATION=f"Bearer {police}").post(
        "/api/v1/awareness/activities", payload, content_type="application/json"
    )
    assert forbidden.status_code == 403
    topics_list = client.get("/api/v1/awareness/topics")
    assert {"mule_accounts", "sim_cards"} <= {t["code"] for t in topics_list.json()}


def test_demo_has_activities_the_headman_can_see(personas):
    assert activity_list(user=personas.headman)
    assert activity_list(user=personas.ministry) == []


_ = io
