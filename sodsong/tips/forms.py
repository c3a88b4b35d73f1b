"""Forms of the tip line and the officers' queue: labelled, Thai-first, forgiving of B.E. dates
and Thai digits. They only validate input; the services decide."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from sodsong.entities.models import IdentifierType
from sodsong.tips.models import TipKind, TipStatus
from sodsong.tips.services import MAX_DESCRIPTION, QUEUE_STATUSES
from sodsong.web.forms import MultipleFileField, ThaiDateField


class PastDateField(ThaiDateField):
    """The shared date field, refusing dates in the future (a tip reports what happened)."""

    def validate(self, value: dt.date | None) -> None:
        if value is None and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        if value is not None and value > dt.date.today():
            raise forms.ValidationError(_("The date is in the future."), code="future")


class PublicTipForm(forms.Form):
    description = forms.CharField(
        label=_("What happened?"),
        max_length=MAX_DESCRIPTION,
        min_length=10,
        error_messages={"min_length": _("Describe what happened in at least a few words.")},
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Phone numbers, bank accounts, LINE IDs or web addresses you saw help most."),
    )
    province = forms.CharField(required=False, widget=forms.HiddenInput)
    district = forms.CharField(required=False, widget=forms.HiddenInput)
    subdistrict = forms.CharField(required=False, widget=forms.HiddenInput)
    village = forms.CharField(required=False, widget=forms.HiddenInput)
    place_text = forms.CharField(
        label=_("Place in your own words"),
        required=False,
        max_length=300,
        help_text=_("For example a house number, a road or a landmark."),
    )
    occurred_on = PastDateField(label=_("When did it happen?"), required=False)
    contact_name = forms.CharField(label=_("Your name"), required=False, max_length=120)
    contact_phone = forms.CharField(label=_("Your phone number"), required=False, max_length=40)
    contact_email = forms.EmailField(label=_("Your e-mail"), required=False, max_length=200)
    files = MultipleFileField(
        label=_("Pictures or PDF files"),
        help_text=_(
            "Up to 5 files: JPEG, PNG, WebP, GIF or PDF. Location data in pictures is removed."
        ),
    )
    # A honeypot: hidden from people, filled in by bots.
    website = forms.CharField(required=False, label=_("Leave this field empty"))


class StatusLookupForm(forms.Form):
    code = forms.CharField(label=_("Tracking code"), max_length=20)


class WatchReportForm(forms.Form):
    area = forms.ChoiceField(label=_("Village or area"))
    description = forms.CharField(
        label=_("What did you observe?"),
        max_length=MAX_DESCRIPTION,
        min_length=10,
        error_messages={"min_length": _("Describe what happened in at least a few words.")},
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Describe behaviour only: what people do, not who they are."),
    )
    red_flags = forms.MultipleChoiceField(
        label=_("Red flags observed"), required=False, widget=forms.CheckboxSelectMultiple
    )
    people = forms.MultipleChoiceField(
        label=_("Registry people concerned (optional)"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    occurred_on = PastDateField(label=_("When was it observed?"), required=False)
    place_text = forms.CharField(label=_("Place"), required=False, max_length=300)
    files = MultipleFileField(label=_("Pictures or PDF files"))

    def __init__(self, *args, area_choices, red_flag_choices, people_choices, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = area_choices
        self.fields["red_flags"].choices = red_flag_choices
        self.fields["people"].choices = people_choices


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("all"))] + list(TipStatus.choices)
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("all"))] + list(TipKind.choices)
    )
    urgent = forms.BooleanField(label=_("Urgent only"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("score", _("score")), ("newest", _("newest")), ("oldest", _("oldest"))],
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Mark as"), choices=[(s.value, s.label) for s in QUEUE_STATUSES]
    )
    note = forms.CharField(
        label=_("Internal note (never shown to the public)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MergeForm(forms.Form):
    into_code = forms.CharField(label=_("Tracking code of the original tip"), max_length=20)
    note = forms.CharField(label=_("Internal note"), required=False)


class IdentifierForm(forms.Form):
    type = forms.ChoiceField(
        label=_("Type"),
        choices=[
            (t.value, t.label)
            for t in IdentifierType
            if t not in (IdentifierType.AMOUNT, IdentifierType.DATE)
        ],
    )
    value = forms.CharField(label=_("Value"), max_length=300)


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Internal note (never shown to the public)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=4000,
    )


class DesignationForm(forms.Form):
    district = forms.ChoiceField(label=_("District"))
    username = forms.CharField(label=_("Officer's user name"), max_length=150)

    def __init__(self, *args, district_choices, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = district_choices
