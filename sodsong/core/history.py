"""Records a `RecordVersion` and an audit event for every save of a domain record.

This is infrastructure, not domain logic: it runs inside the same transaction as the write that
triggered it, so a change and its history land together or not at all. Services choose the
action for soft delete and restore by setting `instance._history_action` before saving.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.db.models import FileField
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from sodsong.core.context import current_actor
from sodsong.core.models import DomainModel, RecordVersion

_ALWAYS_EXCLUDED = {"updated_at"}


def snapshot_of(instance: DomainModel) -> dict[str, Any]:
    excluded = _ALWAYS_EXCLUDED | set(instance.history_exclude)
    values = {
        field.attname: field.value_to_string(instance)
        if isinstance(field, FileField)
        else field.value_from_object(instance)
        for field in instance._meta.concrete_fields
        if field.attname not in excluded
    }
    return json.loads(json.dumps(values, cls=DjangoJSONEncoder))


def record_version(instance: DomainModel, action: str) -> RecordVersion:
    """Records the next version. Two saves of one record that are not serialised (made without
    a row lock, or outside a transaction, so not holding the row the UPDATE locked) may read the
    same last version: the second insert then breaks the unique constraint. It is retried in a
    savepoint with the number read again, rather than failing the officer's save (issue 18)."""
    for attempt in range(3):
        try:
            with transaction.atomic():
                return _record_version(instance, action)
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _record_version(instance: DomainModel, action: str) -> RecordVersion:
    actor = current_actor()
    content_type = ContentType.objects.get_for_model(instance, for_concrete_model=True)
    previous = (
        RecordVersion.objects.filter(content_type=content_type, object_uuid=instance.uuid)
        .order_by("-version")
        .first()
    )
    # A purge removes personal data for good, so it also empties the earlier snapshots.
    purging = action == RecordVersion.Action.PURGE
    snapshot = {} if purging else snapshot_of(instance)
    changed = (
        sorted(k for k in snapshot if previous.snapshot.get(k) != snapshot[k])
        if previous
        else sorted(snapshot)
    )
    if purging:
        RecordVersion.objects.filter(content_type=content_type, object_uuid=instance.uuid).update(
            snapshot={}
        )
    version = RecordVersion.objects.create(
        content_type=content_type,
        object_uuid=instance.uuid,
        version=(previous.version + 1) if previous else 1,
        action=action,
        actor_id=actor.user_id,
        via=actor.via,
        snapshot=snapshot,
        changed_fields=changed,
    )
    from sodsong.audit.services import log_action, subject_of

    area_code, who = subject_of(instance)
    log_action(
        action=action,
        object_type=content_type.natural_key()[0] + "." + content_type.model,
        object_ids=[str(instance.uuid)],
        detail={"version": version.version, "fields": changed},
        area_code=area_code,
        who=who,
    )
    return version


@receiver(post_save)
def _on_save(sender: type, instance: Any, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if raw or not isinstance(instance, DomainModel):
        return
    action = getattr(instance, "_history_action", None) or (
        RecordVersion.Action.CREATE if created else RecordVersion.Action.CHANGE
    )
    instance._history_action = None
    record_version(instance, action)


@receiver(post_delete)
def _on_delete(sender: type, instance: Any, **kwargs: Any) -> None:
    if isinstance(instance, DomainModel):
        record_version(instance, RecordVersion.Action.PURGE)
