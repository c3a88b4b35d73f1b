"""Reads of people: only what the acting user's scope allows, and every read audited."""

from __future__ import annotations

from django.db.models import QuerySet

from sodsong.accounts.models import User
from sodsong.accounts.scope import scope_for
from sodsong.audit.services import log_personal_read
from sodsong.people.models import Person
from sodsong.thai.text import fuzzy_matches, normalize_text

OBJECT_TYPE = "people.person"


def person_queryset(*, user: User) -> QuerySet[Person]:
    """People the user may see. Agency officers and investigators will see people through their
    cases and matters (added by those modules); the ministry sees none."""
    scope = scope_for(user)
    return (
        Person.objects.filter(scope.personal_filter("area__code"))
        .select_related("area")
        .prefetch_related("documents")
    )


def person_list(
    *, user: User, area_code: str = "", query: str = "", limit: int = 50, offset: int = 0
) -> list[Person]:
    people = person_queryset(user=user)
    if area_code:
        people = people.filter(area__code__startswith=area_code)
    if query:
        result = person_search(user=user, query=query, area_code=area_code, limit=limit)
    else:
        result = list(
            people.order_by("family_name_latin", "given_name_latin", "pk")[offset : offset + limit]
        )
        log_personal_read(object_type=OBJECT_TYPE, object_ids=[p.uuid for p in result])
    return result


def person_get(*, user: User, uuid: str, purpose: str = "") -> Person | None:
    person = person_queryset(user=user).filter(uuid=uuid).first()
    if person is not None:
        log_personal_read(object_type=OBJECT_TYPE, object_ids=[person.uuid], purpose=purpose)
    return person


def person_search(*, user: User, query: str, area_code: str = "", limit: int = 20) -> list[Person]:
    """Prefix and typo-tolerant name search, the same on SQLite and PostgreSQL.

    Exact and prefix matches come from the database (indexed `search_key`); when they are too
    few, candidates sharing the query's first character are ranked by similarity in Python.
    """
    q = normalize_text(query)
    if not q:
        return []
    people = person_queryset(user=user)
    if area_code:
        people = people.filter(area__code__startswith=area_code)
    direct = list(people.filter(search_key__contains=q)[: limit * 4])
    scored = [(fuzzy_matches(q, p.search_key), p) for p in direct]
    if len(direct) < limit:
        seen = {p.pk for p in direct}
        first = q[0]
        candidates = people.filter(search_key__contains=first).exclude(pk__in=seen)[:2000]
        scored.extend((fuzzy_matches(q, p.search_key), p) for p in candidates)
    ranked = [p for score, p in sorted(scored, key=lambda sp: -sp[0]) if score > 0][:limit]
    log_personal_read(object_type=OBJECT_TYPE, object_ids=[p.uuid for p in ranked])
    return ranked
