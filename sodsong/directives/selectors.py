"""Reads of directives, scoped like every page and API answer.

Who sees what:
- The issuer's side (the compliance board, every assignment, every report): users of the issuing
  agency who hold an office role (province or district officer), and provincial administration
  officers whose area covers the directive's area (so the province follows its districts'
  pass-downs).
- A recipient sees only its own assignments: those addressed to the user (a kamnan or headman)
  or to the user's agency when the user holds an office role there (a district officer for the
  district office, a police officer for the station, a local-body officer for the อบต.). A
  headman whose account belongs to the district office does not see the office's work.
- Anyone else — another district, the ministry — sees nothing.

Reports can carry personal details in their text and evidence, so reading them is audited.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.db.models import Q, QuerySet
from django.utils import timezone

from sodsong.accounts.models import Agency, AgencyKind, Role, RoleAssignment, User
from sodsong.accounts.scope import active_assignments, prefix_filter, scope_for
from sodsong.audit.services import log_personal_read
from sodsong.core.context import acting_for
from sodsong.directives.models import (
    Assignment,
    Directive,
    DirectiveItem,
    DirectiveStatus,
    ExtensionRequest,
    ExtensionStatus,
    Notice,
    Report,
)
from sodsong.geo.models import Area, Level

ISSUER_ROLES = frozenset({Role.PROVINCE, Role.DISTRICT})
# Roles whose holder acts for their agency when the agency is a recipient.
AGENCY_RECIPIENT_ROLES = frozenset(
    {Role.PROVINCE, Role.DISTRICT, Role.AGENCY_OFFICER, Role.LOCALGOV}
)
VILLAGE_RECIPIENT_ROLES = (Role.KAMNAN, Role.HEADMAN)
RECIPIENT_AGENCY_KINDS = (
    AgencyKind.DISTRICT_OFFICE,
    AgencyKind.POLICE,
    AgencyKind.IMMIGRATION,
    AgencyKind.MILITARY,
    AgencyKind.ISOC,
    AgencyKind.PROVINCIAL_POLICE,
    AgencyKind.LABOUR,
    AgencyKind.DAMRONGDHAM,
    AgencyKind.SOCIAL_DEVELOPMENT,
    AgencyKind.LOCAL_GOV,
)
REPORT_OBJECT_TYPE = "directives.report"


def _log_read(*, user: User, object_type: str, object_ids: list[Any]) -> None:
    with acting_for(user):
        log_personal_read(object_type=object_type, object_ids=object_ids)


# --- access rules -------------------------------------------------------------------------------


def issuer_area(user: User) -> Area | None:
    """The area a user issues directives for: the province or district of their office role."""
    scope = scope_for(user)
    if not user.agency_id:
        return None
    for role in (Role.PROVINCE, Role.DISTRICT):
        codes = scope.role_areas.get(role, ())
        if codes:
            return Area.objects.filter(code=sorted(codes, key=len)[0]).first()
    return None


def can_issue(user: User) -> bool:
    return issuer_area(user) is not None


def board_filter(user: User) -> Q:
    """Directives whose issuer side the user sees."""
    scope = scope_for(user)
    query = Q(pk__in=[])
    if user.agency_id and scope.has_role(*ISSUER_ROLES):
        query |= Q(issuer_agency_id=user.agency_id)
    if scope.has_role(Role.PROVINCE):
        query |= prefix_filter("area__code", scope.role_areas.get(Role.PROVINCE, ()))
    return query


def own_assignment_filter(user: User, prefix: str = "") -> Q:
    """Assignments addressed to the user or, for an office role, to the user's agency."""
    scope = scope_for(user)
    if scope.is_empty:
        return Q(pk__in=[])
    query = Q(**{f"{prefix}recipient_user_id": user.pk})
    if user.agency_id and scope.has_role(*AGENCY_RECIPIENT_ROLES):
        query |= Q(**{f"{prefix}recipient_agency_id": user.agency_id})
    return query


def can_manage(user: User, directive: Directive) -> bool:
    return Directive.objects.filter(board_filter(user), pk=directive.pk).exists()


def is_recipient(user: User, assignment: Assignment) -> bool:
    return Assignment.objects.filter(own_assignment_filter(user), pk=assignment.pk).exists()


# --- directives ---------------------------------------------------------------------------------


def directive_queryset(*, user: User) -> QuerySet[Directive]:
    own = Assignment.objects.filter(own_assignment_filter(user)).values("directive_id")
    return (
        Directive.objects.filter(board_filter(user) | Q(pk__in=own, status=DirectiveStatus.ISSUED))
        .select_related("issuer_agency", "area", "parent")
        .distinct()
    )


def directive_list(*, user: User, issued_by_me: bool | None = None) -> list[Directive]:
    directives = directive_queryset(user=user)
    if issued_by_me is True:
        directives = directives.filter(board_filter(user))
    return list(directives.order_by("-created_at")[:200])


def _uuid(value: Any) -> UUID | None:
    try:
        return UUID(str(value))
    except ValueError:
        return None


def directive_get(*, user: User, uuid: Any) -> Directive | None:
    key = _uuid(uuid)
    if key is None:
        return None
    return directive_queryset(user=user).filter(uuid=key).first()


def managed_directive_get(*, user: User, uuid: Any) -> Directive | None:
    key = _uuid(uuid)
    if key is None:
        return None
    return (
        Directive.objects.filter(board_filter(user), uuid=key)
        .select_related("issuer_agency", "area")
        .first()
    )


def directive_items(directive: Directive) -> list[DirectiveItem]:
    return list(directive.items.order_by("position"))


# --- assignments --------------------------------------------------------------------------------


def assignment_queryset(*, user: User) -> QuerySet[Assignment]:
    managed = Directive.objects.filter(board_filter(user)).values("pk")
    return Assignment.objects.filter(
        Q(directive_id__in=managed) | own_assignment_filter(user),
        directive__deleted_at__isnull=True,
    ).select_related("directive", "item", "area", "recipient_agency", "recipient_user")


def assignment_get(*, user: User, uuid: Any) -> Assignment | None:
    key = _uuid(uuid)
    if key is None:
        return None
    return assignment_queryset(user=user).filter(uuid=key).first()


def my_assignments(*, user: User, directive: Directive | None = None) -> list[Assignment]:
    rows = (
        Assignment.objects.filter(own_assignment_filter(user), directive__deleted_at__isnull=True)
        .select_related("directive", "item", "area", "recipient_agency", "recipient_user")
        .order_by("due_on", "directive_id", "item__position", "occurrence")
    )
    if directive is not None:
        rows = rows.filter(directive=directive)
    return list(rows)


def directive_assignments(*, user: User, directive: Directive) -> list[Assignment]:
    """Every assignment for the issuer side; only the user's own otherwise."""
    rows = Assignment.objects.filter(directive=directive).select_related(
        "item", "area", "recipient_agency", "recipient_user"
    )
    if not can_manage(user, directive):
        rows = rows.filter(own_assignment_filter(user))
    return list(rows.order_by("recipient_label", "item__position", "occurrence"))


def todo_list(*, user: User) -> list[dict[str, Any]]:
    """The user's own open work, grouped by directive, the nearest due date first."""
    today = timezone.localdate()
    groups: OrderedDict[int, dict[str, Any]] = OrderedDict()
    for a in my_assignments(user=user):
        group = groups.setdefault(
            a.directive_id,
            {"directive": a.directive, "assignments": [], "open": 0, "late": 0, "ack": True},
        )
        group["assignments"].append(a)
        if a.reported_at is None:
            group["open"] += 1
        if a.is_late(today) and a.reported_at is None:
            group["late"] += 1
        if a.acknowledged_at is None:
            group["ack"] = False
    return list(groups.values())


def notices_for(*, user: User, limit: int = 20) -> list[Notice]:
    return list(
        Notice.objects.filter(own_assignment_filter(user, "assignment__"), read_at__isnull=True)
        .select_related("assignment", "assignment__directive", "assignment__item")
        .order_by("-on")[:limit]
    )


# --- reports and extensions ---------------------------------------------------------------------


def reports_for(*, user: User, assignments: list[Assignment]) -> list[Report]:
    reports = list(
        Report.objects.filter(assignment__in=[a.pk for a in assignments])
        .select_related("assignment", "by")
        .order_by("at")
    )
    if reports:
        _log_read(user=user, object_type=REPORT_OBJECT_TYPE, object_ids=[r.uuid for r in reports])
    return reports


def report_queryset(*, user: User) -> QuerySet[Report]:
    return Report.objects.filter(
        assignment__in=assignment_queryset(user=user).values("pk")
    ).select_related("assignment", "by")


def pending_extensions(*, user: User, directive: Directive) -> list[ExtensionRequest]:
    if not can_manage(user, directive):
        return []
    return list(
        ExtensionRequest.objects.filter(
            assignment__directive=directive, status=ExtensionStatus.PENDING
        ).select_related("assignment", "assignment__item", "by")
    )


# --- the compliance board -----------------------------------------------------------------------


@dataclass
class BoardRow:
    key: str
    label: str
    kind: str  # district, agency, local, village
    area: Area
    total: int = 0
    acknowledged: int = 0
    reported: int = 0
    late: int = 0
    pending_extensions: int = 0
    next_due: dt.date | None = None
    assignments: list[Assignment] = field(default_factory=list)
    passed_down: Directive | None = None

    @property
    def all_acknowledged(self) -> bool:
        return self.total > 0 and self.acknowledged == self.total

    @property
    def all_reported(self) -> bool:
        return self.total > 0 and self.reported == self.total

    @property
    def percent_reported(self) -> int:
        return round(100 * self.reported / self.total) if self.total else 0


BOARD_FILTERS = ("all", "late", "not_acknowledged", "not_reported", "reported")
BOARD_KINDS = ("all", "district", "agency", "local", "village")


def _row_kind(a: Assignment) -> str:
    if a.recipient_user_id:
        return "village"
    kind = a.recipient_agency.kind if a.recipient_agency else ""
    if kind == AgencyKind.DISTRICT_OFFICE:
        return "district"
    if kind == AgencyKind.LOCAL_GOV:
        return "local"
    return "agency"


def compliance_board(
    *, user: User, directive: Directive, status: str = "all", kind: str = "all", q: str = ""
) -> list[BoardRow] | None:
    """Per recipient: acknowledged, reported, late. None when the user is not on the issuer side."""
    if not can_manage(user, directive):
        return None
    today = timezone.localdate()
    rows: OrderedDict[str, BoardRow] = OrderedDict()
    assignments = (
        Assignment.objects.filter(directive=directive)
        .select_related("item", "area", "recipient_agency", "recipient_user")
        .prefetch_related("extension_requests")
        .order_by("area__code", "recipient_label", "item__position", "occurrence")
    )
    for a in assignments:
        row = rows.get(a.recipient_key)
        if row is None:
            row = rows[a.recipient_key] = BoardRow(
                key=a.recipient_key, label=a.recipient_label, kind=_row_kind(a), area=a.area
            )
        row.assignments.append(a)
        row.total += 1
        row.acknowledged += a.acknowledged_at is not None
        row.reported += a.reported_at is not None
        row.late += a.is_late(today)
        row.pending_extensions += sum(
            1 for e in a.extension_requests.all() if e.status == ExtensionStatus.PENDING
        )
        if a.reported_at is None and a.due_on and (row.next_due is None or a.due_on < row.next_due):
            row.next_due = a.due_on
    children = {
        c.issuer_agency_id: c
        for c in Directive.objects.filter(parent=directive, status=DirectiveStatus.ISSUED)
    }
    result = []
    for row in rows.values():
        first = row.assignments[0]
        if first.recipient_agency_id in children:
            row.passed_down = children[first.recipient_agency_id]
        if kind != "all" and row.kind != kind:
            continue
        if q and q.strip() not in row.label:
            continue
        if status == "late" and not row.late:
            continue
        if status == "not_acknowledged" and row.all_acknowledged:
            continue
        if status == "not_reported" and row.all_reported:
            continue
        if status == "reported" and not row.all_reported:
            continue
        result.append(row)
    return result


def board_totals(rows: list[BoardRow]) -> dict[str, int]:
    return {
        "recipients": len(rows),
        "acknowledged": sum(1 for r in rows if r.all_acknowledged),
        "reported": sum(1 for r in rows if r.all_reported),
        "late": sum(1 for r in rows if r.late),
    }


# --- recipients ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recipient:
    key: str  # agency:<id> or user:<id>
    label: str
    kind: str
    area: Area
    agency: Agency | None = None
    user: User | None = None
    role: str = ""  # kamnan or headman for a village recipient


def _user_label(user: User, area: Area, role: str) -> str:
    title = {Role.KAMNAN: "กำนัน", Role.HEADMAN: "ผู้ใหญ่บ้าน"}.get(role, user.position_th)
    name = f"{user.first_name} {user.last_name}".strip() or user.username
    place = area.name_th
    if area.level == Level.VILLAGE and area.moo:
        place = f"หมู่ที่ {area.moo} {area.name_th}"
    elif area.level == Level.SUBDISTRICT:
        place = f"ตำบล{area.name_th}"
    return f"{title} {place} ({name})"


def recipient_choices(*, directive: Directive) -> list[Recipient]:
    """Who the directive can go to: agencies in the issuer's area and, from a district, its
    kamnan and headmen."""
    code = directive.area.code
    choices: list[Recipient] = []
    agencies = (
        Agency.objects.filter(kind__in=RECIPIENT_AGENCY_KINDS, areas__code__startswith=code)
        .exclude(pk=directive.issuer_agency_id)
        .prefetch_related("areas")
        .distinct()
        .order_by("kind", "name_th")
    )
    order = {k: i for i, k in enumerate(RECIPIENT_AGENCY_KINDS)}
    for agency in sorted(agencies, key=lambda a: (order.get(a.kind, 9), a.name_th)):
        areas = sorted(
            (a for a in agency.areas.all() if a.code.startswith(code)), key=lambda a: a.code
        )
        kind = {"district_office": "district", "local_gov": "local"}.get(agency.kind, "agency")
        choices.append(
            Recipient(f"agency:{agency.pk}", agency.name_th, kind, areas[0], agency=agency)
        )
    if directive.area.level == Level.DISTRICT:
        today = timezone.localdate()
        seen: set[int] = set()
        assignments = (
            RoleAssignment.objects.filter(
                role__in=VILLAGE_RECIPIENT_ROLES,
                revoked_at__isnull=True,
                valid_from__lte=today,
                areas__code__startswith=code,
                user__is_active=True,
            )
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
            .select_related("user")
            .prefetch_related("areas")
            .order_by("role", "user__username")
            .distinct()
        )
        # Kamnan first (the role order sorts "headman" before "kamnan"; put kamnan ahead).
        for ra in sorted(assignments, key=lambda r: (r.role != Role.KAMNAN, r.user.username)):
            if ra.user_id in seen:
                continue
            seen.add(ra.user_id)
            areas = sorted(
                (a for a in ra.areas.all() if a.code.startswith(code)), key=lambda a: a.code
            )
            choices.append(
                Recipient(
                    f"user:{ra.user_id}",
                    _user_label(ra.user, areas[0], ra.role),
                    "village",
                    areas[0],
                    user=ra.user,
                    role=ra.role,
                )
            )
    return choices


def default_recipient_keys(
    *,
    directive: Directive,
    choices: list[Recipient],
    items: list[DirectiveItem] | None = None,
) -> list[str]:
    """A province letter to "นายอำเภอ ทุกอำเภอ" goes to every district office; a district's
    pass-down goes to the kamnan, headmen, local bodies and agencies its items name (every
    kamnan, headman and local body when an item names no one in particular)."""
    if directive.area.level != Level.DISTRICT:
        return [c.key for c in choices if c.kind == "district"]
    from sodsong.directives.routing import item_audience, recipient_category, routed

    if items is None:
        items = list(directive.items.order_by("position")) if directive.pk else []
    audiences = [item_audience(actors=i.actors, text=i.text) for i in items]
    if not audiences:
        return [c.key for c in choices if c.kind in ("village", "local")]
    return [
        c.key
        for c in choices
        if c.kind != "district"
        and any(
            routed(audience=a, category=recipient_category(c)) and (a or c.kind != "agency")
            for a in audiences
        )
    ]


def user_area_for(user: User) -> Area | None:
    for ra in active_assignments(user):
        for area in ra.areas.all():
            return area
    return None
