"""Who may see a case, and what of it.

A case is visible to:
- officers of its participating agencies (agency officers whose agency takes part, until the lead
  agency revokes the participation; district and provincial officers whose office takes part),
- district officers of the districts it covers,
- provincial administration officers of its province;
and never to kamnan, village headmen, local bodies, the ministry, analysts or investigators
through this module.

Inside a visible case three need-to-know compartments (informants' identities, victims'
identities, planned operations) are shown only to the case members named for each of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.db.models import Q, QuerySet

from sodsong.accounts.models import Agency, AgencyKind, Role, User
from sodsong.accounts.scope import prefix_filter, scope_for
from sodsong.audit.services import log_personal_read
from sodsong.cases.models import (
    Case,
    CaseEvent,
    CaseMember,
    CaseParticipation,
    CaseParty,
    Compartment,
    Operation,
    OperationStatus,
    PartyRole,
    Prosecution,
    Screening,
    Task,
    TaskStatus,
)
from sodsong.core.context import acting_for

PERSON_OBJECT_TYPE = "people.person"
COMPARTMENTS = ("informants", "victims", "operations")


def _participating_case_ids(agency_id: int) -> QuerySet:
    return CaseParticipation.objects.filter(agency_id=agency_id, revoked_at__isnull=True).values(
        "case_id"
    )


def case_queryset(*, user: User) -> QuerySet[Case]:
    scope = scope_for(user)
    if scope.is_empty:
        return Case.objects.none()
    query = Q(pk__in=[])
    if scope.has_role(Role.PROVINCE):
        query |= prefix_filter("area__code", scope.role_areas.get(Role.PROVINCE, ()))
    if scope.has_role(Role.DISTRICT):
        codes = scope.role_areas.get(Role.DISTRICT, ())
        covered = Case.areas.through.objects.filter(prefix_filter("area__code", codes)).values(
            "case_id"
        )
        query |= prefix_filter("area__code", codes) | Q(pk__in=covered)
    officer_roles = (Role.AGENCY_OFFICER, Role.DISTRICT, Role.PROVINCE)
    if user.agency_id and scope.has_role(*officer_roles):
        query |= Q(pk__in=_participating_case_ids(user.agency_id))
    return Case.objects.filter(query).select_related("area", "lead_agency")


@dataclass(frozen=True)
class CaseAccess:
    case: Case
    can_edit: bool
    is_lead: bool
    compartments: frozenset[str] = field(default_factory=frozenset)

    def sees(self, compartment: str) -> bool:
        return not compartment or compartment in self.compartments


def case_get(*, user: User, uuid: Any) -> Case | None:
    try:
        key = UUID(str(uuid))
    except ValueError:
        return None
    return case_queryset(user=user).filter(uuid=key).first()


def case_access(*, user: User, case: Case) -> CaseAccess:
    """What the user may do on a case they can see (call only after `case_get`)."""
    scope = scope_for(user)
    member = CaseMember.objects.filter(case=case, user=user, removed_at__isnull=True).first()
    participates = bool(
        user.agency_id
        and scope.has_role(Role.AGENCY_OFFICER, Role.DISTRICT, Role.PROVINCE)
        and CaseParticipation.objects.filter(
            case=case, agency_id=user.agency_id, revoked_at__isnull=True
        ).exists()
    )
    is_lead = participates and user.agency_id == case.lead_agency_id
    return CaseAccess(
        case=case,
        can_edit=participates or member is not None,
        is_lead=is_lead,
        compartments=frozenset(member.compartments()) if member else frozenset(),
    )


def case_access_for(*, user: User, uuid: Any) -> CaseAccess | None:
    case = case_get(user=user, uuid=uuid)
    return case_access(user=user, case=case) if case is not None else None


def _log_person_read(*, user: User, person_uuids: list[Any], purpose: str = "") -> None:
    with acting_for(user):
        log_personal_read(object_type=PERSON_OBJECT_TYPE, object_ids=person_uuids, purpose=purpose)


def parties_visible(*, user: User, access: CaseAccess, audit: bool = True) -> list[CaseParty]:
    """The people in the case the user may see; informants and victims only for those named
    for the compartment. Every read is audited by the people's ids."""
    parties = [
        p
        for p in access.case.parties.select_related("person", "person__area").prefetch_related(
            "person__documents",
            "arrests",
            "charges__section_applied__version__law",
            "charges__section_in_force__version",
        )
        if access.sees(p.compartment)
    ]
    records = {r.party_id: r for r in Prosecution.objects.filter(party__in=parties)}
    for party in parties:
        party.prosecution_record = records.get(party.pk)
    if audit:
        _log_person_read(user=user, person_uuids=[p.person.uuid for p in parties])
    return parties


def hidden_counts(*, access: CaseAccess) -> dict[str, int]:
    """How many records each compartment hides from this user (numbers only, no identities)."""
    counts = {c: 0 for c in COMPARTMENTS}
    for party in access.case.parties.all():
        if party.compartment and not access.sees(party.compartment):
            counts[party.compartment] += 1
    if not access.sees(Compartment.OPERATIONS):
        counts["operations"] = access.case.operations.filter(status=OperationStatus.PLANNED).count()
    return counts


def operations_visible(*, access: CaseAccess) -> list[Operation]:
    return [
        o for o in access.case.operations.prefetch_related("seizures") if access.sees(o.compartment)
    ]


def party_get(*, user: User, uuid: Any) -> tuple[CaseAccess, CaseParty] | None:
    try:
        key = UUID(str(uuid))
    except ValueError:
        return None
    party = CaseParty.objects.select_related("case", "person").filter(uuid=key).first()
    if party is None:
        return None
    case = case_queryset(user=user).filter(pk=party.case_id).first()
    if case is None:
        return None
    access = case_access(user=user, case=case)
    if not access.sees(party.compartment):
        return None
    return access, party


def operation_get(*, user: User, uuid: Any) -> tuple[CaseAccess, Operation] | None:
    try:
        key = UUID(str(uuid))
    except ValueError:
        return None
    operation = Operation.objects.filter(uuid=key).first()
    if operation is None:
        return None
    case = case_queryset(user=user).filter(pk=operation.case_id).first()
    if case is None:
        return None
    access = case_access(user=user, case=case)
    if not access.sees(operation.compartment):
        return None
    return access, operation


def task_get(*, user: User, uuid: Any) -> tuple[CaseAccess, Task] | None:
    try:
        key = UUID(str(uuid))
    except ValueError:
        return None
    task = Task.objects.filter(uuid=key).first()
    if task is None:
        return None
    case = case_queryset(user=user).filter(pk=task.case_id).first()
    if case is None:
        return None
    return case_access(user=user, case=case), task


def timeline(*, access: CaseAccess) -> list[CaseEvent]:
    allowed = [""] + sorted(access.compartments)
    return list(
        access.case.events.filter(compartment__in=allowed)
        .select_related("actor")
        .order_by("-at", "-id")
    )


def tasks_for_user(*, user: User) -> list[Task]:
    """Open tasks assigned to the user or to the user's agency, on cases the user can see;
    overdue first."""
    cases = case_queryset(user=user).values("pk")
    assigned = Q(assignee_user=user)
    if user.agency_id:
        assigned |= Q(assignee_agency_id=user.agency_id, assignee_user__isnull=True)
    tasks = list(
        Task.objects.filter(
            assigned, case__in=cases, status__in=[TaskStatus.OPEN, TaskStatus.IN_PROGRESS]
        )
        .select_related("case", "assignee_agency")
        .order_by("due_on", "id")
    )
    tasks.sort(
        key=lambda t: (not t.is_overdue(), t.due_on is None, t.due_on or t.created_at.date())
    )
    return tasks


def people_visible_via_cases(user: User) -> QuerySet:
    """Ids of the people the user sees through cases (values of `person_id`), for
    `people.selectors.person_queryset`: `Q(pk__in=people_visible_via_cases(user))`."""
    cases = case_queryset(user=user).values("pk")
    members = CaseMember.objects.filter(user=user, removed_at__isnull=True)
    victim = Q(role=PartyRole.VICTIM) | Q(screening=Screening.VICTIM)
    open_matter = ~Q(role=PartyRole.INFORMANT) & ~victim
    informants = Q(
        role=PartyRole.INFORMANT, case__in=members.filter(informants=True).values("case_id")
    )
    victims = (
        victim
        & ~Q(role=PartyRole.INFORMANT)
        & Q(case__in=members.filter(victims=True).values("case_id"))
    )
    return (
        CaseParty.objects.filter(case__in=cases)
        .filter(open_matter | informants | victims)
        .values("person_id")
    )


def case_readable_by(user: Any, case_uuid: str) -> bool:
    """Attachment access check: whoever sees the case sees its files."""
    if not getattr(user, "is_authenticated", False):
        return False
    return case_get(user=user, uuid=case_uuid) is not None


# Agencies a district or provincial officer may name to lead a case, in the order offered
# (enforcement first; not the ministry, local bodies or other bodies, which only join).
LEAD_KINDS = (
    AgencyKind.POLICE,
    AgencyKind.PROVINCIAL_POLICE,
    AgencyKind.IMMIGRATION,
    AgencyKind.MILITARY,
    AgencyKind.ISOC,
    AgencyKind.LABOUR,
    AgencyKind.PROVINCIAL_ADMIN,
    AgencyKind.DISTRICT_OFFICE,
)


def lead_agency_choices(*, user: User) -> list[Agency]:
    """The agencies the user may name to lead a new case: their own agency; district and
    provincial officers also any agency working in their district or province (the district's
    police station, the province's immigration, military and labour offices)."""
    scope = scope_for(user)
    own = [user.agency] if user.agency_id else []
    codes = [c for role in (Role.DISTRICT, Role.PROVINCE) for c in scope.role_areas.get(role, ())]
    if not user.agency_id or not codes:
        return own
    found: dict[int, Agency] = {a.pk: a for a in own}
    candidates = sorted(
        Agency.objects.filter(kind__in=LEAD_KINDS).prefetch_related("areas"),
        key=lambda a: (LEAD_KINDS.index(a.kind), a.name_th),
    )
    for agency in candidates:
        agency_codes = [a.code for a in agency.areas.all()]
        if any(a.startswith(c) or c.startswith(a) for a in agency_codes for c in codes):
            found.setdefault(agency.pk, agency)
    return list(found.values())


def visible_refs(user: Any, uuids: list[UUID]) -> dict[UUID, Any]:
    """The entities module's resolver for cases: those the user may open."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from sodsong.entities.models import SourceType
    from sodsong.entities.selectors import SourceRef

    if not getattr(user, "is_authenticated", False):
        return {}
    return {
        case.uuid: SourceRef(
            source_type=SourceType.CASE,
            uuid=case.uuid,
            label=_("case %(number)s") % {"number": case.number},
            url=reverse("cases:detail", args=[case.uuid]),
            area_code=case.area.code,
            object_type="cases.case",
        )
        for case in case_queryset(user=user).filter(uuid__in=uuids)
    }


def source_areas(uuids: list[UUID]) -> dict[UUID, str]:
    """The area code of each case (for "a case held in อำเภอ X"; no content)."""
    return dict(Case.objects.filter(uuid__in=uuids).values_list("uuid", "area__code"))


def origin_tips(*, user: User, case: Case):
    """The tips and reports a case came from: those the user may open, and for the others only
    the district that holds them (audited)."""
    from sodsong.entities.models import SourceType
    from sodsong.entities.selectors import describe_sources

    uuids = [o.tip_uuid for o in case.origins.all() if o.tip_uuid]
    return describe_sources(
        user=user, source_type=SourceType.TIP, uuids=uuids, context=f"case:{case.uuid}"
    )


def shared_identifiers(*, user: User, case: Case):
    """The case's identifiers and the tips, reports, registry entries and other cases that share
    them, as far as the user may see (audited)."""
    from sodsong.entities.models import SourceType
    from sodsong.entities.selectors import shared_for_source

    return shared_for_source(user=user, source_type=SourceType.CASE, source_uuid=case.uuid)
