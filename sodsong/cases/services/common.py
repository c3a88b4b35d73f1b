"""What every write on cases shares: the workflow's transitions, the errors, and the checks that
the acting officer may see, edit or lead a case or work in one of its compartments."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from sodsong.accounts.models import AgencyKind, Role, User
from sodsong.cases.models import (
    Case,
    CaseEvent,
    CaseStatus,
)
from sodsong.cases.selectors import case_access, case_queryset
from sodsong.core.errors import DomainError
from sodsong.geo.models import Area
from sodsong.thai.dates import be_year

CASE_OBJECT_TYPE = "cases.case"

# The workflow: which status may follow which. Closing needs a reason; a closed case may be
# reopened for investigation, with a reason.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    CaseStatus.OPEN: (CaseStatus.INVESTIGATING, CaseStatus.CLOSED),
    CaseStatus.INVESTIGATING: (CaseStatus.OPERATION, CaseStatus.CHARGED, CaseStatus.CLOSED),
    CaseStatus.OPERATION: (CaseStatus.INVESTIGATING, CaseStatus.CHARGED, CaseStatus.CLOSED),
    CaseStatus.CHARGED: (CaseStatus.PROSECUTION, CaseStatus.CLOSED),
    CaseStatus.PROSECUTION: (CaseStatus.CLOSED,),
    CaseStatus.CLOSED: (CaseStatus.INVESTIGATING,),
}
CREATOR_ROLES = (Role.AGENCY_OFFICER, Role.DISTRICT, Role.PROVINCE)
PARTICIPANT_KINDS = (
    AgencyKind.POLICE,
    AgencyKind.PROVINCIAL_POLICE,
    AgencyKind.CYBER_POLICE,
    AgencyKind.DSI,
    AgencyKind.IMMIGRATION,
    AgencyKind.MILITARY,
    AgencyKind.ISOC,
    AgencyKind.LABOUR,
    AgencyKind.AMLO,
    AgencyKind.AOC,
    AgencyKind.SOCIAL_DEVELOPMENT,
    AgencyKind.DISTRICT_OFFICE,
    AgencyKind.PROVINCIAL_ADMIN,
    AgencyKind.OTHER,
)


class CaseError(DomainError):
    """The change cannot be made; the message is for the user."""


class CasePermissionError(PermissionError):
    """The acting officer may not make this change."""


def _now() -> dt.datetime:
    return timezone.now()


def _event(
    case: Case,
    by: User | None,
    event_kind: str,
    /,
    *,
    compartment: str = "",
    obj: Any = None,
    at: dt.datetime | None = None,
    **detail: Any,
) -> CaseEvent:
    return CaseEvent.objects.create(
        case=case,
        at=at or _now(),
        actor=by,
        kind=event_kind,
        compartment=compartment,
        detail={k: (str(v) if v is not None else "") for k, v in detail.items()},
        object_uuid=getattr(obj, "uuid", None),
    )


def _require_visible(by: User, case: Case) -> None:
    if not case_queryset(user=by).filter(pk=case.pk).exists():
        raise CasePermissionError(_("You may not work on this case."))


def _require_edit(by: User, case: Case) -> None:
    _require_visible(by, case)
    if not case_access(user=by, case=case).can_edit:
        raise CasePermissionError(_("You may not work on this case."))


def _require_lead(by: User, case: Case) -> None:
    _require_visible(by, case)
    if not case_access(user=by, case=case).is_lead:
        raise CasePermissionError(_("Only officers of the lead agency may do this."))


def _require_compartment(by: User, case: Case, compartment: str) -> None:
    if compartment and compartment not in case_access(user=by, case=case).compartments:
        raise CasePermissionError(_("You are not named for this part of the case."))


def _clean(text: str, field: str, limit: int = 300, required: bool = True) -> str:
    value = (text or "").strip()
    if required and not value:
        raise CaseError(_("%(field)s is required.") % {"field": field})
    return value[:limit]


def _next_number(area: Area, on: dt.date) -> str:
    prefix = f"{area.code[:2]}-{be_year(on.year)}/"
    taken = Case.all_objects.filter(number__startswith=prefix).count()
    return f"{prefix}{taken + 1:04d}"
