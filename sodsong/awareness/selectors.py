"""Reads of awareness activities, and their totals per area and period.

- Activities (with the organiser's name and photos) are seen by the area roles whose areas hold the
  village (`scope.personal_filter`): headman, kamnan, local body, district, province, analyst.
  Agency officers, investigators and the ministry see totals only.
- Totals (`awareness_totals`, `awareness_totals_by_area`) are counts and sums without names; any
  user whose scope covers the area may read them (the ministry covers every area).

An activity holds no personal data of the public (the audience is a number), so list reads are not
audited; photo downloads are (by the attachment view), since a photo may show people.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.db.models import Count, Q, QuerySet, Sum

from sodsong.accounts.models import Role, User
from sodsong.accounts.scope import scope_for
from sodsong.awareness.models import Activity, ActivityType, Topic
from sodsong.geo.models import Area, Level

# Who may record an activity, in the villages under the areas of that role.
RECORDER_ROLES = (Role.HEADMAN, Role.KAMNAN, Role.LOCALGOV, Role.DISTRICT, Role.PROVINCE)


class OutOfScope(PermissionError):
    """The user may not see figures of this area."""


def activity_queryset(*, user: User) -> QuerySet[Activity]:
    scope = scope_for(user)
    return (
        Activity.objects.filter(scope.personal_filter("village__code"))
        .select_related("village", "village__parent", "organiser", "organiser_agency")
        .prefetch_related("topics")
    )


def activity_list(
    *,
    user: User,
    area_code: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[Activity]:
    activities = activity_queryset(user=user)
    if area_code:
        activities = activities.filter(village__code__startswith=area_code)
    if date_from:
        activities = activities.filter(held_on__gte=date_from)
    if date_to:
        activities = activities.filter(held_on__lte=date_to)
    return list(activities.order_by("-held_on", "-id")[offset : offset + limit])


def activity_get(*, user: User, uuid: str) -> Activity | None:
    try:
        key = UUID(str(uuid))
    except ValueError:
        return None
    return activity_queryset(user=user).filter(uuid=key).first()


def recorder_codes(user: User) -> tuple[str, ...]:
    """Area codes under which the user may record activities."""
    scope = scope_for(user)
    codes: list[str] = []
    for role in RECORDER_ROLES:
        codes.extend(scope.role_areas.get(role, ()))
    return tuple(sorted(set(codes)))


def can_record(user: User) -> bool:
    return bool(recorder_codes(user))


def can_record_in(user: User, village_code: str) -> bool:
    return any(village_code.startswith(c) for c in recorder_codes(user))


def recordable_villages(*, user: User) -> QuerySet[Area]:
    codes = recorder_codes(user)
    query = Q(pk__in=[])
    for code in codes:
        query |= Q(code__startswith=code)
    return (
        Area.objects.filter(query, level=Level.VILLAGE, abolished_on__isnull=True)
        .select_related("parent")
        .order_by("code")
    )


def can_change(user: User, activity: Activity) -> bool:
    """The organiser, or district and provincial staff over the village."""
    if activity.organiser_id == user.pk:
        return True
    scope = scope_for(user)
    office = [*scope.role_areas.get(Role.DISTRICT, ()), *scope.role_areas.get(Role.PROVINCE, ())]
    return any(activity.village.code.startswith(c) for c in office)


def can_edit_topics(user: User) -> bool:
    return scope_for(user).has_role(Role.PROVINCE, Role.ADMIN)


def topics(*, active_only: bool = True) -> QuerySet[Topic]:
    found = Topic.objects.all()
    return found.filter(active=True) if active_only else found


# --- totals for the indicators module ----------------------------------------------------------


@dataclass(frozen=True)
class AwarenessTotals:
    area_code: str
    date_from: dt.date
    date_to: dt.date
    activities: int
    people_reached: int
    villages: int
    by_type: dict[str, dict[str, int]] = field(default_factory=dict)
    by_topic: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "area_code": self.area_code,
            "date_from": self.date_from.isoformat(),
            "date_to": self.date_to.isoformat(),
            "activities": self.activities,
            "people_reached": self.people_reached,
            "villages": self.villages,
            "by_type": self.by_type,
            "by_topic": self.by_topic,
        }


def _in_period(area_code: str, date_from: dt.date, date_to: dt.date) -> QuerySet[Activity]:
    return Activity.objects.filter(
        village__code__startswith=area_code, held_on__gte=date_from, held_on__lte=date_to
    )


def awareness_totals(
    user: User, area_code: str, date_from: dt.date, date_to: dt.date
) -> AwarenessTotals:
    """Activities, people reached and villages reached in an area (DOPA-code prefix) and period
    (inclusive), by type and by topic. Counts only; refuses (`OutOfScope`) an area the user's
    scope does not cover."""
    if not scope_for(user).covers_area(area_code):
        raise OutOfScope(area_code)
    rows = _in_period(area_code, date_from, date_to)
    overall = rows.aggregate(
        n=Count("pk"), people=Sum("audience"), villages=Count("village", distinct=True)
    )
    by_type = {
        row["kind"]: {"activities": row["n"], "people_reached": row["people"] or 0}
        for row in rows.values("kind").annotate(n=Count("pk"), people=Sum("audience")).order_by()
    }
    for kind in ActivityType.values:
        by_type.setdefault(kind, {"activities": 0, "people_reached": 0})
    by_topic = {
        row["topics__code"]: row["n"]
        for row in rows.filter(topics__isnull=False)
        .values("topics__code")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    }
    return AwarenessTotals(
        area_code=area_code,
        date_from=date_from,
        date_to=date_to,
        activities=overall["n"] or 0,
        people_reached=overall["people"] or 0,
        villages=overall["villages"] or 0,
        by_type=by_type,
        by_topic=by_topic,
    )


@dataclass(frozen=True)
class AreaRow:
    area: Area
    activities: int
    people_reached: int


def awareness_totals_by_area(
    user: User, area_code: str, date_from: dt.date, date_to: dt.date
) -> list[AreaRow]:
    """The totals of each area one level below `area_code` (districts of a province, …)."""
    if not scope_for(user).covers_area(area_code):
        raise OutOfScope(area_code)
    children = list(Area.objects.filter(parent__code=area_code).order_by("code"))
    if not children:
        return []
    width = len(children[0].code)
    sums: dict[str, tuple[int, int]] = {}
    for code, audience in _in_period(area_code, date_from, date_to).values_list(
        "village__code", "audience"
    ):
        n, people = sums.get(code[:width], (0, 0))
        sums[code[:width]] = (n + 1, people + audience)
    return [AreaRow(c, *sums.get(c.code, (0, 0))) for c in children]
