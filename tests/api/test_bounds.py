"""Issue #17 L12: hostile numbers and ids in API requests are refused in the JSON error shape
(422), never a server error: a huge `offset` on every list endpoint, a non-UUID in a write."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from sodsong.accounts.services import token_issue
from sodsong.core.context import SYSTEM, acting_as

LIST_PATHS = (
    "/api/v1/people",
    "/api/v1/cases",
    "/api/v1/tips",
    "/api/v1/audit/events",
    "/api/v1/survey/residents",
    "/api/v1/survey/visits",
    "/api/v1/awareness/activities",
    "/api/v1/misconduct/matters",
)


def _client(user, scope: str = "write") -> Client:  # type: ignore[no-untyped-def]
    with acting_as(SYSTEM):
        _token, plain = token_issue(user=user, name="bounds", scope=scope)
    return Client(HTTP_AUTHORIZATION=f"Bearer {plain}")


def _assert_invalid(response) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 422, response.content[:300]
    body = json.loads(response.content)
    assert body["error"]["code"] == "invalid"
    assert body["error"]["message"] and body["error"]["message_en"]


@pytest.mark.parametrize("path", LIST_PATHS)
def test_a_huge_offset_is_refused_not_a_server_error(path, personas) -> None:
    client = _client(personas.province)
    _assert_invalid(client.get(path, {"offset": 10**25}))
    _assert_invalid(client.get(path, {"offset": 2**63}))
    _assert_invalid(client.get(path, {"offset": -1}))


def test_the_offset_bound_is_published(db) -> None:
    spec = Client().get("/api/v1/openapi.json").json()
    params = {p["name"]: p for p in spec["paths"]["/api/v1/people"]["get"]["parameters"]}
    assert params["offset"]["schema"]["maximum"] == 1_000_000
    assert params["offset"]["schema"]["minimum"] == 0


def test_a_non_uuid_resident_in_a_visit_is_refused(personas) -> None:
    from sodsong.geo.models import Area, Level

    village = (
        Area.objects.filter(role_assignments__user=personas.headman, level=Level.VILLAGE)
        .values_list("code", flat=True)
        .first()
    )
    response = _client(personas.headman).post(
        "/api/v1/survey/visits",
        {"village_code": village, "visited_on": "2026-11-01", "residents": ["x"]},
        content_type="application/json",
    )
    _assert_invalid(response)
