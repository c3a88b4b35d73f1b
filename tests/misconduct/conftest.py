"""Fixtures of the misconduct tests: three matters whose accused sit in different places of the
chain of command, and investigators inside and outside that chain.

- `police_matter`: the accused is the `police` persona (a police station, outside the Provincial
  Administration Office's chain); the `investigator` persona (who works in the Provincial
  Administration Office) is designated.
- `district_matter`: the accused is the `district` persona (a district office, whose parent is the
  Provincial Administration Office); an NACC investigator is designated.
- `provincial_matter`: the accused is a provincial administration officer; the NACC investigator
  is designated.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

PASSWORD = "correct-horse-battery-47"  # noqa: S105  (tests/conftest.py's TEST_PASSWORD)


@dataclass
class World:
    nacc_investigator: object
    idle_investigator: object  # same NACC office, designated for nothing
    provincial_officer: object  # the accused of provincial_matter
    police_matter: object
    district_matter: object
    provincial_matter: object


def make_user(username: str, agency, role: str | None, codes: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    from sodsong.accounts.models import User
    from sodsong.accounts.services import role_assign
    from sodsong.geo.models import Area

    user = User(username=username, agency=agency, first_name=username)
    user.set_password(PASSWORD)
    user.save()
    if role:
        role_assign(user=user, role=role, areas=list(Area.objects.filter(code__in=codes)))
        user.refresh_from_db()
    return user


def record(actor, *, accused, agency, investigators, particulars, **extra):  # type: ignore[no-untyped-def]
    from sodsong.misconduct import services

    received = timezone.localdate() - dt.timedelta(days=30)
    defaults = {
        "allegation": "neglect",
        "source": "complaint",
        "received_on": received,
        "legal_bases": ["penal_157"],
        "authority": "disciplinary",
    }
    defaults.update(extra)
    return services.matter_record(
        actor=actor,
        official=services.OfficialInput(
            given_name_th="ทดสอบ",
            family_name_th=particulars[:20],
            position="ปลัดอำเภอ",
            agency=agency,
            service="civil",
            user=accused,
        ),
        particulars=particulars,
        investigators=investigators,
        **defaults,
    )


@pytest.fixture
def nacc(db):  # type: ignore[no-untyped-def]
    from sodsong.accounts.models import Agency, AgencyKind

    return Agency.objects.create(
        kind=AgencyKind.OTHER, name_th="สำนักงาน ป.ป.ช. ประจำจังหวัดสกลนคร (ทดสอบ)"
    )


@pytest.fixture
def world(personas, nacc) -> World:  # type: ignore[no-untyped-def]
    from sodsong.accounts.models import Role

    nacc_investigator = make_user("nacc_investigator", nacc, Role.INVESTIGATOR, ("47",))
    idle = make_user("nacc_idle", nacc, Role.INVESTIGATOR, ("47",))
    provincial_officer = make_user(
        "provincial_officer", personas.province.agency, Role.PROVINCE, ("47",)
    )
    police_matter = record(
        personas.province,
        accused=personas.police,
        agency=personas.police.agency,
        investigators=[personas.investigator],
        particulars="Kept a mule-account complaint in a drawer",
    )
    district_matter = record(
        personas.province,
        accused=personas.district,
        agency=personas.district.agency,
        investigators=[nacc_investigator],
        particulars="Ignored the report of a scam house by a headman",
    )
    provincial_matter = record(
        personas.province,
        accused=provincial_officer,
        agency=provincial_officer.agency,
        investigators=[nacc_investigator],
        particulars="Leaked a joint operation to a gang",
        allegation="collusion",
    )
    return World(
        nacc_investigator=nacc_investigator,
        idle_investigator=idle,
        provincial_officer=provincial_officer,
        police_matter=police_matter,
        district_matter=district_matter,
        provincial_matter=provincial_matter,
    )


@pytest.fixture
def english():  # type: ignore[no-untyped-def]
    """Service messages in English, so tests can match them whatever the Thai wording."""
    from django.utils import translation

    with translation.override("en"):
        yield
