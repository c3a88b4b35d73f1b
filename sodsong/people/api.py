from __future__ import annotations

from ninja import Router, Schema
from ninja.errors import HttpError

from sodsong.accounts.requests import AuthedHttpRequest
from sodsong.core.paging import offset_query
from sodsong.people import selectors
from sodsong.people.models import Person

router = Router(tags=["people"])


class DocumentOut(Schema):
    doc_type: str
    issuing_state: str
    number: str
    issued_on: str | None
    expires_on: str | None
    subtype: str


class PersonOut(Schema):
    uuid: str
    given_name_th: str
    family_name_th: str
    given_name_latin: str
    family_name_latin: str
    birth_date: str
    sex: str
    nationality: str
    area_code: str
    source: str
    verification: str
    documents: list[DocumentOut]

    @staticmethod
    def from_person(p: Person) -> PersonOut:
        return PersonOut(
            uuid=str(p.uuid),
            given_name_th=p.given_name_th,
            family_name_th=p.family_name_th,
            given_name_latin=p.given_name_latin,
            family_name_latin=p.family_name_latin,
            birth_date=p.birth_date_display,
            sex=p.sex,
            nationality=p.nationality,
            area_code=p.area.code,
            source=p.source,
            verification=p.verification,
            documents=[
                DocumentOut(
                    doc_type=d.doc_type,
                    issuing_state=d.issuing_state,
                    number=d.number,
                    issued_on=d.issued_on.isoformat() if d.issued_on else None,
                    expires_on=d.expires_on.isoformat() if d.expires_on else None,
                    subtype=d.subtype,
                )
                for d in p.documents.all()
            ],
        )


class PersonList(Schema):
    count: int
    items: list[PersonOut]


@router.get("", response=PersonList, summary="People in your jurisdiction (audited)")
def list_people(
    request: AuthedHttpRequest,
    q: str = "",
    area: str = "",
    limit: int = 50,
    offset: int = offset_query(),
) -> PersonList:
    people = selectors.person_list(
        user=request.user,
        query=q,
        area_code=area,
        limit=max(1, min(limit, 200)),
        offset=max(0, offset),
    )
    return PersonList(count=len(people), items=[PersonOut.from_person(p) for p in people])


class PossibleDuplicateOut(Schema):
    uuid: str
    existing_uuid: str
    candidate_uuid: str
    doc_type: str
    issuing_state: str
    number: str
    created_at: str


@router.get(
    "/possible-duplicates",
    response=list[PossibleDuplicateOut],
    summary="Possible duplicates whose two people you may both see (audited)",
)
def list_possible_duplicates(request: AuthedHttpRequest) -> list[PossibleDuplicateOut]:
    """A document given for a new person was held by someone out of the recorder's reach: the
    new person was recorded without it (issue #17 item 1). Listed only to those who may see
    both people."""
    return [
        PossibleDuplicateOut(
            uuid=str(d.uuid),
            existing_uuid=str(d.existing.uuid),
            candidate_uuid=str(d.candidate.uuid),
            doc_type=d.doc_type,
            issuing_state=d.issuing_state,
            number=d.number,
            created_at=d.created_at.isoformat(),
        )
        for d in selectors.possible_duplicates(user=request.user)
    ]


@router.get("/{uuid}", response=PersonOut, summary="One person (audited)")
def get_person(request: AuthedHttpRequest, uuid: str) -> PersonOut:
    person = selectors.person_get(user=request.user, uuid=uuid)
    if person is None:
        raise HttpError(404, "not_found")
    return PersonOut.from_person(person)
