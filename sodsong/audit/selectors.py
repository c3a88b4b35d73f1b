"""Reads of the audit log: provincial administration officers and system admins only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from sodsong.accounts.models import Role, User
from sodsong.accounts.scope import scope_for
from sodsong.audit.models import AuditEvent
from sodsong.audit.services import BULK_READ_THRESHOLD


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
    events = AuditEvent.objects.select_related("actor")
    if filters.actor:
        events = events.filter(actor__username=filters.actor)
    if filters.action:
        events = events.filter(action=filters.action)
    if filters.object_type:
        events = events.filter(object_type=filters.object_type)
    if filters.object_id:
        # JSON containment differs by database; an id is a UUID string, safe to match as text.
        events = events.filter(object_ids__icontains=filters.object_id)
    if filters.since:
        events = events.filter(at__date__gte=filters.since)
    if filters.until:
        events = events.filter(at__date__lte=filters.until)
    if filters.bulk_only:
        events = events.filter(object_count__gte=BULK_READ_THRESHOLD)
    return events.order_by("-at", "-id")
