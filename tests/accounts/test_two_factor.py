"""TOTP: officers must enrol when the deployment requires it; once enrolled, sign-in asks for the
code, counts wrong codes as failures and refuses a code used before."""

from __future__ import annotations

import pyotp
import pytest
from django.test import Client

from sodsong.accounts import services
from sodsong.accounts.models import User

from .helpers import NEW_PASSWORD, form_errors, sign_in, totp_code

SETUP = "/accounts/two-factor/"
VERIFY = "/accounts/login/verify/"


@pytest.fixture
def totp_required(settings):  # type: ignore[no-untyped-def]
    settings.TOTP_REQUIRED = True


def _enrol(client: Client, username: str) -> User:
    assert client.get(SETUP).status_code == 200
    user = User.objects.get(username=username)
    response = client.post(SETUP, {"code": totp_code(user)})
    assert response.status_code == 302, form_errors(response)
    user.refresh_from_db()
    assert user.has_totp
    return user


def test_demo_mode_default_leaves_totp_optional(personas, password):
    client = Client()
    response = sign_in(client, "headman", password)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


@pytest.mark.usefixtures("totp_required")
def test_officer_without_totp_is_sent_to_set_it_up_for_any_page(personas, password):
    client = Client()
    response = sign_in(client, "headman", password)
    assert response["Location"] == SETUP
    for path in ("/", "/accounts/me/", "/accounts/users/", "/areas/", "/people/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == SETUP, path
    assert client.get("/api/v1/accounts/me").status_code == 403


@pytest.mark.usefixtures("totp_required")
def test_officer_cannot_issue_an_api_token_before_enrolling(personas, password):
    """The profile page issues tokens; open before enrolment, it would bypass the requirement."""
    client = Client()
    sign_in(client, "headman", password)
    response = client.post(
        "/accounts/me/", {"form": "token", "name": "x", "scope": "write", "days": 30}
    )
    assert response.status_code == 302
    assert response["Location"] == SETUP
    assert not personas.headman.api_tokens.exists()


@pytest.mark.usefixtures("totp_required")
def test_enrolment_with_a_wrong_code_keeps_the_officer_on_the_setup_page(personas, password):
    client = Client()
    sign_in(client, "headman", password)
    client.get(SETUP)
    response = client.post(
        SETUP, {"code": "000000" if totp_code(personas.headman) != "000000" else "111111"}
    )
    assert response.status_code == 200
    assert form_errors(response)
    assert client.get("/")["Location"] == SETUP


@pytest.mark.usefixtures("totp_required")
def test_confirmed_enrolment_opens_every_page(personas, password):
    client = Client()
    sign_in(client, "headman", password)
    _enrol(client, "headman")
    assert client.get("/").status_code == 200
    assert client.get("/accounts/me/").status_code == 200


@pytest.mark.usefixtures("totp_required")
def test_the_setup_secret_is_a_valid_authenticator_key(personas, password):
    client = Client()
    sign_in(client, "headman", password)
    response = client.get(SETUP)
    secret = User.objects.get(username="headman").totp_secret
    assert secret in response.content.decode()
    assert len(pyotp.TOTP(secret).now()) == 6
    # Reloading the page keeps the key the officer may already have scanned.
    client.get(SETUP)
    assert User.objects.get(username="headman").totp_secret == secret


def test_opening_the_setup_page_never_switches_off_a_confirmed_second_factor(personas, password):
    client = Client()
    sign_in(client, "headman", password)
    user = _enrol(client, "headman")
    response = client.get(SETUP)
    assert response.status_code == 302
    again = User.objects.get(pk=user.pk)
    assert again.has_totp
    assert again.totp_secret == user.totp_secret


def test_officer_without_a_role_is_not_asked_for_totp(settings, make_user):
    settings.TOTP_REQUIRED = True
    user = make_user()
    assert services.totp_required_for(user) is False
    user.is_staff = True
    assert services.totp_required_for(user) is True


# --- signing in once enrolled -----------------------------------------------------------------


@pytest.fixture
def enrolled_headman(personas, password) -> User:  # type: ignore[no-untyped-def]
    client = Client()
    sign_in(client, "headman", password)
    user = _enrol(client, "headman")
    client.post("/accounts/logout/")
    return user


def test_enrolled_officer_must_give_the_code_after_the_password(enrolled_headman, password):
    client = Client()
    response = sign_in(client, "headman", password)
    assert response.status_code == 302
    assert response["Location"] == VERIFY
    # The password alone signs nobody in.
    assert "_auth_user_id" not in client.session
    assert client.get("/")["Location"].startswith("/accounts/login/")

    response = client.post(VERIFY, {"code": totp_code(enrolled_headman, steps_ahead=1)})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_code_step_needs_a_password_first(enrolled_headman):
    client = Client()
    response = client.post(VERIFY, {"code": totp_code(enrolled_headman, steps_ahead=1)})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"


def test_a_wrong_code_counts_as_a_failed_sign_in(enrolled_headman, password):
    client = Client()
    sign_in(client, "headman", password)
    good = totp_code(enrolled_headman, steps_ahead=1)
    wrong = "123456" if good != "123456" else "654321"
    response = client.post(VERIFY, {"code": wrong})
    assert response.status_code == 200
    assert form_errors(response)
    assert User.objects.get(pk=enrolled_headman.pk).failed_logins == 1
    assert "_auth_user_id" not in client.session


def test_wrong_codes_lock_the_account_and_a_fresh_password_does_not_reset_the_count(
    settings, enrolled_headman, password
):
    """Otherwise re-entering the known password would give endless guesses at the code."""
    settings.LOGIN_MAX_FAILURES = 3
    wrong = "000000"
    for _ in range(2):
        client = Client()
        sign_in(client, "headman", password)
        if wrong == totp_code(enrolled_headman):
            wrong = "111111"
        client.post(VERIFY, {"code": wrong})
    client = Client()
    sign_in(client, "headman", password)
    client.post(VERIFY, {"code": wrong})
    assert User.objects.get(pk=enrolled_headman.pk).is_locked()

    # Locked: even the right code is refused, and so is the password.
    response = client.post(VERIFY, {"code": totp_code(enrolled_headman, steps_ahead=1)})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert sign_in(Client(), "headman", password).status_code == 200


def test_a_replayed_code_is_refused(enrolled_headman, password):
    code = totp_code(enrolled_headman, steps_ahead=1)
    first = Client()
    sign_in(first, "headman", password)
    assert first.post(VERIFY, {"code": code}).status_code == 302

    second = Client()
    sign_in(second, "headman", password)
    response = second.post(VERIFY, {"code": code})
    assert response.status_code == 200
    assert "_auth_user_id" not in second.session


def test_the_enrolment_code_cannot_be_replayed_to_sign_in(personas, password):
    client = Client()
    sign_in(client, "headman", password)
    client.get(SETUP)
    code = totp_code(personas.headman)
    assert client.post(SETUP, {"code": code}).status_code == 302
    client.post("/accounts/logout/")

    client = Client()
    sign_in(client, "headman", password)
    assert client.post(VERIFY, {"code": code}).status_code == 200
    assert "_auth_user_id" not in client.session


def test_the_service_refuses_the_same_step_twice(enrolled_headman):
    user = User.objects.get(pk=enrolled_headman.pk)
    code = totp_code(user, steps_ahead=1)
    assert services.totp_verify(user=user, code=code) is True
    assert services.totp_verify(user=User.objects.get(pk=user.pk), code=code) is False


def test_a_half_finished_sign_in_ends_when_the_password_is_reset(
    enrolled_headman, password, personas
):
    client = Client()
    sign_in(client, "headman", password)
    services.password_reset_issue(user=enrolled_headman, issued_by=personas.province)
    response = client.post(VERIFY, {"code": totp_code(enrolled_headman, steps_ahead=1)})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert "_auth_user_id" not in client.session


def test_a_half_finished_sign_in_expires(enrolled_headman, password):
    from sodsong.accounts.views import PENDING_KEY, PENDING_SECONDS

    client = Client()
    sign_in(client, "headman", password)
    session = client.session
    session[PENDING_KEY] = {
        **session[PENDING_KEY],
        "at": session[PENDING_KEY]["at"] - PENDING_SECONDS - 1,
    }
    session.save()
    response = client.post(VERIFY, {"code": totp_code(enrolled_headman, steps_ahead=1)})
    assert response["Location"] == "/accounts/login/"


def test_a_fresh_officer_enrols_when_required(settings, make_user):
    from sodsong.accounts.models import Role

    settings.TOTP_REQUIRED = True
    officer = make_user(Role.DISTRICT, ("4701",))
    client = Client()
    assert sign_in(client, officer.username, NEW_PASSWORD)["Location"] == SETUP
    _enrol(client, officer.username)
    assert client.get("/").status_code == 200
