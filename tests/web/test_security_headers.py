"""Issue #17 M11: production headers and API answers. CSP with no inline script or style (and
none left in any template), Permissions-Policy, `no-store` on the API, API server errors in the
JSON error shape, and the OpenAPI docs behind sign-in in production."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

import sodsong

TEMPLATES = sorted(Path(sodsong.__file__).parent.glob("**/templates/**/*.html"))


def test_no_template_has_an_inline_script_or_event_handler() -> None:
    offenders = []
    for path in TEMPLATES:
        text = path.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and 'type="application/json"' not in tag:
                offenders.append(f"{path}: {tag}")
        offenders += [f"{path}: {m}" for m in re.findall(r"\son[a-z]+\s*=\s*[\"']", text)]
        offenders += [f"{path}: javascript: URL" for _ in re.findall(r"javascript:", text)]
    assert not offenders, offenders


def test_no_template_has_an_inline_style() -> None:
    """style-src 'self' without 'unsafe-inline' (#12, #21): a style attribute or a <style> element
    would be refused by the browser; classes in sodsong.css, <progress>, SVG fills instead."""
    offenders = []
    for path in TEMPLATES:
        text = path.read_text(encoding="utf-8")
        offenders += [f"{path}: {m}" for m in re.findall(r"<style\b[^>]*>", text, re.I)]
        offenders += [f"{path}: {m}" for m in re.findall(r"\sstyle\s*=\s*[\"'][^\"']*", text)]
    assert not offenders, offenders


def test_htmx_injects_no_indicator_style() -> None:
    base = next(p for p in TEMPLATES if p.name == "base.html" and p.parent.name == "templates")
    assert '"includeIndicatorStyles":false' in base.read_text(encoding="utf-8")


def test_every_page_sends_the_policies(personas, login) -> None:
    for response in (Client().get("/accounts/login/"), login(personas.province).get("/cases/")):
        policy = response["Content-Security-Policy"]
        script_src = re.search(r"script-src ([^;]*)", policy).group(1)
        assert script_src.strip() == "'self'"
        style_src = re.search(r"style-src ([^;]*)", policy).group(1)
        assert style_src.strip() == "'self'"
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
        assert "camera=()" in response["Permissions-Policy"]


def _token(user, scope: str = "read") -> str:  # type: ignore[no-untyped-def]
    from sodsong.accounts.services import token_issue
    from sodsong.core.context import SYSTEM, acting_as

    with acting_as(SYSTEM):
        return token_issue(user=user, name="headers", scope=scope)[1]


def test_an_api_server_error_answers_in_the_json_error_shape(personas, monkeypatch) -> None:
    from sodsong.people import api as people_api

    def broken(**kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("secret internals")

    monkeypatch.setattr(people_api.selectors, "person_list", broken)
    client = Client(raise_request_exception=False)
    response = client.get(
        "/api/v1/people", HTTP_AUTHORIZATION=f"Bearer {_token(personas.province)}"
    )
    assert response.status_code == 500
    body = response.json()
    assert body["error"]["code"] == "server_error"
    assert body["error"]["message"] and "secret internals" not in response.content.decode()
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("path", ["/api/v1/openapi.json", "/api/v1/docs"])
def test_api_docs_need_a_signed_in_user_in_production(path, personas, login, settings) -> None:
    settings.SODSONG_PUBLIC_API_DOCS = False
    anonymous = Client().get(path)
    assert anonymous.status_code in (302, 401)
    if anonymous.status_code == 302:
        assert anonymous["Location"].startswith("/accounts/login/")
    assert login(personas.headman).get(path).status_code == 200
    token = _token(personas.headman)
    assert Client().get(path, HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200


def test_the_docs_page_loads_its_scripts_from_static_files(db) -> None:
    page = Client().get("/api/v1/docs").content.decode()
    assert "cdn.jsdelivr.net" not in page
    for tag in re.findall(r"<script\b[^>]*>", page):
        assert "src=" in tag or 'type="application/json"' in tag, tag
