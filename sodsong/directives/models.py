"""Models of the directives module: an official letter turned into tracked work.

- `Directive`: a received (uploaded or pasted) or composed letter, with its parsed fields, owned
  by the agency that issues it onward (`issuer_agency`, `area`). A district that passes a
  province's directive down creates a child directive (`parent`) with its own recipients.
- `DirectiveItem`: one numbered item: who acts, its deadline (ISO 8601 as the parser gives it),
  whether it asks for a report back, and the indicator codes that measure it.
- `Assignment`: one tracked item per recipient per directive item (per due date when the item
  repeats). A recipient is an agency (district office, police, immigration, labour, military,
  local body) or, when a district passes a directive down, a kamnan or headman (a user).
- `Acknowledgement`, `Report` (evidence through core attachments), `ExtensionRequest`,
  `Notice` (the reminders shown on the to-do page).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sodsong.core.models import DomainModel, SoftDeleteModel


class Origin(models.TextChoices):
    RECEIVED = "received", _("Received letter")
    COMPOSED = "composed", _("Composed circular")
    PASSED_DOWN = "passed_down", _("Passed down")


class DirectiveStatus(models.TextChoices):
    DRAFT = "draft", _("Draft for review")
    ISSUED = "issued", _("Issued")


class LetterKindChoice(models.TextChoices):
    EXTERNAL = "external", _("External letter")
    MEMO = "memo", _("Internal memo")
    ORDER = "order", _("Order")
    STAMPED = "stamped", _("Stamped letter")


class Directive(SoftDeleteModel):
    issuer_agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="directives_issued"
    )
    # The issuer's area: who may see the board is decided on this code.
    area = models.ForeignKey("geo.Area", on_delete=models.PROTECT, related_name="+")
    origin = models.CharField(max_length=12, choices=Origin.choices, default=Origin.RECEIVED)
    status = models.CharField(
        max_length=8, choices=DirectiveStatus.choices, default=DirectiveStatus.DRAFT
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="passed_down"
    )
    # Parsed fields of the letter (the contract of shared/data/letters/README.md).
    kind = models.CharField(
        _("kind"), max_length=10, choices=LetterKindChoice.choices, default="external"
    )
    urgency = models.CharField(_("urgency"), max_length=12, blank=True)
    urgent_by = models.DateField(_("urgent by"), null=True, blank=True)
    secrecy = models.CharField(_("secrecy"), max_length=12, blank=True)
    number = models.CharField(_("number"), max_length=80, blank=True)
    circular = models.BooleanField(_("circular"), default=False)
    issuer_code = models.CharField(_("issuer code"), max_length=40, blank=True)
    running_no = models.PositiveIntegerField(_("running number"), null=True, blank=True)
    letter_date = models.DateField(_("letter date"), null=True, blank=True)
    date_be_text = models.CharField(_("date as printed"), max_length=60, blank=True)
    from_unit = models.CharField(_("owning unit"), max_length=300, blank=True)
    subject = models.CharField(_("subject"), max_length=500)
    to = models.CharField(_("addressee"), max_length=300, blank=True)
    references = models.JSONField(_("references"), default=list, blank=True)
    enclosures = models.JSONField(_("enclosures"), default=list, blank=True)
    body = models.TextField(_("body"), blank=True)
    closing = models.CharField(_("closing"), max_length=200, blank=True)
    # The rank or title line above the name (ว่าที่ร้อยตรี, พันตำรวจเอก), kept apart from the name.
    signatory_rank = models.CharField(_("signatory's rank"), max_length=100, blank=True)
    signatory_name = models.CharField(_("signatory"), max_length=200, blank=True)
    signatory_position = models.CharField(_("signatory position"), max_length=300, blank=True)
    acting_for = models.CharField(_("acting for"), max_length=200, blank=True)
    contact_unit = models.CharField(_("contact unit"), max_length=300, blank=True)
    phone = models.CharField(_("telephone"), max_length=60, blank=True)
    email = models.CharField(_("e-mail"), max_length=200, blank=True)
    inconsistencies = models.JSONField(default=list, blank=True)
    parsed = models.JSONField(default=dict, blank=True)
    source_text = models.TextField(blank=True)
    source_name = models.CharField(max_length=255, blank=True)
    # Items without a deadline of their own are due on this day (for example the report-back
    # date that covers items 1–3).
    default_deadline = models.CharField(_("default deadline"), max_length=60, blank=True)
    received_on = models.DateField(_("received on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_draft(self) -> bool:
        return self.status == DirectiveStatus.DRAFT


class DirectiveItem(DomainModel):
    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(default=1)
    ref = models.CharField(_("item"), max_length=20, blank=True)
    text = models.TextField(_("text"))
    actors = models.JSONField(_("who acts"), default=list, blank=True)
    deadline = models.CharField(_("deadline"), max_length=60, blank=True)
    report_back = models.BooleanField(_("report back"), default=False)
    indicator_codes = models.JSONField(_("indicators"), default=list, blank=True)
    parent_item = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["directive_id", "position"]

    def __str__(self) -> str:
        return f"{self.ref or '-'} {self.text[:40]}"


class Assignment(DomainModel):
    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="assignments")
    item = models.ForeignKey(DirectiveItem, on_delete=models.CASCADE, related_name="assignments")
    recipient_agency = models.ForeignKey(
        "accounts.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The recipient's own area (a district, a sub-district or a village).
    area = models.ForeignKey("geo.Area", on_delete=models.PROTECT, related_name="+")
    recipient_label = models.CharField(max_length=300)
    occurrence = models.PositiveSmallIntegerField(default=1)
    received_on = models.DateField()
    due_on = models.DateField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    reported_at = models.DateTimeField(null=True, blank=True)
    last_reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["directive_id", "recipient_label", "item__position", "occurrence"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(recipient_agency__isnull=False, recipient_user__isnull=True)
                    | models.Q(recipient_agency__isnull=True, recipient_user__isnull=False)
                ),
                name="directives_assignment_one_recipient",
            )
        ]

    def __str__(self) -> str:
        return f"{self.recipient_label}: {self.item}"

    @property
    def recipient_key(self) -> str:
        if self.recipient_agency_id:
            return f"agency:{self.recipient_agency_id}"
        return f"user:{self.recipient_user_id}"

    def is_late(self, today=None) -> bool:
        today = today or timezone.localdate()
        if self.due_on is None:
            return False
        if self.reported_at is not None:
            return timezone.localdate(self.reported_at) > self.due_on
        return today > self.due_on


class Acknowledgement(DomainModel):
    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at"]

    def __str__(self) -> str:
        return f"ack {self.assignment_id}"


class Report(DomainModel):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="reports")
    text = models.TextField(_("what was done"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at"]

    def __str__(self) -> str:
        return f"report {self.assignment_id}"


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a decision")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class ExtensionRequest(DomainModel):
    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="extension_requests"
    )
    until = models.DateField(_("new deadline"))
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=8, choices=ExtensionStatus.choices, default=ExtensionStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"extension {self.assignment_id} → {self.until}"


class NoticeKind(models.TextChoices):
    DUE_SOON = "due_soon", _("Due soon")
    LATE = "late", _("Late")


class Notice(DomainModel):
    """A reminder shown on the recipient's to-do page (and e-mailed when e-mail is set up)."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=10, choices=NoticeKind.choices)
    on = models.DateField(default=timezone.localdate)
    emailed = models.PositiveSmallIntegerField(default=0)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-on"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "kind", "on"], name="directives_notice_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.assignment_id}"
