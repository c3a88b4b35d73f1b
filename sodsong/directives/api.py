"""API of the directives module, scoped like the pages: the issuer's side (its agency and the
province's officers) sees every assignment and report; a recipient only its own; others nothing.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpResponse
from ninja import File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from sodsong.accounts.requests import AuthedHttpRequest
from sodsong.directives import selectors, services
from sodsong.directives.models import Acknowledgement, Assignment, Directive, DirectiveItem, Report

router = Router(tags=["directives"])


class ItemOut(Schema):
    uuid: str
    position: int
    ref: str
    text: str
    actors: list[str]
    deadline: str
    report_back: bool
    indicator_codes: list[str]

    @staticmethod
    def of(i: DirectiveItem) -> ItemOut:
        return ItemOut(
            uuid=str(i.uuid),
            position=i.position,
            ref=i.ref,
            text=i.text,
            actors=list(i.actors),
            deadline=i.deadline,
            report_back=i.report_back,
            indicator_codes=list(i.indicator_codes),
        )


class DirectiveOut(Schema):
    uuid: str
    status: str
    origin: str
    kind: str
    number: str
    circular: bool
    letter_date: dt.date | None
    urgency: str
    secrecy: str
    subject: str
    to: str
    issuer_agency: str
    area_code: str
    parent: str | None
    default_deadline: str
    manages: bool
    items: list[ItemOut]

    @staticmethod
    def of(d: Directive, *, manages: bool) -> DirectiveOut:
        return DirectiveOut(
            uuid=str(d.uuid),
            status=d.status,
            origin=d.origin,
            kind=d.kind,
            number=d.number,
            circular=d.circular,
            letter_date=d.letter_date,
            urgency=d.urgency,
            secrecy=d.secrecy,
            subject=d.subject,
            to=d.to,
            issuer_agency=d.issuer_agency.name_th,
            area_code=d.area.code,
            parent=str(d.parent.uuid) if d.parent else None,
            default_deadline=d.default_deadline,
            manages=manages,
            items=[ItemOut.of(i) for i in d.items.order_by("position")],
        )


class AssignmentOut(Schema):
    uuid: str
    directive: str
    item: str
    item_ref: str
    recipient: str
    recipient_kind: str
    area_code: str
    occurrence: int
    received_on: dt.date
    due_on: dt.date | None
    acknowledged_at: dt.datetime | None
    reported_at: dt.datetime | None
    late: bool

    @staticmethod
    def of(a: Assignment) -> AssignmentOut:
        return AssignmentOut(
            uuid=str(a.uuid),
            directive=str(a.directive.uuid),
            item=str(a.item.uuid),
            item_ref=a.item.ref or str(a.item.position),
            recipient=a.recipient_label,
            recipient_kind=selectors._row_kind(a),
            area_code=a.area.code,
            occurrence=a.occurrence,
            received_on=a.received_on,
            due_on=a.due_on,
            acknowledged_at=a.acknowledged_at,
            reported_at=a.reported_at,
            late=a.is_late(),
        )


class AcknowledgementOut(Schema):
    uuid: str
    assignment: str
    recipient: str
    at: dt.datetime


class DirectiveReportOut(Schema):
    uuid: str
    assignment: str
    text: str
    at: dt.datetime

    @staticmethod
    def of(r: Report) -> DirectiveReportOut:
        return DirectiveReportOut(
            uuid=str(r.uuid), assignment=str(r.assignment.uuid), text=r.text, at=r.at
        )


class BoardRowOut(Schema):
    recipient: str
    kind: str
    area_code: str
    total: int
    acknowledged: int
    reported: int
    late: int
    next_due: dt.date | None
    passed_down: str | None


class DraftIn(Schema):
    text: str
    received_on: dt.date | None = None


class IssueIn(Schema):
    recipients: list[str] | None = None
    received_on: dt.date | None = None


class DirectiveReportIn(Schema):
    text: str


class ExtensionIn(Schema):
    until: dt.date
    reason: str


class CountOut(Schema):
    count: int


def _directive(request: AuthedHttpRequest, uuid: str) -> Directive:
    directive = selectors.directive_get(user=request.user, uuid=uuid)
    if directive is None:
        raise HttpError(404, "not_found")
    return directive


def _assignment(request: AuthedHttpRequest, uuid: str) -> Assignment:
    row = selectors.assignment_get(user=request.user, uuid=uuid)
    if row is None:
        raise HttpError(404, "not_found")
    return row


@router.get("", response=list[DirectiveOut], summary="Directives you issue or must act on")
def list_directives(request: AuthedHttpRequest) -> list[DirectiveOut]:
    user = request.user
    managed = set(
        Directive.objects.filter(selectors.board_filter(user)).values_list("pk", flat=True)
    )
    return [
        DirectiveOut.of(d, manages=d.pk in managed) for d in selectors.directive_list(user=user)
    ]


@router.post("", response={201: DirectiveOut}, summary="Read a letter's text into a draft")
def create_draft(request: AuthedHttpRequest, payload: DraftIn) -> Status | HttpResponse:
    directive = services.directive_from_upload(
        user=request.user, text=payload.text, received_on=payload.received_on
    )
    return Status(201, DirectiveOut.of(directive, manages=True))


@router.post(
    "/letters",
    response={201: DirectiveOut},
    summary="Upload a letter file (PDF with text, DOCX or plain text) and read it into a draft",
)
def upload_letter(
    request: AuthedHttpRequest,
    file: UploadedFile = File(...),  # noqa: B008  (ninja's way of declaring a file)
    received_on: dt.date | None = Form(None),  # noqa: B008
) -> Status | HttpResponse:
    """The web form's upload through the API: the same checks (sodsong.core.uploads) and the same
    isolated reader; a refused file answers 422 with the Thai reason and writes nothing."""
    directive = services.directive_from_upload(
        user=request.user, upload=file, received_on=received_on
    )
    return Status(201, DirectiveOut.of(directive, manages=True))


@router.get("/assignments/mine", response=list[AssignmentOut], summary="Your own to-do list")
def my_assignments(request: AuthedHttpRequest) -> list[AssignmentOut]:
    return [AssignmentOut.of(a) for a in selectors.my_assignments(user=request.user)]


@router.get("/assignments/{uuid}", response=AssignmentOut, summary="One assignment")
def get_assignment(request: AuthedHttpRequest, uuid: str) -> AssignmentOut:
    return AssignmentOut.of(_assignment(request, uuid))


@router.post("/assignments/{uuid}/acknowledge", response=CountOut, summary="Acknowledge (ทราบ)")
def acknowledge_assignment(request: AuthedHttpRequest, uuid: str) -> CountOut:
    row = _assignment(request, uuid)
    return CountOut(count=services.acknowledge(user=request.user, assignment=row))


@router.get(
    "/assignments/{uuid}/reports", response=list[DirectiveReportOut], summary="Reports (audited)"
)
def assignment_reports(request: AuthedHttpRequest, uuid: str) -> list[DirectiveReportOut]:
    row = _assignment(request, uuid)
    return [
        DirectiveReportOut.of(r)
        for r in selectors.reports_for(user=request.user, assignments=[row])
    ]


@router.post(
    "/assignments/{uuid}/reports", response={201: DirectiveReportOut}, summary="Report back"
)
def submit_report(
    request: AuthedHttpRequest, uuid: str, payload: DirectiveReportIn
) -> Status | HttpResponse:
    row = _assignment(request, uuid)
    report = services.report_submit(user=request.user, assignment=row, text=payload.text)
    return Status(201, DirectiveReportOut.of(report))


@router.post("/assignments/{uuid}/extensions", response={201: CountOut}, summary="Ask for time")
def ask_extension(
    request: AuthedHttpRequest, uuid: str, payload: ExtensionIn
) -> Status | HttpResponse:
    row = _assignment(request, uuid)
    services.extension_request(
        user=request.user, assignment=row, until=payload.until, reason=payload.reason
    )
    return Status(201, CountOut(count=1))


@router.get("/{uuid}", response=DirectiveOut, summary="One directive with its items")
def get_directive(request: AuthedHttpRequest, uuid: str) -> DirectiveOut:
    directive = _directive(request, uuid)
    return DirectiveOut.of(directive, manages=selectors.can_manage(request.user, directive))


@router.get("/{uuid}/items", response=list[ItemOut], summary="The directive's items")
def directive_items(request: AuthedHttpRequest, uuid: str) -> list[ItemOut]:
    return [ItemOut.of(i) for i in selectors.directive_items(_directive(request, uuid))]


@router.post("/{uuid}/issue", response=CountOut, summary="Issue a draft to its recipients")
def issue(request: AuthedHttpRequest, uuid: str, payload: IssueIn) -> CountOut:
    directive = selectors.managed_directive_get(user=request.user, uuid=uuid)
    if directive is None:
        raise HttpError(404, "not_found")
    keys = payload.recipients
    if keys is None:
        choices = selectors.recipient_choices(directive=directive)
        keys = selectors.default_recipient_keys(directive=directive, choices=choices)
    count = services.directive_issue(
        user=request.user,
        directive=directive,
        recipient_keys=keys,
        received_on=payload.received_on,
    )
    return CountOut(count=count)


@router.get("/{uuid}/assignments", response=list[AssignmentOut], summary="Assignments you see")
def directive_assignments(request: AuthedHttpRequest, uuid: str) -> list[AssignmentOut]:
    directive = _directive(request, uuid)
    rows = selectors.directive_assignments(user=request.user, directive=directive)
    return [AssignmentOut.of(a) for a in rows]


@router.get("/{uuid}/acknowledgements", response=list[AcknowledgementOut], summary="Who said ทราบ")
def acknowledgements(request: AuthedHttpRequest, uuid: str) -> list[AcknowledgementOut]:
    directive = _directive(request, uuid)
    rows = selectors.directive_assignments(user=request.user, directive=directive)
    acks = Acknowledgement.objects.filter(assignment__in=[a.pk for a in rows]).select_related(
        "assignment"
    )
    return [
        AcknowledgementOut(
            uuid=str(k.uuid),
            assignment=str(k.assignment.uuid),
            recipient=k.assignment.recipient_label,
            at=k.at,
        )
        for k in acks
    ]


@router.get(
    "/{uuid}/reports", response=list[DirectiveReportOut], summary="Reports you see (audited)"
)
def directive_reports(request: AuthedHttpRequest, uuid: str) -> list[DirectiveReportOut]:
    directive = _directive(request, uuid)
    rows = selectors.directive_assignments(user=request.user, directive=directive)
    return [
        DirectiveReportOut.of(r) for r in selectors.reports_for(user=request.user, assignments=rows)
    ]


@router.get("/{uuid}/board", response=list[BoardRowOut], summary="Compliance board (issuer)")
def board(
    request: AuthedHttpRequest, uuid: str, status: str = "all", kind: str = "all", q: str = ""
) -> list[BoardRowOut]:
    directive = _directive(request, uuid)
    rows = selectors.compliance_board(
        user=request.user, directive=directive, status=status, kind=kind, q=q
    )
    if rows is None:
        raise HttpError(403, "forbidden")
    return [
        BoardRowOut(
            recipient=r.label,
            kind=r.kind,
            area_code=r.area.code,
            total=r.total,
            acknowledged=r.acknowledged,
            reported=r.reported,
            late=r.late,
            next_due=r.next_due,
            passed_down=str(r.passed_down.uuid) if r.passed_down else None,
        )
        for r in rows
    ]
