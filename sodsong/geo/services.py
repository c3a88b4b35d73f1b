"""Loading the official geography and creating villages.

Provinces, districts and sub-districts come from the `geothai` package (DOPA codes; GeoThai,
CC BY 4.0), never from the network. Abolished units are kept with their end date; they map to
successors only where geothai's data backs it, otherwise they are marked "successor unknown".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import geothai
from django.db import connection, transaction
from django.utils.translation import gettext as _
from geothai.abolished import abolished_areas

from sodsong.core.errors import DomainError
from sodsong.geo.models import Area, Level, SuccessorStatus
from sodsong.thai.text import search_key

# Prefixes people type before a name: จ./จังหวัด, อ./อำเภอ, ต./ตำบล, เขต, แขวง, and English ones.
NAME_PREFIXES = (
    "จังหวัด",
    "อำเภอ",
    "ตำบล",
    "แขวง",
    "เขต",
    "หมู่บ้าน",
    "บ้าน",
    "จ.",
    "อ.",
    "ต.",
    "ม.",
    "changwat",
    "amphoe",
    "amphur",
    "tambon",
    "khet",
    "khwaeng",
    "province",
    "district",
    "subdistrict",
    "sub-district",
)


class GeoError(DomainError):
    """Invalid geography input; the message is for the user."""


@dataclass(frozen=True)
class LoadResult:
    provinces: int
    districts: int
    subdistricts: int
    abolished: int
    created: int


def area_search_key(name_th: str, name_en: str) -> str:
    return search_key(name_th, name_en)


@transaction.atomic
def geography_load() -> LoadResult:
    """Creates or updates every official area from geothai. Re-runnable: a second run creates
    nothing and only corrects names that changed upstream."""
    existing = {a.code: a for a in Area.objects.exclude(level=Level.VILLAGE)}
    rows: list[tuple[str, str, str, str, str, str]] = []  # code, level, parent, th, en, postal
    for p in geothai.provinces():
        rows.append((p.code, Level.PROVINCE, "", p.name_th, p.name_en, ""))
        for d in geothai.districts(p.code):
            rows.append((d.code, Level.DISTRICT, p.code, d.name_th, d.name_en, ""))
            for s in geothai.subdistricts(d.code):
                rows.append(
                    (
                        s.code,
                        Level.SUBDISTRICT,
                        d.code,
                        s.name_th,
                        s.name_en,
                        " ".join(s.postal_codes),
                    )
                )
    active_codes = {r[0] for r in rows}
    abolished_rows = [a for a in abolished_areas() if a.code not in active_codes]

    created = 0
    to_create: list[Area] = []
    to_update: list[Area] = []
    for code, level, _parent, th, en, postal in rows:
        area = existing.get(code)
        key = area_search_key(th, en)
        if area is None:
            to_create.append(
                Area(
                    code=code,
                    level=level,
                    name_th=th,
                    name_en=en,
                    postal_codes=postal,
                    search_key=key,
                )
            )
        elif (area.name_th, area.name_en, area.postal_codes, area.abolished_on) != (
            th,
            en,
            postal,
            None,
        ):
            area.name_th, area.name_en, area.postal_codes, area.search_key = th, en, postal, key
            area.abolished_on = None
            area.successor_status = SuccessorStatus.NONE
            to_update.append(area)
    for a in abolished_rows:
        level = a.level
        status = SuccessorStatus.KNOWN if a.successors else SuccessorStatus.UNKNOWN
        fields = dict(
            level=level,
            name_th=a.name_th,
            name_en=a.name_en or "",
            search_key=area_search_key(a.name_th, a.name_en or ""),
            abolished_on=dt.date.fromisoformat(a.abolished_on)
            if a.abolished_on
            else dt.date(1900, 1, 1),
            successor_status=status,
            successor_codes=" ".join(a.successors),
            successor_basis=a.successors_basis or "",
        )
        area = existing.get(a.code)
        if area is None:
            to_create.append(Area(code=a.code, **fields))
        else:
            for k, v in fields.items():
                setattr(area, k, v)
            to_update.append(area)
    # Reference data: bulk writes without a history version per row; one audit event below.
    Area.objects.bulk_create(to_create, batch_size=1000)
    created = len(to_create)
    if to_update:
        Area.objects.bulk_update(
            to_update,
            [
                "name_th",
                "name_en",
                "postal_codes",
                "search_key",
                "abolished_on",
                "successor_status",
                "successor_codes",
                "successor_basis",
            ],
            batch_size=1000,
        )
    _link_parents()
    from sodsong.audit.services import log_action

    log_action(
        action="change",
        object_type="geo.area",
        detail={
            "geography_load": geothai.DATA_VERSION,
            "created": created,
            "updated": len(to_update),
        },
    )
    return LoadResult(
        provinces=sum(1 for r in rows if r[1] == Level.PROVINCE),
        districts=sum(1 for r in rows if r[1] == Level.DISTRICT),
        subdistricts=sum(1 for r in rows if r[1] == Level.SUBDISTRICT),
        abolished=len(abolished_rows),
        created=created,
    )


def _link_parents() -> None:
    """Points every area at the area whose code is its own minus the last two digits, in one
    UPDATE per level (substr and length exist on SQLite and PostgreSQL alike)."""
    with connection.cursor() as cursor:
        for length in (4, 6, 8):
            cursor.execute(
                "UPDATE geo_area SET parent_id = (SELECT p.id FROM geo_area p "
                "WHERE p.code = substr(geo_area.code, 1, %s)) "
                "WHERE parent_id IS NULL AND length(code) = %s",
                [length - 2, length],
            )


def _village_checks(subdistrict: Area, moo: int, name_th: str) -> None:
    if subdistrict.level != Level.SUBDISTRICT:
        raise GeoError(_("A village belongs to a sub-district."))
    if subdistrict.is_bangkok:
        raise GeoError(_("Bangkok has no villages (หมู่บ้าน) under its khwaeng."))
    if not subdistrict.is_active:
        raise GeoError(_("This sub-district has been abolished."))
    if not 1 <= moo <= 99:
        raise GeoError(_("หมู่ที่ must be between 1 and 99."))
    if not name_th.strip():
        raise GeoError(_("A village needs a Thai name."))


@transaction.atomic
def villages_bulk_create(*, villages: list[tuple[Area, int, str]]) -> int:
    """Creates many villages at once (an import or the demo): the same checks as
    `village_create`, one audit event instead of a history version per village. Villages that
    already exist are skipped, so a re-run creates nothing."""
    existing = set(
        Area.objects.filter(
            level=Level.VILLAGE, parent__in={sub.pk for sub, _moo, _name in villages}
        ).values_list("code", flat=True)
    )
    rows = []
    for subdistrict, moo, name_th in villages:
        _village_checks(subdistrict, moo, name_th)
        code = f"{subdistrict.code}{moo:02d}"
        if code in existing:
            continue
        existing.add(code)
        rows.append(
            Area(
                code=code,
                level=Level.VILLAGE,
                parent=subdistrict,
                moo=moo,
                name_th=name_th.strip(),
                search_key=area_search_key(name_th, ""),
            )
        )
    Area.objects.bulk_create(rows, batch_size=1000)
    if rows:
        from sodsong.audit.services import log_action

        log_action(
            action="create",
            object_type="geo.area",
            object_ids=[a.uuid for a in rows],
            detail={"villages_bulk_create": len(rows)},
        )
    return len(rows)


@transaction.atomic
def village_create(*, subdistrict: Area, moo: int, name_th: str, name_en: str = "") -> Area:
    """Creates หมู่ที่ `moo` of a sub-district; its code is the sub-district's code + 2 digits."""
    _village_checks(subdistrict, moo, name_th)
    code = f"{subdistrict.code}{moo:02d}"
    if Area.objects.filter(code=code).exists():
        raise GeoError(_("หมู่ที่ %(moo)s already exists in this sub-district.") % {"moo": moo})
    return Area.objects.create(
        code=code,
        level=Level.VILLAGE,
        parent=subdistrict,
        moo=moo,
        name_th=name_th.strip(),
        name_en=name_en.strip(),
        search_key=area_search_key(name_th, name_en),
    )


@transaction.atomic
def community_create(*, subdistrict: Area, number: int, name_th: str, name_en: str = "") -> Area:
    """Creates a ชุมชน of a เทศบาลเมือง/นคร in a sub-district, numbered in the village slot of the
    code (the municipality's own numbering has no DOPA code): a survey unit like a village."""
    _village_checks(subdistrict, number, name_th)
    code = f"{subdistrict.code}{number:02d}"
    if Area.objects.filter(code=code).exists():
        raise GeoError(_("This number is already used in this sub-district."))
    return Area.objects.create(
        code=code,
        level=Level.VILLAGE,
        parent=subdistrict,
        moo=number,
        community=True,
        name_th=name_th.strip(),
        name_en=name_en.strip(),
        search_key=area_search_key(name_th, name_en),
    )
