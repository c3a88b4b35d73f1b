"""Models of the village survey of foreign residents.

The registry is built on `people.Person` and `people.IdentityDocument`: one person is one record,
keyed by its documents. What only the survey needs lives here: the resident's status and
occupation, where they live (with history), their host and the TM.30 notification, phone numbers,
survey rounds with each village's submission, visits with behavioural red flags, and import jobs.

Red flags are behaviour (DOMAIN §5); nationality is never one.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sodsong.core.concurrency import Versioned
from sodsong.core.models import DomainModel, SoftDeleteModel, attachment_storage


class ResidentStatus(models.TextChoices):
    LIVING = "living", _("living here")
    MOVED_WITHIN_TH = "moved_within_th", _("moved within Thailand")
    LEFT = "left", _("left the country")
    UNKNOWN = "unknown", _("unknown")


class Resident(Versioned, SoftDeleteModel):
    """A foreign resident: the survey's view of one `people.Person`."""

    person = models.OneToOneField(
        "people.Person", on_delete=models.CASCADE, related_name="resident"
    )
    # The village the resident is recorded in (the current residence's village): jurisdiction.
    area = models.ForeignKey("geo.Area", on_delete=models.PROTECT, related_name="residents")
    occupation = models.CharField(_("occupation"), max_length=120, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ResidentStatus.choices, default=ResidentStatus.LIVING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["area__code", "id"]

    def __str__(self) -> str:
        return str(self.person)

    @property
    def current_residence(self) -> Residence | None:
        for residence in self.residences.all():
            if residence.moved_out_on is None:
                return residence
        return None


class HostKind(models.TextChoices):
    OWNER = "owner", _("house owner")
    POSSESSOR = "possessor", _("possessor (tenant who sublets)")
    HOTEL = "hotel", _("hotel manager")


class Host(DomainModel):
    """The person who must notify immigration (TM.30) when a foreigner stays at the address."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind of host"), max_length=12, choices=HostKind.choices)
    area = models.ForeignKey("geo.Area", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.person} ({self.kind})"


class Tm30Status(models.TextChoices):
    ON_TIME = "on_time", _("notified on time")
    LATE = "late", _("notified late")
    MISSING = "missing", _("not notified")
    DUE = "due", _("due within 24 hours")


# The host must notify within 24 hours of the move-in. Dates carry no time of day, so a
# notification dated the day after the move-in counts as on time, two days after as late.
TM30_GRACE = dt.timedelta(days=1)


def tm30_status_for(
    moved_in_on: dt.date | None, notified_on: dt.date | None, today: dt.date | None = None
) -> str:
    if notified_on is not None:
        if moved_in_on is not None and notified_on - moved_in_on > TM30_GRACE:
            return Tm30Status.LATE
        return Tm30Status.ON_TIME
    today = today or timezone.localdate()
    if moved_in_on is not None and today - moved_in_on <= TM30_GRACE:
        return Tm30Status.DUE
    return Tm30Status.MISSING


class Residence(DomainModel):
    """Where a resident lives or lived: moving closes one residence and opens another."""

    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="residences")
    area = models.ForeignKey("geo.Area", on_delete=models.PROTECT, related_name="+")
    house_no = models.CharField(_("house number"), max_length=40, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    moved_in_on = models.DateField(_("moved in on"), null=True, blank=True)
    moved_out_on = models.DateField(_("moved out on"), null=True, blank=True)
    host = models.ForeignKey(
        Host, null=True, blank=True, on_delete=models.SET_NULL, related_name="residences"
    )
    # Kept in step by the services whenever the move-in or a notification changes.
    tm30_status = models.CharField(
        max_length=8, choices=Tm30Status.choices, default=Tm30Status.MISSING, db_index=True
    )

    class Meta:
        ordering = ["-moved_in_on", "-id"]

    def __str__(self) -> str:
        return f"{self.area.code} {self.house_no}"


class Tm30Notification(DomainModel):
    residence = models.ForeignKey(Residence, on_delete=models.CASCADE, related_name="notifications")
    host = models.ForeignKey(Host, null=True, blank=True, on_delete=models.SET_NULL)
    notified_on = models.DateField(_("notified on"))
    reference = models.CharField(_("reference"), max_length=60, blank=True)

    class Meta:
        ordering = ["notified_on", "id"]

    def __str__(self) -> str:
        return f"TM.30 {self.notified_on} {self.reference}"


class ResidentPhone(DomainModel):
    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="phones")
    # E.164, validated with phonenumbers.
    number = models.CharField(max_length=20)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["resident", "number"], name="resident_phone_unique")
        ]

    def __str__(self) -> str:
        return self.number


class RedFlag(DomainModel):
    """A behaviour that warrants a look (DOMAIN §5). Editable by administrators. Never a
    nationality, ethnicity, religion or language."""

    class Category(models.TextChoices):
        PREMISES = "premises", _("premises")
        MULE = "mule", _("mule accounts and SIMs")
        RECRUITING = "recruiting", _("recruiting Thais")
        RESIDENCE = "residence", _("residence")

    code = models.SlugField(max_length=40, unique=True)
    category = models.CharField(max_length=12, choices=Category.choices)
    label_th = models.CharField(max_length=200)
    label_en = models.CharField(max_length=200)
    active = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.label_th


class SurveyRound(DomainModel):
    """A survey round opened by a district (for its district) or the province (for all)."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    name = models.CharField(_("name"), max_length=200)
    area = models.ForeignKey("geo.Area", on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("due on"))
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return self.name


class Submission(DomainModel):
    """One village's submission in a round: drafted and submitted by the headman, approved or
    returned with a comment by the district."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("not submitted")
        SUBMITTED = "submitted", _("submitted")
        APPROVED = "approved", _("approved")
        RETURNED = "returned", _("returned for correction")

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="submissions")
    area = models.ForeignKey("geo.Area", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    note = models.TextField(_("note"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["area__code"]
        constraints = [
            models.UniqueConstraint(fields=["round", "area"], name="submission_round_village")
        ]

    def __str__(self) -> str:
        return f"{self.round} {self.area.code} {self.status}"

    @property
    def on_time(self) -> bool:
        return bool(
            self.submitted_at and timezone.localdate(self.submitted_at) <= self.round.ends_on
        )


class Visit(SoftDeleteModel):
    area = models.ForeignKey("geo.Area", on_delete=models.PROTECT, related_name="+")
    visited_on = models.DateField(_("visit date"))
    visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    round = models.ForeignKey(
        SurveyRound, null=True, blank=True, on_delete=models.SET_NULL, related_name="visits"
    )
    residents = models.ManyToManyField(Resident, related_name="visits", blank=True)
    house_no = models.CharField(_("house number"), max_length=40, blank=True)
    observations = models.TextField(_("observations"), blank=True)
    red_flags = models.ManyToManyField(RedFlag, related_name="visits", blank=True)
    is_draft = models.BooleanField(default=False)

    class Meta:
        ordering = ["-visited_on", "-id"]

    def __str__(self) -> str:
        return f"visit {self.area.code} {self.visited_on}"


def import_upload_key(instance: ImportJob, filename: str) -> str:
    return f"survey-imports/{instance.uuid}/{filename}"


class ImportJob(DomainModel):
    """One uploaded spreadsheet: previewed (dry run), then committed atomically or good rows only."""

    class Mode(models.TextChoices):
        ATOMIC = "atomic", _("all rows or nothing")
        GOOD_ROWS = "good_rows", _("good rows; return the rejected ones as a file")

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("uploaded")
        VALIDATING = "validating", _("checking")
        PREVIEWED = "previewed", _("checked, ready to import")
        COMMITTING = "committing", _("importing")
        COMMITTED = "committed", _("imported")
        REFUSED = "refused", _("not imported: errors in the file")
        FAILED = "failed", _("failed")

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    area_code = models.CharField(max_length=8, db_index=True)
    file = models.FileField(upload_to=import_upload_key, storage=attachment_storage, max_length=200)
    original_name = models.CharField(max_length=255)
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.GOOD_ROWS)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.UPLOADED)
    job_run = models.ForeignKey(
        "jobs.JobRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    total_rows = models.PositiveIntegerField(default=0)
    new_rows = models.PositiveIntegerField(default=0)
    unchanged_rows = models.PositiveIntegerField(default=0)
    conflict_rows = models.PositiveIntegerField(default=0)
    error_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    # The first problems, for the preview: [{"row", "column", "message"}], and conflicts.
    report = models.JSONField(default=dict)
    rejected_file = models.FileField(
        upload_to=import_upload_key, storage=attachment_storage, max_length=200, blank=True
    )
    # Stamped as `created_at` on every row the commit writes: a commit started again after its
    # worker died recognises the rows it had already written by it (and never writes them twice).
    commit_started_at = models.DateTimeField(null=True, blank=True)
    # Rows of the file written so far (committed), for the progress bar and the resume.
    rows_committed = models.PositiveIntegerField(default=0)
    # Why the job failed, in the interface language (disk full, the worker died, …).
    failure = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def can_restart(self) -> bool:
        """A job stopped by a fault (not by its file) that starts again without a new upload."""
        return (
            self.status == self.Status.FAILED
            and bool(self.file)
            and not (self.report or {}).get("file_error")
        )
