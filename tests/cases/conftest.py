"""Fixtures for case tests: a case led by the police station of district 1 (persona `police`),
a second officer of the same station who is not named on the case, and officers of the
military and labour offices."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import pytest
from django.test import Client

from sodsong.accounts.models import Agency, AgencyKind, Role, RoleAssignment, User
from sodsong.accounts.services import role_assign
from sodsong.cases import services
from sodsong.cases.models import Case, CaseParty, PartyRole
from sodsong.geo.models import Area
from sodsong.people.services import person_create


def district_of(user: User) -> Area:
    assignment = RoleAssignment.objects.filter(user=user, revoked_at__isnull=True).first()
    return assignment.areas.get()


def village_in(district: Area) -> Area:
    return Area.objects.filter(level="village", code__startswith=district.code).order_by("code")[0]


@pytest.fixture
def make_officer(db, password):  # type: ignore[no-untyped-def]
    counter = iter(range(1, 1000))

    def _make(agency: Agency, role: str = Role.AGENCY_OFFICER, codes: tuple[str, ...] = ()) -> User:
        user = User(username=f"case-officer-{next(counter)}", agency=agency, is_demo=True)
        user.set_password(password)
        user.save()
        role_assign(user=user, role=role, areas=list(Area.objects.filter(code__in=codes)))
        return user

    return _make


@pytest.fixture
def same_station(personas, make_officer) -> User:
    """A police officer of the same station as `police`, not named on the case."""
    police = personas.police
    return make_officer(police.agency, codes=(district_of(police).code,))


@pytest.fixture
def military(make_officer) -> User:
    return make_officer(
        Agency.objects.get(kind=AgencyKind.ISOC, name_th__contains="สกลนคร"), codes=("47",)
    )


@pytest.fixture
def labour(make_officer) -> User:
    return make_officer(
        Agency.objects.get(kind=AgencyKind.LABOUR, name_th__contains="สกลนคร"), codes=("47",)
    )


@dataclass
class Built:
    case: Case
    suspect: CaseParty
    informant: CaseParty
    victim: CaseParty


def add_person(area: Area, given: str, family: str, nationality: str = "KHM"):  # type: ignore[no-untyped-def]
    return person_create(
        area=area,
        source="case test",
        given_name_latin=given,
        family_name_latin=family,
        birth_year=1990,
        nationality=nationality,
    )


@pytest.fixture
def built(personas) -> Built:
    """A call-centre case in district 1 led by `police`, with a suspect, an informant (named
    Informantius) and a victim (named Victimova), and a planned raid."""
    police = personas.police
    district = district_of(police)
    village = village_in(district)
    case = services.case_create(
        by=police,
        title="Call centre in a rented house",
        case_type="call_centre",
        area=district,
        origin="tip",
        opened_on=dt.date.today() - dt.timedelta(days=30),
    )
    suspect = services.party_add(
        by=police, case=case, person=add_person(village, "Suspectus", "Lee"), role=PartyRole.SUSPECT
    )
    informant = services.party_add(
        by=police,
        case=case,
        person=add_person(village, "Informantius", "Kham", "THA"),
        role=PartyRole.INFORMANT,
    )
    victim = services.party_add(
        by=police, case=case, person=add_person(village, "Victimova", "Sok"), role=PartyRole.VICTIM
    )
    services.operation_plan(
        by=police,
        case=case,
        kind="raid",
        planned_for=_aware(dt.datetime.now() + dt.timedelta(days=3)),
        place="Secret raid address 99",
        units="police, immigration",
        headcount=20,
        legal_basis="warrant 12/2569",
    )
    return Built(case=case, suspect=suspect, informant=informant, victim=victim)


def _aware(value: dt.datetime) -> dt.datetime:
    from django.utils import timezone

    return timezone.make_aware(value)


def api(client: Client, method: str, path: str, data: dict | None = None):  # type: ignore[no-untyped-def]
    call = getattr(client, method)
    if data is None:
        return call(path)
    return call(path, data=json.dumps(data, default=str), content_type="application/json")
