"""Community-awareness activities: who told which village about online crime, how, and to how many.

Topics come from an editable list (`Topic`, seeded by a data migration, edited by provincial staff
on the topics page or in the Django admin).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sodsong.core.models import DomainModel, SoftDeleteModel


class ActivityType(models.TextChoices):
    VILLAGE_MEETING = "village_meeting", _("village meeting")
    BROADCAST_TOWER = "broadcast_tower", _("village broadcast tower")
    SCHOOL_TALK = "school_talk", _("school talk")
    LINE_GROUP = "line_group", _("LINE group message")
    LEAFLETS = "leaflets", _("leaflets")
    COMMUNITY_RADIO = "community_radio", _("community radio")
    OTHER = "other", _("other")


class Topic(DomainModel):
    code = models.SlugField(max_length=40, unique=True)
    name_th = models.CharField(_("name (Thai)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    active = models.BooleanField(_("in use"), default=True)
    order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["order", "name_th"]

    def __str__(self) -> str:
        return self.name_th


class Activity(SoftDeleteModel):
    kind = models.CharField(_("type"), max_length=20, choices=ActivityType.choices)
    held_on = models.DateField(_("date"))
    village = models.ForeignKey("geo.Area", on_delete=models.PROTECT, related_name="+")
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="awareness_activities",
    )
    organiser_agency = models.ForeignKey(
        "accounts.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # People reached: heads at a meeting, members of a LINE group, leaflets handed out.
    audience = models.PositiveIntegerField(_("audience headcount"))
    topics = models.ManyToManyField(Topic, related_name="activities", blank=True)
    material = models.CharField(_("material used"), max_length=300, blank=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name_plural = "activities"

    def __str__(self) -> str:
        return f"{self.kind} {self.held_on} {self.village_id}"
