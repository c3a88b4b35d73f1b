"""Fixtures of the hard checks in CI: every persona talking from the outside (web through the
login form, API with its own tokens), in-process, inside the test's transaction."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # benchmarks/ is not installed
from benchmarks.hard.server import PERSONAS  # noqa: E402

OTHER_ADMIN = "province48"


@pytest.fixture
def outside(personas, password):  # type: ignore[no-untyped-def]
    """A `benchmarks.hard.attacks.Ctx`: the demo personas plus an administrator of another
    province (Nakhon Phanom, 48), as an outside tester would be given them."""
    from benchmarks.hard.attacks import Ctx
    from benchmarks.hard.http import DjangoHttp, issue_tokens
    from sodsong.accounts.models import Role, User
    from sodsong.accounts.services import role_assign
    from sodsong.geo.models import Area

    other = User(username=OTHER_ADMIN, is_demo=True, first_name="ผู้ดูแลจังหวัดอื่น")
    other.set_password(password)
    other.save()
    province48 = list(Area.objects.filter(code="48"))
    role_assign(user=other, role=Role.PROVINCE, areas=province48)
    role_assign(user=other, role=Role.ADMIN, areas=[])
    http = DjangoHttp(password, issue_tokens([*PERSONAS, OTHER_ADMIN]))
    agency = personas.district.agency
    return Ctx(http=http, other_admin=OTHER_ADMIN, district_agency=str(agency.uuid))
