"""Visits to residents, and the behavioural red flags a visit may note."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from sodsong.core.paging import offset_query
from sodsong.geo.models import Area, Level
from sodsong.survey import access, selectors, services
from sodsong.survey.models import (
    RedFlag,
    Visit,
)

router = Router()


class VisitIn(Schema):
    village_code: str
    visited_on: dt.date
    house_no: str = ""
    residents: list[str] = []
    red_flags: list[str] = []
    observations: str = ""
    is_draft: bool = False


class VisitOut(Schema):
    uuid: str
    area_code: str
    visited_on: dt.date
    house_no: str
    residents: list[str]
    red_flags: list[str]
    observations: str
    is_draft: bool

    @staticmethod
    def of(v: Visit) -> VisitOut:
        return VisitOut(
            uuid=str(v.uuid),
            area_code=v.area.code,
            visited_on=v.visited_on,
            house_no=v.house_no,
            residents=[str(r.uuid) for r in v.residents.all()],
            red_flags=[f.code for f in v.red_flags.all()],
            observations=v.observations,
            is_draft=v.is_draft,
        )


@router.get("/visits", response=list[VisitOut], summary="Visits in your jurisdiction")
def list_visits(
    request: HttpRequest, area: str = "", limit: int = 50, offset: int = offset_query()
) -> list[VisitOut]:
    visits = selectors.visit_list(
        user=request.user, area_code=area, limit=max(1, min(limit, 200)), offset=max(0, offset)
    )
    return [VisitOut.of(v) for v in visits]


@router.post("/visits", response={201: VisitOut}, summary="Record a visit")
def create_visit(request: HttpRequest, payload: VisitIn) -> Any:
    area = Area.objects.filter(code=payload.village_code, level=Level.VILLAGE).first()
    if area is None or not access.can_write(request.user, area.code):
        raise HttpError(403, "forbidden")
    residents = list(
        selectors.resident_queryset(user=request.user).filter(uuid__in=payload.residents)
    )
    if len(residents) != len(set(payload.residents)):
        raise HttpError(404, "not_found")
    visit = services.visit_record(
        user=request.user,
        area=area,
        visited_on=payload.visited_on,
        residents=residents,
        observations=payload.observations,
        red_flags=list(RedFlag.objects.filter(code__in=payload.red_flags, active=True)),
        house_no=payload.house_no,
        is_draft=payload.is_draft,
    )
    return Status(201, VisitOut.of(visit))


@router.get("/visits/{uuid}", response=VisitOut, summary="One visit (audited)")
def get_visit(request: HttpRequest, uuid: str) -> VisitOut:
    visit = selectors.visit_get(user=request.user, uuid=uuid)
    if visit is None:
        raise HttpError(404, "not_found")
    return VisitOut.of(visit)


class RedFlagOut(Schema):
    code: str
    category: str
    label_th: str
    label_en: str


@router.get("/red-flags", response=list[RedFlagOut], summary="Behavioural red flags in use")
def list_red_flags(request: HttpRequest) -> list[RedFlagOut]:
    return [
        RedFlagOut(code=f.code, category=f.category, label_th=f.label_th, label_en=f.label_en)
        for f in selectors.red_flags()
    ]
