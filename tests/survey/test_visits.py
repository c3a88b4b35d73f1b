"""Visits: a headman records what was seen, ticks behavioural red flags, attaches a photo, and
may save a draft; red flags are behaviour, never a nationality."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sodsong.people.models import DocumentType
from sodsong.people.services import DocumentInput
from sodsong.survey import services
from sodsong.survey.models import RedFlag, Visit

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


def _resident(user, village, number):  # type: ignore[no-untyped-def]
    return services.resident_register(
        user=user,
        area=village,
        given_name_latin="Nilar",
        documents=[DocumentInput(DocumentType.PASSPORT, "MMR", number)],
    )


def test_red_flags_are_seeded_behaviours_and_never_a_nationality(db):
    flags = list(RedFlag.objects.all())
    assert {f.category for f in flags} == {"premises", "mule", "recruiting", "residence"}
    words = ("myanmar", "cambodia", "lao", "chin", "vietnam", "nationality", "สัญชาติ", "พม่า")
    for flag in flags:
        text = f"{flag.code} {flag.label_en} {flag.label_th}".lower()
        assert not any(w in text for w in words), flag.code


def test_headman_records_a_visit_with_red_flags_and_a_photo(personas, login, village):
    resident = _resident(personas.headman, village, "VS100200")
    client = login(personas.headman)
    form = client.get("/survey/visits/new/")
    assert form.status_code == 200
    assert "Nilar" in form.content.decode()
    response = client.post(
        "/survey/visits/new/",
        {
            "village": village.code,
            "visited_on": "๑๐/๐๖/๒๕๖๘",
            "residents": [str(resident.uuid)],
            "red_flags": ["premises-many-devices", "mule-many-sims"],
            "observations": "พบเราเตอร์และโทรศัพท์จำนวนมาก",
            "photo": SimpleUploadedFile("p.png", PNG, content_type="image/png"),
            "save": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    visit = Visit.objects.latest("id")
    assert visit.visited_on == dt.date(2025, 6, 10)
    assert not visit.is_draft
    assert set(visit.red_flags.values_list("code", flat=True)) == {
        "premises-many-devices",
        "mule-many-sims",
    }
    assert list(visit.residents.all()) == [resident]
    from sodsong.core.models import Attachment

    photo = Attachment.objects.get(owner_uuid=visit.uuid)
    assert client.get(f"/files/{photo.uuid}").status_code == 200
    assert login(personas.district2).get(f"/files/{photo.uuid}").status_code == 404
    assert login(personas.district).get(f"/files/{photo.uuid}").status_code == 200


def test_a_draft_visit_is_saved_and_finished_later(personas, login, village):
    client = login(personas.headman)
    response = client.post(
        "/survey/visits/new/",
        {"village": village.code, "visited_on": "10/06/2568", "draft": "1"},
    )
    assert response.status_code == 302
    visit = Visit.objects.latest("id")
    assert visit.is_draft
    response = client.post(
        f"/survey/visits/{visit.uuid}/edit/",
        {
            "village": village.code,
            "visited_on": "11/06/2568",
            "observations": "เสร็จแล้ว",
            "save": "1",
        },
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert not visit.is_draft
    assert visit.observations == "เสร็จแล้ว"
    with pytest.raises(services.SurveyError):
        services.visit_record(
            user=personas.headman, area=village, visited_on=visit.visited_on, visit=visit
        )


def test_a_visit_date_in_the_future_is_refused_in_thai(personas, login, village):
    tomorrow = timezone.localdate() + dt.timedelta(days=2)
    response = login(personas.headman).post(
        "/survey/visits/new/",
        {"village": village.code, "visited_on": tomorrow.isoformat(), "save": "1"},
    )
    assert response.status_code == 200
    assert "วันที่เป็นวันในอนาคต" in response.content.decode()


def test_a_visit_in_another_district_is_not_found(personas, login, village):
    visit = services.visit_record(
        user=personas.headman, area=village, visited_on=timezone.localdate()
    )
    assert login(personas.headman2).get(f"/survey/visits/{visit.uuid}/").status_code == 404
    assert login(personas.district2).get(f"/survey/visits/{visit.uuid}/").status_code == 404
    assert login(personas.police).get(f"/survey/visits/{visit.uuid}/").status_code == 404
    assert login(personas.district).get(f"/survey/visits/{visit.uuid}/").status_code == 200


def test_a_headman_cannot_record_a_visit_in_another_village(personas, village2):
    with pytest.raises(services.SurveyError):
        services.visit_record(user=personas.headman, area=village2, visited_on=timezone.localdate())


def test_inactive_red_flags_are_not_offered(personas, login, village):
    RedFlag.objects.filter(code="premises-curtains-closed").update(active=False)
    html = login(personas.headman).get("/survey/visits/new/").content.decode()
    assert "premises-curtains-closed" not in html
    assert "premises-many-devices" in html


def test_red_flags_are_editable_in_the_admin(db):
    from django.contrib import admin

    assert admin.site.is_registered(RedFlag)
