from __future__ import annotations

import datetime as dt

from ninja import Router, Schema
from ninja.errors import HttpError

from sodsong.accounts.requests import AuthedHttpRequest
from sodsong.audit.selectors import AuditFilter, audit_events, can_view_audit, event_rows
from sodsong.core.paging import offset_query

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
    area_code: str
    # About a protected identity; `hidden`: its actor, records and purpose are withheld here.
    protected: bool
    hidden: bool


class EventList(Schema):
    count: int
    items: list[EventOut]


@router.get(
    "/events",
    response=EventList,
    summary="The audit log of the areas the user oversees (provincial and system admins)",
)
def list_events(
    request: AuthedHttpRequest,
    actor: str = "",
    action: str = "",
    object_type: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
    bulk_only: bool = False,
    limit: int = 100,
    offset: int = offset_query(),
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
                at=r.at,
                actor=r.actor,
                via=r.via,
                action=r.action,
                object_type=r.object_type,
                object_ids=r.object_ids,
                object_count=r.object_count,
                purpose=r.purpose,
                bulk=r.bulk,
                area_code=r.area_code,
                protected=r.protected,
                hidden=r.hidden,
            )
            for r in event_rows(user=request.user, events=page)
        ],
    )
