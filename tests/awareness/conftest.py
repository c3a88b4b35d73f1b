from __future__ import annotations

import pytest


def village_of(user, role: str = "headman"):  # type: ignore[no-untyped-def]
    from sodsong.accounts.models import RoleAssignment

    assignment = RoleAssignment.objects.get(user=user, role=role, revoked_at__isnull=True)
    return assignment.areas.get()


@pytest.fixture
def topics(db):  # type: ignore[no-untyped-def]
    from sodsong.awareness.models import Topic

    return list(Topic.objects.filter(code__in=["mule_accounts", "sim_cards"]))
