"""Reads of the audit log: provincial administration officers and system admins only, each
seeing the events of the areas he oversees (#17 H6).

- Area: an event is read by the administrators who oversee its `area_code`
  (`Scope.oversight_filter`): a provincial admin of 48 sees nothing of 47; events with no area
  (the whole deployment, and those written before areas were recorded) only the deployment's own
  administrator sees.
- Protected identities: an event about one (`protected`) shows its actor, records and purpose
  only to a viewer the identity's check lets see who it is, and to the actor himself. Others see
  that something happened, not who. Filtering by user or by record leaves such events out for
  those viewers, since a match would itself name the actor or the record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from sodsong.accounts.models import Role, User
from sodsong.accounts.scope import scope_for
from sodsong.audit.models import AuditEvent
from sodsong.audit.services import BULK_READ_THRESHOLD, may_see_identity


def can_view_audit(user: User) -> bool:
    return scope_for(user).has_role(Role.PROVINCE, Role.ADMIN)


@dataclass(frozen=True)
class AuditFilter:
    actor: str = ""  # username
    action: str = ""
    object_type: str = ""
    object_id: str = ""
    since: dt.date | None = None
    until: dt.date | None = None
    bulk_only: bool = False


def audit_events(*, user: User, filters: AuditFilter) -> QuerySet[AuditEvent]:
    if not can_view_audit(user):
        return AuditEvent.objects.none()
    scope = scope_for(user)
    events = AuditEvent.objects.filter(scope.oversight_filter("area_code")).select_related("actor")
    unprotected_or_own = Q(protected=False) | Q(actor_id=user.pk)
    if filters.actor:
        events = events.filter(unprotected_or_own, actor__username=filters.actor)
    if filters.action:
        events = events.filter(action=filters.action)
    if filters.object_type:
        events = events.filter(object_type=filters.object_type)
    if filters.object_id:
        # JSON containment differs by database; an id is a UUID string, safe to match as text.
        events = events.filter(unprotected_or_own, object_ids__icontains=filters.object_id)
    if filters.since:
        events = events.filter(at__date__gte=filters.since)
    if filters.until:
        events = events.filter(at__date__lte=filters.until)
    if filters.bulk_only:
        events = events.filter(object_count__gte=BULK_READ_THRESHOLD)
    return events.order_by("-at", "-id")


@dataclass(frozen=True)
class EventRow:
    """An event as this viewer may see it: `hidden` when the actor, records and purpose of a
    protected event are withheld from him."""

    at: dt.datetime
    actor: str | None
    via: str
    action: str
    action_label: str
    object_type: str
    object_ids: list[str]
    object_count: int
    purpose: str
    area_code: str
    protected: bool
    hidden: bool

    @property
    def bulk(self) -> bool:
        return self.object_count >= BULK_READ_THRESHOLD


def event_rows(*, user: User, events: Iterable[AuditEvent]) -> Iterator[EventRow]:
    """The events as `user` may see them. Identity checks are asked once per identity."""
    seen: dict[str, bool] = {}
    for e in events:
        hidden = False
        if e.protected and e.actor_id != user.pk:
            ref = e.detail.get("identity", {}) if isinstance(e.detail, dict) else {}
            key = repr(sorted(ref.items())) if isinstance(ref, dict) else ""
            if key not in seen:
                seen[key] = isinstance(ref, dict) and may_see_identity(user, ref)
            hidden = not seen[key]
        yield EventRow(
            at=e.at,
            actor=None if hidden else (e.actor.username if e.actor_id and e.actor else None),
            via=e.via,
            action=e.action,
            action_label=str(e.get_action_display()),
            object_type=e.object_type,
            object_ids=[] if hidden else list(e.object_ids),
            object_count=e.object_count,
            purpose="" if hidden else e.purpose,
            area_code=e.area_code,
            protected=e.protected,
            hidden=hidden,
        )
