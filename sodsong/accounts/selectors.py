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
    return User.objects.filter(area_filter).exclude(pk=actor.pk).distinct().order_by("username")
