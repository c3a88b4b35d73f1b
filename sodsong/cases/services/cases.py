"""Opening a case (from tips or on its own, with its template's tasks), changing its details and
moving it through the workflow."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from uuid import UUID

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sodsong.accounts.models import Agency, User
from sodsong.accounts.scope import scope_for
from sodsong.audit.models import AuditEvent
from sodsong.audit.services import log_action
from sodsong.cases.case_templates import TEMPLATES
from sodsong.cases.models import (
    Case,
    CaseMember,
    CaseOrigin,
    CaseParticipation,
    CaseStatus,
    CaseType,
    Charge,
    OriginKind,
    Prosecution,
    Task,
    TaskLogEntry,
    TaskStatus,
)
from sodsong.cases.selectors import lead_agency_choices
from sodsong.cases.services.common import (
    CASE_OBJECT_TYPE,
    CREATOR_ROLES,
    TRANSITIONS,
    CaseError,
    CasePermissionError,
    _clean,
    _event,
    _next_number,
    _now,
    _require_edit,
)
from sodsong.cases.services.identifiers import _record_identifiers
from sodsong.cases.services.sharing import _grant
from sodsong.core.concurrency import check_version, locked_fresh, save_fields, sync
from sodsong.geo.models import Area

logger = logging.getLogger(__name__)


@transaction.atomic
def case_create(
    *,
    by: User,
    title: str,
    case_type: str,
    area: Area,
    areas: Iterable[Area] = (),
    origin: str = OriginKind.OTHER,
    origin_reference: str = "",
    origin_tip_uuids: Iterable[UUID | str] = (),
    referral_agency: Agency | None = None,
    summary: str = "",
    opened_on: dt.date | None = None,
    participating_agencies: Iterable[Agency] = (),
    template_tasks: bool = True,
    lead_agency: Agency | None = None,
) -> Case:
    """Opens a case. The officer's agency leads it, or `lead_agency` where the officer may name
    it (a district officer opening a case for the district's police station); the officer's own
    agency then takes part. `origin_tip_uuids` promotes tips and reports the officer manages:
    they are marked "passed to a case" and their identifiers become the case's."""
    scope = scope_for(by)
    if not by.agency_id or not scope.has_role(*CREATOR_ROLES):
        raise CasePermissionError(_("Only agency, district and provincial officers open cases."))
    lead = lead_agency or by.agency
    if lead.pk != by.agency_id and lead.pk not in {a.pk for a in lead_agency_choices(user=by)}:
        raise CaseError(_("You may not name this agency to lead the case."))
    if case_type not in CaseType.values:
        raise CaseError(_("Unknown case type."))
    if origin not in OriginKind.values:
        raise CaseError(_("Unknown origin."))
    all_areas = [area, *[a for a in areas if a.pk != area.pk]]
    for a in all_areas:
        if not scope.covers_area(a.code):
            raise CaseError(_("The case's areas must be inside your own areas."))
    tip_uuids = []
    for raw in origin_tip_uuids:
        try:
            tip_uuids.append(UUID(str(raw)))
        except ValueError as exc:
            raise CaseError(_("A tip reference is not valid.")) from exc
    tip_uuids = list(dict.fromkeys(tip_uuids))
    _check_origin_tips(by, tip_uuids)
    if origin == OriginKind.REFERRAL and referral_agency is None and not origin_reference.strip():
        raise CaseError(_("Name the agency that referred the case."))
    opened = opened_on or timezone.localdate()
    if opened > timezone.localdate():
        raise CaseError(_("The opening date is in the future."))
    case = Case.objects.create(
        number=_next_number(area, opened),
        title=_clean(title, _("Title"), 200),
        case_type=case_type,
        origin=OriginKind.TIP if tip_uuids else origin,
        origin_reference=origin_reference.strip()[:200],
        summary=summary.strip(),
        area=area,
        lead_agency=lead,
        opened_on=opened,
        created_by=by,
    )
    case.areas.set(all_areas)
    now = _now()
    CaseParticipation.objects.create(case=case, agency=lead, granted_by=by, granted_at=now)
    if lead.pk != by.agency_id:
        CaseParticipation.objects.create(
            case=case, agency_id=by.agency_id, granted_by=by, granted_at=now
        )
    CaseMember.objects.create(
        case=case, user=by, informants=True, victims=True, operations=True, added_by=by
    )
    for tip_uuid in tip_uuids:
        CaseOrigin.objects.create(case=case, kind=OriginKind.TIP, tip_uuid=tip_uuid)
    if referral_agency is not None or (origin == OriginKind.REFERRAL and origin_reference):
        CaseOrigin.objects.create(
            case=case,
            kind=OriginKind.REFERRAL,
            agency=referral_agency,
            reference=origin_reference.strip()[:200],
        )
    elif origin == OriginKind.SURVEY:
        CaseOrigin.objects.create(
            case=case, kind=OriginKind.SURVEY, reference=origin_reference.strip()[:200]
        )
    _event(case, by, "created", number=case.number)
    for agency in participating_agencies:
        if agency.pk not in (by.agency_id, lead.pk):
            _grant(case, by, agency, now)
    if template_tasks:
        _add_template_tasks(case, by, opened)
    if tip_uuids:
        _mark_tips_promoted(case, by, tip_uuids)
        _event(case, by, "from_tips", count=len(tip_uuids))
        log_action(
            action=AuditEvent.Action.CHANGE,
            object_type=CASE_OBJECT_TYPE,
            object_ids=[case.uuid],
            detail={"origin_tips": [str(u) for u in tip_uuids]},
        )
    _record_identifiers(case, case.title, case.summary)
    return case


def _check_origin_tips(by: User, tip_uuids: list[UUID]) -> None:
    """Only tips and reports the officer may pass to a case can become its origin: open or
    verified ones of the officer's district (or province). A tip the officer may not see is
    refused like a wrong reference, so the answer does not confirm that it exists."""
    if not tip_uuids:
        return
    try:
        from sodsong.tips.models import TipStatus
        from sodsong.tips.selectors import PROMOTABLE_STATUSES, promotable_tips
    except ImportError:  # without the tips module, the origin is kept by uuid only
        return
    tips = promotable_tips(user=by, uuids=tip_uuids)
    if tips is None:
        raise CaseError(_("A tip reference is not valid."))
    for tip in tips:
        if tip.status == TipStatus.PROMOTED:
            raise CaseError(
                _("Tip %(code)s was already passed to a case.") % {"code": tip.tracking_code}
            )
        if tip.status not in PROMOTABLE_STATUSES:
            raise CaseError(
                _("Tip %(code)s is a duplicate or unfounded; pass the original tip instead.")
                % {"code": tip.tracking_code}
            )


def _mark_tips_promoted(case: Case, by: User, tip_uuids: list[UUID]) -> None:
    """Tells the tips module that its tips became this case (when that module is installed),
    and makes the tips' identifiers the case's. The origin is kept here by uuid either way."""
    try:
        from sodsong.tips.services import tip_mark_promoted
    except ImportError:
        return
    from sodsong.entities.models import LINKABLE_TYPES, IdentifierMention, SourceType
    from sodsong.entities.services import mention_record

    for tip_uuid in tip_uuids:
        try:
            tip = tip_mark_promoted(tip_uuid=tip_uuid, case_uuid=case.uuid, by=by)
        except ObjectDoesNotExist:
            logger.info("case %s: origin tip %s not held here", case.uuid, tip_uuid)
            continue
        for mention in IdentifierMention.objects.filter(
            source_type=tip.kind, source_uuid=tip.uuid
        ).select_related("identifier"):
            if mention.identifier.type not in LINKABLE_TYPES:
                continue
            mention_record(
                type=mention.identifier.type,
                value=mention.identifier.value,
                source_type=SourceType.CASE,
                source_uuid=case.uuid,
                area_code=case.area.code,
                normalised=True,
            )


def _add_template_tasks(case: Case, by: User, opened: dt.date) -> None:
    template = TEMPLATES.get(case.case_type)
    if template is None:
        return
    participants = {
        p.agency.kind: p.agency
        for p in case.participations.filter(revoked_at__isnull=True).select_related("agency")
    }
    for item in template.tasks:
        agency = participants.get(item.agency_kind, case.lead_agency)
        task = Task.objects.create(
            case=case,
            title=str(item.title),
            assignee_agency=agency,
            due_on=opened + dt.timedelta(days=item.due_days),
            created_by=by,
        )
        TaskLogEntry.objects.create(task=task, at=_now(), actor=by, status=TaskStatus.OPEN)


EDITABLE_DETAILS = (
    "title",
    "summary",
    "police_case_number",
    "prosecutor_black_number",
    "prosecutor_red_number",
    "court_black_number",
    "court_red_number",
    "saraban_numbers",
)


@transaction.atomic
def case_update_details(
    *, by: User, case: Case, expected_version: int | None = None, **changes: str
) -> Case:
    """Changes the details given on the current row, locked, and writes only those that differ,
    so that another officer's change saved meanwhile (another field, the status) stays. With
    `expected_version` (the version the officer's form or `If-Match` started from) a case changed
    meanwhile is refused with `VersionConflict`. `case` is updated to what was saved."""
    _require_edit(by, case)
    unknown = set(changes) - set(EDITABLE_DETAILS)
    if unknown:
        raise CaseError(_("This field cannot be changed here."))
    values = {name: (value or "").strip() for name, value in changes.items()}
    if "title" in values and not values["title"]:
        raise CaseError(_("%(field)s is required.") % {"field": _("Title")})
    current = locked_fresh(case)
    check_version(current, expected_version)
    changed = []
    for name, value in values.items():
        if getattr(current, name) != value:
            setattr(current, name, value)
            changed.append(name)
    save_fields(current, changed)
    sync(case, current)
    if changed:
        _event(case, by, "details", fields=", ".join(changed))
        if {"title", "summary"} & set(changed):
            _record_identifiers(case, case.title, case.summary)
    return case


class CaseStatusConflict(CaseError):
    """The case left the status the officer's page or request started from: another officer
    moved it meanwhile. `current` is the case as it is now."""

    def __init__(self, current: Case, expected: str) -> None:
        super().__init__(
            _(
                "Another officer changed the case's status to “%(current)s” while you were "
                "working on it; nothing was changed. Check the case, then choose again."
            )
            % {"current": CaseStatus(current.status).label}
        )
        self.current = current
        self.expected = expected


@transaction.atomic
def case_change_status(
    *, by: User, case: Case, to: str, reason: str = "", from_status: str | None = None
) -> Case:
    """Moves the case along its workflow, on the current row, locked. With `from_status` (the
    status the officer's page or request saw) a case that has moved on meanwhile is refused with
    `CaseStatusConflict` rather than taken from a status the officer did not see. Only the
    status fields are written; `case` is updated to what was saved."""
    _require_edit(by, case)
    held, case = case, locked_fresh(case)
    if to not in CaseStatus.values:
        raise CaseError(_("Unknown status."))
    if from_status is not None and case.status != from_status:
        raise CaseStatusConflict(case, from_status)
    if to not in TRANSITIONS[case.status]:
        raise CaseError(
            _("A case cannot go from “%(from)s” to “%(to)s”.")
            % {"from": CaseStatus(case.status).label, "to": CaseStatus(to).label}
        )
    charges = Charge.objects.filter(party__case=case, withdrawn_at__isnull=True)
    if to == CaseStatus.CHARGED and not charges.exists():
        raise CaseError(_("Record at least one charge before marking the case charged."))
    if (
        to == CaseStatus.PROSECUTION
        and not Prosecution.objects.filter(
            party__case=case, inquiry_file_sent_on__isnull=False
        ).exists()
    ):
        raise CaseError(_("Send an inquiry file to the prosecutor first."))
    if to == CaseStatus.CLOSED and not reason.strip():
        raise CaseError(_("Give the reason for closing the case."))
    if case.status == CaseStatus.CLOSED and not reason.strip():
        raise CaseError(_("Give the reason for reopening the case."))
    previous = case.status
    case.status = to
    if to == CaseStatus.CLOSED:
        case.closed_on = timezone.localdate()
        case.close_reason = reason.strip()[:300]
    elif previous == CaseStatus.CLOSED:
        case.closed_on = None
    save_fields(case, ["status", "closed_on", "close_reason"])
    sync(held, case)
    log_action(
        action=AuditEvent.Action.CHANGE,
        object_type=CASE_OBJECT_TYPE,
        object_ids=[case.uuid],
        detail={"transition": [previous, to]},
    )
    _event(case, by, "status", **{"from": previous, "to": to, "reason": reason.strip()[:300]})
    return case
