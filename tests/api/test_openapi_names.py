"""Issue #17 L13: every schema in the published OpenAPI document has its own name, so each
response validates against the schema published for it."""

from __future__ import annotations

import json
from collections import defaultdict

import jsonschema_rs
import pytest
from django.test import Client

from sodsong.accounts.services import token_issue
from sodsong.core.context import SYSTEM, acting_as


def _schemas() -> list[type]:
    from ninja import Schema

    import sodsong.api  # noqa: F401  (mounts every router, importing its schemas)

    def walk(cls: type) -> list[type]:
        return [c for sub in cls.__subclasses__() for c in (sub, *walk(sub))]

    return [c for c in walk(Schema) if c.__module__.startswith("sodsong.")]


def test_no_two_different_schemas_share_a_component_name() -> None:
    by_name: dict[str, set[str]] = defaultdict(set)
    for cls in _schemas():
        by_name[cls.__name__].add(json.dumps(cls.model_json_schema(), sort_keys=True))
    clashes = sorted(name for name, shapes in by_name.items() if len(shapes) > 1)
    assert not clashes, f"component names used by different schemas: {clashes}"


@pytest.mark.parametrize(
    ("persona", "path", "schema_path"),
    [
        ("province", "/api/v1/people?limit=20", "/api/v1/people"),
        (
            "province",
            "/api/v1/misconduct/totals?area=47&date_from=2025-01-01&date_to=2026-12-31",
            "/api/v1/misconduct/totals",
        ),
        ("province", "/api/v1/indicators/reports", "/api/v1/indicators/reports"),
    ],
)
def test_responses_validate_against_the_published_schema(
    persona, path, schema_path, personas
) -> None:
    spec = Client().get("/api/v1/openapi.json").json()
    responses = spec["paths"][schema_path]["get"]["responses"]
    schema = responses["200"]["content"]["application/json"]["schema"]
    with acting_as(SYSTEM):
        _token, plain = token_issue(user=getattr(personas, persona), name="schema", scope="read")
    response = Client().get(path, HTTP_AUTHORIZATION=f"Bearer {plain}")
    assert response.status_code == 200, response.content[:300]
    validator = jsonschema_rs.validator_for({**schema, "components": spec["components"]})
    errors = [str(e) for e in validator.iter_errors(response.json())]
    assert not errors, errors[:3]
