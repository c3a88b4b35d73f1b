"""The shared base of every domain record: public UUIDs, history, soft delete, legal hold,
and attachments.

- Every domain model subclasses `DomainModel`: a UUID for URLs and the API (never the sequential
  id), timestamps, and a version recorded in `RecordVersion` on each change.
- Models whose records may be removed subclass `SoftDeleteModel`: deletion hides the record
  (`objects` leaves it out; `all_objects` keeps it) and only `purge` removes it, which a legal hold
  refuses.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DomainModel(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    # Fields whose values history must never copy (e.g. secrets); extended by subclasses.
    history_exclude: tuple[str, ...] = ()

    class Meta:
        abstract = True


class LiveManager(models.Manager):
    """Leaves out soft-deleted records: what every selector starts from."""

    def get_queryset(self) -> models.QuerySet:
        return super().get_queryset().filter(deleted_at__isnull=True)


class SoftDeleteModel(DomainModel):
    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    delete_reason = models.CharField(max_length=300, blank=True, editable=False)
    legal_hold = models.BooleanField(
        _("legal hold"),
        default=False,
        help_text=_("While on hold the record is never purged, whatever its retention."),
    )
    legal_hold_reason = models.CharField(max_length=300, blank=True)

    objects = LiveManager()
    all_objects = models.Manager()  # noqa: DJ012  (managers belong with the soft-delete fields)

    class Meta:
        abstract = True

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class RecordVersion(models.Model):
    """One version of one domain record: who changed it, when, how, and what it then held.

    The single history mechanism for all models. It holds field values (it is the record's own
    history, kept under the same access rules as the record), unlike the audit log, which holds
    ids only.
    """

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        CHANGE = "change", _("changed")
        SOFT_DELETE = "soft_delete", _("deleted")
        RESTORE = "restore", _("restored")
        PURGE = "purge", _("purged")

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.PROTECT)
    object_uuid = models.UUIDField(db_index=True)
    version = models.PositiveIntegerField()
    action = models.CharField(max_length=16, choices=Action.choices)
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    via = models.CharField(max_length=16, default="system")
    snapshot = models.JSONField(default=dict)
    changed_fields = models.JSONField(default=list)

    class Meta:
        ordering = ["content_type_id", "object_uuid", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_uuid", "version"], name="record_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.content_type.model}:{self.object_uuid} v{self.version} {self.action}"


def attachment_storage():
    from django.core.files.storage import storages

    return storages["attachments"]


def attachment_key(instance: Attachment, filename: str) -> str:
    # Content-addressed: the same bytes are stored once, under their SHA-256.
    return f"sha256/{instance.sha256[:2]}/{instance.sha256}"


class Attachment(DomainModel):
    """A file attached to a domain record, stored by content hash and served only through the
    access-checked view of the record it belongs to."""

    owner_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.PROTECT)
    owner_uuid = models.UUIDField(db_index=True)
    area_code = models.CharField(max_length=8, db_index=True)
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=100)
    original_name = models.CharField(max_length=255)
    file = models.FileField(upload_to=attachment_key, storage=attachment_storage, max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return self.original_name
