"""API of the misconduct register: the same visibility rules and audit as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from sodsong.accounts.models import Agency, User
from sodsong.accounts.requests import AuthedHttpRequest
from sodsong.core.error_schema import ErrorOut
from sodsong.core.paging import offset_query
from sodsong.misconduct import selectors, services
from sodsong.misconduct.models import Matter

router = Router(tags=["misconduct"])


class StepOut(Schema):
    uuid: str
    kind: str
    on: dt.date
    note: str


class MeasureOut(Schema):
    kind: str
    ordered_on: dt.date
    order_reference: str
    ended_on: dt.date | None


class OfficialOut(Schema):
    person_uuid: str
    name: str
    position: str
    agency: str
    agency_uuid: str
    service: str
    investigating_officer: bool


class MatterOut(Schema):
    uuid: str
    area_code: str
    official: OfficialOut
    allegation: str
    particulars: str
    occurred_on: dt.date | None
    related_case_uuid: str | None
    source: str
    source_detail: str
    received_on: dt.date
    legal_bases: list[str]
    authority: str
    authority_detail: str
    referred_to: str
    referred_on: dt.date | None
    referral_reference: str
    status: str
    outcome: str
    outcome_on: dt.date | None
    penalty: str
    criminal_result: str
    outcome_note: str
    steps: list[StepOut]
    measures: list[MeasureOut]
    investigators: list[str]

    @staticmethod
    def build(m: Matter) -> MatterOut:
        o = m.official
        return MatterOut(
            uuid=str(m.uuid),
            area_code=m.area.code,
            official=OfficialOut(
                person_uuid=str(o.person.uuid),
                name=o.person.display_name,
                position=o.position,
                agency=o.agency.name_th,
                agency_uuid=str(o.agency.uuid),
                service=o.service,
                investigating_officer=o.investigating_officer,
            ),
            allegation=m.allegation,
            particulars=m.particulars,
            occurred_on=m.occurred_on,
            related_case_uuid=str(m.related_case_uuid) if m.related_case_uuid else None,
            source=m.source,
            source_detail=m.source_detail,
            received_on=m.received_on,
            legal_bases=list(m.legal_bases),
            authority=m.authority,
            authority_detail=m.authority_detail,
            referred_to=m.referred_to,
            referred_on=m.referred_on,
            referral_reference=m.referral_reference,
            status=m.status,
            outcome=m.outcome,
            outcome_on=m.outcome_on,
            penalty=m.penalty,
            criminal_result=m.criminal_result,
            outcome_note=m.outcome_note,
            steps=[
                StepOut(uuid=str(s.uuid), kind=s.kind, on=s.on, note=s.note) for s in m.steps.all()
            ],
            measures=[
                MeasureOut(
                    kind=x.kind,
                    ordered_on=x.ordered_on,
                    order_reference=x.order_reference,
                    ended_on=x.ended_on,
                )
                for x in m.measures.all()
            ],
            investigators=[
                str(d.investigator.uuid) for d in m.designations.all() if d.revoked_at is None
            ],
        )


class MatterList(Schema):
    count: int
    items: list[MatterOut]


def _require_register(request: AuthedHttpRequest) -> None:
    if not selectors.can_use_register(request.user):
        raise HttpError(403, "forbidden")


def _matter(request: AuthedHttpRequest, uuid: str) -> Matter:
    _require_register(request)
    matter = selectors.matter_get(user=request.user, uuid=uuid)
    if matter is None:
        raise HttpError(404, "not_found")
    return matter


@router.get("/matters", response=MatterList, summary="Misconduct matters you may see (audited)")
def list_matters(
    request: AuthedHttpRequest,
    status: str = "",
    allegation: str = "",
    limit: int = 100,
    offset: int = offset_query(),
) -> MatterList:
    _require_register(request)
    matters = selectors.matter_list(
        user=request.user,
        filters=selectors.MatterFilter(status=status, allegation=allegation),
        limit=max(1, min(limit, 200)),
        offset=max(0, offset),
    )
    items = [MatterOut.build(m) for m in matters]
    return MatterList(count=len(items), items=items)


@router.get("/matters/{uuid}", response=MatterOut, summary="One misconduct matter (audited)")
def get_matter(request: AuthedHttpRequest, uuid: str) -> MatterOut:
    return MatterOut.build(_matter(request, uuid))


class OfficialIn(Schema):
    given_name_th: str
    family_name_th: str = ""
    position: str
    agency_uuid: str
    service: str
    investigating_officer: bool = False
    user_uuid: str | None = None


class MatterIn(Schema):
    official: OfficialIn
    allegation: str
    particulars: str
    source: str
    source_detail: str = ""
    received_on: dt.date
    occurred_on: dt.date | None = None
    related_case_uuid: str | None = None
    legal_bases: list[str]
    authority: str
    authority_detail: str = ""
    investigator_uuids: list[str] = []


def _uuid(value: str) -> UUID | None:
    try:
        return UUID(str(value))
    except ValueError:
        return None


def _user_by_uuid(uuid: str) -> User:
    key = _uuid(uuid)
    user = User.objects.filter(uuid=key).first() if key else None
    if user is None:
        raise services.MisconductError(_("Unknown user."))
    return user


class MatterCreated(Schema):
    uuid: str
    # False when the recorder is in the accused's chain of command: only the designated
    # investigators may read the matter, so it is not sent back.
    visible: bool
    matter: MatterOut | None


@router.post(
    "/matters",
    response={201: MatterCreated, 403: ErrorOut, 422: ErrorOut},
    summary="Record a misconduct matter (provincial administration staff)",
)
def create_matter(request: AuthedHttpRequest, payload: MatterIn) -> Any:
    if not selectors.can_record(request.user):
        raise HttpError(403, "forbidden")
    agency = Agency.objects.filter(uuid=_uuid(payload.official.agency_uuid)).first()
    if agency is None:
        raise services.MisconductError(_("Unknown agency."))
    matter = services.matter_record(
        actor=request.user,
        official=services.OfficialInput(
            given_name_th=payload.official.given_name_th,
            family_name_th=payload.official.family_name_th,
            position=payload.official.position,
            agency=agency,
            service=payload.official.service,
            investigating_officer=payload.official.investigating_officer,
            user=_user_by_uuid(payload.official.user_uuid) if payload.official.user_uuid else None,
        ),
        allegation=payload.allegation,
        particulars=payload.particulars,
        source=payload.source,
        source_detail=payload.source_detail,
        received_on=payload.received_on,
        occurred_on=payload.occurred_on,
        related_case_uuid=payload.related_case_uuid,
        legal_bases=payload.legal_bases,
        authority=payload.authority,
        authority_detail=payload.authority_detail,
        investigators=[_user_by_uuid(u) for u in payload.investigator_uuids],
    )
    visible = selectors.matter_get(user=request.user, uuid=str(matter.uuid))
    return Status(
        201,
        MatterCreated(
            uuid=str(matter.uuid),
            visible=visible is not None,
            matter=MatterOut.build(visible) if visible is not None else None,
        ),
    )


class StepIn(Schema):
    kind: str
    on: dt.date
    note: str = ""


@router.post(
    "/matters/{uuid}/steps",
    response={201: MatterOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Add an investigation step",
)
def add_step(request: AuthedHttpRequest, uuid: str, payload: StepIn) -> Any:
    matter = _matter(request, uuid)
    services.step_add(
        actor=request.user, matter=matter, kind=payload.kind, on=payload.on, note=payload.note
    )
    return Status(201, MatterOut.build(_reload(matter)))


class MeasureIn(Schema):
    kind: str
    ordered_on: dt.date
    order_reference: str = ""
    ordered_by: str = ""


@router.post(
    "/matters/{uuid}/measures",
    response={201: MatterOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Record an interim measure (suspension, removal pending the inquiry, transfer)",
)
def add_measure(request: AuthedHttpRequest, uuid: str, payload: MeasureIn) -> Any:
    matter = _matter(request, uuid)
    services.measure_order(actor=request.user, matter=matter, **payload.dict())
    return Status(201, MatterOut.build(_reload(matter)))


class ReferIn(Schema):
    referred_to: str
    referred_on: dt.date
    reference: str = ""


@router.post(
    "/matters/{uuid}/referral",
    response={200: MatterOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Record where the matter was referred",
)
def refer_matter(request: AuthedHttpRequest, uuid: str, payload: ReferIn) -> Any:
    matter = _matter(request, uuid)
    services.matter_refer(
        actor=request.user,
        matter=matter,
        referred_to=payload.referred_to,
        referred_on=payload.referred_on,
        reference=payload.reference,
    )
    return Status(200, MatterOut.build(_reload(matter)))


class OutcomeIn(Schema):
    outcome: str
    outcome_on: dt.date
    penalty: str = ""
    criminal_result: str = ""
    note: str = ""


@router.post(
    "/matters/{uuid}/outcome",
    response={200: MatterOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Record the outcome (no fault, disciplinary penalty, criminal referral)",
)
def set_outcome(request: AuthedHttpRequest, uuid: str, payload: OutcomeIn) -> Any:
    matter = _matter(request, uuid)
    services.matter_set_outcome(
        actor=request.user,
        matter=matter,
        outcome=payload.outcome,
        outcome_on=payload.outcome_on,
        penalty=payload.penalty,
        criminal_result=payload.criminal_result,
        note=payload.note,
    )
    return Status(200, MatterOut.build(_reload(matter)))


class DesignationIn(Schema):
    investigator_uuid: str


@router.post(
    "/matters/{uuid}/designations",
    response={201: MatterOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Designate an investigator (outside the accused's chain of command) for the matter",
)
def add_designation(request: AuthedHttpRequest, uuid: str, payload: DesignationIn) -> Any:
    matter = _matter(request, uuid)
    services.investigator_designate(
        actor=request.user,
        matter=matter,
        investigator=_user_by_uuid(payload.investigator_uuid),
    )
    return Status(201, MatterOut.build(_reload(matter)))


def _reload(matter: Matter) -> Matter:
    return (
        Matter.objects.select_related("official__person", "official__agency", "area")
        .prefetch_related("steps", "designations__investigator")
        .get(pk=matter.pk)
    )


class TotalsOut(Schema):
    area_code: str
    date_from: dt.date
    date_to: dt.date
    recorded: int
    investigated: int
    no_fault: int
    penalised: int
    criminal_referrals: int
    convicted: int


@router.get(
    "/totals",
    response={200: TotalsOut, 403: ErrorOut, 422: ErrorOut},
    summary="Counts per area and period, without personal data",
)
def totals(request: AuthedHttpRequest, area: str, date_from: dt.date, date_to: dt.date) -> Any:
    if date_to < date_from:
        raise services.MisconductError(_("The period ends before it starts."))
    result = selectors.misconduct_totals(request.user, area, date_from, date_to)
    return Status(200, TotalsOut(**result.as_dict()))
