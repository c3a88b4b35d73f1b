"""Two officers saving the same resident (issue 18, "Lost updates"): each save writes only what
it changes, a form or API client that started from an older version is told, and the status form
no longer sends the occupation back.

The interleavings are replayed in order (officer A reads, officer B saves, officer A saves), which
is what the threads of `scripts/bench concurrency` hit at random; run this file with
DATABASE_URL set to check PostgreSQL too."""

from __future__ import annotations

import datetime as dt
import json

from django.utils import timezone

from sodsong.core.concurrency import VersionConflict
from sodsong.people.models import DocumentType
from sodsong.people.services import DocumentInput
from sodsong.survey import services
from sodsong.survey.models import Resident, ResidentStatus


def _resident(user, area, number):  # type: ignore[no-untyped-def]
    return services.resident_register(
        user=user,
        area=area,
        given_name_latin="Aung",
        family_name_latin="Min",
        birth_year=1990,
        nationality="MMR",
        documents=[DocumentInput(DocumentType.PASSPORT, "MMR", number)],
        occupation="rubber tapper",
        moved_in_on=timezone.localdate() - dt.timedelta(days=10),
    )


def test_a_save_from_a_record_read_earlier_keeps_the_other_officers_change(personas, village):
    resident = _resident(personas.headman, village, "CC100001")
    seen_by_a = Resident.objects.get(pk=resident.pk)  # officer A opens the record
    services.resident_update(
        user=personas.district, resident=Resident.objects.get(pk=resident.pk), status="unknown"
    )
    services.resident_update(user=personas.headman, resident=seen_by_a, occupation="cook")
    resident.refresh_from_db()
    assert (resident.status, resident.occupation) == ("unknown", "cook")
    assert resident.version == 3


def test_an_edit_started_from_an_older_version_is_refused(personas, village):
    resident = _resident(personas.headman, village, "CC100002")
    services.resident_update(user=personas.district, resident=resident, occupation="driver")
    try:
        services.resident_update(
            user=personas.headman, resident=resident, occupation="cook", expected_version=1
        )
    except VersionConflict as exc:
        assert exc.current.occupation == "driver"
    else:
        raise AssertionError("a stale version was accepted")
    resident.refresh_from_db()
    assert resident.occupation == "driver"


def _status_post(resident, version, status, occupation, base_status, base_occupation):  # type: ignore[no-untyped-def]
    return {
        "version": version,
        "status": status,
        "occupation": occupation,
        "initial-status": base_status,
        "initial-occupation": base_occupation,
    }


def test_the_status_form_no_longer_sends_the_occupation_back(personas, login, village):
    resident = _resident(personas.headman, village, "CC100003")
    headman = login(personas.headman)
    page = headman.get(f"/survey/residents/{resident.uuid}/").content.decode()
    assert 'name="version"' in page and 'name="initial-occupation"' in page
    # Meanwhile the district corrects the occupation.
    services.resident_update(user=personas.district, resident=resident, occupation="mechanic")
    # The headman, on the page opened before, marks the resident as having left.
    response = headman.post(
        f"/survey/residents/{resident.uuid}/status/",
        _status_post(resident, 1, "left", "rubber tapper", "living", "rubber tapper"),
    )
    assert response.status_code == 302
    resident.refresh_from_db()
    assert (resident.status, resident.occupation) == ("left", "mechanic")
    assert resident.residences.get().moved_out_on is not None


def test_both_officers_changing_the_same_field_see_both_values_and_choose(personas, login, village):
    resident = _resident(personas.headman, village, "CC100004")
    headman = login(personas.headman)
    services.resident_update(user=personas.district, resident=resident, occupation="mechanic")
    url = f"/survey/residents/{resident.uuid}/status/"
    response = headman.post(
        url, _status_post(resident, 1, "living", "cook", "living", "rubber tapper")
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "cook" in html and "mechanic" in html
    assert 'id="conflict"' in html
    resident.refresh_from_db()
    assert resident.occupation == "mechanic"  # nothing written yet
    # The conflict form posts the officer's choice against the current version.
    chosen = headman.post(
        url, _status_post(resident, resident.version, "living", "cook", "living", "mechanic")
    )
    assert chosen.status_code == 302
    resident.refresh_from_db()
    assert resident.occupation == "cook"


def test_the_api_gives_an_etag_and_refuses_a_stale_if_match(personas, login, village):
    resident = _resident(personas.headman, village, "CC100005")
    client = login(personas.headman)
    url = f"/api/v1/survey/residents/{resident.uuid}"
    got = client.get(url)
    assert got.status_code == 200
    assert got.headers["ETag"] == '"1"'
    services.resident_update(user=personas.district, resident=resident, status="unknown")
    stale = client.patch(
        url,
        json.dumps({"occupation": "cook"}),
        content_type="application/json",
        headers={"If-Match": '"1"'},
    )
    assert stale.status_code == 412
    error = stale.json()["error"]
    assert error["code"] == "precondition_failed"
    assert "ผู้อื่น" in error["message"]
    assert error["details"]["current_version"] == 2
    fresh = client.patch(
        url,
        json.dumps({"occupation": "cook"}),
        content_type="application/json",
        headers={"If-Match": '"2"'},
    )
    assert fresh.status_code == 200, fresh.content
    assert fresh.headers["ETag"] == '"3"'
    # Without If-Match the change is accepted and writes only the field it names.
    blind = client.patch(url, json.dumps({"occupation": "driver"}), content_type="application/json")
    assert blind.status_code == 200
    resident.refresh_from_db()
    assert (resident.status, resident.occupation) == (ResidentStatus.UNKNOWN, "driver")


def test_a_save_that_keeps_meeting_newer_versions_says_so_instead_of_claiming_saved(
    personas, login, village, monkeypatch
):
    """Each retry meets a version saved meanwhile (other fields only): after the last one the
    officer is told that nothing was saved, rather than shown "Saved." for a change dropped."""
    resident = _resident(personas.headman, village, "CC100006")
    headman = login(personas.headman)

    def always_moved_on(*, expected_version, **kwargs):  # type: ignore[no-untyped-def]
        current = Resident.objects.get(pk=resident.pk)
        current.version = (expected_version or 1) + 1
        raise VersionConflict(current, expected_version)

    monkeypatch.setattr(services, "resident_update", always_moved_on)
    response = headman.post(
        f"/survey/residents/{resident.uuid}/status/",
        _status_post(resident, 1, "living", "cook", "living", "rubber tapper"),
        follow=True,
    )
    page = response.content.decode()
    assert "บันทึกเรียบร้อยแล้ว" not in page  # "Saved."
    assert "ยังไม่ได้บันทึก" in page
    resident.refresh_from_db()
    assert resident.occupation == "rubber tapper"
