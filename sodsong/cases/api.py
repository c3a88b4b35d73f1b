"""The cases API (/api/v1/cases): the same selectors and services as the pages, so the same
sharing rules and compartments. A case the caller cannot see answers 404; a change the caller may
not make answers 403; invalid input answers 422 with the reason in the user's language."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from sodsong.accounts.models import Agency, User
from sodsong.audit.services import log_personal_read
from sodsong.cases import selectors, services
from sodsong.cases.models import (
    Arrest,
    Case,
    CaseEvent,
    CaseParty,
    Charge,
    Operation,
    Prosecution,
    Seizure,
    Task,
)
from sodsong.cases.timeline import describe
from sodsong.geo.models import Area
from sodsong.people.models import Person
from sodsong.people.services import DocumentInput, PersonError, document_owner, person_create

router = Router(tags=["cases"])


def _errors(view: Callable[..., Any]) -> Callable[..., Any]:
    """Turns service refusals into the API's standard error body."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        from sodsong.api import error_response

        try:
            return view(request, *args, **kwargs)
        except services.CasePermissionError:
            return error_response(request, 403, "forbidden")
        except (services.CaseError, PersonError) as exc:
            return error_response(request, 422, "invalid", message=str(exc))

    return wrapper


def _access(request: HttpRequest, uuid: str) -> selectors.CaseAccess:
    access = selectors.case_access_for(user=request.user, uuid=uuid)
    if access is None:
        raise HttpError(404, "not_found")
    return access


def _agency(uuid: str) -> Agency:
    agency = Agency.objects.filter(uuid=uuid).first() if uuid else None
    if agency is None:
        raise services.CaseError(_("Unknown agency."))
    return agency


def _area(code: str) -> Area:
    area = Area.objects.filter(code=code).first()
    if area is None:
        raise services.CaseError(_("Unknown area code."))
    return area


# ---------------------------------------------------------------------------------------------
# schemas


class CaseSummaryOut(Schema):
    uuid: str
    number: str
    title: str
    case_type: str
    status: str
    area_code: str
    lead_agency: str
    opened_on: dt.date

    @staticmethod
    def of(c: Case) -> CaseSummaryOut:
        return CaseSummaryOut(
            uuid=str(c.uuid),
            number=c.number,
            title=c.title,
            case_type=c.case_type,
            status=c.status,
            area_code=c.area.code,
            lead_agency=c.lead_agency.name_th,
            opened_on=c.opened_on,
        )


class CaseList(Schema):
    count: int
    items: list[CaseSummaryOut]


class ParticipationOut(Schema):
    agency_uuid: str
    agency: str
    kind: str
    lead: bool


class MemberOut(Schema):
    username: str
    name: str
    compartments: list[str]


class TaskOut(Schema):
    uuid: str
    title: str
    status: str
    due_on: dt.date | None
    overdue: bool
    assignee_agency: str | None
    assignee_user: str | None

    @staticmethod
    def of(t: Task) -> TaskOut:
        return TaskOut(
            uuid=str(t.uuid),
            title=t.title,
            status=t.status,
            due_on=t.due_on,
            overdue=t.is_overdue(),
            assignee_agency=t.assignee_agency.name_th if t.assignee_agency else None,
            assignee_user=t.assignee_user.username if t.assignee_user else None,
        )


class SeizureOut(Schema):
    uuid: str
    kind: str
    quantity: int
    description: str
    seized_on: dt.date
    operation_uuid: str | None

    @staticmethod
    def of(s: Seizure) -> SeizureOut:
        return SeizureOut(
            uuid=str(s.uuid),
            kind=s.kind,
            quantity=s.quantity,
            description=s.description,
            seized_on=s.seized_on,
            operation_uuid=str(s.operation.uuid) if s.operation_id else None,
        )


class OperationOut(Schema):
    uuid: str
    kind: str
    status: str
    planned_for: dt.datetime
    held_at: dt.datetime | None
    place: str
    units: str
    headcount: int
    legal_basis: str
    result: str

    @staticmethod
    def of(o: Operation) -> OperationOut:
        return OperationOut(
            uuid=str(o.uuid),
            kind=o.kind,
            status=o.status,
            planned_for=o.planned_for,
            held_at=o.held_at,
            place=o.place,
            units=o.units,
            headcount=o.headcount,
            legal_basis=o.legal_basis,
            result=o.result,
        )


class ArrestOut(Schema):
    uuid: str
    arrested_at: dt.datetime
    place: str
    arresting_unit: str
    recording_reference: str
    recording_missing_reason: str
    prosecutor_notified_at: dt.datetime | None
    administrative_notified_at: dt.datetime | None
    handed_over_at: dt.datetime | None

    @staticmethod
    def of(a: Arrest) -> ArrestOut:
        return ArrestOut(
            uuid=str(a.uuid),
            arrested_at=a.arrested_at,
            place=a.place,
            arresting_unit=a.arresting_unit,
            recording_reference=a.recording_reference,
            recording_missing_reason=a.recording_missing_reason,
            prosecutor_notified_at=a.prosecutor_notified_at,
            administrative_notified_at=a.administrative_notified_at,
            handed_over_at=a.handed_over_at,
        )


class SectionRef(Schema):
    uuid: str
    law_code: str
    version: str
    key: str
    citation: str


def _ref(section: Any) -> SectionRef:
    return SectionRef(
        uuid=str(section.uuid),
        law_code=section.version.law.code,
        version=section.version.label,
        key=section.key,
        citation=section.citation_en,
    )


class ChargeOut(Schema):
    uuid: str
    offence_from: dt.date
    offence_to: dt.date | None
    section_in_force: SectionRef
    section_applied: SectionRef
    s41_override_reason: str
    decision: str
    verdict: str
    sentence: str

    @staticmethod
    def of(c: Charge) -> ChargeOut:
        return ChargeOut(
            uuid=str(c.uuid),
            offence_from=c.offence_from,
            offence_to=c.offence_to,
            section_in_force=_ref(c.section_in_force),
            section_applied=_ref(c.section_applied),
            s41_override_reason=c.s41_override_reason,
            decision=c.decision,
            verdict=c.verdict,
            sentence=c.sentence,
        )


class ProsecutionOut(Schema):
    inquiry_file_sent_on: dt.date | None
    prosecutor_office: str
    decision: str
    decision_on: dt.date | None
    court: str
    filed_on: dt.date | None
    verdict: str
    verdict_on: dt.date | None
    sentence: str
    deportation: str
    deported_on: dt.date | None

    @staticmethod
    def of(p: Prosecution | None) -> ProsecutionOut | None:
        if p is None:
            return None
        return ProsecutionOut(**{f: getattr(p, f) for f in services.PROSECUTION_FIELDS})


class PartyOut(Schema):
    uuid: str
    person_uuid: str
    name: str
    role: str
    recruited_or_held: bool
    screening: str
    arrests: list[ArrestOut]
    charges: list[ChargeOut]
    prosecution: ProsecutionOut | None

    @staticmethod
    def of(p: CaseParty) -> PartyOut:
        return PartyOut(
            uuid=str(p.uuid),
            person_uuid=str(p.person.uuid),
            name=p.person.display_name,
            role=p.role,
            recruited_or_held=p.recruited_or_held,
            screening=p.screening,
            arrests=[ArrestOut.of(a) for a in p.arrests.all()],
            charges=[ChargeOut.of(c) for c in p.charges.all()],
            prosecution=ProsecutionOut.of(getattr(p, "prosecution_record", None)),
        )


class OriginTipOut(Schema):
    uuid: str
    label: str
    area_code: str


class CaseOut(CaseSummaryOut):
    summary: str
    origin: str
    origin_tip_uuids: list[str]
    # The origin tips the caller may open; for the others only the districts holding them.
    origin_tips: list[OriginTipOut] = []
    origin_tips_elsewhere: list[str] = []
    area_codes: list[str]
    police_case_number: str
    prosecutor_black_number: str
    prosecutor_red_number: str
    court_black_number: str
    court_red_number: str
    saraban_numbers: str
    can_edit: bool
    is_lead: bool
    compartments: list[str]
    hidden: dict[str, int]
    participants: list[ParticipationOut]
    members: list[MemberOut]
    tasks: list[TaskOut]
    operations: list[OperationOut]
    seizures: list[SeizureOut]
    parties: list[PartyOut]


def _case_out(request: HttpRequest, access: selectors.CaseAccess) -> CaseOut:
    c = access.case
    base = CaseSummaryOut.of(c).dict()
    origins = selectors.origin_tips(user=request.user, case=c)
    return CaseOut(
        **base,
        summary=c.summary,
        origin=c.origin,
        origin_tip_uuids=[str(o.tip_uuid) for o in c.origins.all() if o.tip_uuid],
        origin_tips=[
            OriginTipOut(uuid=str(r.uuid), label=r.label, area_code=r.area_code)
            for r in origins.visible
        ],
        origin_tips_elsewhere=origins.elsewhere,
        area_codes=[a.code for a in c.areas.all()],
        police_case_number=c.police_case_number,
        prosecutor_black_number=c.prosecutor_black_number,
        prosecutor_red_number=c.prosecutor_red_number,
        court_black_number=c.court_black_number,
        court_red_number=c.court_red_number,
        saraban_numbers=c.saraban_numbers,
        can_edit=access.can_edit,
        is_lead=access.is_lead,
        compartments=sorted(access.compartments),
        hidden=selectors.hidden_counts(access=access),
        participants=[
            ParticipationOut(
                agency_uuid=str(p.agency.uuid),
                agency=p.agency.name_th,
                kind=p.agency.kind,
                lead=p.agency_id == c.lead_agency_id,
            )
            for p in c.participations.filter(revoked_at__isnull=True).select_related("agency")
        ],
        members=[
            MemberOut(
                username=m.user.username,
                name=m.user.get_full_name() or m.user.username,
                compartments=sorted(m.compartments()),
            )
            for m in c.members.filter(removed_at__isnull=True).select_related("user")
        ],
        tasks=[TaskOut.of(t) for t in c.tasks.select_related("assignee_agency", "assignee_user")],
        operations=[OperationOut.of(o) for o in selectors.operations_visible(access=access)],
        seizures=[SeizureOut.of(s) for s in c.seizures.select_related("operation")],
        parties=[
            PartyOut.of(p) for p in selectors.parties_visible(user=request.user, access=access)
        ],
    )


# ---------------------------------------------------------------------------------------------
# cases


@router.get("", response=CaseList, summary="Cases you may see")
def list_cases(
    request: HttpRequest, status: str = "", q: str = "", limit: int = 50, offset: int = 0
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
@_errors
def create_case(request: HttpRequest, payload: CaseIn) -> Any:
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


def _shared_out(request: HttpRequest, case: Case) -> list[SharedIdentifierOut]:
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
def case_identifiers(request: HttpRequest, uuid: str) -> list[SharedIdentifierOut]:
    return _shared_out(request, _access(request, uuid).case)


@router.post(
    "/{uuid}/identifiers",
    response={201: list[SharedIdentifierOut]},
    summary="Add an identifier to the case by hand",
)
@_errors
def add_case_identifier(request: HttpRequest, uuid: str, payload: IdentifierIn) -> Any:
    access = _access(request, uuid)
    services.case_add_identifier(
        by=request.user, case=access.case, type=payload.type, value=payload.value
    )
    return Status(201, _shared_out(request, access.case))


@router.get("/tasks/mine", response=list[TaskOut], summary="Open tasks for you or your agency")
def my_tasks(request: HttpRequest) -> list[TaskOut]:
    return [TaskOut.of(t) for t in selectors.tasks_for_user(user=request.user)]


@router.get("/{uuid}", response=CaseOut, summary="One case (people in it are audited)")
def get_case(request: HttpRequest, uuid: str) -> CaseOut:
    return _case_out(request, _access(request, uuid))


class DetailsIn(Schema):
    title: str | None = None
    summary: str | None = None
    police_case_number: str | None = None
    prosecutor_black_number: str | None = None
    prosecutor_red_number: str | None = None
    court_black_number: str | None = None
    court_red_number: str | None = None
    saraban_numbers: str | None = None


@router.patch("/{uuid}", response=CaseSummaryOut, summary="Change titles and external numbers")
@_errors
def update_case(request: HttpRequest, uuid: str, payload: DetailsIn) -> Any:
    access = _access(request, uuid)
    changes = {k: v for k, v in payload.dict().items() if v is not None}
    return CaseSummaryOut.of(
        services.case_update_details(by=request.user, case=access.case, **changes)
    )


class StatusIn(Schema):
    to: str
    reason: str = ""


@router.post("/{uuid}/status", response=CaseSummaryOut, summary="Move the case along its workflow")
@_errors
def change_status(request: HttpRequest, uuid: str, payload: StatusIn) -> Any:
    access = _access(request, uuid)
    case = services.case_change_status(
        by=request.user, case=access.case, to=payload.to, reason=payload.reason
    )
    return CaseSummaryOut.of(case)


class AgencyIn(Schema):
    agency_uuid: str


@router.post("/{uuid}/participants", response=list[ParticipationOut], summary="Grant an agency")
@_errors
def grant(request: HttpRequest, uuid: str, payload: AgencyIn) -> Any:
    access = _access(request, uuid)
    services.participation_grant(
        by=request.user, case=access.case, agency=_agency(payload.agency_uuid)
    )
    return _case_out(request, access).participants


@router.delete(
    "/{uuid}/participants/{agency_uuid}", response={204: None}, summary="Revoke an agency"
)
@_errors
def revoke(request: HttpRequest, uuid: str, agency_uuid: str) -> Any:
    access = _access(request, uuid)
    services.participation_revoke(by=request.user, case=access.case, agency=_agency(agency_uuid))
    return Status(204, None)


class MemberIn(Schema):
    username: str
    informants: bool = False
    victims: bool = False
    operations: bool = False


@router.post("/{uuid}/members", response=MemberOut, summary="Name an officer and compartments")
@_errors
def set_member(request: HttpRequest, uuid: str, payload: MemberIn) -> Any:
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
def case_timeline(request: HttpRequest, uuid: str) -> list[TimelineItem]:
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
def summary_docx(request: HttpRequest, uuid: str, purpose: str = "") -> HttpResponse:

    access = _access(request, uuid)
    if not purpose.strip():
        raise HttpError(400, "purpose_required")
    return _docx_response(request, access, purpose)


def _docx_response(
    request: HttpRequest, access: selectors.CaseAccess, purpose: str
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


# ---------------------------------------------------------------------------------------------
# tasks


class TaskIn(Schema):
    title: str
    assignee_agency_uuid: str = ""
    assignee_username: str = ""
    due_on: dt.date | None = None


@router.post("/{uuid}/tasks", response={201: TaskOut}, summary="Assign a task")
@_errors
def add_task(request: HttpRequest, uuid: str, payload: TaskIn) -> Any:
    access = _access(request, uuid)
    user = (
        User.objects.filter(username=payload.assignee_username, is_active=True).first()
        if payload.assignee_username
        else None
    )
    if payload.assignee_username and user is None:
        raise services.CaseError(_("Unknown officer."))
    task = services.task_create(
        by=request.user,
        case=access.case,
        title=payload.title,
        assignee_agency=_agency(payload.assignee_agency_uuid)
        if payload.assignee_agency_uuid
        else None,
        assignee_user=user,
        due_on=payload.due_on,
    )
    return Status(201, TaskOut.of(task))


class TaskStatusIn(Schema):
    status: str
    note: str = ""


@router.post("/tasks/{task_uuid}/status", response=TaskOut, summary="Update a task")
@_errors
def update_task(request: HttpRequest, task_uuid: str, payload: TaskStatusIn) -> Any:
    found = selectors.task_get(user=request.user, uuid=task_uuid)
    if found is None:
        raise HttpError(404, "not_found")
    _access_, task = found
    return TaskOut.of(
        services.task_update(by=request.user, task=task, status=payload.status, note=payload.note)
    )


# ---------------------------------------------------------------------------------------------
# operations and seizures


class OperationIn(Schema):
    kind: str
    planned_for: dt.datetime
    place: str
    units: str
    headcount: int
    legal_basis: str
    area_code: str = ""


@router.post("/{uuid}/operations", response={201: OperationOut}, summary="Plan an operation")
@_errors
def plan_operation(request: HttpRequest, uuid: str, payload: OperationIn) -> Any:
    access = _access(request, uuid)
    operation = services.operation_plan(
        by=request.user,
        case=access.case,
        kind=payload.kind,
        planned_for=payload.planned_for,
        place=payload.place,
        units=payload.units,
        headcount=payload.headcount,
        legal_basis=payload.legal_basis,
        area=_area(payload.area_code) if payload.area_code else None,
    )
    return Status(201, OperationOut.of(operation))


class OperationResultIn(Schema):
    held_at: dt.datetime | None = None
    result: str = ""
    cancelled: bool = False


@router.post("/operations/{op_uuid}/result", response=OperationOut, summary="Record an operation")
@_errors
def record_operation(request: HttpRequest, op_uuid: str, payload: OperationResultIn) -> Any:
    found = selectors.operation_get(user=request.user, uuid=op_uuid)
    if found is None:
        raise HttpError(404, "not_found")
    _acc, operation = found
    return OperationOut.of(
        services.operation_record_result(
            by=request.user,
            operation=operation,
            held_at=payload.held_at,
            result=payload.result,
            cancelled=payload.cancelled,
        )
    )


class SeizureIn(Schema):
    kind: str
    quantity: int
    seized_on: dt.date
    description: str = ""
    custody_reference: str = ""
    operation_uuid: str = ""


@router.post("/{uuid}/seizures", response={201: SeizureOut}, summary="Record seized items")
@_errors
def add_seizure(request: HttpRequest, uuid: str, payload: SeizureIn) -> Any:
    access = _access(request, uuid)
    operation = None
    if payload.operation_uuid:
        found = selectors.operation_get(user=request.user, uuid=payload.operation_uuid)
        if found is None:
            raise HttpError(404, "not_found")
        operation = found[1]
    seizure = services.seizure_add(
        by=request.user,
        case=access.case,
        kind=payload.kind,
        quantity=payload.quantity,
        seized_on=payload.seized_on,
        description=payload.description,
        custody_reference=payload.custody_reference,
        operation=operation,
    )
    return Status(201, SeizureOut.of(seizure))


# ---------------------------------------------------------------------------------------------
# people, screening, arrests, charges, prosecution


class NewPersonIn(Schema):
    given_name_th: str = ""
    family_name_th: str = ""
    given_name_latin: str = ""
    family_name_latin: str = ""
    birth_year: int | None = None
    sex: str = ""
    nationality: str = ""
    passport_number: str = ""
    passport_state: str = ""
    area_code: str = ""


class PartyIn(Schema):
    role: str
    recruited_or_held: bool = False
    person_uuid: str = ""
    new_person: NewPersonIn | None = None


def _person_for_party(request: HttpRequest, case: Case, payload: PartyIn) -> Person:
    if payload.person_uuid:
        from sodsong.people.selectors import person_get

        person = person_get(user=request.user, uuid=payload.person_uuid)
        if person is None:
            raise HttpError(404, "not_found")
        return person
    if payload.new_person is None:
        raise services.CaseError(_("Name an existing person or give a new person's details."))
    new = payload.new_person
    documents = []
    if new.passport_number:
        doc = DocumentInput("passport", new.passport_state or new.nationality, new.passport_number)
        owner = document_owner(doc)
        if owner is not None:
            # The passport identifies the person: link the one already recorded.
            return owner
        documents.append(doc)
    return person_create(
        area=_area(new.area_code) if new.area_code else case.area,
        source=f"case {case.number}",
        given_name_th=new.given_name_th,
        family_name_th=new.family_name_th,
        given_name_latin=new.given_name_latin,
        family_name_latin=new.family_name_latin,
        birth_year=new.birth_year,
        sex=new.sex,
        nationality=new.nationality,
        documents=documents,
        created_by_id=request.user.pk,
    )


@router.post("/{uuid}/parties", response={201: PartyOut}, summary="Add a person to the case")
@_errors
def add_party(request: HttpRequest, uuid: str, payload: PartyIn) -> Any:
    access = _access(request, uuid)
    if not access.can_edit:
        raise services.CasePermissionError()
    person = _person_for_party(request, access.case, payload)
    party = services.party_add(
        by=request.user,
        case=access.case,
        person=person,
        role=payload.role,
        recruited_or_held=payload.recruited_or_held,
    )
    party.prosecution_record = None
    return Status(201, PartyOut.of(party))


def _party(request: HttpRequest, party_uuid: str) -> CaseParty:
    found = selectors.party_get(user=request.user, uuid=party_uuid)
    if found is None:
        raise HttpError(404, "not_found")
    party = found[1]
    party.prosecution_record = Prosecution.objects.filter(party=party).first()
    return party


class ScreeningIn(Schema):
    result: str
    screened_on: dt.date
    reference: str = ""


@router.post("/parties/{party_uuid}/screening", response=PartyOut, summary="Trafficking screening")
@_errors
def screen(request: HttpRequest, party_uuid: str, payload: ScreeningIn) -> Any:
    party = _party(request, party_uuid)
    services.party_screen(
        by=request.user,
        party=party,
        result=payload.result,
        screened_on=payload.screened_on,
        reference=payload.reference,
    )
    return PartyOut.of(party)


class ArrestIn(Schema):
    arrested_at: dt.datetime
    place: str
    arresting_unit: str
    recording_reference: str = ""
    recording_missing_reason: str = ""
    prosecutor_notified_at: dt.datetime | None = None
    administrative_notified_at: dt.datetime | None = None
    handed_over_at: dt.datetime | None = None


@router.post(
    "/parties/{party_uuid}/arrests", response={201: ArrestOut}, summary="Record an arrest (s.22)"
)
@_errors
def arrest(request: HttpRequest, party_uuid: str, payload: ArrestIn) -> Any:
    party = _party(request, party_uuid)
    return Status(
        201, ArrestOut.of(services.arrest_record(by=request.user, party=party, **payload.dict()))
    )


class ChargeIn(Schema):
    law_code: str
    section_key: str
    offence_from: dt.date
    offence_to: dt.date | None = None
    s41_override_reason: str = ""


@router.post("/parties/{party_uuid}/charges", response={201: ChargeOut}, summary="Lay a charge")
@_errors
def add_charge(request: HttpRequest, party_uuid: str, payload: ChargeIn) -> Any:
    party = _party(request, party_uuid)
    charge = services.charge_add(by=request.user, party=party, **payload.dict())
    return Status(201, ChargeOut.of(charge))


class ChargeOutcomeIn(Schema):
    decision: str = ""
    verdict: str = ""
    sentence: str = ""


@router.post(
    "/charges/{charge_uuid}/outcome", response=ChargeOut, summary="Decision and verdict per charge"
)
@_errors
def charge_outcome(request: HttpRequest, charge_uuid: str, payload: ChargeOutcomeIn) -> Any:
    charge = Charge.objects.select_related("party").filter(uuid=_uuid_or_404(charge_uuid)).first()
    if charge is None or selectors.party_get(user=request.user, uuid=charge.party.uuid) is None:
        raise HttpError(404, "not_found")
    return ChargeOut.of(services.charge_outcome(by=request.user, charge=charge, **payload.dict()))


def _uuid_or_404(value: str) -> str:
    from uuid import UUID

    try:
        return str(UUID(value))
    except ValueError as exc:
        raise HttpError(404, "not_found") from exc


class ProsecutionIn(Schema):
    inquiry_file_sent_on: dt.date | None = None
    prosecutor_office: str | None = None
    decision: str | None = None
    decision_on: dt.date | None = None
    court: str | None = None
    filed_on: dt.date | None = None
    verdict: str | None = None
    verdict_on: dt.date | None = None
    sentence: str | None = None
    deportation: str | None = None
    deported_on: dt.date | None = None


@router.post(
    "/parties/{party_uuid}/prosecution", response=ProsecutionOut, summary="Prosecution to verdict"
)
@_errors
def prosecution(request: HttpRequest, party_uuid: str, payload: ProsecutionIn) -> Any:
    party = _party(request, party_uuid)
    values = {k: v for k, v in payload.dict(exclude_unset=True).items()}
    values = {k: ("" if v is None and k in _TEXT_FIELDS else v) for k, v in values.items()}
    return ProsecutionOut.of(services.prosecution_update(by=request.user, party=party, **values))


_TEXT_FIELDS = {"prosecutor_office", "decision", "court", "verdict", "sentence", "deportation"}
