"""`log_action`: the one path into the audit log.

Reads of personal records log one event per request or export listing the ids returned. A purpose
is required for exports and for reads outside the user's own area (`PurposeRequired`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from sodsong.audit.models import AuditEvent
from sodsong.core.context import current_actor

# A read of this many records or more is a bulk read and stands out on the audit page.
BULK_READ_THRESHOLD = 50


class PurposeRequired(Exception):
    """An export, or a read outside the user's own area, needs a stated purpose."""

    def __init__(self) -> None:
        super().__init__(_("State the purpose of this access."))


def log_action(
    *,
    action: str,
    object_type: str = "",
    object_ids: Iterable[Any] = (),
    purpose: str = "",
    detail: dict[str, Any] | None = None,
    actor_id: int | None = None,
) -> AuditEvent:
    actor = current_actor()
    ids = [str(i) for i in object_ids]
    return AuditEvent.objects.create(
        actor_id=actor_id if actor_id is not None else actor.user_id,
        agency_id=actor.agency_id,
        via=actor.via,
        action=action,
        object_type=object_type,
        object_ids=ids,
        object_count=len(ids),
        purpose=(purpose or actor.purpose)[:300],
        request_path=actor.request_path[:300],
        detail=detail or {},
    )


def log_personal_read(
    *,
    object_type: str,
    object_ids: Iterable[Any],
    export: bool = False,
    purpose: str = "",
    outside_own_area: bool = False,
) -> AuditEvent | None:
    """Logs a read or export of personal records. Empty reads are not logged."""
    ids = list(object_ids)
    if (export or outside_own_area) and not purpose.strip():
        raise PurposeRequired()
    if not ids and not export:
        return None
    return log_action(
        action=AuditEvent.Action.EXPORT if export else AuditEvent.Action.READ,
        object_type=object_type,
        object_ids=ids,
        purpose=purpose.strip(),
        detail={"outside_own_area": outside_own_area} if outside_own_area else None,
    )
