from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sodsong.indicators.models import PeriodKind
from sodsong.thai.dates import DateParseError, parse_date


class ThaiDateField(forms.CharField):
    """A date typed as B.E. or C.E., in Thai or Arabic digits (28/11/2569, ๒๘/๑๑/๒๕๖๙)."""

    default_error_messages = {
        "invalid": _("The date could not be read. Type it as day/month/year, e.g. 28/11/2569.")
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"placeholder": "28/11/2569", "inputmode": "numeric"})
        )
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> dt.date | None:  # type: ignore[override]
        if isinstance(value, dt.date):
            return value
        text = super().to_python(value)
        if not text:
            return None
        try:
            return parse_date(text)
        except DateParseError as exc:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from exc


RANGE_CHOICES = (
    ("period", _("Latest reporting period")),
    ("30d", _("Last 30 days")),
    ("month", _("This month")),
    ("quarter", _("This fiscal quarter")),
    ("year", _("This fiscal year")),
    ("custom", _("Any range")),
)


class DashboardFilter(forms.Form):
    area = forms.CharField(label=_("Area code"), required=False, max_length=8)
    range = forms.ChoiceField(label=_("Period"), choices=RANGE_CHOICES, required=False)
    date_from = ThaiDateField(label=_("From"), required=False)
    date_to = ThaiDateField(label=_("To"), required=False)
    indicator = forms.CharField(label=_("Indicator on the map and trend"), required=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("range") == "custom":
            start, end = data.get("date_from"), data.get("date_to")
            if not start or not end:
                raise forms.ValidationError(_("Give both the first and the last day."))
            if end < start:
                raise forms.ValidationError(_("The period must end on or after the day it starts."))
        return data


class PeriodForm(forms.Form):
    directive = forms.ChoiceField(
        label=_("Directive on record (its window, citation and items)"),
        required=False,
        help_text=_("Or leave it empty and give the period below."),
    )
    kind = forms.ChoiceField(label=_("Kind of period"), choices=PeriodKind.choices)
    name_th = forms.CharField(label=_("Name"), max_length=200, required=False)
    received_on = ThaiDateField(label=_("Day the letter was received"), required=False)
    window_days = forms.IntegerField(
        label=_("Report within (days)"), required=False, min_value=1, max_value=365
    )
    starts_on = ThaiDateField(label=_("From"), required=False)
    ends_on = ThaiDateField(label=_("To"), required=False)
    directive_reference = forms.CharField(
        label=_("Ordering letter (cited as อ้างถึง)"), max_length=400, required=False
    )

    def __init__(self, *args: Any, directives: Sequence[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.directives = {str(d.uuid): d for d in directives}
        self.fields["directive"].choices = [("", "—")] + [
            (uid, f"{d.number} {d.subject}".strip()[:120]) for uid, d in self.directives.items()
        ]
        if not self.directives:
            del self.fields["directive"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        data["directive"] = self.directives.get(data.get("directive") or "")
        if data["directive"] is not None:
            data["kind"] = PeriodKind.DIRECTIVE  # what is missing comes from the letter
        elif data.get("kind") == PeriodKind.DIRECTIVE:
            if not data.get("received_on"):
                self.add_error("received_on", _("Give the day the letter was received."))
            if not data.get("window_days"):
                self.add_error("window_days", _("Give the number of days."))
        else:
            if not data.get("starts_on"):
                self.add_error("starts_on", _("Give the first day of the period."))
            if not data.get("ends_on"):
                self.add_error("ends_on", _("Give the last day of the period."))
        return data


class ReportForm(forms.Form):
    problems = forms.CharField(
        label=_("Problems and obstacles"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    recommendations = forms.CharField(
        label=_("Recommendations"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    contact_name = forms.CharField(label=_("Contact officer"), max_length=200, required=False)
    contact_position = forms.CharField(
        label=_("Contact officer's position"), max_length=200, required=False
    )
    contact_phone = forms.CharField(label=_("Contact telephone"), max_length=40, required=False)
    signer_name = forms.CharField(label=_("Signed by"), max_length=200, required=False)
    signer_position = forms.CharField(label=_("Signer's position"), max_length=200, required=False)
    signer_acting_for = forms.CharField(
        label=_("Acting for (e.g. ผู้ว่าราชการจังหวัด…)"), max_length=200, required=False
    )
    # Shown on a provincial report only: sending before every district has reported.
    confirm_incomplete = forms.BooleanField(
        label=_("Send although not every district has reported"), required=False
    )

    def __init__(self, *args: Any, items: list[str], **kwargs: Any) -> None:
        from sodsong.indicators.letters import item_title

        super().__init__(*args, **kwargs)
        self.items = items
        for index, item in enumerate(items):
            self.fields[f"item_{index}"] = forms.CharField(
                label=f"{index + 1}. {item_title(item)}",
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
            )
        self.order_fields([f"item_{i}" for i in range(len(items))])

    def narrative(self) -> list[str]:
        return [self.cleaned_data.get(f"item_{i}", "") for i in range(len(self.items))]

    def item_fields(self) -> list[forms.BoundField]:
        return [self[f"item_{i}"] for i in range(len(self.items))]


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class UnlockForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for unlocking"), widget=forms.Textarea(attrs={"rows": 2}), max_length=300
    )
