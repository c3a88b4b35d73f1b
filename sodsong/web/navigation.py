"""The navigation each role sees. Modules add their entries here as they arrive."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sodsong.accounts.models import Role
from sodsong.accounts.scope import AREA_PERSONAL_ROLES, scope_for


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    key: str


def navigation_for(user) -> list[NavItem]:  # type: ignore[no-untyped-def]
    if not getattr(user, "is_authenticated", False):
        return []
    scope = scope_for(user)
    items = [NavItem(str(_("Home")), reverse("web:home"), "home")]
    if scope.area_codes or scope.nation:
        items.append(NavItem(str(_("My areas")), reverse("geo:my_areas"), "areas"))
    if scope.has_role(*AREA_PERSONAL_ROLES):
        items.append(NavItem(str(_("People")), reverse("people:list"), "people"))
    if scope.has_role(Role.PROVINCE, Role.ADMIN):
        items.append(NavItem(str(_("Audit log")), reverse("audit:events"), "audit"))
        items.append(NavItem(str(_("Users")), reverse("accounts:user_list"), "users"))
        items.append(NavItem(str(_("Jobs")), reverse("jobs:list"), "jobs"))
    items.append(NavItem(str(_("My account")), reverse("accounts:profile"), "account"))
    return items
