from __future__ import annotations

import pytest

from sodsong.geo.models import Area


def own_village(user) -> Area:  # type: ignore[no-untyped-def]
    """The single village of a headman persona."""
    return Area.objects.get(
        role_assignments__user=user, role_assignments__role="headman", level="village"
    )


@pytest.fixture
def village(personas) -> Area:  # type: ignore[no-untyped-def]
    return own_village(personas.headman)


@pytest.fixture
def village2(personas) -> Area:  # type: ignore[no-untyped-def]
    """headman2's village, in the second district."""
    return own_village(personas.headman2)
