"""Sessions end after the idle timeout, and a role change ends the user's sessions and tokens."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from sodsong.accounts.models import RoleAssignment
from sodsong.accounts.services import role_assign, role_revoke, token_issue
from sodsong.geo.models import Area


def _settings_in_a_fresh_process(env: dict[str, str], expression: str) -> str:
    """Imports sodsong.settings in a new interpreter with `env`, printing `expression`."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SODSONG_", "DATABASE_URL"))}
    clean.update({"SODSONG_TESTING": "1", **env})
    result = subprocess.run(  # noqa: S603  (our own interpreter and code)
        [sys.executable, "-c", f"import sodsong.settings as s; print({expression})"],
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return result.stdout.strip() if result.returncode == 0 else "ERROR " + result.stderr


def test_idle_timeout_comes_from_the_environment():
    assert (
        _settings_in_a_fresh_process(
            {"SODSONG_IDLE_TIMEOUT_SECONDS": "900"},
            "s.SESSION_COOKIE_AGE, s.SODSONG_SESSION_RENEW_SECONDS",
        )
        == "900 60"
    )
    assert _settings_in_a_fresh_process({}, "s.SESSION_COOKIE_AGE") == "1800"


def test_a_bad_idle_timeout_stops_the_process():
    out = _settings_in_a_fresh_process({"SODSONG_IDLE_TIMEOUT_SECONDS": "half an hour"}, "1")
    assert "EnvError" in out
    assert "SODSONG_IDLE_TIMEOUT_SECONDS" in out


def test_totp_is_required_outside_demo_mode_and_optional_in_it():
    assert _settings_in_a_fresh_process({}, "s.TOTP_REQUIRED") == "True"
    assert _settings_in_a_fresh_process({"SODSONG_DEMO": "1"}, "s.TOTP_REQUIRED") == "False"
    assert (
        _settings_in_a_fresh_process(
            {"SODSONG_DEMO": "1", "SODSONG_TOTP_REQUIRED": "1"}, "s.TOTP_REQUIRED"
        )
        == "True"
    )


def test_a_request_renews_the_session_at_most_once_a_minute(settings, personas, login):
    # Not on every request (issue 18: a page that only reads must not write, or a full disk
    # breaks it): tests/core/test_faults.py checks the minute.
    client = login(personas.headman)
    session = client.session
    session["_renewed"] = 0  # last renewed long ago
    session.save()
    key = session.session_key
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() + dt.timedelta(seconds=60)
    )
    assert client.get("/accounts/me/").status_code == 200
    expires = Session.objects.get(session_key=key).expire_date
    assert expires > timezone.now() + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)


def test_an_idle_session_past_its_expiry_goes_back_to_sign_in(personas, login):
    client = login(personas.headman)
    assert client.get("/accounts/me/").status_code == 200
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    response = client.get("/accounts/me/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


# --- role changes end sessions and tokens -----------------------------------------------------


def _bearer(plain: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {plain}"}


@pytest.mark.parametrize("change", ["assign", "revoke"])
def test_a_role_change_signs_the_user_out_and_revokes_tokens(change, personas, login):
    headman = personas.headman
    client = login(headman)
    _token, plain = token_issue(user=headman, name="phone")
    api = Client()
    assert api.get("/api/v1/accounts/me", **_bearer(plain)).status_code == 200
    assert client.get("/accounts/me/").status_code == 200

    if change == "assign":
        village = (
            Area.objects.filter(code__startswith="47", level="village")
            .exclude(role_assignments__user=headman)
            .first()
        )
        role_assign(user=headman, role="headman", areas=[village])
    else:
        role_revoke(assignment=RoleAssignment.objects.filter(user=headman).first())

    response = client.get("/accounts/me/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session
    assert api.get("/api/v1/accounts/me", **_bearer(plain)).status_code == 401


def test_a_role_change_for_someone_else_leaves_my_session_alone(personas, login):
    client = login(personas.headman2)
    role_revoke(assignment=RoleAssignment.objects.filter(user=personas.headman).first())
    assert client.get("/accounts/me/").status_code == 200


def test_signing_in_again_after_a_role_change_works(personas, login):
    headman = personas.headman
    login(headman)
    role_revoke(assignment=RoleAssignment.objects.filter(user=headman).first())
    client = login(headman)
    assert client.get("/accounts/me/").status_code == 200
