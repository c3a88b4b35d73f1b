"""Lost phone: a provincial administrator asks for a reset of a user's two-factor sign-in and
a second administrator approves it."""

import pyotp

from sodsong.accounts import services
from sodsong.accounts.models import User


def _enrol(user: User) -> None:
    services.totp_begin(user=user)
    code = pyotp.TOTP(user.totp_secret).now()
    assert services.totp_confirm(user=user, code=code)


def test_province_admin_resets_two_factor_and_ends_the_users_sessions(personas, login, make_user):
    from sodsong.accounts.models import Role

    second_admin = make_user(Role.ADMIN, agency=personas.province.agency)
    headman = personas.headman
    headman_client = login(headman)
    _enrol(headman)
    assert headman_client.get("/").status_code == 200
    admin = login(personas.province)
    response = admin.post(f"/accounts/users/{headman.uuid}/two-factor-reset/")
    assert response.status_code == 302
    # A second administrator approves (#17 H4): only then is the key cleared.
    headman.refresh_from_db()
    assert headman.has_totp
    services.totp_reset_approve(user=headman, approved_by=second_admin)
    headman.refresh_from_db()
    assert not headman.has_totp
    assert headman.totp_secret == ""
    assert headman_client.get("/").status_code == 302  # any old session has ended


def test_district_officer_cannot_reset_anyones_two_factor(personas, login):
    _enrol(personas.headman)
    client = login(personas.district)
    response = client.post(f"/accounts/users/{personas.headman.uuid}/two-factor-reset/")
    assert response.status_code == 403
    personas.headman.refresh_from_db()
    assert personas.headman.has_totp
