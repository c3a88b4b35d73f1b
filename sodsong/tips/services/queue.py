"""The officers' queue: status changes, merging duplicates, promotion to a case, notes and
identifiers."""

from __future__ import annotations

import uuid as uuid_module

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sodsong.accounts.models import User
from sodsong.audit.models import AuditEvent
from sodsong.audit.services import log_action
from sodsong.core.concurrency import locked_fresh, sync
from sodsong.entities.services import (
    IdentifierError,
    mention_record,
)
from sodsong.tips.models import (
    Tip,
    TipNote,
    TipStatus,
)
from sodsong.tips.services.common import TipError
from sodsong.tips.services.rescoring import tip_rescore


def _audit_action(tip: Tip, action: str, **detail: object) -> None:
    log_action(
        action=AuditEvent.Action.CHANGE,
        object_type="tips.tip",
        object_ids=[tip.uuid],
        detail={"tip_action": action, **detail},
    )


QUEUE_STATUSES = (TipStatus.NEW, TipStatus.VERIFIED, TipStatus.UNFOUNDED)


_STATUS_FIELDS = ("status", "status_changed_at", "status_changed_by", "updated_at")


@transaction.atomic
def tip_set_status(*, tip: Tip, status: str, by: User, note: str = "") -> Tip:
    """Marks a tip received (reopen), verified or unfounded. Duplicates go through `tip_merge`
    and promotion through `tip_mark_promoted`."""
    if status not in QUEUE_STATUSES:
        raise TipError(_("Unknown status."))
    # On the current row, locked: a tip passed to a case meanwhile is not moved back, and only
    # the status fields are written (not a score or note saved by someone else meanwhile).
    held, tip = tip, locked_fresh(tip)
    if tip.status == TipStatus.PROMOTED:
        raise TipError(_("This tip was passed to a case and can no longer change."))
    tip.status = status
    tip.status_changed_at = timezone.now()
    tip.status_changed_by = by
    if status != TipStatus.DUPLICATE:
        tip.duplicate_of = None
    tip.save(update_fields=[*_STATUS_FIELDS, "duplicate_of"])
    sync(held, tip)
    if note.strip():
        tip_add_note(tip=tip, by=by, text=note)
    _audit_action(tip, f"status:{status}")
    tip_rescore(tip=tip, related=True)
    return tip


@transaction.atomic
def tip_merge(*, duplicate: Tip, into: Tip, by: User, note: str = "") -> Tip:
    """Marks `duplicate` as a duplicate of `into`. Its identifiers are linked to `into` as
    well, so nothing found in it is lost."""
    if duplicate.pk == into.pk:
        raise TipError(_("A tip cannot duplicate itself."))
    # Both rows locked (in id order, so two merges never wait on each other) and read afresh.
    first, second = sorted((duplicate, into), key=lambda t: t.pk)
    fresh = {t.pk: locked_fresh(t) for t in (first, second)}
    duplicate, into = fresh[duplicate.pk], fresh[into.pk]
    if into.status == TipStatus.DUPLICATE:
        raise TipError(_("Merge into the original tip, not into a duplicate."))
    if duplicate.status == TipStatus.PROMOTED:
        raise TipError(_("This tip was passed to a case and can no longer change."))
    from sodsong.entities.models import IdentifierMention

    duplicate.status = TipStatus.DUPLICATE
    duplicate.duplicate_of = into
    duplicate.status_changed_at = timezone.now()
    duplicate.status_changed_by = by
    duplicate.urgent = False
    duplicate.save(update_fields=[*_STATUS_FIELDS, "duplicate_of", "urgent"])
    for mention in IdentifierMention.objects.filter(
        source_type=duplicate.kind, source_uuid=duplicate.uuid
    ).select_related("identifier"):
        mention_record(
            type=mention.identifier.type,
            value=mention.identifier.value,
            source_type=into.kind,
            source_uuid=into.uuid,
            area_code=into.area.code,
            normalised=True,
        )
    # Duplicates of the duplicate follow it to the original.
    Tip.objects.filter(duplicate_of=duplicate).update(duplicate_of=into)
    if note.strip():
        tip_add_note(tip=duplicate, by=by, text=note)
    _audit_action(duplicate, "merge", into=str(into.uuid))
    _audit_action(into, "merged_in", duplicate=str(duplicate.uuid))
    tip_rescore(tip=into, related=True)
    return into


@transaction.atomic
def tip_mark_promoted(
    *,
    case_uuid: uuid_module.UUID | str,
    tip: Tip | None = None,
    tip_uuid: uuid_module.UUID | str | None = None,
    by: User | None = None,
) -> Tip:
    """Called by the cases module when a case is opened from a tip (by the tip or its UUID)."""
    if tip is None:
        if tip_uuid is None:
            raise TypeError("tip_mark_promoted needs the tip or its tip_uuid")
        tip = Tip.objects.select_related("area").get(uuid=tip_uuid)
    tip = locked_fresh(tip)
    tip.status = TipStatus.PROMOTED
    tip.case_uuid = uuid_module.UUID(str(case_uuid))
    tip.status_changed_at = timezone.now()
    tip.status_changed_by = by
    tip.urgent = False
    tip.save(update_fields=[*_STATUS_FIELDS, "case_uuid", "urgent"])
    _audit_action(tip, "promote", case=str(tip.case_uuid))
    return tip


@transaction.atomic
def tip_add_note(*, tip: Tip, by: User, text: str) -> TipNote:
    text = text.strip()
    if not text:
        raise TipError(_("The note is empty."))
    return TipNote.objects.create(tip=tip, author=by, text=text[:4000])


@transaction.atomic
def tip_add_identifier(*, tip: Tip, type: str, value: str, by: User) -> Tip:
    """An identifier an officer read in the tip or its attachments and enters by hand."""
    try:
        mention_record(
            type=type,
            value=value,
            source_type=tip.kind,
            source_uuid=tip.uuid,
            area_code=tip.area.code,
        )
    except IdentifierError as exc:
        raise TipError(str(exc)) from exc
    _audit_action(tip, "add_identifier", type=type)
    tip_rescore(tip=tip, related=True)
    return tip
