"""An administrator has a one-time reset link sent to the user; it sets a new password once, within 24 hours,
and the user's old password and sessions stop working at once."""

from __future__ import annotations

import datetime as dt
import io
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.management import call_command
from django.http import HttpResponse
from django.test import Client
from django.utils import timezone

from sodsong.accounts import services
from sodsong.accounts.models import PasswordResetTicket, User

from .helpers import NEW_PASSWORD, error_codes, sign_in


def _issue_through_the_page(client: Client, target: User) -> str:
    """The admin asks; the link goes by e-mail to the user, never onto the admin's page."""
    mail.outbox.clear()
    response = client.post(f"/accounts/users/{target.uuid}/reset/")
    assert response.status_code == 200
    assert "/accounts/reset/" not in response.content.decode()
    (message,) = mail.outbox
    assert message.to == [target.email]
    (link,) = set(re.findall(r"\S+/accounts/reset/\S+", message.body))
    path = urlsplit(link).path
    assert path.startswith("/accounts/reset/")
    return path


def _set(client: Client, path: str, new: str, again: str | None = None) -> HttpResponse:
    return client.post(path, {"password1": new, "password2": again or new})


def test_province_admin_issues_a_link_that_sets_a_new_password(personas, login, password):
    headman_session = login(personas.headman)
    assert headman_session.get("/accounts/me/").status_code == 200

    path = _issue_through_the_page(login(personas.province), personas.headman)

    # The headman's session has ended, and the old password no longer opens the account.
    assert headman_session.get("/accounts/me/").status_code == 302
    assert sign_in(Client(), "headman", password).status_code == 200

    visitor = Client()
    assert visitor.get(path).status_code == 200
    response = _set(visitor, path, NEW_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"

    assert sign_in(Client(), "headman", NEW_PASSWORD).status_code == 302
    assert User.objects.get(username="headman").password.startswith("argon2")


def test_the_link_works_only_once(personas, login):
    path = _issue_through_the_page(login(personas.province), personas.headman)
    assert _set(Client(), path, NEW_PASSWORD).status_code == 302
    assert Client().get(path).status_code == 410
    assert _set(Client(), path, "another-fine-password-47").status_code == 410
    assert sign_in(Client(), "headman", NEW_PASSWORD).status_code == 302


def test_an_expired_link_answers_410(personas):
    code = services.password_reset_issue(user=personas.headman, issued_by=personas.province)
    PasswordResetTicket.objects.filter(user=personas.headman).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    response = Client().get(f"/accounts/reset/{code}")
    assert response.status_code == 410
    assert _set(Client(), f"/accounts/reset/{code}", NEW_PASSWORD).status_code == 410


def test_an_unknown_link_answers_410(db):
    assert Client().get("/accounts/reset/not-a-real-code").status_code == 410


def test_a_new_link_voids_the_previous_one(personas):
    first = services.password_reset_issue(user=personas.headman, issued_by=personas.province)
    second = services.password_reset_issue(user=personas.headman, issued_by=personas.province)
    assert Client().get(f"/accounts/reset/{first}").status_code == 410
    assert Client().get(f"/accounts/reset/{second}").status_code == 200


def test_the_link_is_stored_only_as_a_hash(personas):
    code = services.password_reset_issue(user=personas.headman, issued_by=personas.province)
    ticket = PasswordResetTicket.objects.get(user=personas.headman, used_at__isnull=True)
    assert code not in ticket.token_hash
    assert len(ticket.token_hash) == 64


@pytest.mark.parametrize(
    ("new", "code"),
    [
        ("short-pw-1", "password_too_short"),
        ("password1234", "password_too_common"),
        ("482917364518", "password_entirely_numeric"),
    ],
)
def test_weak_passwords_are_refused_with_a_message(new, code, personas):
    path = "/accounts/reset/" + services.password_reset_issue(
        user=personas.headman, issued_by=personas.province
    )
    response = _set(Client(), path, new)
    assert response.status_code == 200
    assert code in error_codes(response, "password1")
    assert response.context["form"].errors["password1"]
    # The link still works for a better password.
    assert _set(Client(), path, NEW_PASSWORD).status_code == 302


def test_the_two_passwords_must_match(personas):
    path = "/accounts/reset/" + services.password_reset_issue(
        user=personas.headman, issued_by=personas.province
    )
    response = _set(Client(), path, NEW_PASSWORD, NEW_PASSWORD + "x")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_minimum_length_is_twelve(settings):
    (length,) = [
        v for v in settings.AUTH_PASSWORD_VALIDATORS if v["NAME"].endswith("MinimumLengthValidator")
    ]
    assert length["OPTIONS"]["min_length"] == 12


def test_a_district_officer_cannot_issue_resets(personas, login):
    client = login(personas.district)
    assert client.post(f"/accounts/users/{personas.headman.uuid}/reset/").status_code == 403
    assert not PasswordResetTicket.objects.filter(user=personas.headman).exists()


def test_reset_issue_is_post_only(personas, login):
    client = login(personas.province)
    assert client.get(f"/accounts/users/{personas.headman.uuid}/reset/").status_code == 405


def test_reset_password_command_prints_a_working_path(personas, login):
    headman_session = login(personas.headman)
    out = io.StringIO()
    call_command("reset-password", "headman", stdout=out)
    path = out.getvalue().strip()
    assert path.startswith("/accounts/reset/")
    assert headman_session.get("/accounts/me/").status_code == 302
    assert Client().get(path).status_code == 200
    assert _set(Client(), path, NEW_PASSWORD).status_code == 302


def test_reset_password_command_refuses_an_unknown_user(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("reset-password", "nobody-by-this-name", stdout=io.StringIO())
