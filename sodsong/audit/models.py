"""The append-only audit log: who did what to which records, when and why. Ids, never values."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """The audit log is append-only."""


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", _("created")
        CHANGE = "change", _("changed")
        SOFT_DELETE = "soft_delete", _("deleted")
        RESTORE = "restore", _("restored")
        PURGE = "purge", _("purged")
        READ = "read", _("read")
        EXPORT = "export", _("exported")
        LOGIN = "login", _("signed in")
        LOGIN_FAILED = "login_failed", _("sign-in failed")
        LOCKED_OUT = "locked_out", _("locked out")
        LOGOUT = "logout", _("signed out")
        ROLE_CHANGE = "role_change", _("role changed")
        TOKEN = "token", _("API token")
        PASSWORD = "password", _("password")
        DENIED = "denied", _("access refused")

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    agency_id = models.BigIntegerField(null=True)
    via = models.CharField(max_length=16, default="system")
    action = models.CharField(max_length=16, choices=Action.choices, db_index=True)
    object_type = models.CharField(max_length=64, blank=True, db_index=True)
    object_ids = models.JSONField(default=list)
    object_count = models.PositiveIntegerField(default=0, db_index=True)
    purpose = models.CharField(max_length=300, blank=True)
    request_path = models.CharField(max_length=300, blank=True)
    detail = models.JSONField(default=dict)
    # The area the event is about: administrators read the events of the areas they oversee
    # (#17 H6). Blank: the whole deployment (and events written before areas were recorded).
    area_code = models.CharField(max_length=16, blank=True, db_index=True)
    # About a protected identity (detail["identity"]): its actor and records are shown only to
    # those who may see that identity.
    protected = models.BooleanField(default=False)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["actor", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type} ×{self.object_count}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise AppendOnlyError("audit events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("audit events cannot be deleted")
