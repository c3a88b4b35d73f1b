"""Tips from the public and watch reports from headmen, kamnan and local bodies: one queue.

A tip is an observation, not a finding of guilt. The reporter's identity (contact details of a
public tip, the user who wrote a watch report) is hidden by default and shown only to officers
the district designates. Client addresses are never stored here: only salted hashes, in
`RateLimitHit`, for one day.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sodsong.core.models import DomainModel, SoftDeleteModel

# Score at or above which an open item counts as urgent (dashboard and e-mail).
URGENT_SCORE = 50


class TipKind(models.TextChoices):
    TIP = "tip", _("public tip")
    REPORT = "report", _("watch report")


class TipStatus(models.TextChoices):
    NEW = "new", _("received")
    VERIFIED = "verified", _("verified")
    UNFOUNDED = "unfounded", _("unfounded")
    DUPLICATE = "duplicate", _("duplicate")
    PROMOTED = "promoted", _("passed to a case")


# What the public sees when it looks a tracking code up: the status only, in plain words.
PUBLIC_STATUS = {
    TipStatus.NEW: _("Received, waiting to be checked"),
    TipStatus.VERIFIED: _("Checked by officers"),
    TipStatus.UNFOUNDED: _("Checked; no further action"),
    TipStatus.DUPLICATE: _("Checked together with another report"),
    TipStatus.PROMOTED: _("Passed on for further action"),
}


class Tip(SoftDeleteModel):
    kind = models.CharField(max_length=8, choices=TipKind.choices)
    # 10 characters from an alphabet without look-alikes; given to the sender of a public tip.
    tracking_code = models.CharField(max_length=12, unique=True)
    # The most precise area known (province at least): jurisdiction is decided by it.
    area = models.ForeignKey("geo.Area", on_delete=models.PROTECT, related_name="tips")
    place_text = models.CharField(_("place"), max_length=300, blank=True)
    description = models.TextField(_("what happened"))
    occurred_on = models.DateField(_("when it happened"), null=True, blank=True)
    red_flags = models.JSONField(default=list, blank=True)
    # The reporter: contact details of a public tip (optional), or the officer who reported.
    contact_name = models.CharField(max_length=120, blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    contact_email = models.CharField(max_length=200, blank=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="watch_reports",
    )
    # Registry people a watch report is about (optional).
    people = models.ManyToManyField("people.Person", blank=True, related_name="tips")
    status = models.CharField(max_length=10, choices=TipStatus.choices, default=TipStatus.NEW)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    case_uuid = models.UUIDField(null=True, blank=True)
    # Triage: the score and the reasons behind it, recomputed when the facts change.
    score = models.PositiveSmallIntegerField(default=0, db_index=True)
    score_reasons = models.JSONField(default=list, blank=True)
    scored_at = models.DateTimeField(null=True, blank=True)
    urgent = models.BooleanField(default=False)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-score", "-created_at"]
        indexes = [
            models.Index(fields=["status", "urgent", "created_at"]),
            models.Index(fields=["kind", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.tracking_code}"

    @property
    def source_type(self) -> str:
        return self.kind  # "tip" or "report": the entities module's source types

    @property
    def is_open(self) -> bool:
        return self.status == TipStatus.NEW

    @property
    def public_status(self) -> str:
        return str(PUBLIC_STATUS[TipStatus(self.status)])


class TipNote(DomainModel):
    """An officer's internal note on a tip: never shown to the public."""

    tip = models.ForeignKey(Tip, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"note on {self.tip_id}"


class ReporterDesignation(DomainModel):
    """A district designates the officers who may see who reported a tip in that district."""

    district = models.ForeignKey(
        "geo.Area", on_delete=models.PROTECT, related_name="reporter_designations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reporter_designations"
    )
    designated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["district_id", "user_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "user"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_active_designation_per_district_user",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} designated in {self.district_id}"


class RateLimitHit(models.Model):
    """One request from a client, keyed by a salted hash of its address; purged after a day.

    Not a domain record: no history, no audit, no UUID (nothing here may outlive the day)."""

    bucket = models.CharField(max_length=24)
    client_hash = models.CharField(max_length=64)
    at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [models.Index(fields=["bucket", "client_hash", "at"])]

    def __str__(self) -> str:
        return f"{self.bucket} {self.client_hash[:8]}"


class TipTombstone(models.Model):
    """Counts of expired tips per area, day received, kind and last status: what indicators
    keep after the tips themselves are gone."""

    area_code = models.CharField(max_length=8)
    day = models.DateField()
    kind = models.CharField(max_length=8, choices=TipKind.choices)
    status = models.CharField(max_length=10, choices=TipStatus.choices)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["day", "area_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["area_code", "day", "kind", "status"], name="tip_tombstone_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.area_code} {self.day} {self.kind} {self.status} ×{self.count}"
