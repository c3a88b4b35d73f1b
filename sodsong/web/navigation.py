"""The navigation each role sees: one table, read top to bottom."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from sodsong.accounts.models import Role
from sodsong.accounts.scope import AREA_PERSONAL_ROLES, scope_for

R = Role
AREA_ROLES = frozenset(AREA_PERSONAL_ROLES)
VILLAGE_ROLES = frozenset({R.HEADMAN, R.KAMNAN, R.LOCALGOV})
OFFICE_ROLES = frozenset({R.DISTRICT, R.PROVINCE})
ALL = frozenset(Role.values)


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    key: str


# (key, label, url name, roles that see it)
NAV_TABLE = (
    ("home", _("Home"), "web:home", ALL),
    ("areas", _("My areas"), "geo:my_areas", ALL - {R.INVESTIGATOR}),
    ("survey", _("Survey"), "survey:index", VILLAGE_ROLES | OFFICE_ROLES),
    ("people", _("People"), "people:list", AREA_ROLES),
    ("tips", _("Tips and reports"), "tips:index", AREA_ROLES),
    ("cases", _("Cases"), "cases:index", OFFICE_ROLES | {R.AGENCY_OFFICER}),
    ("entities", _("Links"), "entities:index", {R.ANALYST, R.DISTRICT, R.PROVINCE}),
    ("awareness", _("Awareness"), "awareness:index", VILLAGE_ROLES | OFFICE_ROLES),
    ("misconduct", _("Misconduct"), "misconduct:index", {R.PROVINCE, R.INVESTIGATOR}),
    ("directives", _("Directives"), "directives:index", ALL - {R.ANALYST, R.INVESTIGATOR}),
    ("indicators", _("Indicators"), "indicators:index", ALL - {R.INVESTIGATOR}),
    ("audit", _("Audit log"), "audit:events", {R.PROVINCE, R.ADMIN}),
    ("users", _("Users"), "accounts:user_list", {R.PROVINCE, R.ADMIN}),
    ("jobs", _("Jobs"), "jobs:list", {R.PROVINCE, R.ADMIN}),
)


def navigation_for(user) -> list[NavItem]:
    if not getattr(user, "is_authenticated", False):
        return []
    roles = scope_for(user).roles
    items = []
    for key, label, url_name, allowed in NAV_TABLE:
        if key != "home" and not roles & allowed:
            continue
        try:
            items.append(NavItem(str(label), reverse(url_name), key))
        except NoReverseMatch:  # a module not installed in this deployment
            continue
    items.append(NavItem(str(_("My account")), reverse("accounts:profile"), "account"))
    return items
