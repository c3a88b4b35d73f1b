from __future__ import annotations

from django.db.models import Q, QuerySet

from sodsong.accounts.models import AgencyKind, Role, RoleAssignment, User
from sodsong.accounts.scope import active_assignments, scope_for


def roles_of(user: User) -> list[RoleAssignment]:
    return active_assignments(user)


def can_manage_users(user: User) -> bool:
    return scope_for(user).has_role(Role.PROVINCE, Role.ADMIN)


def is_national_admin(user: User) -> bool:
    """A Django superuser, or a system administrator of the national office (the ministry or the
    department): the only administrators above every agency (#17 H4)."""
    if user.is_superuser:
        return True
    return (
        scope_for(user).has_role(Role.ADMIN)
        and user.agency is not None
        and user.agency.kind == AgencyKind.MINISTRY
    )


def _outside_the_provincial_chain() -> Q:
    """Users a provincial administration may not take over (#17 H4): staff of agencies outside
    its chain and its partners (kind "other": the NACC, the PACC, other independent bodies), and
    every misconduct investigator, who may be investigating the very administrator who asks."""
    investigators = RoleAssignment.objects.filter(
        role=Role.INVESTIGATOR, revoked_at__isnull=True
    ).values("user_id")
    return Q(agency__kind=AgencyKind.OTHER) | Q(pk__in=investigators)


def managed_users(*, actor: User) -> QuerySet[User]:
    """Users an administrator may unlock or reset.

    A national administrator manages everyone. A system administrator manages everyone except
    superusers and users outside the provincial chain, whom only their own agency's
    administrators (or a national one) manage. A provincial officer manages the users whose roles
    lie in the officer's province(s), except administrators and users outside the chain.
    """
    scope = scope_for(actor)
    if is_national_admin(actor):
        return User.objects.exclude(pk=actor.pk).order_by("username")
    own_agency = (
        Q(agency_id=actor.agency_id)
        if actor.agency_id is not None and scope.has_role(Role.ADMIN)
        else Q(pk__in=[])
    )
    outside = _outside_the_provincial_chain() & ~own_agency
    if scope.has_role(Role.ADMIN):
        return (
            User.objects.exclude(pk=actor.pk)
            .exclude(is_superuser=True)
            .exclude(outside)
            .order_by("username")
        )
    if not scope.has_role(Role.PROVINCE):
        return User.objects.none()
    codes = scope.role_areas.get(Role.PROVINCE, ())
    area_filter = Q(pk__in=[])
    for code in codes:
        area_filter |= Q(role_assignments__areas__code__startswith=code)
    # A provincial officer must not act on a system administrator (or a Django-admin user) and
    # take over a stronger account.
    admins = RoleAssignment.objects.filter(role=Role.ADMIN, revoked_at__isnull=True).values(
        "user_id"
    )
    return (
        User.objects.filter(area_filter)
        .exclude(pk=actor.pk)
        .exclude(pk__in=admins)
        .exclude(is_staff=True)
        .exclude(is_superuser=True)
        .exclude(_outside_the_provincial_chain())
        .distinct()
        .order_by("username")
    )
