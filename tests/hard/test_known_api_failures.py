"""Deterministic reproductions of what the API fuzzer found (tests/hard/test_api_fuzz.py KNOWN):
first strict xfails naming the issue-17 item, now regression tests (#17 L12, L13)."""

from __future__ import annotations

import jsonschema_rs

from benchmarks.hard import attacks


def _validates(outside, persona: str, path: str, schema_path: str) -> None:
    from sodsong.api import api

    openapi = api.get_openapi_schema(path_prefix="/api/v1/")
    operation = openapi["paths"][schema_path]["get"]
    responses = operation["responses"]
    schema = (responses.get(200) or responses["200"])["content"]["application/json"]["schema"]
    response = outside.http.api(persona, "GET", path, scope="read")
    assert response.status == 200
    validator = jsonschema_rs.validator_for({**schema, "components": openapi["components"]})
    errors = [str(e) for e in validator.iter_errors(response.json())]
    assert not errors, errors[:3]


def test_misconduct_totals_match_the_published_schema(outside) -> None:
    _validates(
        outside,
        "province",
        "/api/v1/misconduct/totals?area=47&date_from=2025-01-01&date_to=2026-12-31",
        "/api/v1/misconduct/totals",
    )


def test_a_non_uuid_agency_on_a_case_is_refused_not_a_server_error(outside) -> None:
    case = attacks._editable_case(outside.http, "police2")
    response = outside.http.api(
        "police2", "POST", f"/api/v1/cases/{case['uuid']}/participants", json={"agency_uuid": "x"}
    )
    assert response.status < 500
