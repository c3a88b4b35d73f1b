from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from sodsong.audit.selectors import AuditFilter, audit_events, can_view_audit
from sodsong.audit.services import BULK_READ_THRESHOLD

router = Router(tags=["audit"])


class EventOut(Schema):
    at: dt.datetime
    actor: str | None
    via: str
    action: str
    object_type: str
    object_ids: list[str]
    object_count: int
    purpose: str
    bulk: bool


class EventList(Schema):
    count: int
    items: list[EventOut]


@router.get("/events", response=EventList, summary="The audit log (provincial admins)")
def list_events(
    request: HttpRequest,
    actor: str = "",
    action: str = "",
    object_type: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
    bulk_only: bool = False,
    limit: int = 100,
    offset: int = 0,
) -> EventList:
    if not can_view_audit(request.user):
        raise HttpError(403, "forbidden")
    events = audit_events(
        user=request.user,
        filters=AuditFilter(
            actor=actor,
            action=action,
            object_type=object_type,
            since=since,
            until=until,
            bulk_only=bulk_only,
        ),
    )
    page = list(events[max(0, offset) : max(0, offset) + max(1, min(limit, 500))])
    return EventList(
        count=events.count(),
        items=[
            EventOut(
                at=e.at,
                actor=e.actor.username if e.actor_id and e.actor else None,
                via=e.via,
                action=e.action,
                object_type=e.object_type,
                object_ids=e.object_ids,
                object_count=e.object_count,
                purpose=e.purpose,
                bulk=e.object_count >= BULK_READ_THRESHOLD,
            )
            for e in page
        ],
    )
