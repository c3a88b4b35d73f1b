"""People in a case (suspects, victims, witnesses), the 24-hour victim screening and arrests."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sodsong.cases.models.case import (
    Case,
    Compartment,
)
from sodsong.core.models import DomainModel


class PartyRole(models.TextChoices):
    SUSPECT = "suspect", _("suspect")
    VICTIM = "victim", _("victim")
    WITNESS = "witness", _("witness")
    INFORMANT = "informant", _("informant")


# Anti-Trafficking in Persons Act B.E. 2551 s.29: 24 hours to screen a possible victim.
SCREENING_WITHIN = dt.timedelta(hours=24)


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
    # ATIP s.29: a possible victim taken into care at an operation is screened within 24 hours
    # of it (longer only with the court's leave); the clock runs from this moment, per person.
    taken_into_care_at = models.DateTimeField(_("taken into care at"), null=True, blank=True)
    screened_at = models.DateTimeField(null=True, blank=True)
    screening_late_reason = models.CharField(max_length=300, blank=True)
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
    def role_label(self) -> str:
        """The role as officials name it. A suspect once charged is a ผู้ต้องหา (Criminal
        Procedure Code s.2(2): accused of an offence, not yet sued in court), and once the case
        is filed in court a จำเลย (s.2(3)); before any charge, a ผู้ต้องสงสัย."""
        if self.role != PartyRole.SUSPECT:
            return str(self.get_role_display())
        record = getattr(self, "prosecution_record", None)
        if record is not None and record.filed_on:
            return str(_("defendant"))
        if any(c.withdrawn_at is None for c in self.charges.all()):
            return str(_("charged person"))
        return str(self.get_role_display())

    @property
    def screening_due_at(self) -> dt.datetime | None:
        """When the ATIP s.29 screening falls due: 24 hours after being taken into care."""
        if self.taken_into_care_at is None or self.screening != Screening.PENDING:
            return None
        return self.taken_into_care_at + SCREENING_WITHIN

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
