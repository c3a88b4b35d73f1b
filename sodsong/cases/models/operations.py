"""Operations on a case (searches, arrests in the field) and what they seized."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sodsong.cases.models.case import (
    Case,
    Compartment,
)
from sodsong.core.models import DomainModel


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
    # Headcounts the ministry asks for (issue 19), recorded with the result; no one is named.
    foreigners_inspected = models.PositiveIntegerField(_("foreigners inspected"), default=0)
    foreigners_in_breach = models.PositiveIntegerField(_("foreigners found in breach"), default=0)
    departures_prevented = models.PositiveIntegerField(_("departures prevented"), default=0)
    people_brought_back = models.PositiveIntegerField(_("people brought back"), default=0)
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
    # Not taken but suspended at the bank (technology-crime decree measures, AOC 1441).
    ACCOUNT_FROZEN = "frozen", _("bank accounts frozen")
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
