"""Forms of the survey's pages. Dates are typed in B.E. or C.E., Thai or Arabic digits."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sodsong.geo.models import Area
from sodsong.people.models import DocumentType, Sex
from sodsong.survey.models import HostKind, ImportJob, ResidentStatus
from sodsong.thai.dates import DateParseError, parse_birth
from sodsong.web.conflicts import VersionField
from sodsong.web.country_field import CountryField
from sodsong.web.forms import ThaiDateField as SharedThaiDateField

DATE_HELP = _("Day/month/year, B.E. or C.E., e.g. 31/12/2568")


class ThaiDateField(SharedThaiDateField):
    """The shared date field with the survey's help text under it."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", DATE_HELP)
        super().__init__(**kwargs)


class BirthField(forms.CharField):
    """A date of birth as `sodsong.thai.dates.parse_birth` reads it (the importer reads the same
    way): a year, month/year or a full date, B.E. or C.E., from 1900 to today."""

    default_error_messages = {
        "invalid": _("Enter a year (2533 or 1990), month/year (04/2533) or a full date."),
        "too_old": _("The date of birth does not exist."),
        "future": _("The date is in the future."),
    }

    def __init__(self, *, today: dt.date | None = None, **kwargs: Any) -> None:
        self.today = today  # tests pin it; otherwise the local date of each request
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> tuple[int | None, int | None, int | None]:  # type: ignore[override]
        text = super().to_python(value)
        try:
            birth = parse_birth(text or "", today=self.today or timezone.localdate())
        except DateParseError as exc:
            raise forms.ValidationError(self.error_messages[exc.code], code=exc.code) from exc
        return birth.as_tuple() if birth else (None, None, None)


def village_choices(villages: list[Area]) -> list[tuple[str, str]]:
    return [
        (
            v.code,
            _("%(name)s (moo %(moo)s) %(code)s")
            % {"name": v.name_th, "moo": v.moo, "code": v.code},
        )
        for v in villages
    ]


PRIMARY_DOC_CHOICES = [
    (DocumentType.PASSPORT, _("passport")),
    (DocumentType.MIGRANT_CARD, _("migrant-worker card (pink card)")),
    (DocumentType.THAI_ID, _("13-digit identification number")),
    (DocumentType.BORDER_PASS, _("border pass")),
    (DocumentType.CERT_OF_IDENTITY, _("certificate of identity (CI)")),
]


class ResidentForm(forms.Form):
    village = forms.ChoiceField(label=_("Village"))
    given_name_latin = forms.CharField(
        label=_("Given name (as in the passport)"), max_length=120, required=False
    )
    family_name_latin = forms.CharField(
        label=_("Family name (as in the passport)"), max_length=120, required=False
    )
    given_name_th = forms.CharField(label=_("Given name (Thai)"), max_length=120, required=False)
    family_name_th = forms.CharField(label=_("Family name (Thai)"), max_length=120, required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, required=False)
    birth = BirthField(label=_("Date of birth"), required=False, max_length=40)
    nationality = CountryField(label=_("Nationality"), required=False)
    doc_type = forms.ChoiceField(label=_("Document"), choices=PRIMARY_DOC_CHOICES)
    doc_state = CountryField(label=_("Issued by (country)"), required=False)
    doc_number = forms.CharField(label=_("Document number"), max_length=40)
    doc_expires_on = ThaiDateField(label=_("Document expires on"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    occupation = forms.CharField(label=_("Occupation"), max_length=120, required=False)
    house_no = forms.CharField(label=_("House number"), max_length=40, required=False)
    moved_in_on = ThaiDateField(label=_("Moved in on"), required=False)
    host_kind = forms.ChoiceField(
        label=_("Host"), choices=[("", "—"), *HostKind.choices], required=False
    )
    host_name = forms.CharField(label=_("Host's name"), max_length=200, required=False)
    tm30_notified_on = ThaiDateField(label=_("TM.30 notified on"), required=False)
    tm30_reference = forms.CharField(label=_("TM.30 reference"), max_length=60, required=False)
    latitude = forms.DecimalField(
        label=_("Latitude"), required=False, max_digits=9, decimal_places=6
    )
    longitude = forms.DecimalField(
        label=_("Longitude"), required=False, max_digits=9, decimal_places=6
    )
    confirm_new = forms.BooleanField(
        label=_("I checked: this is not one of the people listed above"), required=False
    )

    def __init__(self, *args: Any, villages: list[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.villages = {v.code: v for v in villages}
        self.fields["village"].choices = village_choices(villages)
        for name in ("given_name_latin", "family_name_latin", "given_name_th", "family_name_th"):
            self.fields[name].widget.attrs["autocomplete"] = "off"
        self.fields["phone"].widget.attrs.update({"inputmode": "tel", "type": "tel"})

    def clean_village(self) -> Area:
        code = self.cleaned_data["village"]
        return self.villages[code]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not (data.get("given_name_latin") or data.get("given_name_th")):
            self.add_error(
                "given_name_latin", _("A given name in Thai or Latin script is required.")
            )
        state = (data.get("doc_state") or data.get("nationality") or "").upper()
        if data.get("doc_type") == DocumentType.THAI_ID:
            state = "THA"
        if not state:
            self.add_error("doc_state", _("Which state issued the document?"))
        data["doc_state"] = state
        moved, notified = data.get("moved_in_on"), data.get("tm30_notified_on")
        today = timezone.localdate()
        for name in ("moved_in_on", "tm30_notified_on"):
            if data.get(name) and data[name] > today:
                self.add_error(name, _("The date is in the future."))
        if moved and notified and notified < moved:
            self.add_error(
                "tm30_notified_on", _("The TM.30 notification cannot come before the move-in.")
            )
        return data


class VisitForm(forms.Form):
    village = forms.ChoiceField(label=_("Village"))
    visited_on = ThaiDateField(label=_("Visit date"))
    house_no = forms.CharField(label=_("House number"), max_length=40, required=False)
    residents = forms.MultipleChoiceField(
        label=_("Residents seen"), required=False, widget=forms.CheckboxSelectMultiple
    )
    red_flags = forms.MultipleChoiceField(
        label=_("Behaviour observed (tick what you saw)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    observations = forms.CharField(
        label=_("Observations"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    photo = forms.FileField(label=_("Photo"), required=False)

    def __init__(
        self,
        *args: Any,
        villages: list[Area],
        residents: list[Any],
        flags: list[Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.villages = {v.code: v for v in villages}
        self.fields["village"].choices = village_choices(villages)
        self.fields["residents"].choices = [(str(r.uuid), r.person.display_name) for r in residents]
        self.fields["red_flags"].choices = [(f.code, f.label_th) for f in flags]
        self.fields["photo"].widget.attrs.update({"accept": "image/*", "capture": "environment"})

    def clean_village(self) -> Area:
        return self.villages[self.cleaned_data["village"]]

    def clean_visited_on(self) -> dt.date:
        day = self.cleaned_data["visited_on"]
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("The date is in the future."))
        return day


class RoundForm(forms.Form):
    name = forms.CharField(label=_("Name of the round"), max_length=200)
    area = forms.ChoiceField(label=_("Area"))
    starts_on = ThaiDateField(label=_("Starts on"))
    ends_on = ThaiDateField(label=_("Villages submit by"))

    def __init__(self, *args: Any, areas: list[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.areas = {a.code: a for a in areas}
        self.fields["area"].choices = [(a.code, a.name_th) for a in areas]

    def clean_area(self) -> Area:
        return self.areas[self.cleaned_data["area"]]


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class SubmitForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the district"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel (.xlsx) or CSV file"))
    mode = forms.ChoiceField(
        label=_("When some rows have errors"),
        choices=ImportJob.Mode.choices,
        initial=ImportJob.Mode.GOOD_ROWS,
        widget=forms.RadioSelect,
    )


class ExportForm(forms.Form):
    format = forms.ChoiceField(
        label=_("Format"), choices=[("xlsx", "Excel (.xlsx)"), ("csv", "CSV")]
    )
    purpose = forms.CharField(label=_("Purpose of this export"), max_length=300)


class MoveForm(forms.Form):
    village = forms.ChoiceField(label=_("New village"))
    house_no = forms.CharField(label=_("House number"), max_length=40, required=False)
    moved_in_on = ThaiDateField(label=_("Moved in on"))

    def __init__(self, *args: Any, villages: list[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.villages = {v.code: v for v in villages}
        self.fields["village"].choices = village_choices(villages)

    def clean_village(self) -> Area:
        return self.villages[self.cleaned_data["village"]]


class StatusForm(forms.Form):
    # The version and the values the page showed travel with the form, so that a save writes
    # only what the officer changed and notices a change saved meanwhile (web/conflicts.py).
    version = VersionField()
    status = forms.ChoiceField(
        label=_("Status"), choices=ResidentStatus.choices, show_hidden_initial=True
    )
    occupation = forms.CharField(
        label=_("Occupation"), max_length=120, required=False, show_hidden_initial=True
    )

    FIELDS = ("status", "occupation")


class Tm30Form(forms.Form):
    notified_on = ThaiDateField(label=_("TM.30 notified on"))
    reference = forms.CharField(label=_("TM.30 reference"), max_length=60, required=False)


class DocumentForm(forms.Form):
    doc_type = forms.ChoiceField(
        label=_("Document"),
        choices=[
            (DocumentType.VISA, _("visa")),
            (DocumentType.WORK_PERMIT, _("work permit")),
            *PRIMARY_DOC_CHOICES,
        ],
    )
    issuing_state = forms.CharField(label=_("Issued by (3-letter code)"), max_length=3)
    number = forms.CharField(label=_("Document number"), max_length=40)
    subtype = forms.CharField(label=_("Visa type"), max_length=60, required=False)
    issuer_detail = forms.CharField(label=_("Employer"), max_length=200, required=False)
    expires_on = ThaiDateField(label=_("Expires on"), required=False)


class PhoneForm(forms.Form):
    number = forms.CharField(label=_("Phone"), max_length=30)
