"""Soft delete, restore, purge and legal hold: the same rules for every record."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sodsong.core.models import RecordVersion, SoftDeleteModel


class LegalHoldError(Exception):
    """A record under legal hold cannot be purged."""


class NotDeletedError(Exception):
    """Only a soft-deleted record can be purged or restored."""


@transaction.atomic
def record_soft_delete(*, record: SoftDeleteModel, actor_id: int | None, reason: str) -> None:
    if not reason.strip():
        raise ValueError(_("A reason is required to delete a record."))
    record.deleted_at = timezone.now()
    record.deleted_by_id = actor_id
    record.delete_reason = reason.strip()[:300]
    record._history_action = RecordVersion.Action.SOFT_DELETE
    record.save(update_fields=["deleted_at", "deleted_by", "delete_reason", "updated_at"])


@transaction.atomic
def record_restore(*, record: SoftDeleteModel) -> None:
    if not record.is_deleted:
        raise NotDeletedError(_("The record is not deleted."))
    record.deleted_at = None
    record.deleted_by_id = None
    record.delete_reason = ""
    record._history_action = RecordVersion.Action.RESTORE
    record.save(update_fields=["deleted_at", "deleted_by", "delete_reason", "updated_at"])


@transaction.atomic
def record_set_legal_hold(*, record: SoftDeleteModel, hold: bool, reason: str) -> None:
    if hold and not reason.strip():
        raise ValueError(_("A reason is required to place a legal hold."))
    record.legal_hold = hold
    record.legal_hold_reason = reason.strip()[:300] if hold else ""
    record.save(update_fields=["legal_hold", "legal_hold_reason", "updated_at"])


@transaction.atomic
def record_purge(*, record: SoftDeleteModel) -> None:
    """Removes a soft-deleted record for good. Its versions stay as the trace that it existed."""
    fresh = type(record).all_objects.select_for_update().get(pk=record.pk)
    if fresh.legal_hold:
        raise LegalHoldError(_("This record is under legal hold and cannot be purged."))
    if not fresh.is_deleted:
        raise NotDeletedError(_("Delete the record before purging it."))
    fresh.delete()
