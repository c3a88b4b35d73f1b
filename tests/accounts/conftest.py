"""Fixtures for sign-in tests: fresh (non-demo) officers with a known password."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from .helpers import NEW_PASSWORD


@pytest.fixture
def make_user(db) -> Callable[..., object]:  # type: ignore[no-untyped-def]
    """A new, non-demo user with `NEW_PASSWORD`, holding `role` over the areas with `codes`."""
    from sodsong.accounts.models import User
    from sodsong.accounts.services import role_assign
    from sodsong.geo.models import Area

    counter = iter(range(1, 1000))

    def _make(role: str | None = None, codes: tuple[str, ...] = (), **fields: object) -> User:
        username = str(fields.pop("username", f"officer{next(counter)}"))
        user = User(username=username, **fields)
        user.set_password(NEW_PASSWORD)
        user.save()
        if role is not None:
            role_assign(user=user, role=role, areas=list(Area.objects.filter(code__in=codes)))
            user.refresh_from_db()
        return user

    return _make
