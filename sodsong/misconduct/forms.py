from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sodsong.accounts.models import Agency, User
from sodsong.misconduct.models import (
    Allegation,
    Authority,
    CriminalResult,
    LegalBasis,
    MeasureKind,
    Outcome,
    Penalty,
    Service,
    Source,
    StepKind,
)
from sodsong.web.forms import ThaiDateField


class MatterForm(forms.Form):
    given_name_th = forms.CharField(label=_("Official's given name"), max_length=120)
    family_name_th = forms.CharField(label=_("Official's family name"), max_length=120)
    position = forms.CharField(label=_("Position"), max_length=200)
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none())
    service = forms.ChoiceField(label=_("Service"), choices=Service.choices)
    investigating_officer = forms.BooleanField(
        label=_("An investigating or prosecuting officer"), required=False
    )
    allegation = forms.ChoiceField(label=_("Allegation"), choices=Allegation.choices)
    particulars = forms.CharField(
        label=_("What is alleged"), widget=forms.Textarea(attrs={"rows": 4})
    )
    occurred_on = ThaiDateField(label=_("When it happened"), required=False)
    related_case_uuid = forms.CharField(
        label=_("Related case id (optional)"), required=False, max_length=40
    )
    source = forms.ChoiceField(label=_("Source"), choices=Source.choices)
    source_detail = forms.CharField(label=_("Source detail"), required=False, max_length=300)
    received_on = ThaiDateField(label=_("Received on"))
    legal_bases = forms.MultipleChoiceField(
        label=_("Legal basis"), choices=LegalBasis.choices, widget=forms.CheckboxSelectMultiple
    )
    authority = forms.ChoiceField(label=_("Competent authority"), choices=Authority.choices)
    authority_detail = forms.CharField(
        label=_("Authority detail (e.g. the governor)"), required=False, max_length=200
    )
    investigators = forms.ModelMultipleChoiceField(
        label=_("Designated investigators"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, investigators: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.order_by("kind", "name_th")
        if investigators is not None:
            self.fields["investigators"].queryset = investigators
        self.fields["investigators"].label_from_instance = _investigator_label


def _investigator_label(user: User) -> str:
    name = user.get_full_name() or user.username
    return f"{name} — {user.agency}" if user.agency_id else name


class StepForm(forms.Form):
    kind = forms.ChoiceField(label=_("Step"), choices=StepKind.choices)
    on = ThaiDateField(label=_("Date"))
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class MeasureForm(forms.Form):
    kind = forms.ChoiceField(label=_("Measure"), choices=MeasureKind.choices)
    ordered_on = ThaiDateField(label=_("Ordered on"))
    order_reference = forms.CharField(label=_("Order no."), required=False, max_length=100)
    ordered_by = forms.CharField(label=_("Ordered by"), required=False, max_length=200)


class ReferForm(forms.Form):
    referred_to = forms.ChoiceField(label=_("Referred to"), choices=Authority.choices)
    referred_on = ThaiDateField(label=_("Referred on"))
    reference = forms.CharField(label=_("Letter no."), required=False, max_length=100)


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[c for c in Outcome.choices if c[0]])
    outcome_on = ThaiDateField(label=_("Date of the decision"))
    penalty = forms.ChoiceField(
        label=_("Disciplinary penalty"), choices=Penalty.choices, required=False
    )
    criminal_result = forms.ChoiceField(
        label=_("Result of the criminal referral"), choices=CriminalResult.choices, required=False
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class DesignateForm(forms.Form):
    investigator = forms.ModelChoiceField(label=_("Investigator"), queryset=User.objects.none())

    def __init__(self, *args: Any, investigators: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if investigators is not None:
            self.fields["investigator"].queryset = investigators
        self.fields["investigator"].label_from_instance = _investigator_label
