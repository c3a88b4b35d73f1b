from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sodsong.audit.models import AuditEvent
from sodsong.audit.services import log_action
from sodsong.entities import selectors
from sodsong.entities.models import LINKABLE_TYPES, IdentifierType


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Look an identifier up: which tips, reports and registry entries share it."""
    if not selectors.can_look_up(request.user):
        log_action(action=AuditEvent.Action.DENIED, object_type="entities.identifier")
        raise PermissionDenied
    kind = request.GET.get("type", IdentifierType.PHONE)
    value = request.GET.get("value", "").strip()
    found = (
        selectors.identifier_lookup(user=request.user, type=kind, value=value) if value else None
    )
    return render(
        request,
        "entities/index.html",
        {
            "nav_active": "entities",
            "types": [t for t in IdentifierType if t in LINKABLE_TYPES],
            "kind": kind,
            "value": value,
            "found": found,
            "searched": bool(value),
        },
    )
