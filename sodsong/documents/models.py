"""Running-number series of official letters (ทะเบียนหนังสือส่ง).

Each agency numbers its letters in a series per calendar year (numbers restart on 1 January, not
at the fiscal year), its circulars (ว) in a series of their own, and its orders (คำสั่ง, printed
"ที่ ๑๒/๒๕๖๘") in a third. Numbers are handed out only by
`sodsong.documents.services.series_next_number`.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sodsong.core.models import DomainModel


class SeriesKind(models.TextChoices):
    REGULAR = "regular", _("Letters")
    CIRCULAR = "circular", _("Circulars (ว)")
    ORDER = "order", _("Orders (คำสั่ง)")


class DocumentSeries(DomainModel):
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="document_series"
    )
    # Calendar year in the Common Era (2025 = พ.ศ. ๒๕๖๘); shown to people in B.E.
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=10, choices=SeriesKind.choices)
    last_number = models.PositiveIntegerField(_("last number issued"), default=0)

    class Meta:
        ordering = ["agency_id", "-year", "kind"]
        verbose_name = _("document number series")
        verbose_name_plural = _("document number series")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "kind"], name="documents_series_one_per_year_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.year} {self.kind}: {self.last_number}"
