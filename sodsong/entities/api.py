"""The entities API: look an identifier up across tips, reports and the registry, scoped like
the pages (district, province and analysts only); matches outside the caller's jurisdiction show
only the district that holds them, and that disclosure is audited."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from sodsong.entities import selectors
from sodsong.entities.selectors import SharedIdentifier

router = Router(tags=["entities"])


class SourceOut(Schema):
    source_type: str
    uuid: str
    label: str
    area_code: str


class IdentifierOut(Schema):
    uuid: str
    type: str
    value: str
    sources: list[SourceOut]
    elsewhere: list[str]
    # Districts holding cases that mention it which the caller may not open.
    elsewhere_cases: list[str] = []

    @staticmethod
    def from_shared(shared: SharedIdentifier) -> IdentifierOut:
        return IdentifierOut(
            uuid=str(shared.identifier.uuid),
            type=shared.identifier.type,
            value=shared.identifier.value,
            sources=[
                SourceOut(
                    source_type=r.source_type,
                    uuid=str(r.uuid),
                    label=r.label,
                    area_code=r.area_code,
                )
                for r in shared.visible
            ],
            elsewhere=shared.elsewhere,
            elsewhere_cases=shared.elsewhere_cases,
        )


@router.get(
    "/identifiers",
    response=IdentifierOut,
    summary="Look up an identifier by type and value (audited)",
)
def lookup(request: HttpRequest, type: str, value: str) -> IdentifierOut:
    found = selectors.identifier_lookup(user=request.user, type=type, value=value)
    if found is None:
        raise HttpError(404, "not_found")
    return IdentifierOut.from_shared(found)


@router.get("/identifiers/{uuid}", response=IdentifierOut, summary="One identifier (audited)")
def get_identifier(request: HttpRequest, uuid: str) -> IdentifierOut:
    found = selectors.identifier_get(user=request.user, uuid=uuid)
    if found is None:
        raise HttpError(404, "not_found")
    return IdentifierOut.from_shared(found)
