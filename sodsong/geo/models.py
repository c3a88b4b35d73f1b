"""Thailand's administrative areas as one tree keyed by DOPA codes.

Codes nest by prefix (province 47 → district 4701 → sub-district 470101 → village 47010105), so
"inside an area" is a prefix test on the code, on SQLite and PostgreSQL alike. Bangkok's khet and
khwaeng sit at the district and sub-district levels; Bangkok has no villages.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sodsong.core.models import DomainModel

BANGKOK = "10"
CODE_LENGTH = {"province": 2, "district": 4, "subdistrict": 6, "village": 8}


class Level(models.TextChoices):
    PROVINCE = "province", _("province")
    DISTRICT = "district", _("district")
    SUBDISTRICT = "subdistrict", _("sub-district")
    VILLAGE = "village", _("village")


class SuccessorStatus(models.TextChoices):
    NONE = "", _("in use")
    KNOWN = "known", _("successor known")
    UNKNOWN = "unknown", _("successor unknown")


class Area(DomainModel):
    code = models.CharField(max_length=8, unique=True)
    level = models.CharField(max_length=12, choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    name_th = models.CharField(max_length=120)
    name_en = models.CharField(max_length=120, blank=True)
    # หมู่ที่ of a village (1–99); empty for other levels.
    moo = models.PositiveSmallIntegerField(null=True, blank=True)
    # A ชุมชน of a เทศบาลเมือง or เทศบาลนคร: the survey unit where the town has no หมู่บ้าน. DOPA
    # gives communities no code; one takes a free number of its sub-district (in `moo`), so it
    # sits in the village slot of the code and every survey round counts it like a village.
    community = models.BooleanField(default=False)
    postal_codes = models.CharField(max_length=60, blank=True)
    # Normalised Thai and English names for prefix and typo-tolerant search.
    search_key = models.CharField(max_length=300, blank=True, db_index=True)
    abolished_on = models.DateField(null=True, blank=True)
    successor_status = models.CharField(
        max_length=8, choices=SuccessorStatus.choices, blank=True, default=""
    )
    successor_codes = models.CharField(max_length=120, blank=True)
    successor_basis = models.CharField(max_length=16, blank=True)

    class Meta:
        ordering = ["code"]
        indexes = [models.Index(fields=["level", "code"])]

    def __str__(self) -> str:
        return f"{self.code} {self.name_th}"

    @property
    def is_active(self) -> bool:
        return self.abolished_on is None

    @property
    def province_code(self) -> str:
        return self.code[:2]

    @property
    def is_bangkok(self) -> bool:
        return self.code[:2] == BANGKOK

    @property
    def level_label_th(self) -> str:
        if self.is_bangkok:
            return {"district": "เขต", "subdistrict": "แขวง"}.get(self.level, "")
        return {
            "province": "จังหวัด",
            "district": "อำเภอ",
            "subdistrict": "ตำบล",
            "village": "ชุมชน" if self.community else "หมู่บ้าน",
        }[self.level]

    @property
    def display_th(self) -> str:
        """The name as officials write it: จังหวัดสกลนคร, อำเภอเมืองสกลนคร, เขตพระนคร (Bangkok's
        names already carry เขต/แขวง), หมู่ที่ 2 บ้านโนนกลาง."""
        if self.level == Level.VILLAGE:
            return f"หมู่ที่ {self.moo} {self.name_th}" if self.moo else self.name_th
        label = self.level_label_th
        return self.name_th if self.name_th.startswith(label) else f"{label}{self.name_th}"

    def contains(self, other_code: str) -> bool:
        return other_code.startswith(self.code)
