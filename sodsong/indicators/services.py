"""Writes of the indicators module: periods, holidays, formulas and the reporting workflow.

The workflow follows DHIS2's data approval: a district submits its report for a period (its
values are frozen as a snapshot with the time they were computed); the province approves it
(which locks it) or returns it with comments; the province consolidates the approved district
reports into its own report and submits that to the ministry, which approves or returns it in
turn. Unlocking an approved report takes a reason and is audited.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sodsong.accounts.models import Agency, AgencyKind, User
from sodsong.accounts.scope import scope_for
from sodsong.audit.models import AuditEvent
from sodsong.audit.services import log_action
from sodsong.core.errors import DomainError
from sodsong.geo.models import Area, Level
from sodsong.indicators import formula, periods, selectors
from sodsong.indicators.catalogue import BUILTIN_BY_CODE, ORDERED_ITEMS_TH, by_code
from sodsong.indicators.models import (
    FormulaIndicator,
    Holiday,
    PeriodKind,
    Report,
    ReportEvent,
    ReportingPeriod,
    ReportLevel,
    ReportStatus,
)
from sodsong.thai.dates import MONTHS_TH, format_thai_date

if TYPE_CHECKING:
    from sodsong.directives.models import Directive, DirectiveItem

log = logging.getLogger(__name__)
OBJECT_TYPE = "indicators.report"
# Identifiers that must not go into a report that leaves the province.
PERSONAL_IDENTIFIER_TYPES = frozenset({"thai_id", "phone", "bank_account", "promptpay", "line_id"})


class ReportError(DomainError):
    """A workflow step that is not allowed now, or input that is not valid."""


class IncompleteReport(ReportError):
    """A provincial report sent before every district has reported, without confirmation."""


class NotAllowed(ReportError):
    """The user's role does not allow this step."""


# --- periods and holidays --------------------------------------------------------------------


@transaction.atomic
def period_create(
    *,
    user: User,
    province: Area,
    kind: str,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    received_on: dt.date | None = None,
    window_days: int | None = None,
    district_due_on: dt.date | None = None,
    province_due_on: dt.date | None = None,
    directive_reference: str = "",
    name_th: str = "",
    items: list[str] | None = None,
    directive: Directive | None = None,
) -> ReportingPeriod:
    """A reporting period of the province. A directive window is computed from the day the
    letter was received and its "ภายใน n วัน"; other kinds take their range as given.

    Given a directive record (one the user can see), the period is its window: what was not
    given is taken from the letter — the day it was received, the n of the item that asks for
    a report back (P30D), the citation for อ้างถึง, and its items for the narrative."""
    scope = scope_for(user)
    if not (scope.has_role("province") and scope.covers_area(province.code)):
        raise NotAllowed(_("Only the provincial administration may open a reporting period."))
    if province.level != Level.PROVINCE:
        raise ReportError(_("Choose a province."))
    if directive is not None:
        from sodsong.directives import selectors as directive_selectors

        if directive_selectors.directive_get(user=user, uuid=directive.uuid) is None:
            raise NotAllowed(_("You cannot see this directive."))
        on_record = directive_selectors.directive_items(directive)
        kind = PeriodKind.DIRECTIVE
        received_on = received_on or directive.received_on
        window_days = window_days or directive_window_days(directive, on_record)
        directive_reference = directive_reference or directive_citation(directive)
        # Items keep the letter's own number (ref); the report letter and the form print
        # them through indicators.letters.item_title, so the number is not printed twice.
        items = items or [f"{item.ref} {item.text}".strip() for item in on_record]
        name_th = name_th or directive.subject[:200]
    holidays = selectors.holiday_set()
    if kind == PeriodKind.DIRECTIVE:
        if received_on is None or not window_days:
            raise ReportError(_("Give the day the letter was received and the number of days."))
        window = periods.directive_window(received_on, window_days, holidays)
        starts_on, ends_on = window.starts_on, window.ends_on
        name_th = name_th or window.name_th
        district_due_on = district_due_on or window.due_on
    else:
        if starts_on is None or ends_on is None:
            raise ReportError(_("Give the first and the last day of the period."))
        if ends_on < starts_on:
            raise ReportError(_("The period must end on or after the day it starts."))
        name_th = name_th or periods.custom_period(starts_on, ends_on).name_th
        district_due_on = district_due_on or periods.next_working_day(
            ends_on + dt.timedelta(days=5), holidays
        )
    assert district_due_on is not None and ends_on is not None and starts_on is not None
    province_due_on = province_due_on or periods.next_working_day(
        district_due_on + dt.timedelta(days=7), holidays
    )
    if province_due_on < district_due_on:
        raise ReportError(_("The province's deadline cannot come before the districts' deadline."))
    return ReportingPeriod.objects.create(
        province=province,
        kind=kind,
        name_th=name_th[:200],
        starts_on=starts_on,
        ends_on=ends_on,
        received_on=received_on,
        window_days=window_days,
        district_due_on=district_due_on,
        province_due_on=province_due_on,
        directive_reference=directive_reference,
        directive=directive,
        items=list(items) if items else list(ORDERED_ITEMS_TH),
        created_by=user,
    )


_WITHIN_DAYS = re.compile(r"^P(\d+)D$")


_ON_DAY = re.compile(r"^(\d{4}-\d{2}-\d{2})")


def directive_window_days(directive: Directive, items: list[DirectiveItem]) -> int | None:
    """The n of "ภายใน n วัน" by which the letter asks for a report back, from the deadline of
    its first report-back item (or the letter's own): P30D gives 30; a date as printed gives
    the days from receipt to it."""
    deadlines = [
        item.deadline or directive.default_deadline for item in items if item.report_back
    ] + [directive.default_deadline]
    for deadline in deadlines:
        within = _WITHIN_DAYS.match(deadline or "")
        if within:
            return int(within.group(1))
        on_day = _ON_DAY.match(deadline or "")
        if on_day and directive.received_on:
            days = (dt.date.fromisoformat(on_day.group(1)) - directive.received_on).days
            if days > 0:
                return days
    return None


def directive_citation(directive: Directive) -> str:
    """The letter as อ้างถึง cites it: หนังสือ<unit> <urgency> ที่ <number> ลงวันที่ <date>
    (คำสั่ง<unit> … for an order)."""
    # The owning unit as printed is its address ("ศาลากลางจังหวัดสกลนคร / … สน ๔๗๐๐๐"): the
    # citation names the unit (จังหวัดสกลนคร), as the letter's number does.
    unit = (directive.from_unit or directive.issuer_agency.name_th).split("/")[0].strip()
    unit = unit.removeprefix("ศาลากลาง")
    # A damaged letter head can name another province than the signature ("ศาลากลางจังหวัด
    # สงขลา" over "ผู้ว่าราชการจังหวัดสกลนคร" and the number สน): the signer's province wins.
    signed = _SIGNED_PROVINCE.search(f"{directive.acting_for} {directive.signatory_position}")
    if signed and unit.startswith("จังหวัด") and unit != f"จังหวัด{signed.group(1)}":
        unit = f"จังหวัด{signed.group(1)}"
    # An order is cited as one, by the area that orders: "คำสั่งจังหวัดสกลนคร ที่ ๑/๒๕๖๘ ลงวันที่ …".
    order = directive.kind == "order"
    if order and directive.origin == "composed":
        from sodsong.documents.offices import unit_name

        unit = unit_name(directive.area)
    parts = [f"{'คำสั่ง' if order else 'หนังสือ'}{unit}"]
    if directive.urgency:
        parts.append(directive.urgency)
    if directive.number:
        parts.append(f"ที่ {directive.number}")
    if directive.letter_date:
        parts.append(f"ลงวันที่ {format_thai_date(directive.letter_date)}")
    elif directive.date_be_text:
        parts.append(f"ลงวันที่ {_printed_date(directive.date_be_text)}")
    return " ".join(parts)[:400]


_SIGNED_PROVINCE = re.compile(r"ผู้ว่าราชการจังหวัด(\S+)")
_MONTH_YEAR = re.compile(r"(" + "|".join(MONTHS_TH) + r")\s*(?:พ\.ศ\.\s*)?([0-9๐-๙]{4})")


def _printed_date(text: str) -> str:
    """The date as printed, with extraction damage in the day dropped: "มว มิถุนายน ๒๕๖๗"
    (the day was left blank and filled in by hand) cites as "มิถุนายน ๒๕๖๗"."""
    match = _MONTH_YEAR.search(text)
    if match is None:
        return text.strip()
    day = text[: match.start()].strip()
    month_year = f"{match.group(1)} {match.group(2)}"
    if re.fullmatch(r"[0-9๐-๙]{1,2}", day):
        return f"{day} {month_year}"
    return month_year


@transaction.atomic
def holiday_set(
    *, date: dt.date, name_th: str, name_en: str = "", confirmed: bool = True
) -> Holiday:
    holiday, _created = Holiday.objects.update_or_create(
        date=date, defaults={"name_th": name_th, "name_en": name_en, "confirmed": confirmed}
    )
    return holiday


@transaction.atomic
def formula_save(
    *,
    code: str,
    name_th: str,
    expression: str,
    name_en: str = "",
    unit_th: str = "",
    item: int = 1,
    decimals: int = 1,
    active: bool = True,
) -> FormulaIndicator:
    """Creates or changes a formula indicator after checking the formula (no code runs)."""
    if code in BUILTIN_BY_CODE:
        raise ReportError(_("This code belongs to a built-in indicator."))
    known = {c for c in by_code() if c != code}
    try:
        formula.validate(expression, known)
    except formula.FormulaError as exc:
        raise ReportError(_("The formula is not valid: %(reason)s") % {"reason": exc}) from exc
    indicator, _created = FormulaIndicator.objects.update_or_create(
        code=code,
        defaults={
            "name_th": name_th,
            "name_en": name_en,
            "expression": expression.strip(),
            "unit_th": unit_th,
            "item": item,
            "decimals": decimals,
            "active": active,
        },
    )
    transaction.on_commit(selectors.clear_cache)
    selectors.clear_cache()
    return indicator


# --- the workflow ----------------------------------------------------------------------------


def _event(report: Report, user: User | None, action: str, comment: str = "") -> None:
    ReportEvent.objects.create(report=report, actor=user, action=action, comment=comment)


def report_open(*, user: User, period: ReportingPeriod, area: Area) -> Report:
    """The report of an area for a period, created as a draft the first time it is opened."""
    level = ReportLevel.PROVINCE if area.level == Level.PROVINCE else ReportLevel.DISTRICT
    if area.level not in (Level.PROVINCE, Level.DISTRICT):
        raise ReportError(_("Reports are made by districts and provinces."))
    if not area.code.startswith(period.province.code):
        raise ReportError(_("The area is not in the period's province."))
    existing = Report.objects.filter(period=period, area=area).first()
    if existing is not None:
        return existing
    report = Report(period=period, area=area, level=level)
    if not selectors.can_edit(user, report):
        raise NotAllowed(_("You may not prepare this report."))
    report.narrative = [{"item": item, "text": ""} for item in period.items]
    if level == ReportLevel.PROVINCE:
        # The districts' written results, as far as they have come in, start the draft.
        from sodsong.indicators.letters import district_results, with_district_results

        report.narrative = with_district_results(report.narrative, district_results(period))
    report.contact_name = user.get_full_name()
    report.contact_position = user.position_th
    report.save()
    return report


def _check_personal_data(texts: list[str]) -> None:
    from sodsong.thai.identifiers import extract_identifiers

    for text in texts:
        for found in extract_identifiers(text or ""):
            if found.type in PERSONAL_IDENTIFIER_TYPES:
                raise ReportError(
                    _(
                        "A report that leaves the province carries no personal data: remove the "
                        "ID number, telephone number or account number from the text."
                    )
                )


@transaction.atomic
def report_save(
    *,
    user: User,
    report: Report,
    narrative: list[str],
    problems: str = "",
    recommendations: str = "",
    contact_name: str = "",
    contact_position: str = "",
    contact_phone: str = "",
    signer_name: str = "",
    signer_position: str = "",
    signer_acting_for: str = "",
) -> Report:
    report = Report.objects.select_for_update().get(pk=report.pk)
    if not selectors.can_edit(user, report):
        raise NotAllowed(_("You may not change this report."))
    if report.locked or report.status in (ReportStatus.SUBMITTED, ReportStatus.APPROVED):
        raise ReportError(_("A submitted or approved report cannot be changed."))
    _check_personal_data([*narrative, problems, recommendations])
    items = report.period.items
    report.narrative = [
        {"item": item, "text": (narrative[i] if i < len(narrative) else "").strip()}
        for i, item in enumerate(items)
    ]
    report.problems = problems.strip()
    report.recommendations = recommendations.strip()
    report.contact_name = contact_name.strip()
    report.contact_position = contact_position.strip()
    report.contact_phone = contact_phone.strip()
    report.signer_name = signer_name.strip()
    report.signer_position = signer_position.strip()
    report.signer_acting_for = signer_acting_for.strip()
    report.save()
    return report


def snapshot_for(report: Report, viewer: User | None = None) -> dict:
    """The values a report freezes: the area's indicators, each area one level below, the
    breakdown of charges. A provincial report takes each district's row from that district's
    approved report (its frozen values), and the live figure where none was approved.
    `viewer`: whose chain of command the misconduct counts follow (#17 H3): the officer who
    submits it, or who reads a draft."""
    period = report.period
    code = report.area.code
    values = selectors.compute_values(code, period.starts_on, period.ends_on, viewer)
    children = selectors.compute_children(code, period.starts_on, period.ends_on, viewer)
    rows = []
    approved = {}
    if report.level == ReportLevel.PROVINCE:
        approved = {
            r.area.code: r
            for r in period.reports.filter(
                level=ReportLevel.DISTRICT, status=ReportStatus.APPROVED
            ).select_related("area")
        }
    names = {a.code: a.name_th for a in selectors.child_areas(code)}
    for child_code, child_values in children.items():
        source = "live"
        if child_code in approved:
            child_values = approved[child_code].snapshot.get("values", child_values)
            source = "approved"
        rows.append(
            {
                "code": child_code,
                "name": names.get(child_code, child_code),
                "values": child_values,
                "source": source,
            }
        )
    breakdown = selectors.compute_breakdown(code, period.starts_on, period.ends_on)
    labels = selectors.breakdown_labels(k for k, _n in breakdown)
    return {
        "values": values,
        "children": rows,
        "breakdown": [{"key": k, "label": labels.get(k, k), "value": n} for k, n in breakdown],
        "period": [period.starts_on.isoformat(), period.ends_on.isoformat()],
    }


def _sender_agency(area: Area) -> Agency | None:
    kind = (
        AgencyKind.PROVINCIAL_ADMIN if area.level == Level.PROVINCE else AgencyKind.DISTRICT_OFFICE
    )
    return Agency.objects.filter(kind=kind, areas=area).order_by("pk").first()


@transaction.atomic
def report_submit(*, user: User, report: Report, confirm_incomplete: bool = False) -> Report:
    """Freezes the values and sends the report up; gives it a letter number from the sending
    office's series when the office has a letter code. A provincial report sent before every
    district has reported needs `confirm_incomplete` (the officer has seen the warning)."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if not selectors.can_edit(user, report):
        raise NotAllowed(_("You may not submit this report."))
    if report.status not in (ReportStatus.DRAFT, ReportStatus.RETURNED) or report.locked:
        raise ReportError(_("This report has already been submitted."))
    if not any(part.get("text") for part in report.narrative or []):
        raise ReportError(_("Write what was done for at least one ordered item before submitting."))
    if report.level == ReportLevel.PROVINCE and not confirm_incomplete:
        done = selectors.completeness(report.period)
        if done.submitted < done.expected:
            raise IncompleteReport(
                _(
                    "Only %(submitted)s of %(expected)s districts have reported. Wait for the "
                    "others, or tick “Send although not every district has reported”."
                )
                % {"submitted": done.submitted, "expected": done.expected}
            )
    now = timezone.now()
    report.snapshot = snapshot_for(report, viewer=user)
    report.computed_at = now
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = now
    report.submitted_by = user
    report.late_entries = {}
    if not report.letter_running:
        agency = _sender_agency(report.area)
        if agency is not None and agency.letter_code:
            from sodsong.documents.services import letter_number_allocate

            number = letter_number_allocate(agency=agency, on=timezone.localdate(now))
            report.letter_running = number.running
            report.letter_number = number.issuer_code
            report.letter_date = timezone.localdate(now)
    report.save()
    _event(report, user, "submitted")
    return report


def _review_check(user: User, report: Report) -> Report:
    report = Report.objects.select_for_update().get(pk=report.pk)
    if not selectors.can_review(user, report):
        raise NotAllowed(_("Only the level above may review this report."))
    return report


@transaction.atomic
def report_approve(*, user: User, report: Report, comment: str = "") -> Report:
    report = _review_check(user, report)
    if report.status != ReportStatus.SUBMITTED:
        raise ReportError(_("Only a submitted report can be approved."))
    report.status = ReportStatus.APPROVED
    report.locked = True
    report.reviewed_at = timezone.now()
    report.reviewed_by = user
    report.review_comment = comment.strip()
    report.save()
    _event(report, user, "approved", comment.strip())
    return report


@transaction.atomic
def report_return(*, user: User, report: Report, comment: str) -> Report:
    report = _review_check(user, report)
    if report.status != ReportStatus.SUBMITTED:
        raise ReportError(_("Only a submitted report can be returned."))
    if not comment.strip():
        raise ReportError(_("Say what needs correcting when returning a report."))
    report.status = ReportStatus.RETURNED
    report.reviewed_at = timezone.now()
    report.reviewed_by = user
    report.review_comment = comment.strip()
    report.save()
    _event(report, user, "returned", comment.strip())
    return report


@transaction.atomic
def report_unlock(*, user: User, report: Report, reason: str) -> Report:
    """Reopens an approved report for correction. Takes a reason; audited."""
    report = _review_check(user, report)
    if not report.locked:
        raise ReportError(_("This report is not locked."))
    if not reason.strip():
        raise ReportError(_("Give the reason for unlocking an approved report."))
    report.locked = False
    report.status = ReportStatus.RETURNED
    report.review_comment = reason.strip()
    report.save()
    _event(report, user, "unlocked", reason.strip())
    log_action(
        action=AuditEvent.Action.CHANGE,
        object_type=OBJECT_TYPE,
        object_ids=[report.uuid],
        purpose=reason.strip()[:300],
        detail={"step": "unlock"},
        actor_id=user.pk,
    )
    return report


def province_report_open(*, user: User, period: ReportingPeriod) -> Report:
    """The province's consolidated report for the period (a draft until it is submitted)."""
    return report_open(user=user, period=period, area=period.province)
