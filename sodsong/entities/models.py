"""Identifiers (phone numbers, bank accounts, PromptPay IDs, …) stored once, normalised, and
where each was mentioned: a tip, a watch report, a case or a registry entry.

A mention is generic (source type + source UUID) so that cases and the registry can link to the
same identifier later without a foreign key to every module. Each mention carries the area of its
source: jurisdiction over a mention is the jurisdiction over its source's area.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sodsong.core.models import DomainModel


class IdentifierType(models.TextChoices):
    PHONE = "phone", _("phone number")
    BANK_ACCOUNT = "bank_account", _("bank account")
    PROMPTPAY = "promptpay", _("PromptPay ID")
    THAI_ID = "thai_id", _("13-digit ID number")
    LINE_ID = "line_id", _("LINE ID")
    URL = "url", _("web address")
    HANDLE = "handle", _("social-media handle")
    AMOUNT = "amount", _("amount (baht)")
    DATE = "date", _("date")


# Amounts and dates are extracted for reading, but they are not identifiers that link reports:
# two tips that both mention 15,000 baht are not about the same gang.
LINKABLE_TYPES = frozenset(
    {
        IdentifierType.PHONE,
        IdentifierType.BANK_ACCOUNT,
        IdentifierType.PROMPTPAY,
        IdentifierType.THAI_ID,
        IdentifierType.LINE_ID,
        IdentifierType.URL,
        IdentifierType.HANDLE,
    }
)


class SourceType(models.TextChoices):
    TIP = "tip", _("public tip")
    REPORT = "report", _("watch report")
    CASE = "case", _("case")
    RESIDENT = "resident", _("registry entry")


class Identifier(DomainModel):
    type = models.CharField(max_length=16, choices=IdentifierType.choices)
    # Normalised (E.164 phones, BANK:digits, lower-case LINE IDs …): equal values are one record.
    value = models.CharField(max_length=300)

    class Meta:
        ordering = ["type", "value"]
        constraints = [
            models.UniqueConstraint(fields=["type", "value"], name="identifier_type_value_unique")
        ]

    def __str__(self) -> str:
        return f"{self.type}:{self.value}"


class IdentifierMention(DomainModel):
    identifier = models.ForeignKey(Identifier, on_delete=models.CASCADE, related_name="mentions")
    source_type = models.CharField(max_length=12, choices=SourceType.choices)
    source_uuid = models.UUIDField(db_index=True)
    # The DOPA code of the source's area: who may see the mention is decided by it.
    area_code = models.CharField(max_length=8, db_index=True)
    # Where in the source's text it was found; empty when entered by hand.
    start = models.PositiveIntegerField(null=True, blank=True)
    end = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["source_type", "source_uuid"])]

    def __str__(self) -> str:
        return f"{self.identifier} in {self.source_type}:{self.source_uuid}"
