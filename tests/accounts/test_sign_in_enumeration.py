"""ASVS V2.2 / V5.1.5 (issue #12): no user enumeration by timing at sign-in, and no open
redirect through `next` on the paths around sign-in.

Timing is measured live by `scripts/check-hard asvs`; here it is held deterministically: every
refused sign-in (unknown user, wrong password, locked account, throttled address) runs the
password hasher exactly once, like a correct one, so none answers measurably faster."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.test import Client

from sodsong.accounts.models import Role

from .helpers import NEW_PASSWORD, sign_in


@pytest.fixture
def hasher_calls(monkeypatch):  # type: ignore[no-untyped-def]
    calls: list[str] = []
    encode, verify = Argon2PasswordHasher.encode, Argon2PasswordHasher.verify

    def counted_encode(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append("encode")
        return encode(self, *args, **kwargs)

    def counted_verify(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append("verify")
        return verify(self, *args, **kwargs)

    monkeypatch.setattr(Argon2PasswordHasher, "encode", counted_encode)
    monkeypatch.setattr(Argon2PasswordHasher, "verify", counted_verify)
    return calls


def test_every_refused_sign_in_hashes_once_like_a_correct_one(settings, make_user, hasher_calls):
    settings.LOGIN_MAX_FAILURES = 2
    settings.LOGIN_MAX_FAILURES_PER_ADDRESS = 1000
    officer = make_user(Role.DISTRICT, ("4701",))
    locked = make_user(Role.DISTRICT, ("4701",))
    for _ in range(2):
        sign_in(Client(), locked.username, "wrong-password-123")
    locked.refresh_from_db()
    assert locked.is_locked()

    def hashes_for(username: str, password: str, address: str = "192.0.2.1") -> int:
        hasher_calls.clear()
        sign_in(Client(REMOTE_ADDR=address), username, password)
        return len(hasher_calls)

    assert hashes_for(officer.username, NEW_PASSWORD) == 1  # the right password
    assert hashes_for(officer.username, "wrong-password-123") == 1
    assert hashes_for("no-such-officer", "wrong-password-123") == 1
    assert hashes_for(locked.username, NEW_PASSWORD) == 1
    settings.LOGIN_MAX_FAILURES_PER_ADDRESS = 1
    sign_in(Client(REMOTE_ADDR="192.0.2.9"), "no-such-officer", "x")
    assert hashes_for(officer.username, NEW_PASSWORD, address="192.0.2.9") == 1  # throttled


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example"])
def test_the_admin_login_does_not_pass_an_outside_next_on(target, db):
    response = Client().get("/django-admin/login/", {"next": target})
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.netloc == "" and location.path == "/accounts/login/"
    assert "evil.example" not in parse_qs(location.query).get("next", [""])[0]


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/"])
def test_an_outside_next_is_not_followed_after_the_second_factor(target, make_user):
    import pyotp

    from sodsong.accounts import services

    officer = make_user(Role.DISTRICT, ("4701",))
    services.totp_begin(user=officer)
    assert services.totp_confirm(user=officer, code=pyotp.TOTP(officer.totp_secret).now())
    client = Client()
    assert sign_in(client, officer.username, NEW_PASSWORD, next_url=target).status_code == 302
    officer.refresh_from_db()
    import datetime as dt

    from django.utils import timezone

    code = pyotp.TOTP(officer.totp_secret).at(timezone.now() + dt.timedelta(seconds=30))
    response = client.post("/accounts/login/verify/", {"code": code})
    assert response.status_code == 302
    assert response["Location"] == "/"
