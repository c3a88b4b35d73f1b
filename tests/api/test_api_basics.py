"""The API's contract: the OpenAPI document, health, Bearer tokens (expired, revoked, malformed,
read-only, demo users outside demo mode), one error body shape, and `/accounts/me`."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import Client, RequestFactory
from django.utils import timezone
from ninja.errors import HttpError

from sodsong.accounts.models import ApiToken, Role, User
from sodsong.accounts.services import role_assign, token_issue, token_revoke
from sodsong.api import BearerToken, _http_error
from sodsong.core.context import SYSTEM, acting_as, current_actor
from sodsong.geo.models import Area

ERROR_KEYS = {"code", "message", "message_en", "details"}


def _bearer(plain: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {plain}"}


def _assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content[:300]
    body = json.loads(response.content)
    assert set(body) == {"error"}
    assert set(body["error"]) == ERROR_KEYS
    assert body["error"]["code"] == code
    assert body["error"]["message"] and body["error"]["message_en"]
    return body["error"]


# --- documents and health --------------------------------------------------------------------


def test_openapi_document_lists_every_module(db):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    assert spec["openapi"].startswith("3.")
    paths = set(spec["paths"])
    assert {
        "/api/v1/geo/provinces",
        "/api/v1/geo/search",
        "/api/v1/geo/subdistricts/{code}/villages",
        "/api/v1/people",
        "/api/v1/people/{uuid}",
        "/api/v1/accounts/me",
        "/api/v1/audit/events",
    } <= paths
    assert "BearerToken" in spec["components"]["securitySchemes"]


def test_healthz_answers_200_without_signing_in(db):
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


# --- tokens ----------------------------------------------------------------------------------


def test_a_valid_token_reaches_the_api(personas):
    _, plain = token_issue(user=personas.district, name="basics")
    response = Client().get("/api/v1/accounts/me", **_bearer(plain))
    assert response.status_code == 200
    assert response.json()["username"] == "district"
    assert ApiToken.objects.get(prefix=plain[:10]).last_used_at is not None


def test_an_unauthenticated_call_is_refused(db):
    _assert_error(Client().get("/api/v1/accounts/me"), 401, "unauthorized")


def test_an_expired_token_is_refused(personas):
    token, plain = token_issue(user=personas.district, name="basics", days=1)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    _assert_error(Client().get("/api/v1/accounts/me", **_bearer(plain)), 401, "unauthorized")


def test_a_revoked_token_is_refused(personas):
    token, plain = token_issue(user=personas.district, name="basics")
    token_revoke(token=token)
    _assert_error(Client().get("/api/v1/accounts/me", **_bearer(plain)), 401, "unauthorized")


def test_a_role_change_ends_the_users_tokens(personas):
    _, plain = token_issue(user=personas.headman3, name="basics")
    role_assign(
        user=personas.headman3,
        role=Role.HEADMAN,
        areas=[Area.objects.get(code="47010104")],
    )
    _assert_error(Client().get("/api/v1/accounts/me", **_bearer(plain)), 401, "unauthorized")


def test_a_token_of_a_deactivated_user_is_refused(personas):
    _, plain = token_issue(user=personas.police, name="basics")
    User.objects.filter(username="police").update(is_active=False)
    _assert_error(Client().get("/api/v1/accounts/me", **_bearer(plain)), 401, "unauthorized")


@pytest.mark.parametrize(
    "header",
    [
        "Bearer ",
        "Bearer garbage",
        "Bearer ssg_",
        "Bearer ssg_not-a-token-that-was-ever-issued",
        "Bearer ssg_a b",
        "Token ssg_abc",
        "Basic ZGlzdHJpY3Q6eA==",
        "ssg_abc",
    ],
)
def test_a_malformed_token_is_refused(personas, header):
    response = Client().get("/api/v1/accounts/me", HTTP_AUTHORIZATION=header)
    _assert_error(response, 401, "unauthorized")


def test_a_token_with_a_changed_character_is_refused(personas):
    _, plain = token_issue(user=personas.district, name="basics")
    tampered = plain[:-1] + ("A" if plain[-1] != "A" else "B")
    _assert_error(Client().get("/api/v1/accounts/me", **_bearer(tampered)), 401, "unauthorized")


def test_a_demo_users_token_is_refused_outside_demo_mode(personas, settings):
    _, plain = token_issue(user=personas.province, name="basics")
    assert Client().get("/api/v1/accounts/me", **_bearer(plain)).status_code == 200
    settings.DEMO_MODE = False
    _assert_error(Client().get("/api/v1/accounts/me", **_bearer(plain)), 401, "unauthorized")


def test_a_real_users_token_works_outside_demo_mode(db, settings):
    settings.DEMO_MODE = False
    user = User.objects.create_user(username="somsri.k", password="x-unused-password-47")
    role_assign(user=user, role=Role.DISTRICT, areas=[Area.objects.get(code="4703")])
    _, plain = token_issue(user=user, name="basics")
    response = Client().get("/api/v1/accounts/me", **_bearer(plain))
    assert response.status_code == 200
    assert response.json()["roles"] == [{"role": "district", "areas": ["4703"]}]


# --- read-only tokens ------------------------------------------------------------------------


def _authenticate(method: str, plain: str):
    """Runs the API's Bearer check on a bare request: there is no write endpoint yet."""
    request = getattr(RequestFactory(), method)(
        "/api/v1/people", HTTP_AUTHORIZATION=f"Bearer {plain}"
    )
    with acting_as(SYSTEM):  # the check sets the actor; keep it from leaking past this test
        return request, BearerToken()(request)


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_a_read_only_token_cannot_write(personas, method):
    _, plain = token_issue(user=personas.district, name="basics", scope=ApiToken.Scope.READ)
    with pytest.raises(HttpError) as refused:
        _authenticate(method, plain)
    assert refused.value.status_code == 403
    assert str(refused.value) == "token_read_only"
    request = RequestFactory().post("/api/v1/people")
    error = _assert_error(_http_error(request, refused.value), 403, "token_read_only")
    assert error["message_en"] == "This token is read-only."


@pytest.mark.parametrize("method", ["get", "head", "options"])
def test_a_read_only_token_can_read(personas, method):
    _, plain = token_issue(user=personas.district, name="basics", scope=ApiToken.Scope.READ)
    request, user = _authenticate(method, plain)
    assert user == personas.district
    assert request.api_token.scope == ApiToken.Scope.READ


def test_a_write_token_may_write(personas):
    _, plain = token_issue(user=personas.district, name="basics", scope=ApiToken.Scope.WRITE)
    request, user = _authenticate("post", plain)
    assert user == personas.district
    assert request.user == personas.district


def test_the_bearer_check_leaves_no_actor_behind(personas):
    _, plain = token_issue(user=personas.district, name="basics")
    before = current_actor()
    _authenticate("get", plain)
    assert current_actor() == before


def test_a_write_with_a_read_only_token_on_a_read_endpoint_is_not_a_server_error(personas):
    _, plain = token_issue(user=personas.district, name="basics")
    response = Client().post("/api/v1/accounts/me", **_bearer(plain))
    assert response.status_code in (403, 405)
    if response.status_code == 403:
        _assert_error(response, 403, "token_read_only")


# --- who am I --------------------------------------------------------------------------------


def _me(user) -> dict:
    _, plain = token_issue(user=user, name="basics")
    response = Client().get("/api/v1/accounts/me", **_bearer(plain))
    assert response.status_code == 200
    return response.json()


def test_me_shows_a_headmans_role_and_village(personas):
    me = _me(personas.headman)
    assert me["username"] == "headman"
    assert me["uuid"] == str(personas.headman.uuid)
    assert me["agency"] == personas.headman.agency.name_th
    assert me["roles"] == [{"role": "headman", "areas": ["47010102"]}]


def test_me_shows_every_role_of_a_kamnan_who_is_also_a_headman(personas):
    roles = {r["role"]: r["areas"] for r in _me(personas.kamnan)["roles"]}
    assert roles == {"kamnan": ["470101"], "headman": ["47010101"]}


def test_me_shows_the_province_and_an_area_less_admin_role(personas):
    roles = {r["role"]: r["areas"] for r in _me(personas.province)["roles"]}
    assert roles == {"province": ["47"], "admin": []}


def test_me_shows_the_ministry_with_no_area(personas):
    assert _me(personas.ministry)["roles"] == [{"role": "ministry", "areas": []}]


def test_me_works_with_the_browser_session(personas, login):
    client = login(personas.district2)
    response = client.get("/api/v1/accounts/me")
    assert response.status_code == 200
    assert response.json()["roles"] == [{"role": "district", "areas": ["4702"]}]


# --- one error shape ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("exception", "status", "code"),
    [
        (Http404("no such case"), 404, "not_found"),
        (PermissionDenied(), 403, "forbidden"),
        (HttpError(404, "not_found"), 404, "not_found"),
        (HttpError(403, "something_new"), 403, "forbidden"),
    ],
)
def test_every_api_error_answers_in_the_one_error_shape(db, exception, status, code):
    # Routers may raise Django's own exceptions; the API still answers in its error body.
    from sodsong.api import api

    request = RequestFactory().get("/api/v1/people/x")
    _assert_error(api.on_exception(request, exception), status, code)


def test_an_unknown_person_answers_in_the_error_shape(personas):
    _, plain = token_issue(user=personas.province, name="basics")
    response = Client().get("/api/v1/people/00000000-0000-4000-8000-000000000000", **_bearer(plain))
    _assert_error(response, 404, "not_found")


def test_an_invalid_parameter_answers_422_with_details(personas):
    _, plain = token_issue(user=personas.province, name="basics")
    response = Client().get("/api/v1/people", {"limit": "many"}, **_bearer(plain))
    error = _assert_error(response, 422, "invalid")
    assert error["details"]
