"""Passwords are hashed with Argon2; too many wrong passwords lock the account for a while, with
one message for every refused sign-in so that the form does not reveal which accounts exist."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone, translation

from sodsong.accounts import services
from sodsong.accounts.models import Role, User

from .helpers import NEW_PASSWORD, form_errors, sign_in

THAI = re.compile(r"[\u0e00-\u0e7f]")


def _thai_catalogue_compiled() -> bool:
    return any(
        (Path(p) / "th" / "LC_MESSAGES" / "django.mo").exists()
        for p in django_settings.LOCALE_PATHS
    )


def _fail(client: Client, username: str, times: int) -> None:
    for _ in range(times):
        response = sign_in(client, username, "not-the-password-at-all")
        assert response.status_code == 200


def test_stored_password_hash_is_argon2(personas, make_user):
    assert personas.headman.password.startswith("argon2")
    assert make_user().password.startswith("argon2")


def test_argon2_is_the_preferred_hasher(settings):
    assert settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_account_locks_after_max_failures_even_for_the_right_password(settings, personas, password):
    settings.LOGIN_MAX_FAILURES = 3
    client = Client()
    _fail(client, "headman", 2)
    assert User.objects.get(username="headman").is_locked() is False
    _fail(client, "headman", 1)

    headman = User.objects.get(username="headman")
    assert headman.is_locked()
    remaining = (headman.locked_until - timezone.now()).total_seconds()
    assert settings.LOGIN_LOCKOUT_SECONDS - 60 < remaining <= settings.LOGIN_LOCKOUT_SECONDS

    response = sign_in(client, "headman", password)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert form_errors(response) == [str(services.LOGIN_REFUSED)]


def test_lockout_uses_the_configured_number_of_failures(settings, personas, password):
    settings.LOGIN_MAX_FAILURES = 4
    client = Client()
    _fail(client, "headman", 3)
    assert sign_in(client, "headman", password).status_code == 302


def test_a_successful_sign_in_clears_earlier_failures(settings, personas, password):
    settings.LOGIN_MAX_FAILURES = 3
    _fail(Client(), "headman", 2)
    assert sign_in(Client(), "headman", password).status_code == 302
    _fail(Client(), "headman", 2)
    assert User.objects.get(username="headman").is_locked() is False


def test_guesses_during_a_lockout_do_not_extend_it(settings, personas):
    settings.LOGIN_MAX_FAILURES = 2
    _fail(Client(), "headman", 2)
    locked_until = User.objects.get(username="headman").locked_until
    _fail(Client(), "headman", 5)
    assert User.objects.get(username="headman").locked_until == locked_until


def test_lock_expires(settings, personas, password):
    settings.LOGIN_MAX_FAILURES = 2
    _fail(Client(), "headman", 2)
    User.objects.filter(username="headman").update(
        locked_until=timezone.now() - dt.timedelta(seconds=1)
    )
    assert sign_in(Client(), "headman", password).status_code == 302


def test_unknown_user_wrong_password_and_locked_account_get_the_same_message(settings, personas):
    settings.LOGIN_MAX_FAILURES = 2
    client = Client()
    unknown = form_errors(sign_in(client, "nobody-by-this-name", "whatever-password"))
    wrong = form_errors(sign_in(client, "headman", "whatever-password"))
    _fail(client, "headman", 1)
    assert User.objects.get(username="headman").is_locked()
    locked = form_errors(sign_in(client, "headman", "whatever-password"))
    assert unknown == wrong == locked == [str(services.LOGIN_REFUSED)]


def test_the_service_refuses_with_the_same_error_for_unknown_and_wrong(personas):
    with pytest.raises(services.AccountError) as unknown:
        services.login_attempt(request=None, username="nobody", password="x" * 12)
    with pytest.raises(services.AccountError) as wrong:
        services.login_attempt(request=None, username="headman", password="x" * 12)
    assert str(unknown.value) == str(wrong.value)


def test_the_message_follows_the_active_language(personas):
    with translation.override("th"):
        response = sign_in(Client(HTTP_ACCEPT_LANGUAGE="th"), "headman", "wrong-password-x")
        thai = str(services.LOGIN_REFUSED)
    with translation.override("en"):
        english = str(services.LOGIN_REFUSED)
    assert form_errors(response) == [thai]
    assert thai in response.content.decode()
    assert "incorrect" in english


@pytest.mark.skipif(not _thai_catalogue_compiled(), reason="Thai catalogue not compiled yet")
def test_the_message_is_thai_when_the_language_is_thai(personas):
    response = sign_in(Client(HTTP_ACCEPT_LANGUAGE="th"), "headman", "wrong-password-x")
    (message,) = form_errors(response)
    assert THAI.search(message), message


def test_wrong_passwords_through_django_authenticate_count_too(settings, personas):
    """Any path that checks a password (not only the sign-in page) feeds the lockout."""
    from django.contrib.auth import authenticate

    settings.LOGIN_MAX_FAILURES = 2
    assert authenticate(None, username="headman", password="wrong-password-1") is None
    assert authenticate(None, username="headman", password="wrong-password-2") is None
    assert User.objects.get(username="headman").is_locked()


def test_django_admin_login_goes_through_the_app_sign_in(client):
    response = client.get("/django-admin/login/?next=/django-admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert "next=/django-admin/" in response["Location"]


# --- unlocking from the user list -------------------------------------------------------------


def _lock(username: str) -> None:
    User.objects.filter(username=username).update(
        locked_until=timezone.now() + dt.timedelta(minutes=10)
    )


def test_province_admin_sees_a_locked_user_and_unlocks_it(personas, login, password):
    _lock("headman")
    client = login(personas.province)
    listing = client.get("/accounts/users/")
    assert listing.status_code == 200
    assert f"/accounts/users/{personas.headman.uuid}/unlock/" in listing.content.decode()

    response = client.post(f"/accounts/users/{personas.headman.uuid}/unlock/")
    assert response.status_code == 302
    assert User.objects.get(username="headman").is_locked() is False
    assert sign_in(Client(), "headman", password).status_code == 302


def test_district_officer_cannot_unlock(personas, login):
    _lock("headman")
    client = login(personas.district)
    assert client.get("/accounts/users/").status_code == 403
    response = client.post(f"/accounts/users/{personas.headman.uuid}/unlock/")
    assert response.status_code == 403
    assert User.objects.get(username="headman").is_locked()


def test_unlock_is_post_only(personas, login):
    _lock("headman")
    client = login(personas.province)
    assert client.get(f"/accounts/users/{personas.headman.uuid}/unlock/").status_code == 405
    assert User.objects.get(username="headman").is_locked()


def test_provincial_officer_cannot_act_on_a_system_administrator(make_user, personas):
    """A reset link goes to whoever issues it: a provincial officer must not get one for an
    administrator and take over the stronger account."""
    officer = make_user(Role.PROVINCE, ("47",))
    client = Client()
    assert sign_in(client, officer.username, NEW_PASSWORD).status_code == 302
    province_admin = personas.province  # holds the system administrator role too
    assert client.post(f"/accounts/users/{province_admin.uuid}/reset/").status_code == 404
    assert client.post(f"/accounts/users/{personas.headman.uuid}/unlock/").status_code == 302
