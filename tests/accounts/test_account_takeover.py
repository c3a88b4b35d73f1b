"""Issue #17 H4: a provincial administrator cannot take over an account outside the provincial
chain (the NACC investigator), never sees a password reset link, and cannot turn off another
user's second factor alone."""

from __future__ import annotations

import re

import pyotp
import pytest
from django.core import mail
from django.test import Client

from sodsong.accounts import services
from sodsong.accounts.models import PasswordResetTicket, Role, TwoFactorResetRequest, User

from .helpers import NEW_PASSWORD


def _enrol(user: User) -> None:
    services.totp_begin(user=user)
    assert services.totp_confirm(user=user, code=pyotp.TOTP(user.totp_secret).now())


def _admin(make_user, login_user, *, agency, username: str):  # type: ignore[no-untyped-def]
    user = make_user(Role.ADMIN, username=username, agency=agency)
    return user, login_user(user)


@pytest.fixture
def login_user(db):  # type: ignore[no-untyped-def]
    def _login(user: User) -> Client:
        client = Client()
        response = client.post(
            "/accounts/login/", {"username": user.username, "password": NEW_PASSWORD}
        )
        assert response.status_code == 302
        return client

    return _login


def test_a_provincial_admin_neither_lists_nor_resets_the_nacc_investigator(personas, login):
    investigator = personas.investigator2
    _enrol(investigator)
    client = login(personas.province)
    assert investigator.username not in client.get("/accounts/users/").content.decode()
    assert client.post(f"/accounts/users/{investigator.uuid}/reset/").status_code == 404
    assert client.post(f"/accounts/users/{investigator.uuid}/two-factor-reset/").status_code == 404
    assert not PasswordResetTicket.objects.filter(user=investigator).exists()
    assert not TwoFactorResetRequest.objects.filter(user=investigator).exists()
    assert not mail.outbox


def test_the_nacc_own_admin_and_a_national_admin_manage_the_nacc_investigator(
    personas, make_user, login_user
):
    investigator = personas.investigator2
    for agency, name in ((investigator.agency, "nacc_admin"), (personas.ministry.agency, "dopa")):
        _user, client = _admin(make_user, login_user, agency=agency, username=name)
        assert investigator.username in client.get("/accounts/users/").content.decode()
        assert client.post(f"/accounts/users/{investigator.uuid}/reset/").status_code == 200


def test_a_reset_link_goes_to_the_user_never_to_the_admin(personas, login):
    headman = personas.headman
    response = login(personas.province).post(f"/accounts/users/{headman.uuid}/reset/")
    assert response.status_code == 200
    assert "/accounts/reset/" not in response.content.decode()
    (message,) = mail.outbox
    assert message.to == [headman.email]
    (path,) = set(re.findall(r"/accounts/reset/[\w-]+", message.body))
    assert (
        Client().post(path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}).status_code
        == 302
    )


def test_no_reset_for_a_user_without_an_address(personas, login):
    User.objects.filter(pk=personas.headman.pk).update(email="")
    response = login(personas.province).post(f"/accounts/users/{personas.headman.uuid}/reset/")
    assert response.status_code == 302
    assert not PasswordResetTicket.objects.filter(user=personas.headman).exists()
    assert not mail.outbox
    # The password still works: nothing was reset.
    assert User.objects.get(pk=personas.headman.pk).has_usable_password()


def test_a_two_factor_reset_needs_a_second_administrator(personas, login, make_user, login_user):
    headman = personas.headman
    _enrol(headman)
    province = login(personas.province)
    assert province.post(f"/accounts/users/{headman.uuid}/two-factor-reset/").status_code == 302
    headman.refresh_from_db()
    assert headman.has_totp, "one administrator alone must not clear the second factor"
    # The one who asked cannot approve.
    approve = f"/accounts/users/{headman.uuid}/two-factor-reset/approve/"
    assert province.post(approve).status_code == 302
    headman.refresh_from_db()
    assert headman.has_totp
    # A second administrator who may manage the headman approves: now it is cleared.
    _second, second = _admin(
        make_user, login_user, agency=personas.province.agency, username="second_admin"
    )
    assert second.post(approve).status_code == 302
    headman.refresh_from_db()
    assert not headman.has_totp
    request = TwoFactorResetRequest.objects.get(user=headman)
    assert request.requested_by == personas.province
    assert request.approved_by.username == "second_admin"


def test_an_approval_without_a_request_changes_nothing(personas, make_user, login_user):
    _enrol(personas.headman)
    _user, client = _admin(
        make_user, login_user, agency=personas.province.agency, username="lone_admin"
    )
    client.post(f"/accounts/users/{personas.headman.uuid}/two-factor-reset/approve/")
    personas.headman.refresh_from_db()
    assert personas.headman.has_totp
