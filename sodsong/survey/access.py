"""Who may do what in the survey, on top of `scope_for` (the one place roles become areas).

- Personal data (residents, visits, photos): the roles that see personal records of their areas
  (`scope.personal_filter`): headmen their villages, kamnan their sub-district, local bodies their
  area, districts their district, the province all. Never the ministry or agency officers.
- Writing residents and visits: headman, kamnan, local body, district and province, in their areas.
- Opening rounds: a district (its district) or the province. Submitting: the village's headman.
  Approving or returning: the district (or the province).
- Completeness figures are aggregates: anyone whose areas cover them, the ministry included.
"""

from __future__ import annotations

from typing import Any

from sodsong.accounts.models import Role
from sodsong.accounts.scope import outermost_codes, scope_for

WRITE_ROLES = (Role.HEADMAN, Role.KAMNAN, Role.LOCALGOV, Role.DISTRICT, Role.PROVINCE)
IMPORT_ROLES = (Role.HEADMAN, Role.KAMNAN, Role.DISTRICT, Role.PROVINCE)
ROUND_ROLES = (Role.DISTRICT, Role.PROVINCE)


def _codes(user: Any, roles: tuple[str, ...]) -> tuple[str, ...]:
    scope = scope_for(user)
    codes: list[str] = []
    for role in roles:
        codes.extend(scope.role_areas.get(role, ()))
    return tuple(outermost_codes(tuple(codes)))


def _covers(codes: tuple[str, ...], code: str) -> bool:
    return any(code.startswith(c) for c in codes)


def writable_codes(user: Any) -> tuple[str, ...]:
    return _codes(user, WRITE_ROLES)


def can_write(user: Any, code: str) -> bool:
    return _covers(writable_codes(user), code)


def import_codes(user: Any) -> tuple[str, ...]:
    return _codes(user, IMPORT_ROLES)


def can_import(user: Any) -> bool:
    return bool(import_codes(user))


def round_codes(user: Any) -> tuple[str, ...]:
    return _codes(user, ROUND_ROLES)


def can_open_round(user: Any, code: str) -> bool:
    return _covers(round_codes(user), code)


def can_review(user: Any, village_code: str) -> bool:
    return _covers(round_codes(user), village_code)


def can_submit(user: Any, village_code: str) -> bool:
    return _covers(_codes(user, (Role.HEADMAN,)), village_code)


def sees_personal(user: Any) -> bool:
    return bool(scope_for(user).personal_codes)
