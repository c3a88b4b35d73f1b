"""`log_action`: the one path into the audit log.

Reads of personal records log one event per request or export listing the ids returned. A purpose
is required for exports and for reads outside the user's own area (`PurposeRequired`).

Each event records the area it is about (`area_code`), which decides which administrators may
read it (#17 H6): the caller's `area_code`, else the one set by `protecting(...)`, else the area
of the record a history event names (`register_subject`), else the acting user's own area (the
common prefix of his role areas; none for a user of several provinces or of none, whose events
only the deployment's administrator reads).

An event about a protected identity (the reporter of a watch report, the sender of a public tip,
an informant, the accused of a misconduct matter) is marked `protected` and names that identity
in `detail["identity"]` (a kind and ids): the audit pages show its actor and records only to
those the kind's check (`register_identity`) lets see the identity.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sodsong.audit.models import AuditEvent
from sodsong.core.context import current_actor

# A read of this many records or more is a bulk read and stands out on the audit page.
BULK_READ_THRESHOLD = 50


class PurposeRequired(Exception):
    """An export, or a read outside the user's own area, needs a stated purpose."""

    def __init__(self) -> None:
        super().__init__(_("State the purpose of this access."))


# An area code no administrator's areas contain: events only the deployment's own administrator
# reads (those whose mere existence must not reach an area's administrators, like a new matter of
# the misconduct register reaching the accused's provincial office).
DEPLOYMENT_ONLY = "*"


@dataclass(frozen=True)
class Identity:
    """A protected identity an event is about: a kind registered with `register_identity` and
    the ids (of that kind's records) whose check decides who may see it."""

    kind: str
    ids: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "ids": list(self.ids)}


def identity(kind: str, *ids: Any) -> Identity:
    return Identity(kind, tuple(str(i) for i in ids))


# kind → check(user, ids): may the user see who is behind these records?
IdentityCheck = Callable[[Any, list[str]], bool]
_identity_checks: dict[str, IdentityCheck] = {}


def register_identity(kind: str, check: IdentityCheck) -> None:
    _identity_checks[kind] = check


def may_see_identity(user: Any, ref: dict[str, Any]) -> bool:
    """Unknown kinds are seen by nobody: a protected event stays anonymous by default."""
    check = _identity_checks.get(str(ref.get("kind", "")))
    ids = [str(i) for i in ref.get("ids", [])]
    return check is not None and bool(ids) and check(user, ids)


# A history event's area and protected identity, from the record it names: model label →
# subject(instance) → (area code or None, identity or None). Registered in AppConfig.ready.
Subject = Callable[[Any], tuple[str | None, Identity | None]]
_subjects: dict[str, list[Subject]] = {}


def register_subject(model_label: str, subject: Subject) -> None:
    rules = _subjects.setdefault(model_label.lower(), [])
    if subject not in rules:
        rules.append(subject)


def _area_of_record(instance: Any) -> str | None:
    code = getattr(instance, "area_code", None)
    if isinstance(code, str) and code:
        return code
    if getattr(instance, "area_id", None) is not None:
        area = getattr(instance, "area", None)
        return getattr(area, "code", None)
    return None


def subject_of(instance: Any) -> tuple[str | None, Identity | None]:
    """The area and protected identity of a record, for the history event of its save."""
    area: str | None = None
    who: Identity | None = None
    for rule in _subjects.get(instance._meta.label_lower, []):
        rule_area, rule_identity = rule(instance)
        area = area or rule_area
        who = who or rule_identity
    return area or _area_of_record(instance), who


@dataclass(frozen=True)
class _Protection:
    who: Identity
    area_code: str


_protecting: ContextVar[_Protection | None] = ContextVar("sodsong_audit_protecting", default=None)


@contextlib.contextmanager
def protecting(who: Identity, *, area_code: str) -> Iterator[None]:
    """Marks every event written inside as about `who`, in `area_code` (creating a watch report
    writes the report, its files and its identifiers: all of them name the reporter)."""
    token = _protecting.set(_Protection(who, area_code))
    try:
        yield
    finally:
        _protecting.reset(token)


# The level lengths of DOPA codes: province, district, sub-district, village.
_LEVELS = (8, 6, 4, 2)


def _home_area(user_id: int | None) -> str:
    """The user's own area: the longest DOPA code containing all his active role areas."""
    if user_id is None:
        return ""
    from sodsong.accounts.models import RoleAssignment

    today = timezone.localdate()
    codes = set(
        RoleAssignment.objects.filter(
            user_id=user_id, revoked_at__isnull=True, valid_from__lte=today
        )
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .exclude(areas__isnull=True)
        .values_list("areas__code", flat=True)
    )
    if not codes:
        return ""
    common = os.path.commonprefix(sorted(codes))
    return next((common[:n] for n in _LEVELS if len(common) >= n), "")


def log_action(
    *,
    action: str,
    object_type: str = "",
    object_ids: Iterable[Any] = (),
    purpose: str = "",
    detail: dict[str, Any] | None = None,
    actor_id: int | None = None,
    area_code: str | None = None,
    who: Identity | None = None,
) -> AuditEvent:
    """`area_code`: the area the event is about (see the module docstring for the fallbacks);
    `who`: the protected identity it names, if any."""
    actor = current_actor()
    ids = [str(i) for i in object_ids]
    acting = actor_id if actor_id is not None else actor.user_id
    protection = _protecting.get()
    if protection is not None:
        who = who or protection.who
        area_code = area_code or protection.area_code
    if not area_code:
        area_code = _home_area(acting)
    details = dict(detail or {})
    if who is not None:
        details["identity"] = who.as_json()
    return AuditEvent.objects.create(
        actor_id=acting,
        agency_id=actor.agency_id,
        via=actor.via,
        action=action,
        object_type=object_type,
        object_ids=ids,
        object_count=len(ids),
        purpose=(purpose or actor.purpose)[:300],
        request_path=actor.request_path[:300],
        detail=details,
        area_code=area_code[:16],
        protected=who is not None,
    )


def log_personal_read(
    *,
    object_type: str,
    object_ids: Iterable[Any],
    export: bool = False,
    purpose: str = "",
    outside_own_area: bool = False,
    who: Identity | None = None,
    area_code: str | None = None,
) -> AuditEvent | None:
    """Logs a read or export of personal records. Empty reads are not logged."""
    ids = list(object_ids)
    if (export or outside_own_area) and not purpose.strip():
        raise PurposeRequired()
    if not ids and not export:
        return None
    return log_action(
        action=AuditEvent.Action.EXPORT if export else AuditEvent.Action.READ,
        object_type=object_type,
        object_ids=ids,
        purpose=purpose.strip(),
        detail={"outside_own_area": outside_own_area} if outside_own_area else None,
        who=who,
        area_code=area_code,
    )
