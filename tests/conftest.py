"""Shared fixtures: one demo province (Sakon Nakhon) loaded once per test session, and the named
personas that make access tests read like sentences."""

from __future__ import annotations

import pytest

TEST_PASSWORD = "correct-horse-battery-47"  # noqa: S105  (test-only, demo users in a test DB)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    from django.test import override_settings

    from sodsong.core.context import Actor, acting_as
    from sodsong.demo.builder import demo_build

    with (
        django_db_blocker.unblock(),
        override_settings(DEMO_MODE=True),
        acting_as(Actor(user_id=None, via="command")),
    ):
        demo_build(province_code="47", seed=2567, password=TEST_PASSWORD)


@pytest.fixture(autouse=True)
def _demo_mode(settings):  # type: ignore[no-untyped-def]
    # Demo personas sign in only in demo mode; tests of production behaviour turn it off.
    settings.DEMO_MODE = True
    settings.TOTP_REQUIRED = False


class Personas:
    """`personas.headman`, `personas.police2`, …: the demo's named users."""

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        from sodsong.accounts.models import User

        return User.objects.get(username=name)


@pytest.fixture
def personas(db) -> Personas:  # type: ignore[no-untyped-def]
    return Personas()


@pytest.fixture
def password() -> str:
    return TEST_PASSWORD


@pytest.fixture
def login(db):  # type: ignore[no-untyped-def]
    """Signs a persona in through the real login form and returns a fresh client for it."""
    from django.test import Client

    def _login(user):  # type: ignore[no-untyped-def]
        client = Client()
        response = client.post(
            "/accounts/login/", {"username": user.username, "password": TEST_PASSWORD}
        )
        assert response.status_code == 302, response.content[:500]
        return client

    return _login
