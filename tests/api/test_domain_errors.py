"""One error path: a service's refusal (`DomainError`) and a `PermissionError` answer in the API's
one error body from the handlers in sodsong/api.py, and routers do not translate them themselves.
The HTML views show the same refusal with `show_refusal`."""

from __future__ import annotations

import errno
import json
import re
from pathlib import Path

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.test import Client, RequestFactory

from sodsong.accounts.services import token_issue
from sodsong.cases.services import CaseError, CasePermissionError
from sodsong.core.errors import DomainError, show_refusal
from sodsong.indicators.selectors import OutOfScope
from sodsong.survey.services import SurveyError
from sodsong.tips.services import RateLimited, TipError

ERROR_KEYS = {"code", "message", "message_en", "details"}
ROOT = Path(__file__).resolve().parents[2]


def _error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content[:300]
    body = json.loads(response.content)
    assert set(body) == {"error"} and set(body["error"]) == ERROR_KEYS
    assert body["error"]["code"] == code
    return body["error"]


def _answer(exc: Exception):  # type: ignore[no-untyped-def]
    from sodsong.api import api

    return api.on_exception(RequestFactory().post("/api/v1/cases"), exc)


# --- the handlers ----------------------------------------------------------------------------


@pytest.mark.parametrize("error_class", [DomainError, CaseError, SurveyError])
def test_a_service_refusal_answers_422_with_its_own_message(db, error_class):
    error = _error(_answer(error_class("ยังไม่ได้เลือกหมู่บ้าน")), 422, "invalid")
    assert error["message"] == "ยังไม่ได้เลือกหมู่บ้าน"
    assert error["message_en"] == "The request is not valid."
    assert error["details"] is None


def test_a_refusal_about_fields_carries_their_messages_as_details(db):
    exc = DomainError("ข้อมูลไม่ครบ", code="incomplete", fields={"house_no": "ต้องระบุ"})
    error = _error(_answer(exc), 422, "incomplete")
    assert error["details"] == {"house_no": ["ต้องระบุ"]}


def test_a_refusal_without_a_message_answers_with_the_codes_thai_text(db):
    error = _error(_answer(DomainError()), 422, "invalid")
    assert error["message"] == "ข้อมูลที่ส่งมาไม่ถูกต้อง"


def test_the_tips_api_keeps_its_published_400_and_429(db):
    assert _error(_answer(TipError("x")), 400, "invalid")["message"] == "x"
    limited = _error(_answer(RateLimited()), 429, "rate_limited")
    assert limited["message"] and limited["message_en"] == "Too many requests; try again later."


@pytest.mark.parametrize(
    "exc", [PermissionError(), CasePermissionError("no"), OutOfScope()], ids=repr
)
def test_a_permission_error_answers_403_in_thai(db, exc):
    error = _error(_answer(exc), 403, "forbidden")
    assert error["message"] == "ไม่มีสิทธิ์เข้าถึงข้อมูลนี้"


def test_an_operating_system_permission_error_is_a_server_error_not_the_users(db):
    exc = PermissionError(errno.EACCES, "Permission denied", "/srv/media/x")
    error = _error(_answer(exc), 500, "server_error")
    assert "/srv" not in error["message"]


def test_a_refusal_raised_inside_an_endpoint_reaches_the_client_in_thai(personas):
    _, plain = token_issue(user=personas.province, name="errors")
    response = Client(HTTP_AUTHORIZATION=f"Bearer {plain}").get(
        "/api/v1/awareness/totals",
        {"area": "47", "date_from": "2026-02-01", "date_to": "2026-01-01"},
    )
    error = _error(response, 422, "invalid")
    assert error["message"] == "วันสิ้นสุดช่วงเวลาอยู่ก่อนวันเริ่มต้น"


def test_no_router_translates_service_errors_itself():
    """The per-module copies (`_invalid`, `_errors`, `_user_error`) and the try/except blocks that
    only turned a service error into a response are gone: the handlers do it once."""
    modules = [
        p
        for p in (ROOT / "sodsong").rglob("*.py")
        if p.name == "api.py" or p.parent.name == "api" or p.name.endswith("_api.py")
    ]
    assert modules
    helper = re.compile(r"^def (_invalid|_errors|_user_error)\(", re.M)
    translate = re.compile(
        r"except [^\n]*(Error|OutOfScope|PermissionDenied)[^\n]*:\n\s+"
        r"(return _\w+\(|raise HttpError\((403|422))"
    )
    offenders = [
        str(p.relative_to(ROOT))
        for p in modules
        if helper.search(p.read_text()) or translate.search(p.read_text())
    ]
    assert offenders == []


# --- the HTML views ----------------------------------------------------------------------------


class _Form(forms.Form):
    house_no = forms.CharField(required=False)


def _request():  # type: ignore[no-untyped-def]
    request = RequestFactory().post("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def test_a_view_shows_a_refusal_on_its_form():
    form = _Form(data={})
    assert form.is_valid()
    exc = DomainError("บันทึกไม่ได้", fields={"house_no": ["ต้องระบุ"], "elsewhere": "อื่น"})
    show_refusal(_request(), exc, form)
    assert form.errors["house_no"] == ["ต้องระบุ"]
    assert form.non_field_errors() == ["อื่น", "บันทึกไม่ได้"]


def test_a_view_without_a_form_shows_the_refusal_as_a_message():
    request = _request()
    show_refusal(request, TipError("ส่งซ้ำ"))
    assert [str(m) for m in get_messages(request)] == ["ส่งซ้ำ"]
