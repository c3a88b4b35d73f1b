"""Where a trafficking victim was referred after screening: the provincial social development
office (พมจ.), which gives the assistance of the Anti-Trafficking in Persons Act B.E. 2551 (s.33,
as recalled: check), the provincial anti-trafficking operations centre (ศปคม.จังหวัด) or a
shelter, with the date and the receiving office. A referral belongs to the victims' compartment,
like the victim's identity."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sodsong.core.models import DomainModel


class ReferralTo(models.TextChoices):
    SOCIAL_DEVELOPMENT = "pmj", _("provincial social development office (พมจ.)")
    ANTI_TRAFFICKING_CENTRE = (
        "ctip",
        _("provincial anti-trafficking operations centre (ศปคม.จังหวัด)"),
    )
    SHELTER = "shelter", _("protection and occupational development centre (shelter)")
    OTHER = "other", _("other")


class VictimReferral(DomainModel):
    party = models.ForeignKey("cases.CaseParty", on_delete=models.CASCADE, related_name="referrals")
    to = models.CharField(_("referred to"), max_length=10, choices=ReferralTo.choices)
    # The office that received the person, as it signs (e.g. พมจ.สกลนคร); an agency when recorded.
    receiving_agency = models.ForeignKey(
        "accounts.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    receiving_name = models.CharField(_("receiving office"), max_length=200)
    referred_on = models.DateField(_("referred on"))
    reference = models.CharField(_("referral letter no."), max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        app_label = "cases"
        ordering = ["referred_on", "id"]

    def __str__(self) -> str:
        return f"{self.party_id} → {self.to} {self.referred_on}"
