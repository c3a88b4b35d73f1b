"""Joint multi-agency cases: the law catalogue, cases, sharing, compartments, tasks, operations,
seizures, people in a case, arrests, charges, prosecution and the timeline.

The law catalogue is data (`data/laws.json`), versioned: a law has versions with effective dates,
each version its sections; an edit makes a new revision row and keeps the old one, so a charge
always points at the exact text it was laid under.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sodsong.core.models import DomainModel, SoftDeleteModel

# ---------------------------------------------------------------------------------------------
# The law catalogue


class Law(DomainModel):
    code = models.SlugField(max_length=60, unique=True)
    title_th = models.CharField(max_length=300)
    title_en = models.CharField(max_length=300)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.title_th


class LawVersion(DomainModel):
    law = models.ForeignKey(Law, on_delete=models.PROTECT, related_name="versions")
    label = models.CharField(max_length=80)  # "B.E. 2566", "No. 2 B.E. 2568"
    label_th = models.CharField(max_length=120)
    effective_from = models.DateField()
    needs_verification = models.BooleanField(default=False)
    note = models.CharField(max_length=400, blank=True)

    class Meta:
        ordering = ["law__code", "effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["law", "label"], name="law_version_label"),
        ]

    def __str__(self) -> str:
        return f"{self.law.title_th} {self.label_th}"


class PenaltyMode(models.TextChoices):
    AND = "and", _("imprisonment and fine")
    OR = "or", _("imprisonment or fine")
    OR_BOTH = "or_both", _("imprisonment or fine or both")
    FINE = "fine", _("fine only")
    UNSPECIFIED = "", _("as the law states")


class LawSection(DomainModel):
    """One chargeable section of one law version. Rows are never overwritten: a revision makes a
    new row (`revision` + 1) and sets `superseded_by` on the old one."""

    version = models.ForeignKey(LawVersion, on_delete=models.PROTECT, related_name="sections")
    # Stable key within a law across its versions: "s.9", "s.11/s.62", "s.38/s.77-hotel".
    key = models.CharField(max_length=40)
    section = models.CharField(max_length=20)
    paragraph = models.CharField(max_length=10, blank=True)  # วรรค
    item = models.CharField(max_length=10, blank=True)  # อนุมาตรา
    penalty_section = models.CharField(max_length=20, blank=True)
    offence_th = models.CharField(max_length=400)
    offence_en = models.CharField(max_length=400)
    min_years = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    max_years = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    min_fine = models.PositiveIntegerField(null=True, blank=True)
    max_fine = models.PositiveIntegerField(null=True, blank=True)
    fine_per_day = models.PositiveIntegerField(null=True, blank=True)
    fine_unit = models.CharField(max_length=40, blank=True)  # "per foreigner"
    penalty_mode = models.CharField(
        max_length=8, choices=PenaltyMode.choices, blank=True, default=""
    )
    # Illegal entry, stay or work: not charged against a screened trafficking victim (ATIP s.41).
    victim_protected = models.BooleanField(default=False)
    deportation = models.BooleanField(default=False)
    needs_verification = models.BooleanField(default=False)
    note = models.CharField(max_length=400, blank=True)
    revision = models.PositiveSmallIntegerField(default=1)
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["version__law__code", "version__effective_from", "key", "revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "key", "revision"], name="law_section_revision"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version.law.title_th} {self.version.label_th} {self.citation_th}"

    @property
    def citation_th(self) -> str:
        text = f"มาตรา {self.section}"
        if self.paragraph:
            text += f" วรรค {self.paragraph}"
        if self.item:
            text += f" ({self.item})"
        if self.penalty_section:
            text += f" ประกอบมาตรา {self.penalty_section}"
        return text

    @property
    def citation_en(self) -> str:
        text = f"s.{self.section}"
        if self.paragraph:
            text += f" para. {self.paragraph}"
        if self.item:
            text += f"({self.item})"
        if self.penalty_section:
            text += f" / s.{self.penalty_section}"
        return text

    @property
    def is_current(self) -> bool:
        return self.superseded_by_id is None

    def severity(self) -> tuple:
        """Lower is more favourable to the accused (Penal Code s.3): the maximum prison term,
        then the maximum fine, then the minimums. An unknown penalty counts as the harshest."""
        big = 10**9
        return (
            float(self.max_years) if self.max_years is not None else (0 if self.max_fine else big),
            self.max_fine if self.max_fine is not None else (0 if self.max_years else big),
            float(self.min_years or 0),
            self.min_fine or 0,
            self.fine_per_day or 0,
        )


# ---------------------------------------------------------------------------------------------
# Cases


class CaseType(models.TextChoices):
    CALL_CENTRE = "call_centre", _("Call-centre premises")
    MULE = "mule", _("Mule accounts and SIMs")
    RECRUITMENT = "recruitment", _("Recruitment of Thais for work abroad")
    IMMIGRATION = "immigration", _("Illegal entry, stay or work")
    TM30 = "tm30", _("TM.30 non-notification")
    OTHER = "other", _("Other")


class CaseStatus(models.TextChoices):
    OPEN = "open", _("open")
    INVESTIGATING = "investigating", _("investigating")
    OPERATION = "operation", _("operation")
    CHARGED = "charged", _("charged")
    PROSECUTION = "prosecution", _("prosecution")
    CLOSED = "closed", _("closed")


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


class Case(SoftDeleteModel):
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

    def is_overdue(self, today=None) -> bool:  # type: ignore[no-untyped-def]
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


# ---------------------------------------------------------------------------------------------
# Operations and seizures


class OperationKind(models.TextChoices):
    INSPECTION = "inspection", _("inspection")
    RAID = "raid", _("raid")


class OperationStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    HELD = "held", _("held")
    CANCELLED = "cancelled", _("cancelled")


class Operation(DomainModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="operations")
    kind = models.CharField(_("kind"), max_length=12, choices=OperationKind.choices)
    status = models.CharField(
        max_length=10, choices=OperationStatus.choices, default=OperationStatus.PLANNED
    )
    planned_for = models.DateTimeField(_("date and time"))
    held_at = models.DateTimeField(null=True, blank=True)
    place = models.CharField(_("place"), max_length=300)
    area = models.ForeignKey(
        "geo.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    units = models.CharField(_("units"), max_length=300)
    headcount = models.PositiveIntegerField(_("headcount"), default=0)
    legal_basis = models.CharField(_("legal basis or warrant reference"), max_length=300)
    result = models.TextField(_("result"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["planned_for", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.planned_for:%Y-%m-%d}"

    @property
    def compartment(self) -> str:
        # Once held, an operation is no longer a secret that can leak.
        return Compartment.OPERATIONS if self.status == OperationStatus.PLANNED else ""


class SeizureKind(models.TextChoices):
    PHONE = "phone", _("phones")
    SIM = "sim", _("SIM cards")
    SIM_BOX = "sim_box", _("SIM boxes / GSM gateways")
    COMPUTER = "computer", _("computers")
    BANK_BOOK = "bank_book", _("bank books and cards")
    CASH = "cash", _("cash (baht)")
    DOCUMENT = "document", _("documents")
    OTHER = "other", _("other")


class Seizure(DomainModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="seizures")
    operation = models.ForeignKey(
        Operation, null=True, blank=True, on_delete=models.PROTECT, related_name="seizures"
    )
    kind = models.CharField(_("item"), max_length=12, choices=SeizureKind.choices)
    quantity = models.PositiveIntegerField(_("quantity"))
    description = models.CharField(_("description"), max_length=300, blank=True)
    custody_reference = models.CharField(_("custody reference"), max_length=100, blank=True)
    seized_on = models.DateField()

    class Meta:
        ordering = ["seized_on", "id"]

    def __str__(self) -> str:
        return f"{self.kind} ×{self.quantity}"


# ---------------------------------------------------------------------------------------------
# People in a case, arrests, charges, prosecution


class PartyRole(models.TextChoices):
    SUSPECT = "suspect", _("suspect")
    VICTIM = "victim", _("victim")
    WITNESS = "witness", _("witness")
    INFORMANT = "informant", _("informant")


class Screening(models.TextChoices):
    NOT_REQUIRED = "not_required", _("not required")
    PENDING = "pending", _("screening pending")
    VICTIM = "victim", _("screened: trafficking victim")
    NOT_VICTIM = "not_victim", _("screened: not a victim")


class CaseParty(DomainModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role in the case"), max_length=10, choices=PartyRole.choices)
    # Anyone recruited or held is screened as a possible trafficking victim before anything else.
    recruited_or_held = models.BooleanField(_("recruited or held by others"), default=False)
    screening = models.CharField(
        max_length=14, choices=Screening.choices, default=Screening.NOT_REQUIRED
    )
    screened_on = models.DateField(null=True, blank=True)
    screening_reference = models.CharField(max_length=100, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "person", "role"], name="case_party_role"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.role} {self.person_id}"

    @property
    def compartment(self) -> str:
        if self.role == PartyRole.INFORMANT:
            return Compartment.INFORMANTS
        if self.role == PartyRole.VICTIM or self.screening == Screening.VICTIM:
            return Compartment.VICTIMS
        return ""


class Arrest(DomainModel):
    """An arrest with what the Torture and Enforced Disappearance Act B.E. 2565 s.22 requires:
    continuous audio-video recording until hand-over and immediate notice to the prosecutor and
    the district chief (in Bangkok, the Department of Provincial Administration)."""

    party = models.ForeignKey(CaseParty, on_delete=models.PROTECT, related_name="arrests")
    arrested_at = models.DateTimeField(_("arrested at"))
    place = models.CharField(_("place"), max_length=300)
    arresting_unit = models.CharField(_("arresting unit"), max_length=200)
    recording_reference = models.CharField(
        _("audio-video recording reference"), max_length=200, blank=True
    )
    recording_missing_reason = models.CharField(max_length=300, blank=True)
    prosecutor_notified_at = models.DateTimeField(
        _("prosecutor notified at"), null=True, blank=True
    )
    administrative_notified_at = models.DateTimeField(
        _("district chief notified at"), null=True, blank=True
    )
    handed_over_at = models.DateTimeField(_("handed over at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["arrested_at"]

    def __str__(self) -> str:
        return f"arrest {self.arrested_at:%Y-%m-%d %H:%M}"

    @property
    def notifications_complete(self) -> bool:
        return bool(self.prosecutor_notified_at and self.administrative_notified_at)


class ProsecutorDecision(models.TextChoices):
    PENDING = "", _("awaiting decision")
    PROSECUTE = "prosecute", _("prosecute")
    NOT_PROSECUTE = "not_prosecute", _("not prosecute")


class Verdict(models.TextChoices):
    PENDING = "", _("no verdict yet")
    GUILTY = "guilty", _("guilty")
    ACQUITTED = "acquitted", _("acquitted")
    DISMISSED = "dismissed", _("dismissed")


class Charge(DomainModel):
    party = models.ForeignKey(CaseParty, on_delete=models.PROTECT, related_name="charges")
    offence_from = models.DateField(_("offence date (from)"))
    offence_to = models.DateField(_("offence date (to)"), null=True, blank=True)
    # The text in force when the offence was committed, and the text applied (Penal Code s.3).
    section_in_force = models.ForeignKey(LawSection, on_delete=models.PROTECT, related_name="+")
    section_applied = models.ForeignKey(LawSection, on_delete=models.PROTECT, related_name="+")
    s41_override_reason = models.CharField(max_length=300, blank=True)
    decision = models.CharField(
        max_length=14, choices=ProsecutorDecision.choices, blank=True, default=""
    )
    verdict = models.CharField(max_length=10, choices=Verdict.choices, blank=True, default="")
    sentence = models.CharField(max_length=300, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["offence_from", "id"]

    def __str__(self) -> str:
        return f"{self.section_applied}"

    @property
    def offence_date(self):  # type: ignore[no-untyped-def]
        return self.offence_to or self.offence_from


class Deportation(models.TextChoices):
    NOT_APPLICABLE = "", _("not applicable")
    ORDERED = "ordered", _("ordered")
    DONE = "done", _("deported")


class Prosecution(DomainModel):
    party = models.OneToOneField(CaseParty, on_delete=models.PROTECT, related_name="prosecution")
    inquiry_file_sent_on = models.DateField(_("inquiry file sent on"), null=True, blank=True)
    prosecutor_office = models.CharField(_("prosecutor's office"), max_length=200, blank=True)
    decision = models.CharField(
        _("prosecutor's decision"),
        max_length=14,
        choices=ProsecutorDecision.choices,
        blank=True,
        default="",
    )
    decision_on = models.DateField(_("decision date"), null=True, blank=True)
    court = models.CharField(_("court"), max_length=200, blank=True)
    filed_on = models.DateField(_("filed in court on"), null=True, blank=True)
    verdict = models.CharField(
        _("verdict"), max_length=10, choices=Verdict.choices, blank=True, default=""
    )
    verdict_on = models.DateField(_("verdict date"), null=True, blank=True)
    sentence = models.CharField(_("sentence"), max_length=300, blank=True)
    deportation = models.CharField(
        _("deportation"), max_length=8, choices=Deportation.choices, blank=True, default=""
    )
    deported_on = models.DateField(_("deported on"), null=True, blank=True)

    def __str__(self) -> str:
        return f"prosecution {self.party_id}"
