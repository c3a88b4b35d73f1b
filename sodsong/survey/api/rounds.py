"""Survey rounds: opened by a district or the province, their completeness, and the submissions
headmen send and officers review."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from sodsong.geo.models import Area
from sodsong.survey import access, selectors, services
from sodsong.survey.models import (
    Submission,
    SurveyRound,
)

router = Router()


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
    survey_round = services.round_open(
        user=request.user,
        name=payload.name,
        area=area,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
    )
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
    services.submission_submit(user=request.user, submission=submission, note=payload.note)
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
    services.submission_review(
        user=request.user,
        submission=submission,
        approve=payload.approve,
        comment=payload.comment,
    )
    return SubmissionOut.of(submission)
