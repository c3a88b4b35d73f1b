"""What is due for the signed-in user, most urgent first (issue 20): the home page's first list.

Each module's open work becomes a `DueItem`: directives addressed to the user (not acknowledged,
not reported), the survey round's villages not submitted (headman, kamnan) or waiting for review
(district), the district's indicator report and the district reports waiting for the province,
and the user's case tasks. Order: overdue first, then the letter's urgency (ด่วนที่สุด, ด่วนมาก,
ด่วน), then the nearest due date. Only links the user may open are listed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sodsong.accounts.models import Role
from sodsong.accounts.scope import scope_for

URGENCY_RANK = {"ด่วนที่สุด": 0, "ด่วนมาก": 1, "ด่วน": 2}


@dataclass(frozen=True)
class DueItem:
    title: str
    what: str
    url: str
    due_on: dt.date | None = None
    urgency: str = ""
    kind: str = ""

    def overdue(self, today: dt.date) -> bool:
        return self.due_on is not None and self.due_on < today

    def sort_key(self, today: dt.date) -> tuple[Any, ...]:
        return (
            not self.overdue(today),
            URGENCY_RANK.get(self.urgency, 3),
            self.due_on or dt.date.max,
            self.title,
        )


def _directives(user: Any) -> list[DueItem]:
    from sodsong.directives.selectors import todo_list

    items = []
    for group in todo_list(user=user):
        directive = group["directive"]
        if directive.status != "issued":
            continue
        if group["ack"] and not group["open"]:
            continue
        due = [a.due_on for a in group["assignments"] if a.reported_at is None and a.due_on]
        if not group["ack"]:
            what = _("Acknowledge, then report %(n)s item(s)") % {"n": group["open"]}
        else:
            what = _("Report %(n)s item(s)") % {"n": group["open"]}
        items.append(
            DueItem(
                title=directive.subject,
                what=what,
                url=reverse("directives:detail", args=[directive.uuid]),
                due_on=min(due) if due else directive.urgent_by,
                urgency=directive.urgency,
                kind=str(_("Directive")),
            )
        )
    return items


def _survey(user: Any) -> list[DueItem]:
    from sodsong.survey.models import Submission, SurveyRound

    scope = scope_for(user)
    items = []
    open_rounds = SurveyRound.objects.filter(status=SurveyRound.Status.OPEN).select_related("area")
    if scope.has_role(Role.HEADMAN, Role.KAMNAN):
        codes = [
            code for role in (Role.HEADMAN, Role.KAMNAN) for code in scope.role_areas.get(role, ())
        ]
        for survey_round in open_rounds:
            waiting = [
                s
                for s in survey_round.submissions.filter(
                    status__in=(Submission.Status.DRAFT, Submission.Status.RETURNED)
                ).select_related("area")
                if any(s.area.code.startswith(c) for c in codes)
            ]
            if waiting:
                names = ", ".join(s.area.name_th for s in waiting[:3])
                items.append(
                    DueItem(
                        title=survey_round.name,
                        what=_("Submit the survey of %(villages)s") % {"villages": names},
                        url=reverse("survey:round", args=[survey_round.uuid]),
                        due_on=survey_round.ends_on,
                        kind=str(_("Survey")),
                    )
                )
    if scope.has_role(Role.DISTRICT):
        codes = scope.role_areas.get(Role.DISTRICT, ())
        for survey_round in open_rounds:
            n = sum(
                1
                for code in survey_round.submissions.filter(
                    status=Submission.Status.SUBMITTED
                ).values_list("area__code", flat=True)
                if any(code.startswith(c) for c in codes)
            )
            if n:
                items.append(
                    DueItem(
                        title=survey_round.name,
                        what=_("Review %(n)s village submission(s)") % {"n": n},
                        url=reverse("survey:round", args=[survey_round.uuid]),
                        due_on=None,
                        kind=str(_("Survey")),
                    )
                )
    return items


def _reports(user: Any) -> list[DueItem]:
    from sodsong.indicators.models import Report, ReportLevel, ReportStatus
    from sodsong.indicators.selectors import report_queryset

    scope = scope_for(user)
    items = []
    if scope.has_role(Role.DISTRICT):
        codes = scope.role_areas.get(Role.DISTRICT, ())
        for report in report_queryset(user=user).filter(
            level=ReportLevel.DISTRICT, status__in=(ReportStatus.DRAFT, ReportStatus.RETURNED)
        ):
            if any(report.area.code.startswith(c) for c in codes):
                items.append(
                    DueItem(
                        title=report.period.name_th,
                        what=_("Submit the district's indicator report"),
                        url=reverse("indicators:report", args=[report.uuid]),
                        due_on=report.due_on,
                        kind=str(_("Indicators")),
                    )
                )
    if scope.has_role(Role.PROVINCE):
        waiting = list(
            report_queryset(user=user).filter(
                level=ReportLevel.DISTRICT, status=ReportStatus.SUBMITTED
            )
        )
        by_period: dict[int, list[Report]] = {}
        for report in waiting:
            by_period.setdefault(report.period_id, []).append(report)
        for reports in by_period.values():
            period = reports[0].period
            items.append(
                DueItem(
                    title=period.name_th,
                    what=_("Review %(n)s district report(s)") % {"n": len(reports)},
                    url=reverse("indicators:period", args=[period.uuid]),
                    due_on=period.province_due_on,
                    kind=str(_("Indicators")),
                )
            )
    return items


def _case_tasks(user: Any) -> list[DueItem]:
    from sodsong.cases.selectors import tasks_for_user

    return [
        DueItem(
            title=task.title,
            what=_("Case %(number)s") % {"number": task.case.number},
            url=reverse("cases:detail", args=[task.case.uuid]),
            due_on=task.due_on,
            kind=str(_("Case task")),
        )
        for task in tasks_for_user(user=user)
    ]


SOURCES = (_directives, _survey, _reports, _case_tasks)


def due_items(user: Any, *, today: dt.date | None = None) -> list[DueItem]:
    if not getattr(user, "is_authenticated", False) or scope_for(user).is_empty:
        return []
    today = today or timezone.localdate()
    items = [item for source in SOURCES for item in source(user)]
    return sorted(items, key=lambda item: item.sort_key(today))
