"""Reads of people: only what the acting user's scope allows, and every read audited."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any
from uuid import UUID

from django.db.models import Q, QuerySet

from sodsong.accounts.models import User
from sodsong.accounts.scope import scope_for
from sodsong.audit.services import log_personal_read
from sodsong.core.context import acting_for
from sodsong.people.models import Person, PersonCompartment, PossibleDuplicate
from sodsong.thai.text import fuzzy_matches, normalize_text, search_key

OBJECT_TYPE = "people.person"


def _log_read(*, user: User, object_ids: Iterable[Any], purpose: str = "") -> None:
    """Audits a read as the user the selector acted for, even where no request set the actor
    (a job, a command, a test): an audit entry that says nobody read a person is useless."""
    with acting_for(user):
        log_personal_read(object_type=OBJECT_TYPE, object_ids=object_ids, purpose=purpose)


# Other ways a user may see a person besides area: each returns a queryset of person ids
# (e.g. cases: the people on the cases the user works). Registered in AppConfig.ready so that
# people, the core, does not import the modules built on it.
VisibilitySource = Callable[[User], QuerySet]
_visibility_sources: list[VisibilitySource] = []


def register_visibility(source: VisibilitySource) -> None:
    if source not in _visibility_sources:
        _visibility_sources.append(source)


# Compartments: people created inside a record whose own rule decides who sees them, not the
# area rule (the accused of a misconduct matter, #17 H3). Each returns two querysets of person
# ids: every member of the compartment, and the members this user may see through its rule.
# A member the rule does not grant is left out of the registry, search, API and exports even
# where the area rule (or an assignment) would show him.
Compartment = Callable[[User], tuple[QuerySet, QuerySet]]
_compartments: list[Compartment] = []


def register_compartment(compartment: Compartment) -> None:
    if compartment not in _compartments:
        _compartments.append(compartment)


def person_queryset(*, user: User, compartments: bool = False) -> QuerySet[Person]:
    """People the user may see: those of the registry recorded in the user's areas, and those
    reached through an assignment registered by another module (agency officers through their
    cases). The ministry sees none.

    A person recorded inside a compartment (an informant, a protected witness or a victim of a
    case; the accused of a matter) is never seen by area, and never listed, searched or offered
    as the registry: only `compartments=True` (one person opened from the case or matter the
    user may see there) reaches them (issue #17 item 2)."""
    scope = scope_for(user)
    registry = Q(compartment=PersonCompartment.REGISTRY)
    visible = scope.personal_filter("area__code") & registry
    if getattr(user, "is_authenticated", False):
        for source in _visibility_sources:
            reached = Q(pk__in=source(user))
            visible |= reached if compartments else reached & registry
    people = Person.objects.filter(visible)
    # Compartments with their own rule (#17 H3): members the rule does not grant are left out.
    for compartment in _compartments:
        members, granted = compartment(user)
        people = people.exclude(Q(pk__in=members) & ~Q(pk__in=granted))
    return people.select_related("area").prefetch_related("documents")


def person_list(
    *, user: User, area_code: str = "", query: str = "", limit: int = 50, offset: int = 0
) -> list[Person]:
    people = person_queryset(user=user)
    if area_code:
        people = people.filter(area__code__startswith=area_code)
    if query:
        result = person_search(
            user=user, query=query, area_code=area_code, limit=limit, offset=offset
        )
    else:
        result = list(
            people.order_by("family_name_latin", "given_name_latin", "pk")[offset : offset + limit]
        )
        _log_read(user=user, object_ids=[p.uuid for p in result])
    return result


def person_get(*, user: User, uuid: str, purpose: str = "") -> Person | None:
    try:
        key = UUID(str(uuid))
    except ValueError:
        # A malformed id answers like a missing record (the API's 404), not a server error.
        return None
    # One person, opened by id: a compartment person too, where a case or matter the user may
    # see there reaches him.
    person = person_queryset(user=user, compartments=True).filter(uuid=key).first()
    if person is not None:
        _log_read(user=user, object_ids=[person.uuid], purpose=purpose)
    return person


def _name_score(q: str, person: Person) -> float:
    """How well `q` matches the person's names: the whole key, and each script's full name on
    its own, so that a typo in a two-word Latin name still matches a key that starts with the
    Thai name."""
    return max(
        fuzzy_matches(q, person.search_key),
        fuzzy_matches(q, search_key(person.given_name_th, person.family_name_th)),
        fuzzy_matches(q, search_key(person.given_name_latin, person.family_name_latin)),
    )


def person_search(
    *, user: User, query: str, area_code: str = "", limit: int = 20, offset: int = 0
) -> list[Person]:
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
    wanted = offset + limit
    direct = list(people.filter(search_key__contains=q)[: wanted * 4])
    scored = [(_name_score(q, p), p) for p in direct]
    if len(direct) < wanted:
        seen = {p.pk for p in direct}
        first = q[0]
        candidates = people.filter(search_key__contains=first).exclude(pk__in=seen)[:2000]
        scored.extend((_name_score(q, p), p) for p in candidates)
    ranked = [p for score, p in sorted(scored, key=lambda sp: -sp[0]) if score > 0]
    page = ranked[offset:wanted]
    _log_read(user=user, object_ids=[p.uuid for p in page])
    return page


def person_visible(*, user: User, person: Person, compartments: bool = False) -> bool:
    """May the user see this person (no audit: a check, not a read)? By default as the registry:
    a compartment person is never matched, attached or offered outside his case or matter."""
    return person_queryset(user=user, compartments=compartments).filter(pk=person.pk).exists()


def possible_duplicates(*, user: User, include_resolved: bool = False) -> list[PossibleDuplicate]:
    """Possible duplicates whose two people the user may both see: only they may decide whether
    the two records are one person. Audited as a read of both."""
    visible = person_queryset(user=user, compartments=True).values("pk")
    found = PossibleDuplicate.objects.filter(existing__in=visible, candidate__in=visible)
    if not include_resolved:
        found = found.filter(resolved_at__isnull=True)
    result = list(found.select_related("existing", "candidate"))
    ids = [p.uuid for d in result for p in (d.existing, d.candidate)]
    if ids:
        _log_read(user=user, object_ids=list(dict.fromkeys(ids)))
    return result


def possible_duplicate_get(*, user: User, uuid: str) -> PossibleDuplicate | None:
    """One open possible duplicate whose two people the user may both see (audited as a read of
    both), None otherwise: a flag he may not decide answers like a missing one."""
    try:
        key = UUID(str(uuid))
    except ValueError:
        return None
    visible = person_queryset(user=user, compartments=True).values("pk")
    flag = (
        PossibleDuplicate.objects.filter(
            uuid=key, resolved_at__isnull=True, existing__in=visible, candidate__in=visible
        )
        .select_related("existing", "candidate")
        .first()
    )
    if flag is not None:
        _log_read(user=user, object_ids=[flag.existing.uuid, flag.candidate.uuid])
    return flag
