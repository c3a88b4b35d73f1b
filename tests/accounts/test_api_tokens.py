"""Personal API tokens: shown once, stored as SHA-256 only, expiring, revocable, read-only by
default, and dead for an inactive user."""

from __future__ import annotations

import datetime as dt
import hashlib
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client, RequestFactory
from django.utils import timezone
from ninja.errors import HttpError

from sodsong.accounts import services
from sodsong.accounts.models import ApiToken, User

ME = "/api/v1/accounts/me"


def _bearer(plain: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {plain}"}


def _issue(username: str, *args: str) -> str:
    out = io.StringIO()
    call_command("issue-token", username, *args, stdout=out)
    return out.getvalue().strip()


def test_issue_token_command_prints_a_token_that_authenticates(personas):
    plain = _issue("headman")
    assert plain.startswith("ssg_")
    response = Client().get(ME, **_bearer(plain))
    assert response.status_code == 200
    assert response.json()["username"] == "headman"


def test_only_the_sha256_of_a_token_is_stored(personas):
    plain = _issue("headman")
    token = ApiToken.objects.get(token_hash=hashlib.sha256(plain.encode()).hexdigest())
    assert token.user == personas.headman
    assert plain not in token.prefix
    assert len(token.prefix) < len(plain) // 3
    # Nowhere in the accounts, audit or history tables does the plain token appear.
    tables = [
        t
        for t in connection.introspection.table_names()
        if t.startswith(("accounts_", "audit_", "core_"))
    ]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608  (names from introspection)
            for row in cursor.fetchall():
                assert not any(plain in str(value) for value in row), table


def test_token_history_does_not_keep_its_hash(personas):
    from sodsong.core.models import RecordVersion

    plain = _issue("headman")
    token = ApiToken.objects.get(token_hash=hashlib.sha256(plain.encode()).hexdigest())
    for version in RecordVersion.objects.filter(object_uuid=token.uuid):
        assert "token_hash" not in version.snapshot


def test_tokens_expire(personas):
    plain = _issue("headman", "--days", "30")
    token = ApiToken.objects.get(user=personas.headman)
    expected = timezone.now() + dt.timedelta(days=30)
    assert abs((token.expires_at - expected).total_seconds()) < 60
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert Client().get(ME, **_bearer(plain)).status_code == 401


def test_default_lifetime_comes_from_settings(settings, personas):
    settings.API_TOKEN_DEFAULT_DAYS = 7
    _issue("headman")
    token = ApiToken.objects.get(user=personas.headman)
    assert token.expires_at < timezone.now() + dt.timedelta(days=7, minutes=1)


def test_a_token_cannot_be_issued_already_expired(personas):
    with pytest.raises(services.AccountError):
        services.token_issue(user=personas.headman, days=-1)
    with pytest.raises(services.AccountError):
        services.token_issue(user=personas.headman, days=0)


def test_an_unknown_or_malformed_token_is_refused(db):
    assert Client().get(ME, **_bearer("ssg_not-a-real-token")).status_code == 401
    assert Client().get(ME, **_bearer("something-else")).status_code == 401
    assert Client().get(ME).status_code == 401


def test_revoking_from_the_profile_page_ends_the_token(personas, login):
    plain = _issue("headman")
    token = ApiToken.objects.get(user=personas.headman)
    client = login(personas.headman)
    page = client.get("/accounts/me/")
    assert str(token.uuid) in page.content.decode()
    assert plain not in page.content.decode()

    response = client.post("/accounts/me/", {"form": "revoke", "token": str(token.uuid)})
    assert response.status_code == 302
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    assert Client().get(ME, **_bearer(plain)).status_code == 401


def test_nobody_revokes_another_users_token(personas, login):
    plain = _issue("headman")
    token = ApiToken.objects.get(user=personas.headman)
    client = login(personas.headman2)
    response = client.post("/accounts/me/", {"form": "revoke", "token": str(token.uuid)})
    assert response.status_code == 404
    assert client.post("/accounts/me/", {"form": "revoke", "token": "junk"}).status_code == 404
    assert Client().get(ME, **_bearer(plain)).status_code == 200


def test_a_token_made_on_the_profile_page_is_shown_once_and_not_cached(personas, login):
    client = login(personas.headman)
    created = client.post(
        "/accounts/me/", {"form": "token", "name": "laptop", "scope": "read", "days": 30}
    )
    # Post/redirect/get: a reload of the landing page does not create a second token.
    assert created.status_code == 302
    response = client.get(created["Location"])
    plain = response.context["new_token"]
    assert plain.startswith("ssg_")
    assert "no-store" in response["Cache-Control"]
    assert plain not in client.get("/accounts/me/").content.decode()
    assert ApiToken.objects.filter(user=personas.headman, name="laptop").count() == 1
    assert Client().get(ME, **_bearer(plain)).status_code == 200


def _bearer_auth(method: str, plain: str):  # type: ignore[no-untyped-def]
    from sodsong.api import BearerToken
    from sodsong.core.context import SYSTEM, acting_as

    request = getattr(RequestFactory(), method)("/api/v1/anything", **_bearer(plain))
    # The middleware contains the actor a token sets; outside a request, contain it here.
    with acting_as(SYSTEM):
        return BearerToken()(request)


def test_a_read_token_cannot_write(personas):
    plain = _issue("headman")  # read is the default
    assert _bearer_auth("get", plain) == personas.headman
    with pytest.raises(HttpError) as refused:
        _bearer_auth("post", plain)
    assert refused.value.status_code == 403
    with pytest.raises(HttpError):
        _bearer_auth("delete", plain)


def test_a_write_token_can_write(personas):
    plain = _issue("headman", "--scope", "write")
    assert _bearer_auth("post", plain) == personas.headman


def test_a_token_of_an_inactive_user_is_refused(personas):
    plain = _issue("headman")
    User.objects.filter(username="headman").update(is_active=False)
    assert Client().get(ME, **_bearer(plain)).status_code == 401


def test_no_token_is_issued_to_an_inactive_user(personas):
    User.objects.filter(username="headman").update(is_active=False)
    with pytest.raises(CommandError):
        _issue("headman")


def test_a_demo_personas_token_is_refused_outside_demo_mode(settings, personas):
    plain = _issue("headman")
    settings.DEMO_MODE = False
    assert Client().get(ME, **_bearer(plain)).status_code == 401


def test_issue_token_command_refuses_a_lifetime_below_a_day(personas):
    with pytest.raises(CommandError):
        _issue("headman", "--days", "0")
    assert not ApiToken.objects.filter(user=personas.headman).exists()
