"""Helpers for sign-in tests: signing in, TOTP codes, reading form errors."""

from __future__ import annotations

import datetime as dt

import pyotp
from django.test import Client
from django.utils import timezone

NEW_PASSWORD = "lantern-river-sakon-2567"


def sign_in(client: Client, username: str, password: str, *, next_url: str = "") -> object:
    url = "/accounts/login/" + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"username": username, "password": password})


def totp_code(user, *, steps_ahead: int = 0) -> str:  # type: ignore[no-untyped-def]
    """The code the user's authenticator shows now (or `steps_ahead` 30-second steps later)."""
    user.refresh_from_db()
    at = timezone.now() + dt.timedelta(seconds=30 * steps_ahead)
    return pyotp.TOTP(user.totp_secret).at(at)


def form_errors(response) -> list[str]:  # type: ignore[no-untyped-def]
    """Every error the page's form shows, field or not."""
    form = response.context["form"]
    return [str(message) for messages in form.errors.values() for message in messages]


def error_codes(response, field: str) -> set[str]:  # type: ignore[no-untyped-def]
    return {error.code for error in response.context["form"].errors.as_data().get(field, [])}
