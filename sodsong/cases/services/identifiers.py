"""Identifiers a case mentions (phones, bank accounts, LINE IDs, web addresses …): recorded as
mentions by the case, and the tips that share them rescored."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from sodsong.accounts.models import User
from sodsong.audit.models import AuditEvent
from sodsong.audit.services import log_action
from sodsong.cases.models import (
    Case,
)
from sodsong.cases.services.common import (
    CASE_OBJECT_TYPE,
    CaseError,
    _event,
    _require_edit,
)


def _record_identifiers(case: Case, *texts: str) -> int:
    """Records the identifiers found in the case's texts as mentions by the case (one per
    identifier: a case has many texts), then rescores the tips that share them."""
    from sodsong.entities.models import SourceType
    from sodsong.entities.services import IdentifierError, extract_spans, mention_record

    for text in texts:
        for found in extract_spans(text or ""):
            try:
                mention_record(
                    type=found.type,
                    value=found.value,
                    source_type=SourceType.CASE,
                    source_uuid=case.uuid,
                    area_code=case.area.code,
                    normalised=True,
                )
            except IdentifierError:
                continue
    return _rescore_tips(case)


def _rescore_tips(case: Case) -> int:
    try:
        from sodsong.tips.services import tips_rescore_sharing
    except ImportError:
        return 0
    from sodsong.entities.models import SourceType

    return tips_rescore_sharing(source_type=SourceType.CASE, source_uuid=case.uuid)


@transaction.atomic
def case_add_identifier(*, by: User, case: Case, type: str, value: str) -> Case:
    """An identifier an officer read in the case's files or learnt otherwise, entered by hand."""
    from sodsong.entities.models import LINKABLE_TYPES, SourceType
    from sodsong.entities.services import IdentifierError, mention_record

    _require_edit(by, case)
    if type not in LINKABLE_TYPES:
        raise CaseError(_("Unknown identifier type."))
    try:
        mention = mention_record(
            type=type,
            value=value,
            source_type=SourceType.CASE,
            source_uuid=case.uuid,
            area_code=case.area.code,
        )
    except IdentifierError as exc:
        raise CaseError(str(exc)) from exc
    log_action(
        action=AuditEvent.Action.CHANGE,
        object_type=CASE_OBJECT_TYPE,
        object_ids=[case.uuid],
        detail={"identifier_added": str(mention.identifier.uuid), "type": type},
    )
    _event(case, by, "identifier", obj=mention.identifier, type=type)
    _rescore_tips(case)
    return case
