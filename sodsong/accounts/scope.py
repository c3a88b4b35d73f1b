"""What a user may see: the one place where roles and areas turn into access rules.

Selectors for pages, the API and exports all call `scope_for(user)`, so jurisdiction is enforced
once. Areas nest by DOPA-code prefix, so "inside my scope" is a prefix test on an area code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from sodsong.accounts.models import Role, RoleAssignment, User

# Roles that see personal records of the areas they cover. Others see personal data only through
# assignment (agency officers on their cases, investigators on their matters) or never (ministry).
AREA_PERSONAL_ROLES = frozenset(
    {Role.PROVINCE, Role.DISTRICT, Role.KAMNAN, Role.HEADMAN, Role.LOCALGOV, Role.ANALYST}
)
# Roles whose scope is the whole deployment and which see aggregates only.
NATION_AGGREGATE_ROLES = frozenset({Role.MINISTRY})
# Roles that are officers: TOTP is required for them outside demo mode. The public has no role.
OFFICER_ROLES = frozenset(Role.values)


@dataclass(frozen=True)
class Scope:
    user_id: int | None
    roles: frozenset[str] = frozenset()
    # Area codes under which the user sees personal records.
    personal_codes: tuple[str, ...] = ()
    # Area codes whose aggregate figures and area pages the user may open.
    area_codes: tuple[str, ...] = ()
    nation: bool = False
    role_areas: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not self.roles

    def has_role(self, *roles: str) -> bool:
        return any(r in self.roles for r in roles)

    def covers_area(self, code: str) -> bool:
        """May the user open this area's page and aggregates?"""
        return self.nation or any(code.startswith(c) for c in self.area_codes)

    def covers_personal(self, code: str) -> bool:
        """May the user see personal records held in this area?"""
        return any(code.startswith(c) for c in self.personal_codes)

    def personal_filter(self, area_code_field: str) -> Q:
        """A filter on `area_code_field` (a DOPA code column) for personal records in scope."""
        return prefix_filter(area_code_field, self.personal_codes)

    def area_filter(self, area_code_field: str) -> Q:
        if self.nation:
            return Q()
        return prefix_filter(area_code_field, self.area_codes)

    @property
    def oversees_deployment(self) -> bool:
        """A system administrator with no area of any kind (nor the nation's aggregates) runs
        the deployment itself: he oversees every area's jobs and audit events."""
        return Role.ADMIN in self.roles and (self.nation or not self.area_codes)

    @property
    def oversight_codes(self) -> tuple[str, ...]:
        """Areas whose jobs and audit events the user oversees as an administrator: his
        provincial areas, and the areas of his admin role (all his areas when that role names
        none). A provincial admin of 48 oversees nothing of 47 (#17 H1, H6)."""
        codes = list(self.role_areas.get(Role.PROVINCE, ()))
        if Role.ADMIN in self.roles:
            codes += self.role_areas.get(Role.ADMIN, ()) or self.area_codes
        return tuple(outermost_codes(codes))

    def oversight_filter(self, area_code_field: str) -> Q:
        """Rows (jobs, audit events) whose area the user oversees; blank areas (the whole
        deployment) only for the deployment's own administrator."""
        if self.oversees_deployment:
            return Q()
        return prefix_filter(area_code_field, self.oversight_codes)

    @property
    def home_codes(self) -> tuple[str, ...]:
        """The user's own areas: reads outside them need a purpose."""
        return self.area_codes


def prefix_filter(field_name: str, codes: Iterable[str]) -> Q:
    """Rows whose DOPA code in `field_name` lies inside any of `codes` (none: no rows)."""
    # Start from "nothing": an empty Q() would mean every row.
    query = Q(pk__in=[])
    for code in outermost_codes(codes):
        query |= Q(**{f"{field_name}__startswith": code})
    return query


def outermost_codes(codes: Iterable[str]) -> list[str]:
    """Drops codes already covered by a shorter one (4701 is inside 47)."""
    kept: list[str] = []
    for code in sorted(set(codes), key=len):
        if not any(code.startswith(k) for k in kept):
            kept.append(code)
    return kept


def active_assignments(user: User, day: dt.date | None = None) -> list[RoleAssignment]:
    today = day or timezone.localdate()
    assignments = (
        RoleAssignment.objects.filter(user=user, revoked_at__isnull=True, valid_from__lte=today)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .prefetch_related("areas")
    )
    return list(assignments)


def scope_for(user: User | None, day: dt.date | None = None) -> Scope:
    if user is None or not user.is_authenticated or not user.is_active:
        return Scope(user_id=None)
    cache_key = "_sodsong_scope"
    cached = getattr(user, cache_key, None)
    if cached is not None and day is None:
        return cached
    roles: set[str] = set()
    personal: list[str] = []
    areas: list[str] = []
    role_areas: dict[str, list[str]] = {}
    nation = False
    for assignment in active_assignments(user, day):
        roles.add(assignment.role)
        codes = [a.code for a in assignment.areas.all()]
        role_areas.setdefault(assignment.role, []).extend(codes)
        if assignment.role in NATION_AGGREGATE_ROLES:
            nation = True
        areas.extend(codes)
        if assignment.role in AREA_PERSONAL_ROLES:
            personal.extend(codes)
    scope = Scope(
        user_id=user.pk,
        roles=frozenset(roles),
        personal_codes=tuple(outermost_codes(tuple(personal))),
        area_codes=tuple(outermost_codes(tuple(areas))),
        nation=nation,
        role_areas={k: tuple(v) for k, v in role_areas.items()},
    )
    if day is None:
        setattr(user, cache_key, scope)
    return scope
