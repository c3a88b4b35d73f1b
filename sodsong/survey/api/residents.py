"""Residents and their identity documents: listed, recorded, read (audited) and changed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from sodsong.core.concurrency import VersionConflict
from sodsong.core.etags import (
    ETAG_OPENAPI,
    IF_MATCH_OPENAPI,
    if_match_version,
    precondition_failed,
    set_etag,
)
from sodsong.core.paging import offset_query
from sodsong.geo.models import Area, Level
from sodsong.people.services import DocumentInput
from sodsong.survey import access, selectors, services
from sodsong.survey.models import (
    Resident,
    ResidentStatus,
    Tm30Status,
)

router = Router()


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


class ResidentDocumentOut(Schema):
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
    version: int
    phones: list[str]
    documents: list[ResidentDocumentOut]
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
            version=r.version,
            phones=[ph.number for ph in r.phones.all()],
            documents=[
                ResidentDocumentOut(
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
    offset: int = offset_query(),
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
    return Status(201, _full(request, resident))


def _resident(request: HttpRequest, uuid: str) -> Resident:
    resident = selectors.resident_get(user=request.user, uuid=uuid)
    if resident is None:
        raise HttpError(404, "not_found")
    return resident


@router.get(
    "/residents/{uuid}",
    response=ResidentOut,
    summary="One resident (audited); its ETag is the version to send back as If-Match",
    openapi_extra=ETAG_OPENAPI,
)
def get_resident(request: HttpRequest, uuid: str, response: HttpResponse) -> ResidentOut:
    resident = _resident(request, uuid)
    set_etag(response, resident)
    return ResidentOut.of(resident)


@router.patch(
    "/residents/{uuid}",
    response=ResidentOut,
    summary="Change status or occupation (only the fields sent; If-Match refuses a stale edit)",
    openapi_extra=IF_MATCH_OPENAPI,
)
def update_resident(
    request: HttpRequest, uuid: str, payload: ResidentPatch, response: HttpResponse
) -> Any:
    resident = _resident(request, uuid)
    if not access.can_write(request.user, resident.area.code):
        raise HttpError(403, "forbidden")
    try:
        services.resident_update(
            user=request.user,
            resident=resident,
            occupation=payload.occupation,
            status=payload.status,
            expected_version=if_match_version(request),
        )
    except VersionConflict as exc:
        return precondition_failed(request, exc, ("status", "occupation"))
    set_etag(response, resident)
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
    services.resident_document_add(
        user=request.user, resident=resident, document=payload.to_input()
    )
    return Status(201, _full(request, resident))
