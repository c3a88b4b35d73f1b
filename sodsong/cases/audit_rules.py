"""What the audit log needs to know about cases (#17 H6): an event about a party in a protected
compartment (an informant, a victim) names a protected identity, shown only to those named for
that compartment of the case."""

from __future__ import annotations

from typing import Any

from sodsong.audit.services import Identity, identity
from sodsong.cases.models import CaseParty
from sodsong.cases.selectors import case_access_for

IDENTITY_KIND = "cases.party"
# The person record of a party recorded inside the case (#17 item 2): the same identity.
PERSON_IDENTITY_KIND = "cases.person"


def party_subject(party: CaseParty) -> tuple[str | None, Identity | None]:
    area = party.case.area.code if party.case_id else None
    return area, identity(IDENTITY_KIND, party.uuid) if party.compartment else None


def person_subject(person: Any) -> tuple[str | None, Identity | None]:
    """A person recorded inside a case (informant, protected witness, victim) is a protected
    identity wherever his own record's events appear."""
    from sodsong.people.models import PersonCompartment

    if person.compartment == PersonCompartment.CASE:
        return None, identity(PERSON_IDENTITY_KIND, person.uuid)
    return None, None


def person_identity_visible(user: Any, person_uuids: list[str]) -> bool:
    """Visible to whoever may see every party of these people in their case's compartments."""
    parties = list(
        CaseParty.objects.filter(person__uuid__in=person_uuids).values_list("uuid", flat=True)
    )
    return bool(parties) and party_identity_visible(user, [str(u) for u in parties])


def party_identity_visible(user: Any, party_uuids: list[str]) -> bool:
    parties = list(CaseParty.objects.select_related("case").filter(uuid__in=party_uuids))
    if len(parties) != len(set(party_uuids)):
        return False
    for party in parties:
        access = case_access_for(user=user, uuid=party.case.uuid)
        if access is None or (party.compartment and party.compartment not in access.compartments):
            return False
    return True


def register() -> None:
    from sodsong.audit.services import register_identity, register_subject

    register_identity(IDENTITY_KIND, party_identity_visible)
    register_identity(PERSON_IDENTITY_KIND, person_identity_visible)
    register_subject("cases.caseparty", party_subject)
    register_subject("people.person", person_subject)
