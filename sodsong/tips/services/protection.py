"""Reporter protection: the officers designated to see reporters' identities in a district."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sodsong.accounts.models import Role, User
from sodsong.accounts.scope import scope_for
from sodsong.geo.models import Area, Level
from sodsong.tips.models import ReporterDesignation
from sodsong.tips.services.common import TipError


def may_designate(user: User, district: Area) -> bool:
    scope = scope_for(user)
    return district.level == Level.DISTRICT and any(
        district.code.startswith(code)
        for role in (Role.DISTRICT, Role.PROVINCE)
        for code in scope.role_areas.get(role, ())
    )


@transaction.atomic
def designation_grant(*, district: Area, user: User, by: User) -> ReporterDesignation:
    if not may_designate(by, district):
        raise TipError(_("Only the district or the province may designate officers."))
    scope = scope_for(user)
    if not any(
        district.code.startswith(c)
        for role in (Role.DISTRICT, Role.PROVINCE)
        for c in scope.role_areas.get(role, ())
    ):
        raise TipError(_("Only an officer of this district or the province can be designated."))
    existing = ReporterDesignation.objects.filter(
        district=district, user=user, revoked_at__isnull=True
    ).first()
    if existing is not None:
        return existing
    return ReporterDesignation.objects.create(district=district, user=user, designated_by=by)


@transaction.atomic
def designation_revoke(*, designation: ReporterDesignation, by: User) -> ReporterDesignation:
    if not may_designate(by, designation.district):
        raise TipError(_("Only the district or the province may designate officers."))
    designation.revoked_at = timezone.now()
    designation.save()
    return designation
