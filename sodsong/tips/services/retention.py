"""Retention: tips and their files removed after the retention period."""

from __future__ import annotations

import datetime as dt
import uuid as uuid_module

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from sodsong.core.models import Attachment
from sodsong.core.services import record_purge, record_soft_delete
from sodsong.entities.services import mentions_delete_for_sources
from sodsong.tips.models import (
    Tip,
    TipStatus,
    TipTombstone,
)
from sodsong.tips.services.common import retention_days


def attachment_remove(attachment: Attachment) -> None:
    """Deletes the record, and the stored bytes unless another record shares them (they are
    stored once per content hash)."""
    sha, name = attachment.sha256, attachment.file.name
    storage = attachment.file.storage
    attachment.delete()

    def _drop_bytes() -> None:
        if not Attachment.objects.filter(sha256=sha).exists() and name and storage.exists(name):
            storage.delete(name)

    transaction.on_commit(_drop_bytes)


@transaction.atomic
def tips_expire(*, now: dt.datetime | None = None, days: int | None = None) -> int:
    """Purges tips that were never verified nor passed to a case within the retention period.
    Counts survive in `TipTombstone`; the audit log keeps the ids (the purge is audited)."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=days if days is not None else retention_days())
    expiring = list(
        Tip.all_objects.filter(created_at__lt=cutoff, legal_hold=False)
        .exclude(status__in=(TipStatus.VERIFIED, TipStatus.PROMOTED))
        .exclude(duplicates__status__in=(TipStatus.VERIFIED, TipStatus.PROMOTED))
        .select_related("area")
        .distinct()
    )
    for tip in expiring:
        day = timezone.localtime(tip.created_at).date()
        row, _created = TipTombstone.objects.get_or_create(
            area_code=tip.area.code, day=day, kind=tip.kind, status=tip.status
        )
        TipTombstone.objects.filter(pk=row.pk).update(count=F("count") + 1)
    by_kind: dict[str, list[uuid_module.UUID]] = {}
    for tip in expiring:
        by_kind.setdefault(tip.kind, []).append(tip.uuid)
    for kind, uuids in by_kind.items():
        mentions_delete_for_sources(source_type=kind, source_uuids=uuids)
    for tip in expiring:
        for attachment in Attachment.objects.filter(owner_uuid=tip.uuid):
            attachment_remove(attachment)
        Tip.all_objects.filter(duplicate_of=tip).update(duplicate_of=None)
        if not tip.is_deleted:
            record_soft_delete(record=tip, actor_id=None, reason="retention period ended")
        record_purge(record=tip)
    return len(expiring)
