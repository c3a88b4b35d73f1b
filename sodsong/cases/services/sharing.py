"""Sharing a case: the agencies that take part, and the officers named to it and its
compartments."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from sodsong.accounts.models import Agency, User
from sodsong.audit.models import AuditEvent
from sodsong.audit.services import log_action
from sodsong.cases.models import (
    Case,
    CaseMember,
    CaseParticipation,
)
from sodsong.cases.selectors import case_queryset
from sodsong.cases.services.common import (
    PARTICIPANT_KINDS,
    CaseError,
    _event,
    _now,
    _require_lead,
)


def _grant(case: Case, by: User, agency: Agency, now: dt.datetime) -> CaseParticipation:
    if agency.kind not in PARTICIPANT_KINDS:
        raise CaseError(_("This agency cannot take part in a case."))
    existing = case.participations.filter(agency=agency, revoked_at__isnull=True).first()
    if existing is not None:
        return existing
    participation = CaseParticipation.objects.create(
        case=case, agency=agency, granted_by=by, granted_at=now
    )
    _event(case, by, "granted", agency=agency.name_th)
    return participation


@transaction.atomic
def participation_grant(*, by: User, case: Case, agency: Agency) -> CaseParticipation:
    _require_lead(by, case)
    return _grant(case, by, agency, _now())


@transaction.atomic
def participation_revoke(*, by: User, case: Case, agency: Agency) -> None:
    _require_lead(by, case)
    if agency.pk == case.lead_agency_id:
        raise CaseError(_("The lead agency cannot be removed from its own case."))
    active = case.participations.filter(agency=agency, revoked_at__isnull=True)
    if not active.exists():
        raise CaseError(_("This agency does not take part in the case."))
    for participation in active:
        participation.revoked_at = _now()
        participation.revoked_by = by
        participation.save()
    _event(case, by, "revoked", agency=agency.name_th)


@transaction.atomic
def member_set(
    *,
    by: User,
    case: Case,
    user: User,
    informants: bool = False,
    victims: bool = False,
    operations: bool = False,
) -> CaseMember:
    """Names an officer on the case and the compartments they may see. Only the lead agency
    names members, and only officers who can already see the case."""
    _require_lead(by, case)
    if not case_queryset(user=user).filter(pk=case.pk).exists():
        raise CaseError(_("This officer cannot see the case; grant the agency first."))
    member = CaseMember.objects.filter(case=case, user=user, removed_at__isnull=True).first()
    if member is None:
        member = CaseMember(case=case, user=user, added_by=by)
    member.informants, member.victims, member.operations = informants, victims, operations
    member.save()
    log_action(
        action=AuditEvent.Action.CHANGE,
        object_type="cases.casemember",
        object_ids=[member.uuid],
        detail={
            "case": str(case.uuid),
            "user": user.pk,
            "compartments": sorted(member.compartments()),
        },
    )
    _event(
        case,
        by,
        "member",
        user=user.get_full_name() or user.username,
        compartments=",".join(sorted(member.compartments())),
    )
    return member


@transaction.atomic
def member_remove(*, by: User, case: Case, user: User) -> None:
    _require_lead(by, case)
    if user.pk == by.pk and case.members.filter(removed_at__isnull=True).count() == 1:
        raise CaseError(_("A case keeps at least one member."))
    for member in case.members.filter(user=user, removed_at__isnull=True):
        member.removed_at = _now()
        member.save()
    _event(case, by, "member_removed", user=user.get_full_name() or user.username)
