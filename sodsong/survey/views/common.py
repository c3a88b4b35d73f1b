"""What the survey's pages share: refusing (audited), and the villages a user may write in."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from sodsong.accounts.scope import prefix_filter
from sodsong.audit.models import AuditEvent
from sodsong.audit.services import log_action
from sodsong.geo.models import Area, Level
from sodsong.survey import access


def _deny(request: HttpRequest, what: str) -> PermissionDenied:
    log_action(action=AuditEvent.Action.DENIED, object_type=what, detail={"path": request.path})
    return PermissionDenied()


def _writable_villages(user: Any) -> list[Area]:
    codes = access.writable_codes(user)
    if not codes:
        return []
    villages = Area.objects.filter(level=Level.VILLAGE, abolished_on__isnull=True)
    return list(villages.filter(prefix_filter("code", codes)).order_by("code"))


def _require_personal(request: HttpRequest) -> None:
    if not access.sees_personal(request.user):
        raise _deny(request, "survey.resident")
