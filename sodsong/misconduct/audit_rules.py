"""What the audit log needs to know about the register (#17 H3, H6): every event about a matter,
its accused (his profile and the person the register created for him), its steps and its
designations names a protected identity, whose actor and records only those who may see the
matter are shown. Such events are read by the deployment's administrator only
(`DEPLOYMENT_ONLY`): the provincial office is in the chain of command of most accused, and even
an event without names would tell it that a matter against one of its own was just received."""

from __future__ import annotations

from typing import Any

from sodsong.audit.services import DEPLOYMENT_ONLY, Identity, identity
from sodsong.misconduct.models import (
    PERSON_SOURCE,
    Designation,
    InvestigationStep,
    Matter,
    OfficialProfile,
)
from sodsong.misconduct.selectors import matter_queryset

MATTER = "misconduct.matter"
PROFILE = "misconduct.profile"
PERSON = "misconduct.accused"


def _matter(matter: Matter) -> tuple[str | None, Identity | None]:
    return DEPLOYMENT_ONLY, identity(MATTER, matter.uuid)


def _part(part: InvestigationStep | Designation) -> tuple[str | None, Identity | None]:
    return _matter(part.matter)


def _profile(profile: OfficialProfile) -> tuple[str | None, Identity | None]:
    return DEPLOYMENT_ONLY, identity(PROFILE, profile.uuid)


def _person(person: Any) -> tuple[str | None, Identity | None]:
    if getattr(person, "source", "") != PERSON_SOURCE:
        return None, None
    return DEPLOYMENT_ONLY, identity(PERSON, person.uuid)


def matters_visible(user: Any, uuids: list[str]) -> bool:
    wanted = set(uuids)
    return matter_queryset(user=user).filter(uuid__in=wanted).count() == len(wanted)


def profiles_visible(user: Any, uuids: list[str]) -> bool:
    wanted = set(uuids)
    seen = matter_queryset(user=user).filter(official__uuid__in=wanted)
    return len(set(seen.values_list("official__uuid", flat=True))) == len(wanted)


def accused_visible(user: Any, uuids: list[str]) -> bool:
    wanted = set(uuids)
    seen = matter_queryset(user=user).filter(official__person__uuid__in=wanted)
    return len(set(seen.values_list("official__person__uuid", flat=True))) == len(wanted)


def register() -> None:
    from sodsong.audit.services import register_identity, register_subject

    register_identity(MATTER, matters_visible)
    register_identity(PROFILE, profiles_visible)
    register_identity(PERSON, accused_visible)
    register_subject("misconduct.matter", _matter)
    register_subject("misconduct.investigationstep", _part)
    register_subject("misconduct.designation", _part)
    register_subject("misconduct.officialprofile", _profile)
    register_subject("people.person", _person)
