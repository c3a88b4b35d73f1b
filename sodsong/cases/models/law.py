"""The law catalogue: laws, their versions with effective dates and each version's sections
(`data/laws.json`). An edit makes a new revision row and keeps the old one, so a charge always
points at the exact text it was laid under."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sodsong.core.models import DomainModel


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
    # How officials cite this text in a letter or a charge sheet: the Penal Code without its
    # year ("ประมวลกฎหมายอาญา มาตรา 341"), an amended act by its principal title and year.
    cited_as_th = models.CharField(max_length=300, blank=True)
    # What this version changed compared with the one before (an amendment is not a copy).
    changes = models.TextField(blank=True)
    # The amending acts folded into this version: [{"label_th", "in_force", "changed", ...}].
    amendments = models.JSONField(default=list, blank=True)
    source = models.CharField(max_length=400, blank=True)  # Krisdika / Royal Gazette reference

    class Meta:
        ordering = ["law__code", "effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["law", "label"], name="law_version_label"),
        ]

    def __str__(self) -> str:
        return f"{self.law.title_th} {self.label_th}"

    @property
    def citation_th(self) -> str:
        return self.cited_as_th or f"{self.law.title_th} {self.label_th}"


class PenaltyMode(models.TextChoices):
    AND = "and", _("imprisonment and fine")
    OR = "or", _("imprisonment or fine")
    OR_BOTH = "or_both", _("imprisonment or fine or both")
    FINE = "fine", _("fine only")
    UNSPECIFIED = "", _("as the law states")


class Heaviest(models.TextChoices):
    """A penalty beyond a term of years: it ranks above any term (Penal Code s.3 comparison)."""

    NONE = "", _("a term of years at most")
    LIFE = "life", _("life imprisonment")
    DEATH = "death", _("death")


class LawGroup(models.TextChoices):
    """The groups the ministry's returns count arrests and charges by."""

    FRAUD = "fraud", _("fraud and online crime")
    MULE = "mule", _("mule accounts, SIMs and money laundering")
    IMMIGRATION = "immigration", _("immigration")
    LABOUR = "labour", _("foreign workers and recruitment")
    TRAFFICKING = "trafficking", _("trafficking in persons")
    ORGANISED = "organised", _("organised crime")
    OFFICIALS = "officials", _("offences by officials")
    GENERAL = "general", _("general provisions")


class SectionKind(models.TextChoices):
    OFFENCE = "offence", _("offence")
    # Penal Code s.83/s.86: cited with an offence ("ประกอบมาตรา 83"), never charged alone.
    PARTICIPATION = "participation", _("participation (cited with an offence)")


_PARAGRAPH_WORDS = {"1": "หนึ่ง", "2": "สอง", "3": "สาม", "4": "สี่", "5": "ห้า", "6": "หก"}


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
    heaviest = models.CharField(max_length=6, choices=Heaviest.choices, blank=True, default="")
    # Other consequences the section orders (a ban on employing foreigners, ...).
    additional_th = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=14, choices=SectionKind.choices, default=SectionKind.OFFENCE)
    # Metadata, updated in place on reload (they do not change the text a charge was laid under).
    group = models.CharField(max_length=12, choices=LawGroup.choices, blank=True, default="")
    source = models.CharField(max_length=400, blank=True)
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
            # Officials write the paragraph as a word: "มาตรา 343 วรรคสอง".
            text += f" วรรค{_PARAGRAPH_WORDS.get(self.paragraph, ' ' + self.paragraph)}"
        if self.item:
            text += f" ({self.item})"
        if self.penalty_section:
            text += f" ประกอบมาตรา {self.penalty_section}"
        return text

    @property
    def printed_th(self) -> str:
        """The citation as printed in a letter or charge sheet: the law as officials cite it,
        then the section ("ประมวลกฎหมายอาญา มาตรา 341", never "... พ.ศ. 2499 มาตรา 341")."""
        return f"{self.version.citation_th} {self.citation_th}"

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
        graver: dict[str, int] = {Heaviest.DEATH: 2, Heaviest.LIFE: 1}
        gravest = graver.get(self.heaviest, 0)
        return (
            gravest,
            float(self.max_years) if self.max_years is not None else (0 if self.max_fine else big),
            self.max_fine if self.max_fine is not None else (0 if self.max_years else big),
            float(self.min_years or 0),
            self.min_fine or 0,
            self.fine_per_day or 0,
        )
