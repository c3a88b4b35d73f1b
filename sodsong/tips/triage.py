"""Triage: a score for every tip and watch report, with the reasons listed.

The score is computed from four behaviour-based features only (issue 4, DOMAIN §5):
red flags present, identifiers already seen in other tips, reports or cases, corroboration by
independent reporters, and recency. `TriageFeatures` is the whole input of `score`: nationality,
ethnicity, religion, language and their stand-ins (a phone's country code, the language of the
message, whether someone is in the foreign-resident registry) cannot reach it.
tests/tips/test_triage_fairness.py proves that changing them changes no score.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sodsong.entities.models import IdentifierMention, SourceType

RED_FLAG_POINTS, RED_FLAG_CAP = 10, 40
SHARED_POINTS, SHARED_CAP = 15, 30
REPORTER_POINTS, REPORTER_CAP = 10, 30
RECENCY_STEPS = ((7, 15), (30, 8), (90, 3))  # (within days, points)
MAX_SCORE = 100
# Sources that count as "seen elsewhere": other tips, watch reports and cases. Registry entries
# do not: being in the foreign-resident registry is a stand-in for nationality.
CORROBORATING_SOURCES = (SourceType.TIP, SourceType.REPORT, SourceType.CASE)
# Two reports about the same village within this many days, sharing a red flag, corroborate.
SAME_PLACE_DAYS = 60

REASON_LABELS = {
    "red_flags": _("Red flags present: %(count)s"),
    "shared_identifiers": _("Identifiers already seen in other tips, reports or cases: %(count)s"),
    "independent_reporters": _("Independent reporters corroborate: %(count)s"),
    "recent": _("Happened %(count)s day(s) ago"),
}


@dataclass(frozen=True)
class TriageFeatures:
    red_flags: int
    shared_identifiers: int
    independent_reporters: int
    age_days: int


@dataclass(frozen=True)
class TriageResult:
    score: int
    reasons: list[dict[str, Any]]


def score(features: TriageFeatures) -> TriageResult:
    reasons: list[dict[str, Any]] = []

    def add(code: str, count: int, points: int) -> None:
        if points > 0:
            reasons.append({"code": code, "count": count, "points": points})

    add("red_flags", features.red_flags, min(features.red_flags * RED_FLAG_POINTS, RED_FLAG_CAP))
    add(
        "shared_identifiers",
        features.shared_identifiers,
        min(features.shared_identifiers * SHARED_POINTS, SHARED_CAP),
    )
    add(
        "independent_reporters",
        features.independent_reporters,
        min(features.independent_reporters * REPORTER_POINTS, REPORTER_CAP),
    )
    for within, points in RECENCY_STEPS:
        if features.age_days <= within:
            add("recent", features.age_days, points)
            break
    total = min(MAX_SCORE, sum(r["points"] for r in reasons))
    return TriageResult(score=total, reasons=reasons)


def reason_text(reason: dict[str, Any]) -> str:
    label = REASON_LABELS.get(reason.get("code", ""))
    if label is None:
        return str(reason.get("code", ""))
    return str(label) % {"count": reason.get("count", 0)}


def reporter_key(tip: Any) -> str:
    """Who sent a tip, for telling independent reporters apart. Anonymous public tips all count
    as one reporter, so a flood of anonymous tips cannot corroborate itself."""
    if tip.reporter_id:
        return f"user:{tip.reporter_id}"
    contact = (tip.contact_phone or tip.contact_email or "").strip().casefold()
    return f"contact:{contact}" if contact else "anonymous"


def features_for(tip: Any, *, now: dt.datetime | None = None) -> TriageFeatures:
    from sodsong.tips.models import Tip, TipStatus

    now = now or timezone.now()
    own = IdentifierMention.objects.filter(source_type=tip.kind, source_uuid=tip.uuid)
    identifier_ids = set(own.values_list("identifier_id", flat=True))
    excluded_tips = set(
        Tip.all_objects.filter(
            Q(status=TipStatus.DUPLICATE) | Q(deleted_at__isnull=False)
        ).values_list("uuid", flat=True)
    )
    others = (
        IdentifierMention.objects.filter(
            identifier_id__in=identifier_ids, source_type__in=CORROBORATING_SOURCES
        )
        .exclude(source_uuid=tip.uuid)
        .exclude(source_uuid__in=excluded_tips)
    )
    shared = len(set(others.values_list("identifier_id", flat=True)))
    related_uuids = set(
        others.filter(source_type__in=(SourceType.TIP, SourceType.REPORT)).values_list(
            "source_uuid", flat=True
        )
    )
    related = list(Tip.objects.filter(uuid__in=related_uuids).exclude(status=TipStatus.DUPLICATE))
    if tip.red_flags and tip.area.level == "village":
        since = (tip.created_at or now) - dt.timedelta(days=SAME_PLACE_DAYS)
        for other in (
            Tip.objects.filter(area_id=tip.area_id, created_at__gte=since)
            .exclude(pk=tip.pk)
            .exclude(status=TipStatus.DUPLICATE)
        ):
            if set(other.red_flags) & set(tip.red_flags):
                related.append(other)
    mine = reporter_key(tip)
    reporters = {reporter_key(t) for t in related} - {mine}
    happened = tip.occurred_on or timezone.localtime(tip.created_at or now).date()
    age = max(0, (timezone.localtime(now).date() - happened).days)
    return TriageFeatures(
        red_flags=len(set(tip.red_flags or [])),
        shared_identifiers=shared,
        independent_reporters=len(reporters),
        age_days=age,
    )
