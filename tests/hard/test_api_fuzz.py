"""API fuzzing, the short CI run (issue #12): schemathesis generates requests for every operation
of `/api/v1/openapi.json` and sends them, in-process, with the tokens of five personas (read-only
and read-write). No answer may be a server error or break the published schema.

The long run against a real server is `scripts/check-hard fuzz`. What the fuzzer found and is not
fixed yet is listed in KNOWN, each with a deterministic reproduction in
tests/hard/test_known_api_failures.py (strict xfail): when one is fixed, that test passes loudly,
and its line here goes too.
"""

from __future__ import annotations

import os

import pytest

schemathesis = pytest.importorskip("schemathesis")

from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

# persona → token scope. Read-write officers at three levels, two read-only viewers.
FUZZ_PERSONAS = {
    "province": "write",
    "police": "write",
    "headman": "write",
    "ministry": "read",
    "investigator2": "read",
}
EXAMPLES = int(os.environ.get("SODSONG_FUZZ_EXAMPLES", "5"))

# (method, path) → the check that fails there today, and the issue-17 item that fixes it.
KNOWN: dict[tuple[str, str], tuple[str, str]] = {}


def _openapi() -> dict:
    from sodsong.api import api

    return api.get_openapi_schema(path_prefix="/api/v1/")


def _operations() -> list[tuple[str, str]]:
    return [
        (method.upper(), path)
        for path, methods in _openapi()["paths"].items()
        for method in methods
        if method in ("get", "post", "put", "patch", "delete")
    ]


@pytest.fixture(scope="module")
def wsgi_app():  # type: ignore[no-untyped-def]
    """Django's WSGI handler in this thread, so requests share the test's transaction; as in
    Django's test client, connections are not closed at the end of each request."""
    from django.core import signals
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def fuzz_schema(wsgi_app):  # type: ignore[no-untyped-def]
    schema = schemathesis.openapi.from_dict(_openapi())
    schema.app = wsgi_app
    return schema


@pytest.fixture
def tokens(personas) -> dict[str, str]:  # type: ignore[no-untyped-def]
    from sodsong.accounts.services import token_issue
    from sodsong.core.context import SYSTEM, acting_as

    with acting_as(SYSTEM):
        return {
            name: token_issue(user=getattr(personas, name), name="fuzz", scope=scope)[1]
            for name, scope in FUZZ_PERSONAS.items()
        }


def _failure_kinds(exc: BaseException) -> set[str]:
    """ "server" or "schema" for each failure schemathesis raised (one, or a group)."""
    if isinstance(exc, BaseExceptionGroup):
        return set().union(*(_failure_kinds(e) for e in exc.exceptions))
    text = f"{type(exc).__name__} {exc}"
    return {"server" if "Server error" in text or "ServerError" in text else "schema"}


def _describe(exc: BaseException) -> str:
    if isinstance(exc, BaseExceptionGroup):
        return " | ".join(_describe(e) for e in exc.exceptions)
    return str(exc)[:400]


@pytest.mark.parametrize(("method", "path"), _operations(), ids=lambda v: v)
def test_fuzzed_requests_get_no_server_error_and_match_the_schema(
    method: str, path: str, wsgi_app, fuzz_schema, tokens
) -> None:  # type: ignore[no-untyped-def]
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import response_schema_conformance

    operation = fuzz_schema.find_operation_by_path(method.lower(), path)
    assert operation is not None
    known = KNOWN.get((method, path))
    failures: list[str] = []

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(), persona=st.sampled_from(sorted(FUZZ_PERSONAS)))
    def run(case, persona: str) -> None:  # type: ignore[no-untyped-def]
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {tokens[persona]}"}
        case.cookies = {}
        response = case.call(app=wsgi_app)
        try:
            case.validate_response(
                response, checks=[not_a_server_error, response_schema_conformance]
            )
        except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001  (every persona gets its turn)
            if known is None or _failure_kinds(exc) != {known[0]}:
                failures.append(f"{persona} {case.method} {case.formatted_path}: {_describe(exc)}")

    run()
    assert not failures, "\n\n".join(failures[:3])
