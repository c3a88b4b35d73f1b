"""Reads of the survey: only what the acting user's scope allows; every read of personal records
audited once per request or export. Completeness figures are aggregates (no personal data)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from sodsong.accounts.models import Role
from sodsong.accounts.scope import scope_for
from sodsong.audit.services import log_personal_read
from sodsong.core.context import acting_for
from sodsong.geo.models import Area, Level
from sodsong.people.models import Person
from sodsong.survey.models import (
    ImportJob,
    RedFlag,
    Residence,
    Resident,
    ResidentStatus,
    Submission,
    SurveyRound,
    Tm30Status,
    Visit,
)
from sodsong.thai.text import normalize_text, similarity

RESIDENT = "survey.resident"
VISIT = "survey.visit"


def _uuid(value: Any) -> UUID | None:
    try:
        return UUID(str(value))
    except ValueError:
        return None


def log_read(
    *,
    user: Any,
    object_type: str,
    object_ids: Iterable[Any],
    purpose: str = "",
    export: bool = False,
) -> None:
    """Audits as the user the selector acted for, also where no request set the actor."""
    with acting_for(user):
        log_personal_read(
            object_type=object_type, object_ids=object_ids, purpose=purpose, export=export
        )


# --- residents -------------------------------------------------------------------------------


def resident_queryset(*, user: Any) -> QuerySet[Resident]:
    scope = scope_for(user)
    return (
        Resident.objects.filter(scope.personal_filter("area__code"))
        .filter(person__deleted_at__isnull=True)
        .select_related("person", "area")
    )


def resident_list(
    *,
    user: Any,
    query: str = "",
    area_code: str = "",
    status: str = "",
    tm30: str = "",
    limit: int = 50,
    offset: int = 0,
) -> list[Resident]:
    residents = resident_queryset(user=user).prefetch_related(
        "person__documents", "phones", "residences__area"
    )
    if area_code:
        residents = residents.filter(area__code__startswith=area_code)
    if status:
        residents = residents.filter(status=status)
    if tm30:
        residents = residents.filter(
            residences__moved_out_on__isnull=True, residences__tm30_status=tm30
        )
    q = normalize_text(query)
    if q:
        residents = residents.filter(
            Q(person__search_key__contains=q) | Q(person__documents__number__contains=q.upper())
        ).distinct()
    result = list(
        residents.order_by("area__code", "person__search_key", "pk")[offset : offset + limit]
    )
    log_read(user=user, object_type=RESIDENT, object_ids=[r.uuid for r in result])
    return result


def resident_get(*, user: Any, uuid: Any) -> Resident | None:
    key = _uuid(uuid)
    if key is None:
        return None
    resident = (
        resident_queryset(user=user)
        .prefetch_related(
            "person__documents", "phones", "residences__notifications", "residences__host__person"
        )
        .filter(uuid=key)
        .first()
    )
    if resident is not None:
        log_read(user=user, object_type=RESIDENT, object_ids=[resident.uuid])
    return resident


def residents_of_village(*, user: Any, area: Area) -> list[Resident]:
    """The residents living in one village, for the visit form."""
    result = list(
        resident_queryset(user=user)
        .filter(area=area, status=ResidentStatus.LIVING)
        .order_by("person__search_key", "pk")[:300]
    )
    log_read(user=user, object_type=RESIDENT, object_ids=[r.uuid for r in result])
    return result


def likely_duplicates(
    *,
    user: Any,
    given_name_latin: str = "",
    family_name_latin: str = "",
    given_name_th: str = "",
    family_name_th: str = "",
    birth_year: int | None = None,
    birth_month: int | None = None,
) -> list[Resident]:
    """Residents in the user's scope with a similar name and the same year (and month, when both
    are known) of birth: the form warns before a second record of one person is made."""
    if birth_year is None:
        return []
    names = [
        n
        for n in (
            normalize_text(f"{given_name_latin} {family_name_latin}"),
            normalize_text(f"{given_name_th} {family_name_th}"),
        )
        if n
    ]
    if not names:
        return []
    people = Person.objects.filter(
        scope_for(user).personal_filter("area__code"), birth_year=birth_year, compartment=""
    ).select_related("resident")
    found: list[Resident] = []
    for person in people[:2000]:
        if birth_month and person.birth_month and birth_month != person.birth_month:
            continue
        theirs = [
            n
            for n in (
                normalize_text(f"{person.given_name_latin} {person.family_name_latin}"),
                normalize_text(f"{person.given_name_th} {person.family_name_th}"),
            )
            if n
        ]
        if any(similarity(a, b) >= 0.85 for a in names for b in theirs):
            resident = getattr(person, "resident", None)
            if resident is not None and resident.deleted_at is None:
                found.append(resident)
    log_read(user=user, object_type=RESIDENT, object_ids=[r.uuid for r in found])
    return found[:10]


def residents_for_export(*, user: Any, purpose: str, area_code: str = "") -> QuerySet[Resident]:
    """The registry of the user's jurisdiction, for an export: audited with the purpose (a
    `PurposeRequired` without one)."""
    residents = resident_queryset(user=user).prefetch_related(
        "person__documents", "phones", "residences"
    )
    if area_code:
        residents = residents.filter(area__code__startswith=area_code)
    residents = residents.order_by("area__code", "pk")
    log_read(
        user=user,
        object_type=RESIDENT,
        object_ids=residents.values_list("uuid", flat=True),
        purpose=purpose,
        export=True,
    )
    return residents


# --- visits ----------------------------------------------------------------------------------


def visit_queryset(*, user: Any) -> QuerySet[Visit]:
    scope = scope_for(user)
    return Visit.objects.filter(scope.personal_filter("area__code")).select_related(
        "area", "visitor"
    )


def visit_list(*, user: Any, area_code: str = "", limit: int = 50, offset: int = 0) -> list[Visit]:
    visits = visit_queryset(user=user).prefetch_related("red_flags", "residents__person")
    if area_code:
        visits = visits.filter(area__code__startswith=area_code)
    result = list(visits[offset : offset + limit])
    log_read(user=user, object_type=VISIT, object_ids=[v.uuid for v in result])
    return result


def visit_get(*, user: Any, uuid: Any) -> Visit | None:
    key = _uuid(uuid)
    if key is None:
        return None
    visit = (
        visit_queryset(user=user)
        .prefetch_related("red_flags", "residents__person")
        .filter(uuid=key)
        .first()
    )
    if visit is not None:
        log_read(user=user, object_type=VISIT, object_ids=[visit.uuid])
    return visit


def red_flags(*, active_only: bool = True) -> list[RedFlag]:
    flags = RedFlag.objects.all()
    if active_only:
        flags = flags.filter(active=True)
    return list(flags)


# --- rounds and completeness ------------------------------------------------------------------


def _round_visible(user: Any, survey_round: SurveyRound) -> bool:
    scope = scope_for(user)
    code = survey_round.area.code
    # Its own area is inside the user's, or the user's area is inside the round's.
    return scope.covers_area(code) or any(c.startswith(code) for c in scope.area_codes)


def round_list(*, user: Any) -> list[SurveyRound]:
    return [r for r in SurveyRound.objects.select_related("area") if _round_visible(user, r)]


def round_get(*, user: Any, uuid: Any) -> SurveyRound | None:
    key = _uuid(uuid)
    if key is None:
        return None
    survey_round = SurveyRound.objects.select_related("area").filter(uuid=key).first()
    if survey_round is None or not _round_visible(user, survey_round):
        return None
    return survey_round


def submissions_for(*, user: Any, survey_round: SurveyRound) -> list[Submission]:
    scope = scope_for(user)
    return list(
        survey_round.submissions.filter(scope.area_filter("area__code"))
        .select_related("area", "round")
        .order_by("area__code")
    )


def submission_get(*, user: Any, uuid: Any) -> Submission | None:
    key = _uuid(uuid)
    if key is None:
        return None
    submission = Submission.objects.select_related("round", "area").filter(uuid=key).first()
    if submission is None or not scope_for(user).covers_area(submission.area.code):
        return None
    return submission


LEVEL_LENGTH = {Level.VILLAGE: 8, Level.SUBDISTRICT: 6, Level.DISTRICT: 4}


@dataclass
class CompletenessRow:
    code: str
    name: str
    expected: int = 0
    # Of the expected units, the ชุมชน of municipalities (the rest are หมู่บ้าน).
    communities: int = 0
    submitted: int = 0
    approved: int = 0
    returned: int = 0
    on_time: int = 0
    residents: int = 0
    visits: int = 0
    tm30_missing: int = 0
    missing_villages: list[str] = field(default_factory=list)

    @property
    def percent_submitted(self) -> int:
        return round(100 * self.submitted / self.expected) if self.expected else 0

    @property
    def waiting(self) -> int:
        return self.submitted - self.approved

    @property
    def percent_waiting(self) -> int:
        return self.percent_submitted - self.percent_approved

    @property
    def percent_approved(self) -> int:
        return round(100 * self.approved / self.expected) if self.expected else 0


def completeness(*, user: Any, survey_round: SurveyRound, level: str) -> list[CompletenessRow]:
    """Per village, sub-district or district of the round, within the user's areas: villages
    expected, submitted, approved, on time; residents registered; visits in the round's period;
    current residences without a TM.30 notification. Aggregates only."""
    length = LEVEL_LENGTH.get(level, 6)
    scope = scope_for(user)
    prefix = survey_round.area.code
    in_scope = scope.area_filter("area__code")

    def key(code: str) -> str:
        return code[:length]

    rows: dict[str, CompletenessRow] = {}

    def row(code: str) -> CompletenessRow:
        k = key(code)
        if k not in rows:
            rows[k] = CompletenessRow(code=k, name="")
        return rows[k]

    for code, status, submitted_at, community in survey_round.submissions.filter(
        in_scope
    ).values_list("area__code", "status", "submitted_at", "area__community"):
        r = row(code)
        r.expected += 1
        r.communities += int(bool(community))
        # One definition per count (issue 20): submitted = waiting for the district or approved;
        # on time and approved are parts of submitted; a returned one is back with the headman.
        submitted = status in (Submission.Status.SUBMITTED, Submission.Status.APPROVED)
        if submitted:
            r.submitted += 1
        if status == Submission.Status.APPROVED:
            r.approved += 1
        if status == Submission.Status.RETURNED:
            r.returned += 1
        if (
            submitted
            and submitted_at is not None
            and timezone.localdate(submitted_at) <= survey_round.ends_on
        ):
            r.on_time += 1
        if status in (Submission.Status.DRAFT, Submission.Status.RETURNED):
            r.missing_villages.append(code)
    counts: defaultdict[str, dict[str, int]] = defaultdict(dict)
    for code, n in (
        Resident.objects.filter(
            in_scope, area__code__startswith=prefix, status=ResidentStatus.LIVING
        )
        .values_list("area__code")
        .annotate(n=Count("id"))
    ):
        counts[code]["residents"] = n
    for code, n in (
        Visit.objects.filter(
            in_scope,
            area__code__startswith=prefix,
            is_draft=False,
            visited_on__gte=survey_round.starts_on,
            visited_on__lte=survey_round.ends_on,
        )
        .values_list("area__code")
        .annotate(n=Count("id"))
    ):
        counts[code]["visits"] = n
    for code, n in (
        Residence.objects.filter(
            in_scope,
            area__code__startswith=prefix,
            moved_out_on__isnull=True,
            tm30_status=Tm30Status.MISSING,
            resident__status=ResidentStatus.LIVING,
            resident__deleted_at__isnull=True,
        )
        .values_list("area__code")
        .annotate(n=Count("id"))
    ):
        counts[code]["tm30_missing"] = n
    for code, figures in counts.items():
        if key(code) not in rows:
            continue
        r = rows[key(code)]
        r.residents += figures.get("residents", 0)
        r.visits += figures.get("visits", 0)
        r.tm30_missing += figures.get("tm30_missing", 0)
    names = dict(Area.objects.filter(code__in=list(rows)).values_list("code", "name_th"))
    for code, r in rows.items():
        r.name = names.get(code, code)
    return [rows[k] for k in sorted(rows)]


def completeness_total(rows: list[CompletenessRow]) -> CompletenessRow:
    total = CompletenessRow(code="", name="")
    for r in rows:
        for name in (
            "expected",
            "communities",
            "submitted",
            "approved",
            "returned",
            "on_time",
            "residents",
            "visits",
            "tm30_missing",
        ):
            setattr(total, name, getattr(total, name) + getattr(r, name))
    return total


# --- imports -------------------------------------------------------------------------------


def import_job_get(*, user: Any, uuid: Any) -> ImportJob | None:
    key = _uuid(uuid)
    if key is None:
        return None
    jobs = ImportJob.objects.select_related("job_run").filter(uuid=key)
    if not scope_for(user).has_role(Role.PROVINCE):
        jobs = jobs.filter(uploaded_by=user)
    return jobs.first()


def import_job_list(*, user: Any) -> list[ImportJob]:
    return list(ImportJob.objects.filter(uploaded_by=user)[:20])
