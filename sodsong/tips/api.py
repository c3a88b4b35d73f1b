"""The tips API: the public tip line (no authentication), and the queue scoped like the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, File, Form, Router, Schema, UploadedFile
from ninja.errors import HttpError
from ninja.responses import Status

from sodsong.accounts.requests import AuthedHttpRequest
from sodsong.core.paging import offset_query
from sodsong.entities.selectors import shared_for_source
from sodsong.geo.models import Area
from sodsong.tips import selectors, services
from sodsong.tips.models import Tip
from sodsong.tips.public_views import client_address
from sodsong.tips.triage import reason_text

router = Router(tags=["tips"])


class PublicTipIn(Schema):
    description: str
    province: str = ""
    district: str = ""
    subdistrict: str = ""
    village: str = ""
    place_text: str = ""
    occurred_on: dt.date | None = None
    contact_name: str = ""
    contact_phone: str = ""
    contact_email: str = ""
    # The form's honeypot (#17 M9): hidden from people, filled in by bots; a filled one refuses.
    website: str = Field("", description="leave empty")


class TrackingOut(Schema):
    tracking_code: str
    status: str
    status_text: str


class PublicStatusOut(Schema):
    tracking_code: str
    status: str
    status_text: str
    received_on: dt.date


@router.post(
    "/public",
    auth=None,
    response={201: TrackingOut, 400: dict, 429: dict},
    summary="Send a tip without signing in (rate-limited; images and PDF only)",
)
def public_submit(
    request: HttpRequest,
    payload: Form[PublicTipIn],
    files: File[list[UploadedFile]] = None,  # type: ignore[assignment]
) -> Any:
    fields = payload.dict()
    honeypot = fields.pop("website")
    tip = services.public_tip_submit(
        client_address=client_address(request),
        files=files or [],
        honeypot=honeypot,
        **fields,
    )
    return Status(
        201,
        TrackingOut(
            tracking_code=tip.tracking_code, status=tip.status, status_text=tip.public_status
        ),
    )


@router.get(
    "/public/{code}",
    auth=None,
    response={200: PublicStatusOut, 404: dict, 429: dict},
    summary="The status of a tip by its tracking code (status only)",
)
def public_status(request: HttpRequest, code: str) -> Any:
    services.rate_limit_hit(bucket="tip_lookup", client_address=client_address(request))
    tip = selectors.public_status(code=code)
    if tip is None:
        raise HttpError(404, "not_found")
    return PublicStatusOut(
        tracking_code=tip.tracking_code,
        status=tip.status,
        status_text=tip.public_status,
        received_on=tip.created_at.date(),
    )


class ReasonOut(Schema):
    code: str
    count: int
    points: int
    text: str


class TipOut(Schema):
    uuid: str
    kind: str
    tracking_code: str
    area_code: str
    place_text: str
    description: str
    occurred_on: dt.date | None
    red_flags: list[str]
    status: str
    duplicate_of: str | None
    case_uuid: str | None
    score: int
    urgent: bool
    reasons: list[ReasonOut]
    created_at: dt.datetime
    # Only for officers the district designates (and the reporter); otherwise null.
    reporter: dict[str, str] | None = None

    @staticmethod
    def from_tip(tip: Tip, *, reporter: bool = False) -> TipOut:
        who = None
        if reporter:
            if tip.reporter:
                who = {"username": tip.reporter.username, "name": tip.reporter.get_full_name()}
            else:
                who = {
                    "name": tip.contact_name,
                    "phone": tip.contact_phone,
                    "email": tip.contact_email,
                }
        return TipOut(
            uuid=str(tip.uuid),
            kind=tip.kind,
            tracking_code=tip.tracking_code,
            area_code=tip.area.code,
            place_text=tip.place_text,
            description=tip.description,
            occurred_on=tip.occurred_on,
            red_flags=list(tip.red_flags),
            status=tip.status,
            duplicate_of=str(tip.duplicate_of.uuid) if tip.duplicate_of else None,
            case_uuid=str(tip.case_uuid) if tip.case_uuid else None,
            score=tip.score,
            urgent=tip.urgent,
            reasons=[ReasonOut(**r, text=reason_text(r)) for r in tip.score_reasons],
            created_at=tip.created_at,
            reporter=who,
        )


class TipList(Schema):
    count: int
    items: list[TipOut]


def _queue_or_403(request: HttpRequest) -> None:
    if not selectors.can_use_queue(request.user):
        raise HttpError(403, "forbidden")


def _tip_or_404(request: HttpRequest, uuid: str) -> Tip:
    _queue_or_403(request)
    tip = selectors.tip_get(user=request.user, uuid=uuid)
    if tip is None:
        raise HttpError(404, "not_found")
    return tip


def _managed(request: HttpRequest, uuid: str) -> Tip:
    tip = _tip_or_404(request, uuid)
    if not selectors.can_manage(request.user, tip):
        raise HttpError(403, "forbidden")
    return tip


class ReportIn(Schema):
    area_code: str
    description: str
    red_flags: list[str] = []
    people: list[str] = []
    occurred_on: dt.date | None = None
    place_text: str = ""


@router.post("/reports", response={201: TipOut, 400: dict}, summary="File a watch report")
def create_report(request: AuthedHttpRequest, payload: ReportIn) -> Any:
    from sodsong.people.selectors import person_queryset

    area = Area.objects.filter(code=payload.area_code).first()
    if area is None:
        raise HttpError(404, "not_found")
    if not services.may_report_in(request.user, area):
        raise HttpError(403, "forbidden")
    people = list(person_queryset(user=request.user).filter(uuid__in=payload.people))
    if len(people) != len(set(payload.people)):
        raise HttpError(404, "not_found")
    tip = services.watch_report_create(
        reporter=request.user,
        area=area,
        description=payload.description,
        red_flags=payload.red_flags,
        people=people,
        occurred_on=payload.occurred_on,
        place_text=payload.place_text,
    )
    return Status(201, TipOut.from_tip(tip, reporter=True))


@router.get("", response=TipList, summary="Tips and reports in your jurisdiction (audited)")
def list_tips(
    request: AuthedHttpRequest,
    status: str = "",
    kind: str = "",
    area: str = "",
    urgent: bool = False,
    sort: str = "score",
    limit: int = 50,
    offset: int = offset_query(),
) -> TipList:
    _queue_or_403(request)
    tips = selectors.tip_list(
        user=request.user,
        status=status,
        kind=kind,
        area_code=area,
        urgent=urgent,
        sort=sort,
        limit=max(1, min(limit, 200)),
        offset=max(0, offset),
    )
    return TipList(count=len(tips), items=[TipOut.from_tip(t) for t in tips])


@router.get("/{uuid}", response=TipOut, summary="One tip or report (audited)")
def get_tip(request: AuthedHttpRequest, uuid: str) -> TipOut:
    tip = _tip_or_404(request, uuid)
    return TipOut.from_tip(tip, reporter=selectors.reporter_read(user=request.user, tip=tip))


class SharedRef(Schema):
    source_type: str
    uuid: str
    label: str


class SharedOut(Schema):
    type: str
    value: str
    identifier_uuid: str
    visible: list[SharedRef]
    elsewhere: list[str]
    # Districts holding cases that mention it which the caller may not open.
    elsewhere_cases: list[str] = []


@router.get(
    "/{uuid}/shared",
    response=list[SharedOut],
    summary="The tip's identifiers and other sources sharing them (audited)",
)
def shared(request: AuthedHttpRequest, uuid: str) -> list[SharedOut]:
    tip = _tip_or_404(request, uuid)
    return [
        SharedOut(
            type=s.identifier.type,
            value=s.identifier.value,
            identifier_uuid=str(s.identifier.uuid),
            visible=[
                SharedRef(source_type=r.source_type, uuid=str(r.uuid), label=r.label)
                for r in s.visible
            ],
            elsewhere=s.elsewhere,
            elsewhere_cases=s.elsewhere_cases,
        )
        for s in shared_for_source(user=request.user, source_type=tip.kind, source_uuid=tip.uuid)
    ]


class StatusIn(Schema):
    status: str
    note: str = ""


class MergeIn(Schema):
    into: str
    note: str = ""


class IdentifierIn(Schema):
    type: str
    value: str


@router.post(
    "/{uuid}/status", response={200: TipOut, 400: dict}, summary="Mark verified / unfounded / new"
)
def set_status(request: AuthedHttpRequest, uuid: str, payload: StatusIn) -> Any:
    tip = _managed(request, uuid)
    services.tip_set_status(tip=tip, status=payload.status, by=request.user, note=payload.note)
    return Status(200, TipOut.from_tip(tip))


@router.post(
    "/{uuid}/merge", response={200: TipOut, 400: dict}, summary="Mark as a duplicate of another tip"
)
def merge(request: AuthedHttpRequest, uuid: str, payload: MergeIn) -> Any:
    tip = _managed(request, uuid)
    into = _managed(request, payload.into)
    services.tip_merge(duplicate=tip, into=into, by=request.user, note=payload.note)
    tip.refresh_from_db()
    return Status(200, TipOut.from_tip(tip))


@router.post(
    "/{uuid}/identifiers", response={200: TipOut, 400: dict}, summary="Add an identifier by hand"
)
def add_identifier(request: AuthedHttpRequest, uuid: str, payload: IdentifierIn) -> Any:
    tip = _managed(request, uuid)
    services.tip_add_identifier(tip=tip, type=payload.type, value=payload.value, by=request.user)
    tip.refresh_from_db()
    return Status(200, TipOut.from_tip(tip))
