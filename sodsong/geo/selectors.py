"""Reads of the geography. Area names and codes are public reference data; what lies in an area
(people, cases) is guarded by each module's own selectors."""

from __future__ import annotations

import difflib

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


def _query_stages(query: str) -> list[str]:
    """The normalised query as typed, then with each leading prefix removed in turn:
    "อำเภอบ้านแพง" gives "อำเภอบ้านแพง", "บ้านแพง", "แพง". Prefixes such as บ้าน and เขต also begin
    official names (อำเภอบ้านแพง, เขตพระนคร), so a stage is never thrown away; a stage that is
    only a prefix ("จ.") is."""
    stages: list[str] = []
    text = query.strip()
    while text:
        lowered = text.lower()
        prefix = next((p for p in NAME_PREFIXES if lowered.startswith(p)), None)
        rest = text[len(prefix) :].lstrip(" .") if prefix else ""
        if not (prefix and not rest):
            stages.append(normalize_text(text))
        text = rest
    return [s for s in dict.fromkeys(stages) if s]


def _close(q: str, text: str, threshold: float = 0.75) -> float:
    """difflib's similarity when it reaches `threshold`, else 0; the cheap upper bounds first,
    because the typo-tolerant pass scores thousands of candidates."""
    matcher = difflib.SequenceMatcher(None, q, text)
    if matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold:
        return 0.0
    ratio = matcher.ratio()
    return ratio if ratio >= threshold else 0.0


def _area_score(q: str, area: Area) -> float:
    """The whole key, then for a query of several words the name in the query's script on its
    own: "Sakon Nakon" is compared with "sakon nakhon", not with a key that starts in Thai (the
    key holds the normalised Thai words, then the English ones). A one-word query is already
    compared with each word of the key."""
    score = fuzzy_matches(q, area.search_key)
    if score < 1.0 and " " in q:
        latin = q.isascii()
        name = " ".join(w for w in area.search_key.split() if w.isascii() == latin)
        if name and name != area.search_key:
            score = max(score, _close(q, name))
    return score


def area_search(query: str, *, limit: int = 20, within: str = "") -> list[tuple[Area, float]]:
    """Areas whose Thai or English name matches `query`: exact and prefix matches first, then
    typo-tolerant ones. Forgiving of prefixes such as จ. อ. ต. and of Thai digits."""
    stages = _query_stages(query)
    if not stages:
        return []
    q = stages[-1]  # every prefix removed
    base = Area.objects.filter(abolished_on__isnull=True)
    if within:
        base = base.filter(code__startswith=within)
    if q.isdigit():
        return [(a, 1.0) for a in base.filter(code__startswith=q).order_by("code")[:limit]]
    # (area, score, prefixes removed): on equal scores the stage closest to what was typed wins.
    scored: dict[int, tuple[Area, float, int]] = {}
    for index, stage in enumerate(stages):
        for area in base.filter(
            Q(search_key__startswith=stage) | Q(search_key__contains=" " + stage)
        )[:200]:
            best = max(
                (_area_score(s, area), -i) for i, s in enumerate(stages[index:], start=index)
            )
            if area.pk not in scored or best[0] > scored[area.pk][1]:
                scored[area.pk] = (area, best[0], -best[1])
    if len(scored) < limit:
        # Typo tolerance on both databases: candidates sharing a first letter, scored in Python.
        for area in (
            base.filter(search_key__contains=q[0])
            .exclude(pk__in=list(scored))
            .only("pk", "code", "level", "name_th", "name_en", "search_key", "parent_id")
        ):
            score = _area_score(q, area)
            if score:
                scored[area.pk] = (area, score, len(stages) - 1)
    level_rank = {Level.PROVINCE: 0, Level.DISTRICT: 1, Level.SUBDISTRICT: 2, Level.VILLAGE: 3}
    ranked = sorted(
        (t for t in scored.values() if t[1] > 0),
        key=lambda t: (-t[1], t[2], level_rank[t[0].level], t[0].code),
    )
    return [(a, s) for a, s, _ in ranked[:limit]]


def villages_of(code: str) -> QuerySet[Area]:
    return thai_ordering(children(code=code, level=Level.VILLAGE), "code")
