"""A run of a background job, with progress that pages can poll."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sodsong.core.models import DomainModel


class JobRun(DomainModel):
    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    name = models.CharField(max_length=100)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The area the job works on (an import: its village's district), for who may follow it;
    # blank: the whole deployment (only its starter and the deployment's admin see it).
    area_code = models.CharField(max_length=16, blank=True, db_index=True)
    # Ids only: a job re-reads what it works on, so it never acts on stale data.
    params = models.JSONField(default=dict)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=300, blank=True)
    result = models.JSONField(default=dict)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Written when the job starts, on each progress report and every few seconds by the worker
    # running it: a running job whose heartbeat stops was killed with its worker, and is failed
    # by `jobs.services.fail_stale_jobs` (on worker start and every minute).
    heartbeat_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} {self.status}"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.total:
            return 0
        return min(100, int(100 * self.done / self.total))

    def elapsed_seconds(self) -> float | None:
        if not self.started_at:
            return None
        return ((self.finished_at or timezone.now()) - self.started_at).total_seconds()
