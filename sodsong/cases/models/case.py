"""A case, where it came from, the agencies and officers it is shared with, its compartments,
its timeline and its tasks."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sodsong.core.concurrency import Versioned
from sodsong.core.models import DomainModel, SoftDeleteModel


class CaseType(models.TextChoices):
    CALL_CENTRE = "call_centre", _("Call-centre premises")
    MULE = "mule", _("Mule accounts and SIMs")
    RECRUITMENT = "recruitment", _("Recruitment of Thais for work abroad")
    IMMIGRATION = "immigration", _("Illegal entry, stay or work")
    TM30 = "tm30", _("TM.30 non-notification")
    OTHER = "other", _("Other")


class CaseStatus(models.TextChoices):
    # A status, not the act of opening (เปิดคดี): with its own context so that the survey's
    # "open" round does not lend it its Thai.
    OPEN = "open", pgettext_lazy("case status", "open")
    INVESTIGATING = "investigating", _("investigating")
    OPERATION = "operation", _("operation")
    CHARGED = "charged", _("charged")
    PROSECUTION = "prosecution", _("prosecution")
    CLOSED = "closed", pgettext_lazy("case status", "closed")


class OriginKind(models.TextChoices):
    TIP = "tip", _("tip or watch report")
    SURVEY = "survey", _("survey")
    REFERRAL = "referral", _("referral from another agency")
    OTHER = "other", _("other")


class Compartment(models.TextChoices):
    NONE = "", _("everyone on the case")
    INFORMANTS = "informants", _("informants' identities")
    VICTIMS = "victims", _("victims' identities")
    OPERATIONS = "operations", _("planned operations")


class Case(Versioned, SoftDeleteModel):
    """A case. `version` goes up on every save, so that two officers' edits never silently undo
    each other (sodsong.core.concurrency)."""

    number = models.CharField(max_length=30, unique=True)
    title = models.CharField(_("title"), max_length=200)
    case_type = models.CharField(_("type"), max_length=16, choices=CaseType.choices)
    status = models.CharField(max_length=16, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    origin = models.CharField(
        _("origin"), max_length=10, choices=OriginKind.choices, default=OriginKind.OTHER
    )
    origin_reference = models.CharField(_("origin reference"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    # The area that owns the record (usually a district); `areas` are all the areas it covers.
    area = models.ForeignKey("geo.Area", on_delete=models.PROTECT, related_name="+")
    areas = models.ManyToManyField("geo.Area", related_name="cases", blank=True)
    lead_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="led_cases"
    )
    police_case_number = models.CharField(_("police case number"), max_length=60, blank=True)
    prosecutor_black_number = models.CharField(
        _("prosecutor's black case number"), max_length=60, blank=True
    )
    prosecutor_red_number = models.CharField(
        _("prosecutor's red case number"), max_length=60, blank=True
    )
    court_black_number = models.CharField(_("court's black case number"), max_length=60, blank=True)
    court_red_number = models.CharField(_("court's red case number"), max_length=60, blank=True)
    saraban_numbers = models.CharField(_("e-Saraban document numbers"), max_length=300, blank=True)
    opened_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True)
    close_reason = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-opened_on", "-id"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class CaseOrigin(DomainModel):
    """Where a case came from: tips (by uuid; the tips module is not a dependency), a survey
    record, or a referral from another agency."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="origins")
    kind = models.CharField(max_length=10, choices=OriginKind.choices)
    tip_uuid = models.UUIDField(null=True, blank=True, db_index=True)
    agency = models.ForeignKey(
        "accounts.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reference = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.tip_uuid or self.reference}"


class CaseParticipation(DomainModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="participations")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["granted_at"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.agency}"


class CaseMember(DomainModel):
    """An officer named on the case, and the need-to-know compartments named for them."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    informants = models.BooleanField(_("informants' identities"), default=False)
    victims = models.BooleanField(_("victims' identities"), default=False)
    operations = models.BooleanField(_("planned operations"), default=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.user_id}"

    def compartments(self) -> set[str]:
        return {c for c in ("informants", "victims", "operations") if getattr(self, c)}


class CaseEvent(models.Model):
    """The case's timeline: one line per thing done on it. A line about compartmented matter
    carries the compartment and is shown only to those named for it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=32)
    compartment = models.CharField(max_length=12, choices=Compartment.choices, blank=True)
    detail = models.JSONField(default=dict)
    object_uuid = models.UUIDField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind}"


# ---------------------------------------------------------------------------------------------
# Tasks


class TaskStatus(models.TextChoices):
    OPEN = "open", _("to do")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    CANCELLED = "cancelled", _("cancelled")


class Task(DomainModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("task"), max_length=200)
    assignee_agency = models.ForeignKey(
        "accounts.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assignee_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case_tasks",
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(max_length=12, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today=None) -> bool:
        from django.utils import timezone

        today = today or timezone.localdate()
        return (
            self.due_on is not None
            and self.due_on < today
            and self.status in (TaskStatus.OPEN, TaskStatus.IN_PROGRESS)
        )


class TaskLogEntry(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="log")
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=12, choices=TaskStatus.choices)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.task_id} {self.status}"
