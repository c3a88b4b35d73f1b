"""The survey API: residents, documents, visits, rounds, submissions and import jobs, scoped by
jurisdiction and in the OpenAPI document."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from sodsong.accounts.models import ApiToken
from sodsong.accounts.services import token_issue
from sodsong.survey.models import Resident


def _client(user, write=True):  # type: ignore[no-untyped-def]
    _, plain = token_issue(
        user=user, name="test", scope=ApiToken.Scope.WRITE if write else ApiToken.Scope.READ
    )
    return Client(HTTP_AUTHORIZATION=f"Bearer {plain}")


def _payload(village, number="AP123456", **extra):  # type: ignore[no-untyped-def]
    data = {
        "village_code": village.code,
        "given_name_latin": "Sok",
        "family_name_latin": "Dara",
        "birth_year": 1988,
        "nationality": "KHM",
        "documents": [{"doc_type": "passport", "issuing_state": "KHM", "number": number}],
        "phones": ["+85512345678"],
        "moved_in_on": (timezone.localdate() - dt.timedelta(days=3)).isoformat(),
    }
    data.update(extra)
    return data


def test_a_headman_creates_reads_updates_and_searches_residents(personas, village):
    api = _client(personas.headman)
    created = api.post(
        "/api/v1/survey/residents", _payload(village), content_type="application/json"
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["residences"][0]["tm30_status"] == "missing"
    uuid = body["uuid"]
    assert api.get(f"/api/v1/survey/residents/{uuid}").json()["given_name_latin"] == "Sok"
    patched = api.patch(
        f"/api/v1/survey/residents/{uuid}",
        {"occupation": "ค้าขาย", "status": "unknown"},
        content_type="application/json",
    )
    assert patched.json()["status"] == "unknown"
    found = api.get("/api/v1/survey/residents", {"q": "sok"}).json()
    assert uuid in [r["uuid"] for r in found["items"]]
    by_document = api.get("/api/v1/survey/residents", {"q": "AP123456"}).json()
    assert [r["uuid"] for r in by_document["items"]] == [uuid]
    doc = api.post(
        f"/api/v1/survey/residents/{uuid}/documents",
        {
            "doc_type": "work_permit",
            "issuing_state": "THA",
            "number": "WP-77",
            "issuer_detail": "สวนยาง",
        },
        content_type="application/json",
    )
    assert doc.status_code == 201
    assert "WP77" in [d["number"] for d in doc.json()["documents"]]


def test_invalid_data_answers_the_standard_error_body_in_thai(personas, village):
    api = _client(personas.headman)
    response = api.post(
        "/api/v1/survey/residents",
        _payload(
            village, documents=[{"doc_type": "passport", "issuing_state": "KHM", "number": "1"}]
        ),
        content_type="application/json",
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert "หนังสือเดินทาง" in error["message"]


def test_another_districts_resident_is_not_found_and_cannot_be_created(personas, village, village2):
    uuid = (
        _client(personas.headman)
        .post(
            "/api/v1/survey/residents",
            _payload(village, "AP999111"),
            content_type="application/json",
        )
        .json()["uuid"]
    )
    other = _client(personas.district2)
    assert other.get(f"/api/v1/survey/residents/{uuid}").status_code == 404
    assert uuid not in str(other.get("/api/v1/survey/residents").json())
    assert (
        other.patch(
            f"/api/v1/survey/residents/{uuid}", {"status": "left"}, content_type="application/json"
        ).status_code
        == 404
    )
    refused = _client(personas.headman2).post(
        "/api/v1/survey/residents", _payload(village, "AP999222"), content_type="application/json"
    )
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "forbidden"


@pytest.mark.parametrize("name", ["ministry", "police"])
def test_ministry_and_police_get_no_residents_through_the_api(personas, village, name):
    _client(personas.headman).post(
        "/api/v1/survey/residents", _payload(village, "AP555666"), content_type="application/json"
    )
    api = _client(getattr(personas, name))
    assert api.get("/api/v1/survey/residents").json()["count"] == 0
    assert api.get("/api/v1/survey/visits").json() == []


def test_visits_through_the_api(personas, village):
    api = _client(personas.headman)
    resident = Resident.objects.filter(area=village).first()
    created = api.post(
        "/api/v1/survey/visits",
        {
            "village_code": village.code,
            "visited_on": timezone.localdate().isoformat(),
            "residents": [str(resident.uuid)],
            "red_flags": ["mule-many-sims"],
            "observations": "ok",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    uuid = created.json()["uuid"]
    assert api.get(f"/api/v1/survey/visits/{uuid}").json()["red_flags"] == ["mule-many-sims"]
    assert _client(personas.headman2).get(f"/api/v1/survey/visits/{uuid}").status_code == 404
    assert len(api.get("/api/v1/survey/red-flags").json()) >= 10


def test_rounds_and_submissions_through_the_api(personas, village):
    district = _client(personas.district)
    today = timezone.localdate()
    created = district.post(
        "/api/v1/survey/rounds",
        {
            "name": "API round",
            "area_code": village.code[:4],
            "starts_on": today.isoformat(),
            "ends_on": today.isoformat(),
        },
        content_type="application/json",
    )
    assert created.status_code == 201
    uuid = created.json()["uuid"]
    detail = _client(personas.headman).get(f"/api/v1/survey/rounds/{uuid}").json()
    mine = [s for s in detail["submissions"] if s["area_code"] == village.code]
    assert len(detail["submissions"]) == 1 and mine
    submission = mine[0]["uuid"]
    headman = _client(personas.headman)
    assert (
        headman.post(
            f"/api/v1/survey/submissions/{submission}/submit", {}, content_type="application/json"
        ).json()["status"]
        == "submitted"
    )
    assert (
        headman.post(
            f"/api/v1/survey/submissions/{submission}/review",
            {"approve": True},
            content_type="application/json",
        ).status_code
        == 403
    )
    assert (
        _client(personas.district2)
        .post(
            f"/api/v1/survey/submissions/{submission}/review",
            {"approve": True},
            content_type="application/json",
        )
        .status_code
        == 404
    )
    approved = district.post(
        f"/api/v1/survey/submissions/{submission}/review",
        {"approve": True},
        content_type="application/json",
    )
    assert approved.json()["status"] == "approved"
    figures = district.get(f"/api/v1/survey/rounds/{uuid}", {"level": "district"}).json()[
        "completeness"
    ]
    assert figures[0]["approved"] == 1
    assert (
        _client(personas.district2)
        .post(
            "/api/v1/survey/rounds",
            {
                "name": "x",
                "area_code": village.code[:4],
                "starts_on": today.isoformat(),
                "ends_on": today.isoformat(),
            },
            content_type="application/json",
        )
        .status_code
        == 403
    )


def test_import_jobs_through_the_api(personas, village):
    from .test_import import _row, _xlsx

    api = _client(personas.headman)
    created = api.post(
        "/api/v1/survey/imports",
        {"file": _xlsx([_row(village.code, "AQ100001")]), "mode": "atomic"},
    )
    assert created.status_code == 201, created.content
    uuid = created.json()["uuid"]
    assert created.json()["status"] == "previewed"
    assert _client(personas.district2).get(f"/api/v1/survey/imports/{uuid}").status_code == 404
    committed = api.post(
        f"/api/v1/survey/imports/{uuid}/commit", {}, content_type="application/json"
    )
    assert committed.json()["status"] == "committed"
    assert committed.json()["created_count"] == 1


def test_the_survey_api_is_in_the_openapi_document_with_no_protected_filter():
    from sodsong.api import api

    paths = api.get_openapi_schema()["paths"]
    for path in (
        "/api/v1/survey/residents",
        "/api/v1/survey/residents/{uuid}",
        "/api/v1/survey/residents/{uuid}/documents",
        "/api/v1/survey/visits",
        "/api/v1/survey/rounds",
        "/api/v1/survey/rounds/{uuid}",
        "/api/v1/survey/imports",
        "/api/v1/survey/imports/{uuid}",
        "/api/v1/survey/imports/{uuid}/commit",
    ):
        assert path in paths, path
    for path, operations in paths.items():
        if "/survey/" not in path:
            continue
        for operation in operations.values():
            names = {p["name"] for p in operation.get("parameters", [])}
            assert not names & {"nationality", "ethnicity", "religion", "language"}
