"""Charges laid on a party under a law section, the prosecutor's decision, the verdict and
prosecution."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sodsong.cases.models.law import LawSection
from sodsong.cases.models.parties import CaseParty
from sodsong.core.models import DomainModel


class ProsecutorDecision(models.TextChoices):
    PENDING = "", _("awaiting decision")
    PROSECUTE = "prosecute", _("prosecute")
    NOT_PROSECUTE = "not_prosecute", _("not prosecute")


class Verdict(models.TextChoices):
    PENDING = "", _("no verdict yet")
    GUILTY = "guilty", _("guilty")
    ACQUITTED = "acquitted", _("acquitted")
    DISMISSED = "dismissed", _("dismissed")


class Participation(models.TextChoices):
    NONE = "", _("sole offender")
    PRINCIPAL = "83", _("principal (Penal Code s.83)")
    SUPPORTER = "86", _("supporter (Penal Code s.86)")


class Charge(DomainModel):
    party = models.ForeignKey(CaseParty, on_delete=models.PROTECT, related_name="charges")
    offence_from = models.DateField(_("offence date (from)"))
    offence_to = models.DateField(_("offence date (to)"), null=True, blank=True)
    # The text in force when the offence was committed, and the text applied (Penal Code s.3).
    section_in_force = models.ForeignKey(LawSection, on_delete=models.PROTECT, related_name="+")
    section_applied = models.ForeignKey(LawSection, on_delete=models.PROTECT, related_name="+")
    # Penal Code s.83 (principal) or s.86 (supporter), cited with the offence.
    participation = models.CharField(
        _("participation"), max_length=3, choices=Participation.choices, blank=True, default=""
    )
    # Why a screened trafficking victim is charged all the same (ATIP s.41 for entry, stay and
    # work; the non-punishment principle for offences they were made to commit). Audited.
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
    def printed_th(self) -> str:
        text = self.section_applied.printed_th
        if self.participation:
            code = (
                "" if self.section_applied.version.law.code == "penal-code" else "ประมวลกฎหมายอาญา "
            )
            text += f" ประกอบ{code}มาตรา {self.participation}"
        return text

    @property
    def offence_date(self):
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
