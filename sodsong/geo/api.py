from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from sodsong.geo import selectors
from sodsong.geo.models import Area, Level

router = Router(tags=["geography"])


class AreaOut(Schema):
    code: str
    level: str
    name_th: str
    name_en: str
    parent_code: str | None = None
    postal_codes: list[str] = []
    moo: int | None = None
    abolished_on: str | None = None
    successor_status: str = ""
    successor_codes: list[str] = []

    @staticmethod
    def from_area(area: Area) -> AreaOut:
        return AreaOut(
            code=area.code,
            level=area.level,
            name_th=area.name_th,
            name_en=area.name_en,
            parent_code=area.code[:-2] if area.level != Level.PROVINCE else None,
            postal_codes=area.postal_codes.split() if area.postal_codes else [],
            moo=area.moo,
            abolished_on=area.abolished_on.isoformat() if area.abolished_on else None,
            successor_status=area.successor_status,
            successor_codes=area.successor_codes.split() if area.successor_codes else [],
        )


class AreaList(Schema):
    count: int
    items: list[AreaOut]


class SearchHit(AreaOut):
    score: float


class SearchOut(Schema):
    query: str
    count: int
    items: list[SearchHit]


def _listing(areas: list[Area]) -> AreaList:
    return AreaList(count=len(areas), items=[AreaOut.from_area(a) for a in areas])


def _parent_or_404(code: str, level: str) -> Area:
    area = selectors.area_get(code)
    if area is None or area.level != level:
        raise HttpError(404, "not_found")
    return area


@router.get("/provinces", response=AreaList, summary="All provinces (77)")
def list_provinces(request: HttpRequest) -> AreaList:
    return _listing(list(selectors.provinces()))


@router.get("/provinces/{code}/districts", response=AreaList, summary="Districts (amphoe / khet)")
def list_districts(request: HttpRequest, code: str, include_abolished: bool = False) -> AreaList:
    _parent_or_404(code, Level.PROVINCE)
    return _listing(
        list(
            selectors.children(code=code, level=Level.DISTRICT, include_abolished=include_abolished)
        )
    )


@router.get(
    "/districts/{code}/subdistricts", response=AreaList, summary="Sub-districts (tambon / khwaeng)"
)
def list_subdistricts(request: HttpRequest, code: str, include_abolished: bool = False) -> AreaList:
    _parent_or_404(code, Level.DISTRICT)
    return _listing(
        list(
            selectors.children(
                code=code, level=Level.SUBDISTRICT, include_abolished=include_abolished
            )
        )
    )


@router.get("/subdistricts/{code}/villages", response=AreaList, summary="Villages (หมู่บ้าน)")
def list_villages(request: HttpRequest, code: str) -> AreaList:
    _parent_or_404(code, Level.SUBDISTRICT)
    return _listing(list(selectors.villages_of(code)))


@router.get("/areas/{code}", response=AreaOut, summary="One area by DOPA code")
def get_area(request: HttpRequest, code: str) -> AreaOut:
    area = selectors.area_get(code)
    if area is None:
        raise HttpError(404, "not_found")
    return AreaOut.from_area(area)


@router.get("/search", response=SearchOut, summary="Search areas by Thai or English name")
def search(request: HttpRequest, q: str, limit: int = 20, within: str = "") -> SearchOut:
    hits = selectors.area_search(q, limit=max(1, min(limit, 100)), within=within)
    items = [SearchHit(**AreaOut.from_area(a).dict(), score=round(s, 3)) for a, s in hits]
    return SearchOut(query=q, count=len(items), items=items)
