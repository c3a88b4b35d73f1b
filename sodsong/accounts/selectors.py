from __future__ import annotations

from django.db.models import Q, QuerySet

from sodsong.accounts.models import Role, RoleAssignment, User
from sodsong.accounts.scope import active_assignments, scope_for


def roles_of(user: User) -> list[RoleAssignment]:
    return active_assignments(user)


def can_manage_users(user: User) -> bool:
    return scope_for(user).has_role(Role.PROVINCE, Role.ADMIN)


def managed_users(*, actor: User) -> QuerySet[User]:
    """Users an administrator may unlock or reset: all for a system admin; for a provincial
    officer, those whose roles lie in the officer's province(s)."""
    scope = scope_for(actor)
    if scope.has_role(Role.ADMIN):
        return User.objects.all().order_by("username")
    if not scope.has_role(Role.PROVINCE):
        return User.objects.none()
    codes = scope.role_areas.get(Role.PROVINCE, ())
    area_filter = Q(pk__in=[])
    for code in codes:
        area_filter |= Q(role_assignments__areas__code__startswith=code)
    # A reset link goes to whoever issues it, so a provincial officer must not be able to issue
    # one for a system administrator (or a Django-admin user) and take over a stronger account.
    admins = RoleAssignment.objects.filter(role=Role.ADMIN, revoked_at__isnull=True).values(
        "user_id"
    )
    return (
        User.objects.filter(area_filter)
        .exclude(pk=actor.pk)
        .exclude(pk__in=admins)
        .exclude(is_staff=True)
        .exclude(is_superuser=True)
        .distinct()
        .order_by("username")
    )
