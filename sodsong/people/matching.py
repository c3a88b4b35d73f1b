"""Find or create the person a case, a matter or the survey records: the one place where an
identity document given for a new person is matched with the people already recorded.

Issue #17 item 1: a document that matches a person the user may not see must neither attach nor
reveal them. The new person is recorded without that document, and a `PossibleDuplicate` keeps
the two together for someone who may see both (audited). A match inside the user's reach is
attached (cases) or refused with its id (the survey, which must not record a resident twice).

Issue #17 item 2: the area of a new person is checked against the user's scope, and a person
created inside a compartment (a case's informant, protected witness or victim; a matter's
accused) is recorded there, out of the people registry.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.db import transaction
from django.utils.translation import gettext as _

from sodsong.accounts.scope import scope_for
from sodsong.audit.models import AuditEvent
from sodsong.audit.services import log_action
from sodsong.geo.models import Area
from sodsong.people.models import IdentityDocument, Person, PersonCompartment, PossibleDuplicate
from sodsong.people.selectors import person_visible
from sodsong.people.services import (
    DocumentInput,
    PersonError,
    document_add,
    document_owner,
    person_create,
    validate_document,
)

OBJECT_TYPE = "people.possibleduplicate"


class PersonAreaError(PersonError):
    """The new person's area lies outside what the user may record in."""


@dataclass(frozen=True)
class NewPerson:
    """What a form or the API gives for a person not yet chosen from the registry."""

    given_name_th: str = ""
    family_name_th: str = ""
    given_name_latin: str = ""
    family_name_latin: str = ""
    birth_year: int | None = None
    birth_month: int | None = None
    birth_day: int | None = None
    sex: str = ""
    nationality: str = ""
    documents: tuple[DocumentInput, ...] = ()


@dataclass
class PartyPerson:
    person: Person
    # An existing person in the user's reach was attached (no new record).
    attached: bool = False
    # Documents that matched people out of reach: kept on PossibleDuplicate records only.
    flagged: list[PossibleDuplicate] = field(default_factory=list)


def area_check(*, user: Any, area: Area, also: tuple[str, ...] = ()) -> None:
    """Refuses an area the user may not record people in: outside the areas of his roles and
    outside `also` (e.g. the areas of the case he works). The ministry records nobody."""
    scope = scope_for(user)
    allowed = any(area.code.startswith(c) for c in (*scope.area_codes, *also) if c)
    if not allowed:
        raise PersonAreaError(_("You may not record a person in this area."))


@transaction.atomic
def party_person(
    *,
    user: Any,
    new: NewPerson,
    area: Area,
    source: str,
    compartment: str = PersonCompartment.REGISTRY,
    compartment_ref: UUID | None = None,
    on_visible_match: str = "attach",
    area_also: tuple[str, ...] = (),
) -> PartyPerson:
    """The person to record for `new`: an existing one in the user's reach whose document
    matches (`on_visible_match="attach"`, or `"refuse"` with its id), or a new one in `area`
    (checked against the user's scope and `area_also`) and `compartment`. A document held by
    someone out of the user's reach is left off the new person and flagged, revealing nothing."""
    if compartment not in PersonCompartment.values:
        raise PersonError(_("Unknown compartment."))
    area_check(user=user, area=area, also=area_also)
    documents = [validate_document(d) for d in new.documents]
    kept: list[DocumentInput] = []
    hidden: list[tuple[Person, DocumentInput]] = []
    for doc in documents:
        owner = document_owner(doc)
        if owner is None:
            kept.append(doc)
        elif person_visible(user=user, person=owner):
            if on_visible_match == "attach":
                return PartyPerson(person=owner, attached=True)
            raise PersonError(
                _("This document already belongs to a recorded person (%(uuid)s).")
                % {"uuid": owner.uuid}
            )
        else:
            hidden.append((owner, doc))
    person = person_create(
        area=area,
        source=source,
        given_name_th=new.given_name_th,
        family_name_th=new.family_name_th,
        given_name_latin=new.given_name_latin,
        family_name_latin=new.family_name_latin,
        birth_year=new.birth_year,
        birth_month=new.birth_month,
        birth_day=new.birth_day,
        sex=new.sex,
        nationality=new.nationality,
        documents=kept,
        created_by_id=getattr(user, "pk", None),
        compartment=compartment,
        compartment_ref=compartment_ref,
    )
    result = PartyPerson(person=person)
    result.flagged = flag_held_elsewhere(
        user=user, held=[(owner.pk, person.pk, doc) for owner, doc in hidden]
    )
    return result


@transaction.atomic
def document_add_matched(
    *, user: Any, person: Person, document: DocumentInput
) -> IdentityDocument | PossibleDuplicate:
    """Adds an identity document to a person the user works on (the caller checked that he may).
    A number nobody holds is added; one held by someone in the user's reach is refused as before;
    one held by someone out of reach answers as a number nobody holds (no "already recorded"
    that would tell the number exists, #17 C1) and is kept as a `PossibleDuplicate` for someone
    who may see both, like a new person's document on registration."""
    doc = validate_document(document)
    owner = document_owner(doc)
    if owner is None or person_visible(user=user, person=owner):
        return document_add(person=person, document=doc)
    (flag,) = flag_held_elsewhere(user=user, held=[(owner.pk, person.pk, doc)])
    return flag


@transaction.atomic
def flag_held_elsewhere(
    *, user: Any, held: Sequence[tuple[int, int, DocumentInput]]
) -> list[PossibleDuplicate]:
    """Records, for each `(holder id, new person id, document)`, that a document given for the
    new person is held by someone out of the user's reach: a `PossibleDuplicate` that only
    someone who may see both people lists and decides (#17 C1). The same flag for every path
    that records people (case parties, survey residents, documents added later, spreadsheet
    imports), audited by the flags' ids only: the holder is named in the flag, never in the log.
    Returns the flags (one already recorded for the same pair and document is kept)."""
    flags: list[PossibleDuplicate] = []
    created_ids: list[str] = []
    for holder_id, person_id, doc in held:
        flag, created = PossibleDuplicate.objects.get_or_create(
            existing_id=holder_id,
            candidate_id=person_id,
            doc_type=doc.doc_type,
            defaults={
                "issuing_state": doc.issuing_state,
                "number": doc.number,
                "created_by_id": getattr(user, "pk", None),
            },
        )
        flags.append(flag)
        if created:
            created_ids.append(str(flag.uuid))
    if created_ids:
        log_action(
            action=AuditEvent.Action.CREATE,
            object_type=OBJECT_TYPE,
            object_ids=created_ids,
            detail={"reason": "identity document held by a person out of the user's reach"},
        )
    return flags
