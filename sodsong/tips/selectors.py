"""Reads of tips and watch reports: only what the acting user may see, every read audited.

Who sees what (decided conservatively):
- district officers: every tip and report in their district; the province: all of the province;
  analysts: the province they are assigned, read-only;
- kamnan, headmen and local bodies: the watch reports they wrote themselves, nothing else;
- agency officers, investigators and the ministry: none (cases will share what they need).
The reporter's identity is shown only to officers the district designates (and to the reporter).
"""

from __future__ import annotations

import datetime as dt
import uuid as uuid_module
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from sodsong.accounts.models import Role
from sodsong.accounts.scope import prefix_filter, scope_for
from sodsong.audit.models import AuditEvent
from sodsong.audit.services import Identity, identity, log_action, log_personal_read
from sodsong.core.context import acting_for, current_actor
from sodsong.tips.models import ReporterDesignation, Tip, TipKind, TipStatus

OBJECT_TYPE = "tips.tip"
AREA_READ_ROLES = (Role.DISTRICT, Role.PROVINCE, Role.ANALYST)
MANAGE_ROLES = (Role.DISTRICT, Role.PROVINCE)
OWN_REPORT_ROLES = (Role.HEADMAN, Role.KAMNAN, Role.LOCALGOV)


def _codes(user: Any, roles: tuple[str, ...]) -> list[str]:
    scope = scope_for(user)
    return [code for role in roles for code in scope.role_areas.get(role, ())]


def _log(user: Any, object_ids: list[Any], purpose: str = "") -> None:
    with acting_for(user):
        log_personal_read(object_type=OBJECT_TYPE, object_ids=object_ids, purpose=purpose)


def can_use_queue(user: Any) -> bool:
    scope = scope_for(user)
    return scope.has_role(*AREA_READ_ROLES, *OWN_REPORT_ROLES)


def tip_queryset(*, user: Any) -> QuerySet[Tip]:
    query = prefix_filter("area__code", _codes(user, AREA_READ_ROLES))
    if scope_for(user).has_role(*OWN_REPORT_ROLES):
        query |= Q(kind=TipKind.REPORT, reporter_id=user.pk)
    return Tip.objects.filter(query).select_related("area", "area__parent")


def can_manage(user: Any, tip: Tip) -> bool:
    """May the user mark, merge or annotate this tip? District officers and the province."""
    return any(tip.area.code.startswith(c) for c in _codes(user, MANAGE_ROLES))


# A tip can be passed to a case while it is open or verified; not twice, and not a duplicate.
PROMOTABLE_STATUSES = (TipStatus.NEW, TipStatus.VERIFIED)


def may_promote_any(user: Any) -> bool:
    """District and provincial officers of an agency (their office leads or joins the case)."""
    return bool(getattr(user, "agency_id", None)) and scope_for(user).has_role(*MANAGE_ROLES)


def can_promote(user: Any, tip: Tip) -> bool:
    """May the user pass this tip to a case? Its district's officers and the province, while the
    tip is open or verified."""
    return tip.status in PROMOTABLE_STATUSES and may_promote_any(user) and can_manage(user, tip)


def promotable_tips(*, user: Any, uuids: Any) -> list[Tip] | None:
    """The tips to promote together, in the order given; None when any of them is not one the
    user may see and manage (the caller answers as for a missing record). Audited as a read."""
    keys = []
    for raw in uuids:
        try:
            keys.append(uuid_module.UUID(str(raw)))
        except ValueError:
            return None
    keys = list(dict.fromkeys(keys))
    if not keys:
        return None
    found = {t.uuid: t for t in tip_queryset(user=user).filter(uuid__in=keys)}
    if len(found) != len(keys) or not all(can_manage(user, t) for t in found.values()):
        return None
    tips = [found[k] for k in keys]
    _log(user, keys)
    return tips


# The audit log's kind for the identity behind a tip: its sender or reporter (#17 H6).
IDENTITY_KIND = "tips.reporter"


def can_see_reporter(user: Any, tip: Tip) -> bool:
    if tip.reporter_id is not None and tip.reporter_id == getattr(user, "pk", None):
        return True
    district = tip.area.code[:4]
    if len(district) < 4:
        return False
    if not tip_queryset(user=user).filter(pk=tip.pk).exists():
        return False
    return ReporterDesignation.objects.filter(
        user_id=user.pk, district__code=district, revoked_at__isnull=True
    ).exists()


def reporter_identity_visible(user: Any, tip_uuids: list[str]) -> bool:
    """The audit log's check for events about a tip's sender or reporter (#17 H6): may the user
    see who sent every one of these tips?"""
    tips = list(Tip.all_objects.select_related("area").filter(uuid__in=tip_uuids))
    return len(tips) == len(set(tip_uuids)) and all(can_see_reporter(user, t) for t in tips)


def audit_subject(tip: Tip) -> tuple[str | None, Identity | None]:
    """A save of a tip by its own reporter names him: the event is about a protected identity."""
    acting = current_actor().user_id
    if tip.reporter_id is not None and tip.reporter_id == acting:
        return None, identity(IDENTITY_KIND, tip.uuid)
    return None, None


def reporter_read(*, user: Any, tip: Tip) -> bool:
    """Checks and audits a look at the reporter's identity."""
    if not can_see_reporter(user, tip):
        return False
    log_action(
        action=AuditEvent.Action.READ,
        object_type="tips.reporter",
        object_ids=[tip.uuid],
        detail={"reporter_identity": True},
    )
    return True


def tip_list(
    *,
    user: Any,
    status: str = "",
    kind: str = "",
    area_code: str = "",
    urgent: bool = False,
    sort: str = "score",
    limit: int = 100,
    offset: int = 0,
) -> list[Tip]:
    tips = tip_queryset(user=user)
    if status:
        tips = tips.filter(status=status)
    if kind:
        tips = tips.filter(kind=kind)
    if area_code:
        tips = tips.filter(area__code__startswith=area_code)
    if urgent:
        tips = tips.filter(urgent=True)
    ordering = {
        "score": ("-score", "-created_at"),
        "newest": ("-created_at",),
        "oldest": ("created_at",),
    }.get(sort, ("-score", "-created_at"))
    page = list(tips.order_by(*ordering, "pk")[offset : offset + limit])
    _log(user, [t.uuid for t in page])
    return page


def tip_get(*, user: Any, uuid: Any, purpose: str = "") -> Tip | None:
    try:
        key = uuid_module.UUID(str(uuid))
    except ValueError:
        return None
    tip = tip_queryset(user=user).filter(uuid=key).first()
    if tip is not None:
        _log(user, [tip.uuid], purpose=purpose)
    return tip


def tip_by_code_for_officer(*, user: Any, code: str) -> Tip | None:
    from sodsong.tips.services import normalize_tracking_code

    return tip_queryset(user=user).filter(tracking_code=normalize_tracking_code(code)).first()


def urgent_for_dashboard(*, user: Any, limit: int = 5) -> list[Tip]:
    """New urgent items of the user's district or province, from the last two weeks."""
    codes = _codes(user, MANAGE_ROLES)
    if not codes:
        return []
    since = timezone.now() - dt.timedelta(days=14)
    items = list(
        Tip.objects.filter(
            prefix_filter("area__code", codes),
            status=TipStatus.NEW,
            urgent=True,
            created_at__gte=since,
        )
        .select_related("area")
        .order_by("-score", "-created_at")[:limit]
    )
    _log(user, [t.uuid for t in items])
    return items


def public_status(*, code: str) -> Tip | None:
    """The public lookup: the caller shows the status only."""
    from sodsong.tips.services import normalize_tracking_code

    clean = normalize_tracking_code(code)
    if not clean:
        return None
    return Tip.objects.filter(tracking_code=clean, kind=TipKind.TIP).first()


def designations_for(*, user: Any) -> QuerySet[ReporterDesignation]:
    codes = _codes(user, MANAGE_ROLES)
    query = Q(pk__in=[])
    for code in codes:
        query |= Q(district__code__startswith=code)
    return (
        ReporterDesignation.objects.filter(query, revoked_at__isnull=True)
        .select_related("district", "user")
        .order_by("district__code", "user__username")
    )


def visible_refs(user: Any, uuids: list[uuid_module.UUID]) -> dict[uuid_module.UUID, Any]:
    """The entities module's resolver for tips and reports: those the user may open."""
    from django.urls import reverse

    from sodsong.entities.selectors import SourceRef

    found = {}
    for tip in tip_queryset(user=user).filter(uuid__in=uuids):
        found[tip.uuid] = SourceRef(
            source_type=tip.kind,
            uuid=tip.uuid,
            label=f"{tip.get_kind_display()} {tip.tracking_code}",
            url=reverse("tips:detail", args=[tip.uuid]),
            area_code=tip.area.code,
            object_type=OBJECT_TYPE,
        )
    return found


def source_areas(uuids: list[uuid_module.UUID]) -> dict[uuid_module.UUID, str]:
    """The area code of each tip or report (for "a tip from อำเภอ X"; no content)."""
    return dict(Tip.objects.filter(uuid__in=uuids).values_list("uuid", "area__code"))
