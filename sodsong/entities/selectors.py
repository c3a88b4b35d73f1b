"""Reads of identifiers: which other sources share them, as far as the viewer may see.

Each module that records mentions registers a resolver for its source type: given the viewer and
some source UUIDs, it returns the ones the viewer may open. A mention the viewer may not open is
shown only as "also reported in อำเภอ X", and that disclosure is audited.
"""

from __future__ import annotations

import uuid as uuid_module
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.urls import NoReverseMatch, reverse

from sodsong.accounts.models import Role
from sodsong.accounts.scope import scope_for
from sodsong.audit.models import AuditEvent
from sodsong.audit.services import log_action, log_personal_read
from sodsong.core.context import acting_for, current_actor
from sodsong.entities.models import Identifier, IdentifierMention, IdentifierType, SourceType
from sodsong.entities.services import IdentifierError, normalize_identifier
from sodsong.geo.models import Area

# Who may look identifiers up across sources (the Links page and its API).
LOOKUP_ROLES = frozenset({Role.DISTRICT, Role.PROVINCE, Role.ANALYST})


@dataclass(frozen=True)
class SourceRef:
    source_type: str
    uuid: uuid_module.UUID
    label: str
    url: str
    area_code: str
    object_type: str  # for the audit log


Resolver = Callable[[Any, list[uuid_module.UUID]], dict[uuid_module.UUID, SourceRef]]
# Given source UUIDs, the DOPA code of each one's area, whoever asks (for "held in อำเภอ X").
AreaLookup = Callable[[list[uuid_module.UUID]], dict[uuid_module.UUID, str]]
_resolvers: dict[str, Resolver] = {}
_area_lookups: dict[str, AreaLookup] = {}


def register_source(source_type: str, resolver: Resolver, areas: AreaLookup | None = None) -> None:
    _resolvers[source_type] = resolver
    if areas is not None:
        _area_lookups[source_type] = areas


@dataclass
class SharedIdentifier:
    identifier: Identifier
    visible: list[SourceRef] = field(default_factory=list)
    # District names where other mentions lie that the viewer may not open.
    elsewhere: list[str] = field(default_factory=list)
    # District names holding cases that mention it which the viewer may not open.
    elsewhere_cases: list[str] = field(default_factory=list)

    @property
    def type_label(self) -> str:
        return str(IdentifierType(self.identifier.type).label)


def _safe_reverse(name: str, *args: Any) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _resident_resolver(
    user: Any, uuids: list[uuid_module.UUID]
) -> dict[uuid_module.UUID, SourceRef]:
    """Registry entries of the survey module (when installed): visible within the personal
    scope of the mention's area."""
    scope = scope_for(user)
    found = {}
    for mention in IdentifierMention.objects.filter(
        source_type=SourceType.RESIDENT, source_uuid__in=uuids
    ):
        if scope.covers_personal(mention.area_code):
            found[mention.source_uuid] = SourceRef(
                source_type=SourceType.RESIDENT,
                uuid=mention.source_uuid,
                label=str(SourceType.RESIDENT.label),
                url=_safe_reverse("survey:resident", mention.source_uuid),
                area_code=mention.area_code,
                object_type="survey.resident",
            )
    return found


register_source(SourceType.RESIDENT, _resident_resolver)


def _registry_phones(user: Any, identifier: Identifier) -> tuple[list[SourceRef], list[str]]:
    """Residents of the survey registry whose phone equals the identifier (when installed)."""
    try:
        from sodsong.survey.models import ResidentPhone
    except ImportError:
        return [], []
    scope = scope_for(user)
    visible, outside = [], []
    phones = ResidentPhone.objects.filter(
        number=identifier.value, resident__deleted_at__isnull=True
    ).select_related("resident__area")
    for phone in phones:
        code = phone.resident.area.code
        if scope.covers_personal(code):
            visible.append(
                SourceRef(
                    source_type=SourceType.RESIDENT,
                    uuid=phone.resident.uuid,
                    label=str(SourceType.RESIDENT.label),
                    url=_safe_reverse("survey:resident", phone.resident.uuid),
                    area_code=code,
                    object_type="survey.resident",
                )
            )
        else:
            outside.append(code[:4])
    return visible, outside


def _registry_people(user: Any, identifier: Identifier) -> tuple[list[SourceRef], list[str]]:
    """Registry entries sharing the identifier: people holding the same 13-digit ID, residents
    with the same phone number."""
    if identifier.type == IdentifierType.PHONE:
        return _registry_phones(user, identifier)
    if identifier.type != IdentifierType.THAI_ID:
        return [], []
    from sodsong.people.models import DocumentType, IdentityDocument

    docs = IdentityDocument.objects.filter(
        doc_type=DocumentType.THAI_ID, number=identifier.value, person__deleted_at__isnull=True
    ).select_related("person__area")
    scope = scope_for(user)
    visible, outside = [], []
    for doc in docs:
        code = doc.person.area.code
        if scope.covers_personal(code):
            visible.append(
                SourceRef(
                    source_type=SourceType.RESIDENT,
                    uuid=doc.person.uuid,
                    label=str(SourceType.RESIDENT.label),
                    url=_safe_reverse("people:detail", doc.person.uuid),
                    area_code=code,
                    object_type="people.person",
                )
            )
        else:
            outside.append(code[:4])
    return visible, outside


def _district_names(codes: Iterable[str]) -> list[str]:
    wanted = sorted({c[:4] for c in codes if len(c) >= 4})
    names = {
        a.code: f"{a.level_label_th}{a.name_th.removeprefix('เขต')}"
        for a in Area.objects.filter(code__in=wanted)
    }
    return [names.get(c, c) for c in wanted]


def _resolve(
    user: Any, mentions: list[IdentifierMention]
) -> tuple[list[SourceRef], list[str], list[str]]:
    """The sources the user may open; the area codes of the other mentions, apart from cases;
    and the area codes of the cases the user may not open."""
    by_type: dict[str, list[uuid_module.UUID]] = defaultdict(list)
    for m in mentions:
        by_type[m.source_type].append(m.source_uuid)
    visible: dict[tuple[str, uuid_module.UUID], SourceRef] = {}
    for source_type, uuids in by_type.items():
        resolver = _resolvers.get(source_type)
        if resolver is None:
            continue
        for key, ref in resolver(user, list(set(uuids))).items():
            visible[(source_type, key)] = ref
    hidden = [m for m in mentions if (m.source_type, m.source_uuid) not in visible]
    outside = [m.area_code for m in hidden if m.source_type != SourceType.CASE]
    outside_cases = [m.area_code for m in hidden if m.source_type == SourceType.CASE]
    return list(visible.values()), outside, outside_cases


def _audit(
    *,
    user: Any,
    identifiers: list[Identifier],
    refs: list[SourceRef],
    outside: list[str],
    context: str,
) -> None:
    if current_actor().user_id != getattr(user, "pk", None):
        # Audit as the user the selector acted for, even where no request set the actor.
        with acting_for(user):
            _audit(user=user, identifiers=identifiers, refs=refs, outside=outside, context=context)
        return
    by_object: dict[str, list[uuid_module.UUID]] = defaultdict(list)
    for ref in refs:
        by_object[ref.object_type].append(ref.uuid)
    for object_type, uuids in by_object.items():
        log_personal_read(object_type=object_type, object_ids=sorted(set(uuids), key=str))
    if outside:
        # Disclosing that a match exists elsewhere is itself audited (ids and district codes only).
        log_action(
            action=AuditEvent.Action.READ,
            object_type="entities.identifier",
            object_ids=[i.uuid for i in identifiers],
            detail={"matches_outside": sorted({c[:4] for c in outside}), "context": context},
        )


def shared_for_source(
    *, user: Any, source_type: str, source_uuid: uuid_module.UUID
) -> list[SharedIdentifier]:
    """The identifiers of one source and the other sources that share each of them."""
    own = list(
        IdentifierMention.objects.filter(source_type=source_type, source_uuid=source_uuid)
        .select_related("identifier")
        .order_by("identifier__type", "identifier__value")
    )
    identifiers: dict[int, Identifier] = {m.identifier_id: m.identifier for m in own}
    result: list[SharedIdentifier] = []
    all_refs: list[SourceRef] = []
    all_outside: list[str] = []
    disclosed: list[Identifier] = []
    for identifier in identifiers.values():
        others = list(
            IdentifierMention.objects.filter(identifier=identifier).exclude(
                source_type=source_type, source_uuid=source_uuid
            )
        )
        refs, outside, outside_cases = _resolve(user, others)
        people_refs, people_outside = _registry_people(user, identifier)
        refs += people_refs
        outside += people_outside
        shared = SharedIdentifier(
            identifier=identifier,
            visible=sorted(
                {(r.source_type, r.uuid): r for r in refs}.values(), key=lambda r: r.label
            ),
            elsewhere=_district_names(outside),
            elsewhere_cases=_district_names(outside_cases),
        )
        if outside or outside_cases:
            disclosed.append(identifier)
        all_refs += shared.visible
        all_outside += outside + outside_cases
        result.append(shared)
    _audit(
        user=user,
        identifiers=disclosed,
        refs=all_refs,
        outside=all_outside,
        context=f"{source_type}:{source_uuid}",
    )
    return result


def can_look_up(user: Any) -> bool:
    return scope_for(user).has_role(*LOOKUP_ROLES)


def identifier_lookup(*, user: Any, type: str, value: str) -> SharedIdentifier | None:
    """One identifier by type and value, with the sources the user may open."""
    if not can_look_up(user):
        raise PermissionDenied
    try:
        clean = normalize_identifier(type, value)
    except IdentifierError:
        return None
    identifier = Identifier.objects.filter(type=type, value=clean).first()
    if identifier is None:
        return None
    return identifier_detail(user=user, identifier=identifier)


def identifier_get(*, user: Any, uuid: str) -> SharedIdentifier | None:
    if not can_look_up(user):
        raise PermissionDenied
    try:
        key = uuid_module.UUID(str(uuid))
    except ValueError:
        return None
    identifier = Identifier.objects.filter(uuid=key).first()
    return None if identifier is None else identifier_detail(user=user, identifier=identifier)


def identifier_detail(*, user: Any, identifier: Identifier) -> SharedIdentifier:
    mentions = list(IdentifierMention.objects.filter(identifier=identifier))
    refs, outside, outside_cases = _resolve(user, mentions)
    people_refs, people_outside = _registry_people(user, identifier)
    refs += people_refs
    outside += people_outside
    shared = SharedIdentifier(
        identifier=identifier,
        visible=sorted({(r.source_type, r.uuid): r for r in refs}.values(), key=lambda r: r.label),
        elsewhere=_district_names(outside),
        elsewhere_cases=_district_names(outside_cases),
    )
    _audit(
        user=user,
        identifiers=[identifier] if outside or outside_cases else [],
        refs=shared.visible,
        outside=outside + outside_cases,
        context="lookup",
    )
    return shared


@dataclass
class DescribedSources:
    """Some sources as the viewer may know them: those they may open, and for the others only
    the districts that hold them."""

    visible: list[SourceRef] = field(default_factory=list)
    elsewhere: list[str] = field(default_factory=list)
    # Sources this deployment does not hold (purged, or from another system).
    unknown: int = 0


def describe_sources(
    *, user: Any, source_type: str, uuids: Iterable[uuid_module.UUID], context: str
) -> DescribedSources:
    """The sources of one type among `uuids` the user may open; the districts of the others.
    Opening is audited as a read, naming the district of the others as a disclosure."""
    keys = list(dict.fromkeys(uuid_module.UUID(str(u)) for u in uuids))
    if not keys:
        return DescribedSources()
    resolver = _resolvers.get(source_type)
    visible = resolver(user, keys) if resolver is not None else {}
    rest = [k for k in keys if k not in visible]
    lookup = _area_lookups.get(source_type)
    areas = lookup(rest) if lookup is not None and rest else {}
    outside = [areas[k] for k in rest if k in areas]
    refs = [visible[k] for k in keys if k in visible]
    with acting_for(user):
        _audit_described(refs, rest, areas, outside, source_type, context)
    return DescribedSources(
        visible=refs, elsewhere=_district_names(outside), unknown=len(rest) - len(outside)
    )


def _audit_described(
    refs: list[SourceRef],
    rest: list[uuid_module.UUID],
    areas: dict[uuid_module.UUID, str],
    outside: list[str],
    source_type: str,
    context: str,
) -> None:
    by_object: dict[str, list[uuid_module.UUID]] = defaultdict(list)
    for ref in refs:
        by_object[ref.object_type].append(ref.uuid)
    for object_type, ids in by_object.items():
        log_personal_read(object_type=object_type, object_ids=sorted(set(ids), key=str))
    if outside:
        log_action(
            action=AuditEvent.Action.READ,
            object_type=f"entities.{source_type}",
            object_ids=[k for k in rest if k in areas],
            detail={"matches_outside": sorted({c[:4] for c in outside}), "context": context},
        )


def source_ref(*, user: Any, source_type: str, uuid: uuid_module.UUID | str) -> SourceRef | None:
    """One source if the user may open it (not audited: the caller shows a link only)."""
    resolver = _resolvers.get(source_type)
    if resolver is None:
        return None
    key = uuid_module.UUID(str(uuid))
    return resolver(user, [key]).get(key)
