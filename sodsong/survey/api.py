"""The survey's API: residents, documents, visits, rounds, submissions and import jobs, all scoped
by jurisdiction (out of scope answers 404) and every read of personal data audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from sodsong.geo.models import Area, Level
from sodsong.people.services import DocumentInput
from sodsong.survey import access, selectors, services
from sodsong.survey.importing.jobs import import_start_commit, import_upload
from sodsong.survey.models import (
    ImportJob,
    RedFlag,
    Resident,
    ResidentStatus,
    Submission,
    SurveyRound,
    Tm30Status,
    Visit,
)

router = Router(tags=["survey"])


def _invalid(request: HttpRequest, exc: Exception) -> HttpResponse:
    from sodsong.api import error_response

    return error_response(request, 422, "invalid", message=str(exc))


# --- schemas ---------------------------------------------------------------------------------


class DocumentIn(Schema):
    doc_type: str
    issuing_state: str
    number: str
    issued_on: dt.date | None = None
    expires_on: dt.date | None = None
    subtype: str = ""
    issuer_detail: str = ""

    def to_input(self) -> DocumentInput:
        return DocumentInput(**self.dict())


class DocumentOut(Schema):
    doc_type: str
    issuing_state: str
    number: str
    expires_on: dt.date | None
    subtype: str
    issuer_detail: str


class ResidenceOut(Schema):
    area_code: str
    house_no: str
    moved_in_on: dt.date | None
    moved_out_on: dt.date | None
    tm30_status: str


class HostIn(Schema):
    kind: str
    given_name_th: str = ""
    family_name_th: str = ""
    given_name_latin: str = ""
    family_name_latin: str = ""


class ResidentIn(Schema):
    village_code: str
    given_name_latin: str = ""
    family_name_latin: str = ""
    given_name_th: str = ""
    family_name_th: str = ""
    birth_year: int | None = None
    birth_month: int | None = None
    birth_day: int | None = None
    sex: str = ""
    nationality: str = ""
    documents: list[DocumentIn] = []
    occupation: str = ""
    status: str = ResidentStatus.LIVING
    house_no: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    moved_in_on: dt.date | None = None
    host: HostIn | None = None
    tm30_notified_on: dt.date | None = None
    tm30_reference: str = ""
    phones: list[str] = []


class ResidentPatch(Schema):
    occupation: str | None = None
    status: str | None = None


class ResidentOut(Schema):
    uuid: str
    person_uuid: str
    given_name_latin: str
    family_name_latin: str
    given_name_th: str
    family_name_th: str
    birth_date: str
    sex: str
    nationality: str
    area_code: str
    status: str
    occupation: str
    phones: list[str]
    documents: list[DocumentOut]
    residences: list[ResidenceOut]

    @staticmethod
    def of(r: Resident) -> ResidentOut:
        p = r.person
        return ResidentOut(
            uuid=str(r.uuid),
            person_uuid=str(p.uuid),
            given_name_latin=p.given_name_latin,
            family_name_latin=p.family_name_latin,
            given_name_th=p.given_name_th,
            family_name_th=p.family_name_th,
            birth_date=p.birth_date_display,
            sex=p.sex,
            nationality=p.nationality,
            area_code=r.area.code,
            status=r.status,
            occupation=r.occupation,
            phones=[ph.number for ph in r.phones.all()],
            documents=[
                DocumentOut(
                    doc_type=d.doc_type,
                    issuing_state=d.issuing_state,
                    number=d.number,
                    expires_on=d.expires_on,
                    subtype=d.subtype,
                    issuer_detail=d.issuer_detail,
                )
                for d in p.documents.all()
            ],
            residences=[
                ResidenceOut(
                    area_code=res.area.code,
                    house_no=res.house_no,
                    moved_in_on=res.moved_in_on,
                    moved_out_on=res.moved_out_on,
                    tm30_status=res.tm30_status,
                )
                for res in r.residences.all()
            ],
        )


class ResidentList(Schema):
    count: int
    items: list[ResidentOut]


def _full(request: HttpRequest, resident: Resident) -> ResidentOut:
    found = selectors.resident_get(user=request.user, uuid=resident.uuid)
    assert found is not None
    return ResidentOut.of(found)


# --- residents -------------------------------------------------------------------------------


@router.get("/residents", response=ResidentList, summary="Foreign residents in your jurisdiction")
def list_residents(
    request: HttpRequest,
    q: str = "",
    area: str = "",
    status: str = "",
    tm30: str = "",
    limit: int = 50,
    offset: int = 0,
) -> ResidentList:
    residents = selectors.resident_list(
        user=request.user,
        query=q,
        area_code=area,
        status=status if status in ResidentStatus.values else "",
        tm30=tm30 if tm30 in Tm30Status.values else "",
        limit=max(1, min(limit, 200)),
        offset=max(0, offset),
    )
    return ResidentList(count=len(residents), items=[ResidentOut.of(r) for r in residents])


@router.post(
    "/residents", response={201: ResidentOut}, summary="Register a resident in your village"
)
def create_resident(request: HttpRequest, payload: ResidentIn) -> Any:
    area = Area.objects.filter(code=payload.village_code, level=Level.VILLAGE).first()
    if area is None or not access.can_write(request.user, area.code):
        raise HttpError(403, "forbidden")
    host = services.HostInput(**payload.host.dict()) if payload.host else None
    try:
        resident = services.resident_register(
            user=request.user,
            area=area,
            given_name_latin=payload.given_name_latin,
            family_name_latin=payload.family_name_latin,
            given_name_th=payload.given_name_th,
            family_name_th=payload.family_name_th,
            birth_year=payload.birth_year,
            birth_month=payload.birth_month,
            birth_day=payload.birth_day,
            sex=payload.sex,
            nationality=payload.nationality,
            documents=[d.to_input() for d in payload.documents],
            occupation=payload.occupation,
            status=payload.status,
            house_no=payload.house_no,
            latitude=payload.latitude,
            longitude=payload.longitude,
            moved_in_on=payload.moved_in_on,
            host=host,
            tm30_notified_on=payload.tm30_notified_on,
            tm30_reference=payload.tm30_reference,
            phones=payload.phones,
        )
    except services.SurveyError as exc:
        return _invalid(request, exc)
    return Status(201, _full(request, resident))


def _resident(request: HttpRequest, uuid: str) -> Resident:
    resident = selectors.resident_get(user=request.user, uuid=uuid)
    if resident is None:
        raise HttpError(404, "not_found")
    return resident


@router.get("/residents/{uuid}", response=ResidentOut, summary="One resident (audited)")
def get_resident(request: HttpRequest, uuid: str) -> ResidentOut:
    return ResidentOut.of(_resident(request, uuid))


@router.patch("/residents/{uuid}", response=ResidentOut, summary="Change status or occupation")
def update_resident(request: HttpRequest, uuid: str, payload: ResidentPatch) -> Any:
    resident = _resident(request, uuid)
    if not access.can_write(request.user, resident.area.code):
        raise HttpError(403, "forbidden")
    try:
        services.resident_update(
            user=request.user,
            resident=resident,
            occupation=payload.occupation,
            status=payload.status,
        )
    except services.SurveyError as exc:
        return _invalid(request, exc)
    return _full(request, resident)


@router.post(
    "/residents/{uuid}/documents",
    response={201: ResidentOut},
    summary="Add a document (visa, work permit, renewal)",
)
def add_document(request: HttpRequest, uuid: str, payload: DocumentIn) -> Any:
    resident = _resident(request, uuid)
    if not access.can_write(request.user, resident.area.code):
        raise HttpError(403, "forbidden")
    try:
        services.resident_document_add(
            user=request.user, resident=resident, document=payload.to_input()
        )
    except services.SurveyError as exc:
        return _invalid(request, exc)
    return Status(201, _full(request, resident))


# --- visits ----------------------------------------------------------------------------------


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
    request: HttpRequest, area: str = "", limit: int = 50, offset: int = 0
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
    try:
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
    except services.SurveyError as exc:
        return _invalid(request, exc)
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


# --- rounds ----------------------------------------------------------------------------------


class RoundIn(Schema):
    name: str
    area_code: str
    starts_on: dt.date
    ends_on: dt.date


class CompletenessOut(Schema):
    code: str
    name: str
    expected: int
    submitted: int
    approved: int
    returned: int
    on_time: int
    residents: int
    visits: int
    tm30_missing: int


class SubmissionOut(Schema):
    uuid: str
    area_code: str
    status: str
    submitted_at: dt.datetime | None
    review_comment: str

    @staticmethod
    def of(s: Submission) -> SubmissionOut:
        return SubmissionOut(
            uuid=str(s.uuid),
            area_code=s.area.code,
            status=s.status,
            submitted_at=s.submitted_at,
            review_comment=s.review_comment,
        )


class RoundOut(Schema):
    uuid: str
    name: str
    area_code: str
    starts_on: dt.date
    ends_on: dt.date
    status: str


class RoundDetail(RoundOut):
    completeness: list[CompletenessOut]
    submissions: list[SubmissionOut]


def _round_out(r: SurveyRound) -> dict[str, Any]:
    return {
        "uuid": str(r.uuid),
        "name": r.name,
        "area_code": r.area.code,
        "starts_on": r.starts_on,
        "ends_on": r.ends_on,
        "status": r.status,
    }


@router.get("/rounds", response=list[RoundOut], summary="Survey rounds covering your areas")
def list_rounds(request: HttpRequest) -> list[RoundOut]:
    return [RoundOut(**_round_out(r)) for r in selectors.round_list(user=request.user)]


@router.post("/rounds", response={201: RoundOut}, summary="Open a round (district or province)")
def create_round(request: HttpRequest, payload: RoundIn) -> Any:
    area = Area.objects.filter(code=payload.area_code).first()
    if area is None or not access.can_open_round(request.user, area.code):
        raise HttpError(403, "forbidden")
    try:
        survey_round = services.round_open(
            user=request.user,
            name=payload.name,
            area=area,
            starts_on=payload.starts_on,
            ends_on=payload.ends_on,
        )
    except services.SurveyError as exc:
        return _invalid(request, exc)
    return Status(201, RoundOut(**_round_out(survey_round)))


@router.get(
    "/rounds/{uuid}", response=RoundDetail, summary="A round with its completeness (aggregates)"
)
def get_round(request: HttpRequest, uuid: str, level: str = "subdistrict") -> RoundDetail:
    survey_round = selectors.round_get(user=request.user, uuid=uuid)
    if survey_round is None:
        raise HttpError(404, "not_found")
    rows = selectors.completeness(user=request.user, survey_round=survey_round, level=level)
    return RoundDetail(
        **_round_out(survey_round),
        completeness=[
            CompletenessOut(**{k: getattr(r, k) for k in CompletenessOut.model_fields})
            for r in rows
        ],
        submissions=[
            SubmissionOut.of(s)
            for s in selectors.submissions_for(user=request.user, survey_round=survey_round)
        ],
    )


class SubmitIn(Schema):
    note: str = ""


class ReviewIn(Schema):
    approve: bool
    comment: str = ""


def _submission(request: HttpRequest, uuid: str) -> Submission:
    submission = selectors.submission_get(user=request.user, uuid=uuid)
    if submission is None:
        raise HttpError(404, "not_found")
    return submission


@router.post("/submissions/{uuid}/submit", response=SubmissionOut, summary="The headman submits")
def submit(request: HttpRequest, uuid: str, payload: SubmitIn) -> Any:
    submission = _submission(request, uuid)
    if not access.can_submit(request.user, submission.area.code):
        raise HttpError(403, "forbidden")
    try:
        services.submission_submit(user=request.user, submission=submission, note=payload.note)
    except services.SurveyError as exc:
        return _invalid(request, exc)
    return SubmissionOut.of(submission)


@router.post(
    "/submissions/{uuid}/review",
    response=SubmissionOut,
    summary="The district approves or returns with a comment",
)
def review(request: HttpRequest, uuid: str, payload: ReviewIn) -> Any:
    submission = _submission(request, uuid)
    if not access.can_review(request.user, submission.area.code):
        raise HttpError(403, "forbidden")
    try:
        services.submission_review(
            user=request.user,
            submission=submission,
            approve=payload.approve,
            comment=payload.comment,
        )
    except services.SurveyError as exc:
        return _invalid(request, exc)
    return SubmissionOut.of(submission)


# --- imports ---------------------------------------------------------------------------------


class ImportOut(Schema):
    uuid: str
    status: str
    mode: str
    total_rows: int
    new_rows: int
    unchanged_rows: int
    conflict_rows: int
    error_rows: int
    created_count: int
    progress_done: int | None
    progress_total: int | None
    report: dict[str, Any]

    @staticmethod
    def of(job: ImportJob) -> ImportOut:
        run = job.job_run
        return ImportOut(
            uuid=str(job.uuid),
            status=job.status,
            mode=job.mode,
            total_rows=job.total_rows,
            new_rows=job.new_rows,
            unchanged_rows=job.unchanged_rows,
            conflict_rows=job.conflict_rows,
            error_rows=job.error_rows,
            created_count=job.created_count,
            progress_done=run.done if run else None,
            progress_total=run.total if run else None,
            report=job.report,
        )


@router.post(
    "/imports",
    response={201: ImportOut},
    summary="Upload a spreadsheet: checked at once (dry run), or as a job for large files",
)
def create_import(
    request: HttpRequest,
    file: UploadedFile = File(...),  # noqa: B008  (ninja's way of declaring a file)
    mode: str = Form(ImportJob.Mode.GOOD_ROWS),  # noqa: B008
) -> Any:
    if not access.can_import(request.user):
        raise HttpError(403, "forbidden")
    try:
        job = import_upload(user=request.user, upload=file, mode=mode)
    except services.SurveyError as exc:
        return _invalid(request, exc)
    return Status(201, ImportOut.of(job))


def _import_job(request: HttpRequest, uuid: str) -> ImportJob:
    job = selectors.import_job_get(user=request.user, uuid=uuid)
    if job is None:
        raise HttpError(404, "not_found")
    return job


@router.get("/imports/{uuid}", response=ImportOut, summary="An import job's status and report")
def get_import(request: HttpRequest, uuid: str) -> ImportOut:
    return ImportOut.of(_import_job(request, uuid))


class CommitIn(Schema):
    mode: str | None = None


@router.post("/imports/{uuid}/commit", response=ImportOut, summary="Import a checked file")
def commit_import(request: HttpRequest, uuid: str, payload: CommitIn) -> Any:
    job = _import_job(request, uuid)
    try:
        job = import_start_commit(user=request.user, job=job, mode=payload.mode)
    except services.SurveyError as exc:
        return _invalid(request, exc)
    return ImportOut.of(job)
