"""Models of the indicators module.

- `IndicatorFact`: the pre-aggregated table every dashboard, report and API call reads. One row
  per indicator, area (the most precise area the records carry), day of the event and breakdown
  key; kept current by jobs (`tasks.py`) and recomputable (`sodsong recompute-indicators`).
- `SourceStatus`: when each indicator was last computed, and whether its module is available.
- `Holiday`: the official-holiday calendar that deadlines move over (admin-editable).
- `FormulaIndicator`: indicators administrators define as arithmetic over other codes.
- `ReportingPeriod`, `Report`, `ReportEvent`: the reporting workflow up the hierarchy, in the
  manner of DHIS2's data approval (a district submits, the province approves or returns, then the
  province consolidates and submits to the ministry).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sodsong.core.models import DomainModel


class IndicatorFact(models.Model):
    """A count per indicator, area, event day and breakdown key. Aggregates only: no personal
    data, no history (it is rebuilt from the source records at any time)."""

    indicator = models.CharField(max_length=40)
    area_code = models.CharField(max_length=8)
    # Denormalised prefixes of area_code ("" when the record's area is coarser), so that grouping
    # by the level below an area is a plain GROUP BY on an indexed column.
    province_code = models.CharField(max_length=2)
    district_code = models.CharField(max_length=4, blank=True, default="")
    subdistrict_code = models.CharField(max_length=6, blank=True, default="")
    day = models.DateField()
    dim = models.CharField(max_length=80, blank=True, default="")
    value = models.BigIntegerField(default=0)

    class Meta:
        # Reads filter on one area column and a range of days (then group by indicator or by
        # the column below); recomputes delete by indicator and days.
        indexes = [
            models.Index(fields=["province_code", "day", "indicator"], name="ind_fact_prov"),
            models.Index(fields=["district_code", "day", "indicator"], name="ind_fact_dist"),
            models.Index(fields=["subdistrict_code", "day", "indicator"], name="ind_fact_sub"),
            models.Index(fields=["area_code", "day", "indicator"], name="ind_fact_area"),
            models.Index(fields=["indicator", "day"], name="ind_fact_day"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.area_code} {self.day} {self.dim} = {self.value}"


class SourceStatus(models.Model):
    indicator = models.CharField(max_length=40, unique=True)
    available = models.BooleanField(default=True)
    computed_at = models.DateTimeField(null=True, blank=True)
    rows = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["indicator"]

    def __str__(self) -> str:
        return f"{self.indicator} @ {self.computed_at}"


class Holiday(DomainModel):
    """An official holiday (วันหยุดราชการ): weekends are days off without being listed here."""

    date = models.DateField(_("date"), unique=True)
    name_th = models.CharField(_("name (Thai)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    # Lunar and substitution days announced by the Cabinet each year: confirm before relying.
    confirmed = models.BooleanField(_("confirmed against the Cabinet's announcement"), default=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("official holiday")
        verbose_name_plural = _("official holidays")

    def __str__(self) -> str:
        return f"{self.date} {self.name_th}"


class FormulaIndicator(DomainModel):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_th = models.CharField(_("name (Thai)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    expression = models.CharField(
        _("formula"),
        max_length=500,
        help_text=_(
            "Indicator codes with + - * / and numbers, e.g. tips_verified / tips_received * 100"
        ),
    )
    unit_th = models.CharField(_("unit (Thai)"), max_length=40, blank=True)
    unit_en = models.CharField(_("unit (English)"), max_length=40, blank=True)
    item = models.PositiveSmallIntegerField(_("ordered item of the directive"), default=1)
    decimals = models.PositiveSmallIntegerField(_("decimal places"), default=1)
    active = models.BooleanField(_("in use"), default=True)
    order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("formula indicator")
        verbose_name_plural = _("formula indicators")

    def __str__(self) -> str:
        return f"{self.code} = {self.expression}"


class PeriodKind(models.TextChoices):
    DIRECTIVE = "directive", _("directive window")
    MONTH = "month", _("month")
    QUARTER = "quarter", _("fiscal quarter")
    YEAR = "year", _("fiscal year")
    CUSTOM = "custom", _("any range")


class ReportingPeriod(DomainModel):
    """A period the districts of a province report on, with its deadlines."""

    province = models.ForeignKey("geo.Area", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=PeriodKind.choices)
    name_th = models.CharField(_("name"), max_length=200)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    # Directive windows: the day the letter was received and the n of "ภายใน n วัน".
    received_on = models.DateField(_("received on"), null=True, blank=True)
    window_days = models.PositiveSmallIntegerField(_("within (days)"), null=True, blank=True)
    district_due_on = models.DateField(_("districts report by"))
    province_due_on = models.DateField(_("province reports by"))
    # อ้างถึง: the ordering letter, as it is cited in the reports.
    directive_reference = models.CharField(_("ordering letter"), max_length=400, blank=True)
    # The ordering letter as a record of the directives module, when it was received there.
    directive = models.ForeignKey(
        "directives.Directive",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reporting_periods",
    )
    items = models.JSONField(_("ordered items"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return self.name_th


class ReportLevel(models.TextChoices):
    DISTRICT = "district", _("district report to the province")
    PROVINCE = "province", _("provincial report to the ministry")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    RETURNED = "returned", _("returned for correction")
    APPROVED = "approved", _("approved")


class Report(DomainModel):
    """One area's report for one period: frozen values plus the narrative."""

    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="reports")
    area = models.ForeignKey("geo.Area", on_delete=models.PROTECT, related_name="+")
    level = models.CharField(max_length=10, choices=ReportLevel.choices)
    status = models.CharField(
        max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    # The frozen snapshot: {"values": {code: n}, "children": [...], "breakdown": {...}}.
    snapshot = models.JSONField(default=dict, blank=True)
    computed_at = models.DateTimeField(null=True, blank=True)
    # Narrative: [{"item": "…", "text": "…"}] per ordered item, then problems and recommendations.
    narrative = models.JSONField(default=list, blank=True)
    problems = models.TextField(_("problems and obstacles"), blank=True)
    recommendations = models.TextField(_("recommendations"), blank=True)
    contact_name = models.CharField(_("contact officer"), max_length=200, blank=True)
    contact_position = models.CharField(_("contact officer's position"), max_length=200, blank=True)
    contact_phone = models.CharField(_("contact telephone"), max_length=40, blank=True)
    signer_name = models.CharField(_("signed by"), max_length=200, blank=True)
    signer_position = models.CharField(_("signer's position"), max_length=200, blank=True)
    signer_acting_for = models.CharField(_("acting for"), max_length=200, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_comment = models.TextField(_("comment"), blank=True)
    locked = models.BooleanField(default=False)
    letter_number = models.CharField(max_length=60, blank=True)
    letter_running = models.PositiveIntegerField(null=True, blank=True)
    letter_date = models.DateField(null=True, blank=True)
    # Entries recorded after the snapshot whose event date falls in the period: {code: +n}.
    late_entries = models.JSONField(default=dict, blank=True)
    late_checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["period_id", "area__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "area"], name="indicators_report_one_per_area"
            )
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.area.code} {self.status}"

    @property
    def is_frozen(self) -> bool:
        return self.computed_at is not None and self.status != ReportStatus.DRAFT

    @property
    def due_on(self):
        if self.level == ReportLevel.PROVINCE:
            return self.period.province_due_on
        return self.period.district_due_on

    @property
    def on_time(self) -> bool | None:
        if self.submitted_at is None:
            return None
        return timezone.localdate(self.submitted_at) <= self.due_on

    @property
    def has_late_entries(self) -> bool:
        return any(v for v in (self.late_entries or {}).values())


class ReportEvent(models.Model):
    """The workflow trail of a report: submitted, returned, approved, unlocked (with reason)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=16)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.report_id} {self.action} {self.at:%Y-%m-%d}"
