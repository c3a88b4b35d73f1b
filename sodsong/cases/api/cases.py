"""Cases: listed, opened, read, changed and moved along the workflow; shared with agencies and
officers; their identifiers, timeline and summary document."""

import datetime as dt
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from sodsong.accounts.models import User
from sodsong.accounts.requests import AuthedHttpRequest
from sodsong.audit.services import log_personal_read
from sodsong.cases import selectors, services
from sodsong.cases.api.common import _access, _agency, _area
from sodsong.cases.api.schemas import (
    CaseList,
    CaseOut,
    CaseSummaryOut,
    MemberOut,
    ParticipationOut,
    TaskOut,
    _case_out,
)
from sodsong.cases.models import (
    Case,
    CaseEvent,
)
from sodsong.cases.timeline import describe
from sodsong.core.concurrency import VersionConflict
from sodsong.core.etags import (
    ETAG_OPENAPI,
    IF_MATCH_OPENAPI,
    if_match_version,
    precondition_failed,
    set_etag,
)
from sodsong.core.paging import offset_query

# The package's router: this module's endpoints include the collection itself ("", which a
# router mounted under it would answer as "cases/"), the other sections are mounted on it.
router = Router(tags=["cases"])


@router.get("", response=CaseList, summary="Cases you may see")
def list_cases(
    request: AuthedHttpRequest,
    status: str = "",
    q: str = "",
    limit: int = 50,
    offset: int = offset_query(),
) -> CaseList:
    cases = selectors.case_queryset(user=request.user)
    if status:
        cases = cases.filter(status=status)
    if q:
        cases = cases.filter(title__icontains=q) | cases.filter(number__icontains=q)
    limit = max(1, min(limit, 200))
    page = list(cases.order_by("-opened_on", "-id")[max(0, offset) : max(0, offset) + limit])
    return CaseList(count=len(page), items=[CaseSummaryOut.of(c) for c in page])


class CaseIn(Schema):
    title: str
    case_type: str
    area_code: str
    area_codes: list[str] = []
    origin: str = "other"
    origin_reference: str = ""
    origin_tip_uuids: list[str] = []
    referral_agency_uuid: str = ""
    summary: str = ""
    opened_on: dt.date | None = None
    participating_agency_uuids: list[str] = []
    # Another agency to lead the case (district and provincial officers: one working in their
    # area); empty: the caller's own agency leads it.
    lead_agency_uuid: str = ""


@router.post(
    "",
    response={201: CaseOut},
    summary="Open a case; with origin_tip_uuids, promote tips you manage to it",
    description=(
        "Opens a case led by your agency, or by `lead_agency_uuid` where you may name it (a "
        "district or provincial officer naming an agency working in their area; your own office "
        "then takes part). This is also how tips are promoted to a case: `origin_tip_uuids` "
        "lists tips and watch reports of your district (or province) that are open or verified. "
        "They are marked 'passed to a case', their identifiers become the case's, and the case "
        "lists them as its origin. A tip you may not manage, or one already passed to a case, "
        "answers 422 and nothing is created."
    ),
)
def create_case(request: AuthedHttpRequest, payload: CaseIn) -> Any:
    lead = None
    if payload.lead_agency_uuid:
        lead = next(
            (
                a
                for a in selectors.lead_agency_choices(user=request.user)
                if str(a.uuid) == payload.lead_agency_uuid
            ),
            None,
        )
        if lead is None:
            raise services.CaseError(_("You may not name this agency to lead the case."))
    case = services.case_create(
        lead_agency=lead,
        by=request.user,
        title=payload.title,
        case_type=payload.case_type,
        area=_area(payload.area_code),
        areas=[_area(c) for c in payload.area_codes],
        origin=payload.origin,
        origin_reference=payload.origin_reference,
        origin_tip_uuids=payload.origin_tip_uuids,
        referral_agency=_agency(payload.referral_agency_uuid)
        if payload.referral_agency_uuid
        else None,
        summary=payload.summary,
        opened_on=payload.opened_on,
        participating_agencies=[_agency(u) for u in payload.participating_agency_uuids],
    )
    return Status(201, _case_out(request, _access(request, str(case.uuid))))


class SharedRefOut(Schema):
    source_type: str
    uuid: str
    label: str


class SharedIdentifierOut(Schema):
    type: str
    value: str
    identifier_uuid: str
    visible: list[SharedRefOut]
    elsewhere: list[str]
    elsewhere_cases: list[str]


class IdentifierIn(Schema):
    type: str
    value: str


def _shared_out(request: AuthedHttpRequest, case: Case) -> list[SharedIdentifierOut]:
    return [
        SharedIdentifierOut(
            type=s.identifier.type,
            value=s.identifier.value,
            identifier_uuid=str(s.identifier.uuid),
            visible=[
                SharedRefOut(source_type=r.source_type, uuid=str(r.uuid), label=r.label)
                for r in s.visible
            ],
            elsewhere=s.elsewhere,
            elsewhere_cases=s.elsewhere_cases,
        )
        for s in selectors.shared_identifiers(user=request.user, case=case)
    ]


@router.get(
    "/{uuid}/identifiers",
    response=list[SharedIdentifierOut],
    summary="The case's identifiers and the tips, reports and cases sharing them (audited)",
)
def case_identifiers(request: AuthedHttpRequest, uuid: str) -> list[SharedIdentifierOut]:
    return _shared_out(request, _access(request, uuid).case)


@router.post(
    "/{uuid}/identifiers",
    response={201: list[SharedIdentifierOut]},
    summary="Add an identifier to the case by hand",
)
def add_case_identifier(request: AuthedHttpRequest, uuid: str, payload: IdentifierIn) -> Any:
    access = _access(request, uuid)
    services.case_add_identifier(
        by=request.user, case=access.case, type=payload.type, value=payload.value
    )
    return Status(201, _shared_out(request, access.case))


@router.get("/tasks/mine", response=list[TaskOut], summary="Open tasks for you or your agency")
def my_tasks(request: AuthedHttpRequest) -> list[TaskOut]:
    return [TaskOut.of(t) for t in selectors.tasks_for_user(user=request.user)]


@router.get(
    "/{uuid}",
    response=CaseOut,
    summary="One case (people in it are audited); its ETag is the version to send as If-Match",
    openapi_extra=ETAG_OPENAPI,
)
def get_case(request: AuthedHttpRequest, uuid: str, response: HttpResponse) -> CaseOut:
    access = _access(request, uuid)
    set_etag(response, access.case)
    return _case_out(request, access)


class DetailsIn(Schema):
    title: str | None = None
    summary: str | None = None
    police_case_number: str | None = None
    prosecutor_black_number: str | None = None
    prosecutor_red_number: str | None = None
    court_black_number: str | None = None
    court_red_number: str | None = None
    saraban_numbers: str | None = None


# The details the 412 answer shows as they are now, for the client to merge.
DETAIL_FIELDS = tuple(services.EDITABLE_DETAILS)


@router.patch(
    "/{uuid}",
    response=CaseSummaryOut,
    summary="Change titles and external numbers (only the fields sent; If-Match refuses a "
    "stale edit)",
    openapi_extra=IF_MATCH_OPENAPI,
)
def update_case(
    request: AuthedHttpRequest, uuid: str, payload: DetailsIn, response: HttpResponse
) -> Any:
    access = _access(request, uuid)
    changes = {k: v for k, v in payload.dict().items() if v is not None}
    try:
        case = services.case_update_details(
            by=request.user,
            case=access.case,
            expected_version=if_match_version(request),
            **changes,
        )
    except VersionConflict as exc:
        return precondition_failed(request, exc, DETAIL_FIELDS)
    set_etag(response, case)
    return CaseSummaryOut.of(case)


class CaseStatusIn(Schema):
    to: str
    reason: str = ""
    # The status the client saw: a case another officer moved meanwhile is refused with 409.
    from_status: str | None = None


@router.post(
    "/{uuid}/status",
    response=CaseSummaryOut,
    summary="Move the case along its workflow (from_status refuses a stale transition, 409)",
    openapi_extra={
        "responses": {
            "409": {
                "description": (
                    "สถานะของคดีถูกเปลี่ยนโดยผู้อื่นแล้ว / The case is no longer in `from_status`: "
                    "`error.code` is `conflict`, `error.details.current_status` the status now."
                )
            }
        }
    },
)
def change_status(
    request: AuthedHttpRequest, uuid: str, payload: CaseStatusIn, response: HttpResponse
) -> Any:
    from sodsong.api import error_response

    access = _access(request, uuid)
    try:
        case = services.case_change_status(
            by=request.user,
            case=access.case,
            to=payload.to,
            reason=payload.reason,
            from_status=payload.from_status,
        )
    except services.CaseStatusConflict as exc:
        conflict = error_response(
            request,
            409,
            "conflict",
            message=str(exc),
            details={"current_status": exc.current.status, "current_version": exc.current.version},
        )
        set_etag(conflict, exc.current)
        return conflict
    set_etag(response, case)
    return CaseSummaryOut.of(case)


class AgencyIn(Schema):
    agency_uuid: str


@router.post("/{uuid}/participants", response=list[ParticipationOut], summary="Grant an agency")
def grant(request: AuthedHttpRequest, uuid: str, payload: AgencyIn) -> Any:
    access = _access(request, uuid)
    services.participation_grant(
        by=request.user, case=access.case, agency=_agency(payload.agency_uuid)
    )
    return _case_out(request, access).participants


@router.delete(
    "/{uuid}/participants/{agency_uuid}", response={204: None}, summary="Revoke an agency"
)
def revoke(request: AuthedHttpRequest, uuid: str, agency_uuid: str) -> Any:
    access = _access(request, uuid)
    services.participation_revoke(by=request.user, case=access.case, agency=_agency(agency_uuid))
    return Status(204, None)


class MemberIn(Schema):
    username: str
    informants: bool = False
    victims: bool = False
    operations: bool = False


@router.post("/{uuid}/members", response=MemberOut, summary="Name an officer and compartments")
def set_member(request: AuthedHttpRequest, uuid: str, payload: MemberIn) -> Any:
    access = _access(request, uuid)
    user = User.objects.filter(username=payload.username, is_active=True).first()
    if user is None:
        raise services.CaseError(_("Unknown officer."))
    member = services.member_set(
        by=request.user,
        case=access.case,
        user=user,
        informants=payload.informants,
        victims=payload.victims,
        operations=payload.operations,
    )
    return MemberOut(
        username=user.username,
        name=user.get_full_name() or user.username,
        compartments=sorted(member.compartments()),
    )


class TimelineItem(Schema):
    at: dt.datetime
    kind: str
    text: str
    actor: str


@router.get("/{uuid}/timeline", response=list[TimelineItem], summary="Everything done on the case")
def case_timeline(request: AuthedHttpRequest, uuid: str) -> list[TimelineItem]:
    access = _access(request, uuid)
    return [_timeline_item(e) for e in selectors.timeline(access=access)]


def _timeline_item(e: CaseEvent) -> TimelineItem:
    return TimelineItem(
        at=e.at,
        kind=e.kind,
        text=describe(e),
        actor=(e.actor.get_full_name() or e.actor.username) if e.actor else "",
    )


@router.get("/{uuid}/summary.docx", summary="The case summary as a Word file (audited export)")
def summary_docx(request: AuthedHttpRequest, uuid: str, purpose: str = "") -> HttpResponse:

    access = _access(request, uuid)
    if not purpose.strip():
        raise HttpError(400, "purpose_required")
    return _docx_response(request, access, purpose)


def _docx_response(
    request: AuthedHttpRequest, access: selectors.CaseAccess, purpose: str
) -> HttpResponse:
    from sodsong.cases.summary_docx import case_summary_docx

    content = case_summary_docx(user=request.user, access=access)
    parties = selectors.parties_visible(user=request.user, access=access, audit=False)
    log_personal_read(
        object_type="people.person",
        object_ids=[p.person.uuid for p in parties] or [access.case.uuid],
        export=True,
        purpose=purpose.strip(),
    )
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="case-{access.case.number.replace("/", "-")}.docx"'
    )
    response["Cache-Control"] = "private, no-store"
    return response
