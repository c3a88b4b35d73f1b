"""The cases API's response schemas, and the full case as one caller may see it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema

from sodsong.accounts.requests import AuthedHttpRequest
from sodsong.cases import selectors, services
from sodsong.cases.models import (
    Arrest,
    Case,
    CaseParty,
    Charge,
    Operation,
    Prosecution,
    Seizure,
    Task,
)


class CaseSummaryOut(Schema):
    uuid: str
    number: str
    title: str
    case_type: str
    status: str
    area_code: str
    lead_agency: str
    opened_on: dt.date
    # Goes up on every change; the ETag to send back as If-Match is this number in quotes.
    version: int

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
            version=c.version,
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
            operation_uuid=str(s.operation.uuid) if s.operation else None,
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
    participation: str
    citation_th: str  # as printed: "ประมวลกฎหมายอาญา มาตรา 341 ประกอบมาตรา 83"
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
            participation=c.participation,
            citation_th=c.printed_th,
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
    role_label: str  # ผู้ต้องสงสัย, ผู้ต้องหา once charged, จำเลย once filed in court
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
            role_label=p.role_label,
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


def _case_out(request: AuthedHttpRequest, access: selectors.CaseAccess) -> CaseOut:
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
