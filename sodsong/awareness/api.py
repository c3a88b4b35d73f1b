"""API of the awareness log: the same scope as the pages; totals for the indicators module."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from sodsong.accounts.requests import AuthedHttpRequest
from sodsong.awareness import selectors, services
from sodsong.awareness.models import Activity, Topic
from sodsong.core.error_schema import ErrorOut
from sodsong.core.paging import offset_query
from sodsong.geo.models import Area

router = Router(tags=["awareness"])


class TopicOut(Schema):
    code: str
    name_th: str
    name_en: str
    active: bool


class ActivityOut(Schema):
    uuid: str
    kind: str
    held_on: dt.date
    village_code: str
    village_name: str
    organiser_uuid: str | None
    organiser_agency: str | None
    audience: int
    topics: list[str]
    material: str

    @staticmethod
    def build(a: Activity) -> ActivityOut:
        return ActivityOut(
            uuid=str(a.uuid),
            kind=a.kind,
            held_on=a.held_on,
            village_code=a.village.code,
            village_name=a.village.name_th,
            organiser_uuid=str(a.organiser.uuid) if a.organiser else None,
            organiser_agency=a.organiser_agency.name_th if a.organiser_agency else None,
            audience=a.audience,
            topics=[t.code for t in a.topics.all()],
            material=a.material,
        )


class ActivityList(Schema):
    count: int
    items: list[ActivityOut]


@router.get("/topics", response=list[TopicOut], summary="The awareness topics in use")
def list_topics(request: AuthedHttpRequest) -> list[TopicOut]:
    return [
        TopicOut(code=t.code, name_th=t.name_th, name_en=t.name_en, active=t.active)
        for t in selectors.topics()
    ]


@router.get("/activities", response=ActivityList, summary="Activities in your areas")
def list_activities(
    request: AuthedHttpRequest,
    area: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    limit: int = 100,
    offset: int = offset_query(),
) -> ActivityList:
    items = selectors.activity_list(
        user=request.user,
        area_code=area,
        date_from=date_from,
        date_to=date_to,
        limit=max(1, min(limit, 500)),
        offset=max(0, offset),
    )
    return ActivityList(count=len(items), items=[ActivityOut.build(a) for a in items])


@router.get("/activities/{uuid}", response=ActivityOut, summary="One activity")
def get_activity(request: AuthedHttpRequest, uuid: str) -> ActivityOut:
    activity = selectors.activity_get(user=request.user, uuid=uuid)
    if activity is None:
        raise HttpError(404, "not_found")
    return ActivityOut.build(activity)


class ActivityIn(Schema):
    kind: str
    held_on: dt.date
    village_code: str
    audience: int
    topics: list[str]
    material: str = ""


@router.post(
    "/activities",
    response={201: ActivityOut, 403: ErrorOut, 422: ErrorOut},
    summary="Record an activity (headman, kamnan, local body, district, province)",
)
def create_activity(request: AuthedHttpRequest, payload: ActivityIn) -> Any:
    if not selectors.can_record(request.user):
        raise HttpError(403, "forbidden")
    village = Area.objects.filter(code=payload.village_code).first()
    if village is None:
        raise services.AwarenessError(_("Choose a village."))
    topics = list(Topic.objects.filter(code__in=payload.topics))
    if len(topics) != len(set(payload.topics)):
        raise services.AwarenessError(_("Unknown topic."))
    activity = services.activity_record(
        actor=request.user,
        kind=payload.kind,
        held_on=payload.held_on,
        village=village,
        audience=payload.audience,
        topics=topics,
        material=payload.material,
    )
    found = selectors.activity_get(user=request.user, uuid=str(activity.uuid))
    return Status(201, ActivityOut.build(found or activity))


class TotalsByType(Schema):
    activities: int
    people_reached: int


class AwarenessTotalsOut(Schema):
    area_code: str
    date_from: dt.date
    date_to: dt.date
    activities: int
    people_reached: int
    villages: int
    by_type: dict[str, TotalsByType]
    by_topic: dict[str, int]


@router.get(
    "/totals",
    response={200: AwarenessTotalsOut, 403: ErrorOut, 422: ErrorOut},
    summary="Activities and people reached per area and period (no personal data)",
)
def totals(request: AuthedHttpRequest, area: str, date_from: dt.date, date_to: dt.date) -> Any:
    if date_to < date_from:
        raise services.AwarenessError(_("The period ends before it starts."))
    result = selectors.awareness_totals(request.user, area, date_from, date_to)
    return Status(200, AwarenessTotalsOut(**result.as_dict()))
