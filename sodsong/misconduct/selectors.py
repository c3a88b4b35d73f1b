"""Who may see a misconduct matter, and the per-area totals.

The rule, decided once here for pages, the API and attachments alike:

1. The accused never sees his own matter (`OfficialProfile.user`).
2. Nobody in the accused's *chain of command* sees it. The chain is the accused's agency, every
   agency above it (`Agency.parent`, up to the top) and every agency below it (its children, their
   children, …). A viewer is in the chain when his own agency is in it. So a district officer's
   matter is hidden from his district office, from the Provincial Administration Office above it
   and from the Department of Provincial Administration above that; a provincial officer's matter
   is hidden from the Provincial Administration Office, the district offices under it and the
   department. A user with no agency cannot be shown to be outside the chain and sees no matter.
3. Outside the chain, two kinds of user see a matter:
   - provincial administration staff (`Role.PROVINCE`) whose province-role areas hold the matter's
     area;
   - investigators (`Role.INVESTIGATOR`) designated for that matter (an active `Designation`).
   Nobody else: not district officers, headmen, analysts, agency officers or the ministry.

Every read of a matter is audited (`log_personal_read`, object type `misconduct.matter`).
Totals (`misconduct_totals`) are counts only, without names or ids.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db.models import Q, QuerySet
from django.utils import timezone

from sodsong.accounts.models import Agency, Role, User
from sodsong.accounts.scope import prefix_filter, scope_for
from sodsong.audit.services import DEPLOYMENT_ONLY, identity, log_personal_read
from sodsong.core.context import acting_for
from sodsong.misconduct.models import PERSON_SOURCE, Matter, Outcome

OBJECT_TYPE = "misconduct.matter"


def agency_chain_ids(agency_id: int) -> set[int]:
    """The agency, all agencies above it and all agencies below it."""
    parents = dict(Agency.objects.values_list("id", "parent_id"))
    chain = {agency_id}
    parent = parents.get(agency_id)
    while parent is not None and parent not in chain:
        chain.add(parent)
        parent = parents.get(parent)
    children: dict[int, list[int]] = {}
    for child, parent_id in parents.items():
        if parent_id is not None:
            children.setdefault(parent_id, []).append(child)
    stack = [agency_id]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in chain:
                chain.add(child)
                stack.append(child)
    return chain


def in_chain_of_command(user: User, matter: Matter) -> bool:
    """Is the user the accused, in the accused's agency, or above or below it?"""
    official = matter.official
    if official.user_id is not None and official.user_id == user.pk:
        return True
    if not user.agency_id:
        return True  # cannot be shown to be outside the chain
    return user.agency_id in agency_chain_ids(official.agency_id)


def matter_queryset(*, user: User) -> QuerySet[Matter]:
    """Matters the user may see (rules in the module docstring)."""
    scope = scope_for(user)
    if scope.is_empty or not getattr(user, "agency_id", None):
        return Matter.objects.none()
    grant = Q(pk__in=[])
    if scope.has_role(Role.PROVINCE):
        grant |= prefix_filter("area__code", scope.role_areas.get(Role.PROVINCE, ()))
    if scope.has_role(Role.INVESTIGATOR):
        designated = Matter.objects.filter(
            designations__investigator=user, designations__revoked_at__isnull=True
        ).values("pk")
        grant |= Q(pk__in=designated)
    return (
        Matter.objects.filter(grant)
        .exclude(official__agency_id__in=agency_chain_ids(user.agency_id))
        .exclude(official__user=user)
        .select_related("official__person", "official__agency", "area")
    )


def accused_compartment(user: User) -> tuple[QuerySet, QuerySet]:
    """The people the register created for its accused (#17 H3), and those of them this user may
    see: they follow the matter's rule above, not the area rule, so the accused's own district
    office never finds him in the people registry, its search, the API or an export. Deleted
    matters keep their accused hidden. A person the registry already held before he was named
    keeps his place there: hiding him then would itself tell that something happened."""
    members = Matter.all_objects.filter(official__person__source=PERSON_SOURCE).values(
        "official__person_id"
    )
    granted = matter_queryset(user=user).values("official__person_id")
    return members, granted


def can_use_register(user: User) -> bool:
    """May the user open the register's pages at all (each matter is still checked)?"""
    return scope_for(user).has_role(Role.PROVINCE, Role.INVESTIGATOR)


def can_record(user: User) -> bool:
    return scope_for(user).has_role(Role.PROVINCE)


def _log_read(*, user: User, object_ids: Iterable[Any], purpose: str = "") -> None:
    """Audits as the user the selector acted for, even outside a request (a job, a test)."""
    ids = list(object_ids)
    with acting_for(user):
        log_personal_read(
            object_type=OBJECT_TYPE,
            object_ids=ids,
            purpose=purpose,
            who=identity(OBJECT_TYPE, *ids) if ids else None,
            area_code=DEPLOYMENT_ONLY,
        )


@dataclass(frozen=True)
class MatterFilter:
    status: str = ""
    allegation: str = ""
    area_code: str = ""


def matter_list(
    *, user: User, filters: MatterFilter | None = None, limit: int = 100, offset: int = 0
) -> list[Matter]:
    matters = matter_queryset(user=user)
    f = filters or MatterFilter()
    if f.status:
        matters = matters.filter(status=f.status)
    if f.allegation:
        matters = matters.filter(allegation=f.allegation)
    if f.area_code:
        matters = matters.filter(area__code__startswith=f.area_code)
    result = list(matters.order_by("-received_on", "-id")[offset : offset + limit])
    _log_read(user=user, object_ids=[m.uuid for m in result])
    return result


def matter_get(*, user: User, uuid: str, purpose: str = "") -> Matter | None:
    try:
        key = UUID(str(uuid))
    except ValueError:
        return None
    matter = (
        matter_queryset(user=user)
        .prefetch_related("steps", "designations__investigator")
        .filter(uuid=key)
        .first()
    )
    if matter is not None:
        _log_read(user=user, object_ids=[matter.uuid], purpose=purpose)
    return matter


def matter_visible(*, user: User, uuid: str) -> bool:
    """An existence check for attachments and services; not a read, so not audited."""
    try:
        key = UUID(str(uuid))
    except ValueError:
        return False
    return matter_queryset(user=user).filter(uuid=key).exists()


def designable_investigators(*, matter: Matter) -> list[User]:
    """Investigators who may be designated for this matter: outside its chain of command."""
    excluded = agency_chain_ids(matter.official.agency_id)
    candidates = investigator_users().exclude(agency_id__in=excluded)
    if matter.official.user_id:
        candidates = candidates.exclude(pk=matter.official.user_id)
    return list(candidates)


# --- totals for the indicators module ----------------------------------------------------------


class OutOfScope(PermissionError):
    """The user may not see figures of this area."""


@dataclass(frozen=True)
class MisconductTotals:
    area_code: str
    date_from: dt.date
    date_to: dt.date
    recorded: int
    investigated: int
    no_fault: int
    penalised: int
    criminal_referrals: int
    convicted: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "area_code": self.area_code,
            "date_from": self.date_from.isoformat(),
            "date_to": self.date_to.isoformat(),
            "recorded": self.recorded,
            "investigated": self.investigated,
            "no_fault": self.no_fault,
            "penalised": self.penalised,
            "criminal_referrals": self.criminal_referrals,
            "convicted": self.convicted,
        }


def outside_viewers_chain(matters: QuerySet[Matter], *, user: User) -> QuerySet[Matter]:
    """The matters the viewer's chain of command does not hide from him (#17 H3).

    Counts by area and day are not names, but a district officer who sees "recorded: 1" in his
    own district the day after a complaint learns that one of his office (or of the offices
    above or below it) has been accused, before any investigator has notified the official. So
    the totals a viewer sees leave out every matter whose accused's chain of command holds the
    viewer (rule 2 above: the accused himself, his agency, the agencies above it and those below
    it), whether or not the viewer could otherwise open the matter. A viewer without an agency
    cannot be shown to be outside any chain and counts no matter. The ministry, at the top of
    the provincial administration's chain, therefore counts no matter against the provincial
    administration's own officials; the indicators counted from matters follow the same rule
    (`sodsong.indicators.selectors`, `chain_hides`)."""
    hidden = chain_hides(user)
    if hidden is None:
        return matters.none()
    return matters.exclude(official__agency_id__in=hidden).exclude(official__user=user)


def chain_hides(user: User) -> set[int] | None:
    """The agencies whose officials' matters the viewer's chain of command hides from his
    counts (#17 H3): his own agency's chain (`agency_chain_ids`); the matters of the viewer
    himself are hidden too. None: every matter (a viewer without an agency). Used by the
    misconduct totals (`outside_viewers_chain`) and by the indicators counted from matters."""
    if not getattr(user, "agency_id", None):
        return None
    return agency_chain_ids(user.agency_id)


def misconduct_totals(
    user: User, area_code: str, date_from: dt.date, date_to: dt.date
) -> MisconductTotals:
    """Counts for an area (DOPA-code prefix) and period (inclusive), without personal data.

    - recorded: matters received in the period;
    - investigated: matters with at least one investigation step dated in the period;
    - no_fault / penalised / criminal_referrals: outcomes dated in the period;
    - convicted: criminal referrals with a conviction, outcome dated in the period.

    Refuses (`OutOfScope`) an area the user's scope does not cover (the ministry covers all).
    Matters hidden from the viewer by his chain of command are not counted
    (`outside_viewers_chain`).
    """
    scope = scope_for(user)
    if not scope.covers_area(area_code):
        raise OutOfScope(area_code)
    in_area = outside_viewers_chain(
        Matter.objects.filter(area__code__startswith=area_code), user=user
    )
    decided = in_area.filter(outcome_on__gte=date_from, outcome_on__lte=date_to)
    return MisconductTotals(
        area_code=area_code,
        date_from=date_from,
        date_to=date_to,
        recorded=in_area.filter(received_on__gte=date_from, received_on__lte=date_to).count(),
        investigated=in_area.filter(steps__on__gte=date_from, steps__on__lte=date_to)
        .values("pk")
        .distinct()
        .count(),
        no_fault=decided.filter(outcome=Outcome.NO_FAULT).count(),
        penalised=decided.filter(outcome=Outcome.PENALTY).count(),
        criminal_referrals=decided.filter(outcome=Outcome.CRIMINAL).count(),
        convicted=decided.filter(outcome=Outcome.CRIMINAL, criminal_result="convicted").count(),
    )


def investigator_users() -> QuerySet[User]:
    """Every active user holding the investigator role (the chain check comes when designating)."""
    today = timezone.localdate()
    return (
        User.objects.filter(
            is_active=True,
            agency__isnull=False,
            role_assignments__role=Role.INVESTIGATOR,
            role_assignments__revoked_at__isnull=True,
            role_assignments__valid_from__lte=today,
        )
        .filter(
            Q(role_assignments__valid_until__isnull=True)
            | Q(role_assignments__valid_until__gte=today)
        )
        .select_related("agency")
        .distinct()
        .order_by("username")
    )
