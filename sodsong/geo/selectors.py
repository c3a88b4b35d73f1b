"""Reads of the geography. Area names and codes are public reference data; what lies in an area
(people, cases) is guarded by each module's own selectors."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from sodsong.core.collation import thai_ordering
from sodsong.geo.models import Area, Level
from sodsong.geo.services import NAME_PREFIXES
from sodsong.thai.text import fuzzy_matches, normalize_text


def provinces() -> QuerySet[Area]:
    return Area.objects.filter(level=Level.PROVINCE, abolished_on__isnull=True).order_by("code")


def children(*, code: str, level: str, include_abolished: bool = False) -> QuerySet[Area]:
    areas = Area.objects.filter(level=level, parent__code=code)
    if not include_abolished:
        areas = areas.filter(abolished_on__isnull=True)
    return areas.order_by("code")


def area_get(code: str) -> Area | None:
    return Area.objects.filter(code=code).select_related("parent", "parent__parent").first()


def area_path(area: Area) -> list[Area]:
    """The area and its ancestors, province first."""
    codes = [area.code[:n] for n in (2, 4, 6, 8) if n <= len(area.code)]
    found = {a.code: a for a in Area.objects.filter(code__in=codes)}
    return [found[c] for c in codes if c in found]


def strip_prefixes(query: str) -> str:
    text = query.strip()
    lowered = text.lower()
    changed = True
    while changed:
        changed = False
        for prefix in NAME_PREFIXES:
            if lowered.startswith(prefix):
                text = text[len(prefix) :].lstrip(" .")
                lowered = text.lower()
                changed = True
    return text


def area_search(query: str, *, limit: int = 20, within: str = "") -> list[tuple[Area, float]]:
    """Areas whose Thai or English name matches `query`: exact and prefix matches first, then
    typo-tolerant ones. Forgiving of prefixes such as จ. อ. ต. and of Thai digits."""
    q = normalize_text(strip_prefixes(query))
    if not q:
        return []
    base = Area.objects.filter(abolished_on__isnull=True)
    if within:
        base = base.filter(code__startswith=within)
    if q.isdigit():
        return [(a, 1.0) for a in base.filter(code__startswith=q).order_by("code")[:limit]]
    direct = list(base.filter(Q(search_key__startswith=q) | Q(search_key__contains=" " + q))[:200])
    scored = {a.pk: (a, fuzzy_matches(q, a.search_key)) for a in direct}
    if len(scored) < limit:
        # Typo tolerance on both databases: candidates sharing a first letter, scored in Python.
        for area in (
            base.filter(search_key__contains=q[0])
            .exclude(pk__in=list(scored))
            .only("pk", "code", "level", "name_th", "name_en", "search_key", "parent_id")
        ):
            score = fuzzy_matches(q, area.search_key)
            if score:
                scored[area.pk] = (area, score)
    level_rank = {Level.PROVINCE: 0, Level.DISTRICT: 1, Level.SUBDISTRICT: 2, Level.VILLAGE: 3}
    ranked = sorted(
        scored.values(), key=lambda pair: (-pair[1], level_rank[pair[0].level], pair[0].code)
    )
    return [(a, s) for a, s in ranked if s > 0][:limit]


def villages_of(code: str) -> QuerySet[Area]:
    return thai_ordering(children(code=code, level=Level.VILLAGE), "code")
