"""Writes of the tips module: the public tip line, watch reports, the officers' queue, triage,
reporter protection, retention and notifications.

Every write is a service: keyword-only, one transaction. Changes are audited by the history
mechanism (each save of a Tip is a RecordVersion and an audit event); queue actions also log an
explicit audit event naming the action.

One module per part (`intake`, `rescoring`, `queue`, `protection`, `retention`), with what they
share in `common`. The names below are re-exported so that `from sodsong.tips import services`
keeps serving callers; each is defined in one module.
"""

from sodsong.tips.services.common import (
    CODE_ALPHABET,
    CODE_LENGTH,
    MAX_DESCRIPTION,
    MAX_FILES,
    MAX_IMAGE_PIXELS,
    RATE_LIMITS,
    REPORTING_ROLES,
    WATCH_ROLES,
    RateLimited,
    SpamSuspected,
    TipError,
    client_hash,
    new_tracking_code,
    normalize_tracking_code,
    rate_limit_hit,
    rate_limits_purge,
    resolve_area,
    retention_days,
    strip_image_metadata,
)
from sodsong.tips.services.intake import (
    may_report_in,
    public_tip_submit,
    watch_report_create,
)
from sodsong.tips.services.protection import (
    designation_grant,
    designation_revoke,
    may_designate,
)
from sodsong.tips.services.queue import (
    QUEUE_STATUSES,
    tip_add_identifier,
    tip_add_note,
    tip_mark_promoted,
    tip_merge,
    tip_set_status,
)
from sodsong.tips.services.rescoring import (
    email_configured,
    send_urgent_email_now,
    tip_rescore,
    tips_rescore_sharing,
    urgent_recipients,
)
from sodsong.tips.services.retention import tips_expire

__all__ = [
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "MAX_DESCRIPTION",
    "MAX_FILES",
    "MAX_IMAGE_PIXELS",
    "QUEUE_STATUSES",
    "RATE_LIMITS",
    "REPORTING_ROLES",
    "RateLimited",
    "SpamSuspected",
    "TipError",
    "WATCH_ROLES",
    "client_hash",
    "designation_grant",
    "designation_revoke",
    "email_configured",
    "may_designate",
    "may_report_in",
    "new_tracking_code",
    "normalize_tracking_code",
    "public_tip_submit",
    "rate_limit_hit",
    "rate_limits_purge",
    "resolve_area",
    "retention_days",
    "send_urgent_email_now",
    "strip_image_metadata",
    "tip_add_identifier",
    "tip_add_note",
    "tip_mark_promoted",
    "tip_merge",
    "tip_rescore",
    "tip_set_status",
    "tips_expire",
    "tips_rescore_sharing",
    "urgent_recipients",
    "watch_report_create",
]
