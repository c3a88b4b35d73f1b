"""Issue #17 L14: sign-in throttled per client address as well as per account; API tokens stop
with a locked or disabled account; the TOTP secret encrypted at rest; enrolling a second factor
needs a fresh sign-in."""

from __future__ import annotations

import importlib
import time

import pyotp
from django.db import connection
from django.test import Client

from sodsong.accounts import services
from sodsong.accounts.models import Role, User
from sodsong.accounts.views import SIGNED_IN_AT_KEY
from sodsong.core.context import SYSTEM, acting_as

from .helpers import NEW_PASSWORD, sign_in


def _from(address: str) -> Client:
    return Client(REMOTE_ADDR=address)


def test_failures_on_many_accounts_from_one_address_stop_that_address(settings, make_user):
    settings.LOGIN_MAX_FAILURES_PER_ADDRESS = 3
    officer = make_user(Role.DISTRICT, ("4701",))
    for i in range(3):  # password spraying: a different account each time, none locked
        assert sign_in(_from("203.0.113.70"), f"nobody{i}", "wrong-password-123").status_code == 200
    # Even the right password is refused from that address now, with the usual message ...
    refused = sign_in(_from("203.0.113.70"), officer.username, NEW_PASSWORD)
    assert refused.status_code == 200
    assert str(services.LOGIN_REFUSED) in refused.content.decode()
    # ... while the officer signs in from elsewhere, and no account was locked.
    assert sign_in(_from("198.51.100.70"), officer.username, NEW_PASSWORD).status_code == 302
    officer.refresh_from_db()
    assert not officer.is_locked()


def _token_client(user: User) -> Client:
    with acting_as(SYSTEM):
        _token, plain = services.token_issue(user=user, name="l14", scope="read")
    return Client(HTTP_AUTHORIZATION=f"Bearer {plain}")


def test_a_locked_accounts_tokens_stop_working(settings, make_user):
    officer = make_user(Role.DISTRICT, ("4701",))
    client = _token_client(officer)
    assert client.get("/api/v1/accounts/me").status_code == 200
    for _ in range(settings.LOGIN_MAX_FAILURES):
        sign_in(Client(), officer.username, "wrong-password-123")
    officer.refresh_from_db()
    assert officer.is_locked()
    assert client.get("/api/v1/accounts/me").status_code == 401
    services.user_unlock(user=officer)
    assert client.get("/api/v1/accounts/me").status_code == 200


def test_a_disabled_accounts_tokens_stop_working(make_user):
    officer = make_user(Role.DISTRICT, ("4701",))
    client = _token_client(officer)
    User.objects.filter(pk=officer.pk).update(is_active=False)
    assert client.get("/api/v1/accounts/me").status_code == 401


def _stored_secret(user: User) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT totp_secret FROM accounts_user WHERE id = %s", [user.pk])
        return cursor.fetchone()[0]


def test_the_totp_secret_is_encrypted_at_rest(make_user):
    officer = make_user(Role.DISTRICT, ("4701",))
    services.totp_begin(user=officer)
    plain = User.objects.get(pk=officer.pk).totp_secret
    assert pyotp.TOTP(plain).now()  # a valid base32 key in Python
    stored = _stored_secret(officer)
    assert stored and plain not in stored and stored.startswith("gAAAA")


def test_the_migration_encrypts_secrets_stored_in_plain_text(make_user):
    from django.apps import apps

    officer = make_user(Role.DISTRICT, ("4701",))
    plain = pyotp.random_base32()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE accounts_user SET totp_secret = %s WHERE id = %s", [plain, officer.pk]
        )
    assert User.objects.get(pk=officer.pk).totp_secret == plain  # still readable meanwhile
    migration = importlib.import_module(
        "sodsong.accounts.migrations.0003_sec_accounts_sign_in_and_totp_at_rest"
    )
    migration.encrypt_existing_secrets(apps, None)
    assert _stored_secret(officer).startswith("gAAAA")
    assert User.objects.get(pk=officer.pk).totp_secret == plain


def test_enrolling_a_second_factor_needs_a_fresh_sign_in(settings, make_user):
    officer = make_user(Role.DISTRICT, ("4701",))
    client = Client()
    assert sign_in(client, officer.username, NEW_PASSWORD).status_code == 302
    assert client.get("/accounts/two-factor/").status_code == 200
    session = client.session
    session[SIGNED_IN_AT_KEY] = time.time() - settings.LOGIN_FRESH_SECONDS - 1
    session.save()
    stale = client.get("/accounts/two-factor/")
    assert stale.status_code == 302
    assert stale["Location"].startswith("/accounts/login/")
    assert "two-factor" in stale["Location"]
    officer.refresh_from_db()
    assert not officer.has_totp
    # Signed out: the stale session cannot try again.
    assert client.get("/accounts/me/").status_code == 302
