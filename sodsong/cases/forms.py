"""Forms of the case pages. Dates accept B.E. or C.E., Thai or Arabic digits; a time is typed
after the date (28/11/2568 14:30)."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sodsong.accounts.models import Agency
from sodsong.cases.models import (
    CaseStatus,
    CaseType,
    Deportation,
    OperationKind,
    OriginKind,
    Participation,
    PartyRole,
    ProsecutorDecision,
    ReferralTo,
    SeizureKind,
    TaskStatus,
    Verdict,
)
from sodsong.cases.services.common import PARTICIPANT_KINDS
from sodsong.thai.dates import DateParseError, parse_date
from sodsong.thai.digits import to_arabic_digits
from sodsong.web.conflicts import VersionField
from sodsong.web.country_field import CountryField
from sodsong.web.forms import ThaiDateField

_TIME = re.compile(r"^(.*?)[\s,]+(\d{1,2})[:.](\d{2})\s*(น\.)?\s*$")


class ThaiDateTimeField(forms.CharField):
    default_error_messages = {
        "invalid": _("Type a date and time such as 28/11/2568 14:30."),
    }

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        match = _TIME.match(to_arabic_digits(value))
        if not match:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            day = parse_date(match.group(1), today=timezone.localdate())
            moment = dt.datetime.combine(day, dt.time(int(match.group(2)), int(match.group(3))))
        except (DateParseError, ValueError) as exc:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from exc
        return timezone.make_aware(moment)


def _agency_choices() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=Agency.objects.filter(kind__in=PARTICIPANT_KINDS).order_by("kind", "name_th"),
        label=_("Agency"),
    )


class CaseCreateForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    case_type = forms.ChoiceField(label=_("Type"), choices=CaseType.choices)
    area_code = forms.CharField(
        label=_("Area code (district, sub-district or village)"), max_length=8
    )
    origin = forms.ChoiceField(label=_("Origin"), choices=OriginKind.choices)
    origin_reference = forms.CharField(
        label=_("Origin reference (tip number, survey record, referral letter)"),
        max_length=200,
        required=False,
    )
    summary = forms.CharField(label=_("Summary of facts"), widget=forms.Textarea, required=False)
    opened_on = ThaiDateField(label=_("Opened on"), required=False)


class DetailsForm(forms.Form):
    # The version and the values the page showed travel with the form (hidden), so that a save
    # writes only what the officer changed and notices a change saved meanwhile
    # (web/conflicts.py): two officers filling in different numbers both keep theirs.
    version = VersionField()
    police_case_number = forms.CharField(
        label=_("Police case number"), required=False, show_hidden_initial=True
    )
    prosecutor_black_number = forms.CharField(
        label=_("Prosecutor's black case number"), required=False, show_hidden_initial=True
    )
    prosecutor_red_number = forms.CharField(
        label=_("Prosecutor's red case number"), required=False, show_hidden_initial=True
    )
    court_black_number = forms.CharField(
        label=_("Court's black case number"), required=False, show_hidden_initial=True
    )
    court_red_number = forms.CharField(
        label=_("Court's red case number"), required=False, show_hidden_initial=True
    )
    saraban_numbers = forms.CharField(
        label=_("e-Saraban document numbers"), required=False, show_hidden_initial=True
    )

    FIELDS = (
        "police_case_number",
        "prosecutor_black_number",
        "prosecutor_red_number",
        "court_black_number",
        "court_red_number",
        "saraban_numbers",
    )


class StatusForm(forms.Form):
    to = forms.ChoiceField(label=_("New status"), choices=CaseStatus.choices)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=300)
    # The status the page showed: a case another officer moved meanwhile is not moved again
    # from a status the officer did not see.
    from_status = forms.ChoiceField(
        choices=CaseStatus.choices, required=False, widget=forms.HiddenInput
    )


class GrantForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"] = _agency_choices()


class MemberForm(forms.Form):
    username = forms.CharField(label=_("Officer's username"), max_length=150)
    informants = forms.BooleanField(label=_("informants' identities"), required=False)
    victims = forms.BooleanField(label=_("victims' identities"), required=False)
    operations = forms.BooleanField(label=_("planned operations"), required=False)


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=200)
    due_on = ThaiDateField(label=_("Due"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"] = _agency_choices()


class TaskStatusForm(forms.Form):
    task = forms.UUIDField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Status"), choices=TaskStatus.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class OperationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=OperationKind.choices)
    planned_for = ThaiDateTimeField(label=_("Date and time"))
    place = forms.CharField(label=_("Place"), max_length=300)
    units = forms.CharField(label=_("Units"), max_length=300)
    headcount = forms.IntegerField(label=_("Headcount"), min_value=1)
    legal_basis = forms.CharField(label=_("Legal basis or warrant reference"), max_length=300)


class OperationResultForm(forms.Form):
    operation = forms.UUIDField(widget=forms.HiddenInput)
    held_at = ThaiDateTimeField(label=_("Held at"), required=False)
    result = forms.CharField(
        label=_("Result"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    cancelled = forms.BooleanField(label=_("Cancelled"), required=False)
    foreigners_inspected = forms.IntegerField(
        label=_("Foreigners inspected"), min_value=0, required=False
    )
    foreigners_in_breach = forms.IntegerField(
        label=_("Foreigners found in breach"), min_value=0, required=False
    )
    departures_prevented = forms.IntegerField(
        label=_("Departures prevented"), min_value=0, required=False
    )
    people_brought_back = forms.IntegerField(
        label=_("People brought back"), min_value=0, required=False
    )


class SeizureForm(forms.Form):
    kind = forms.ChoiceField(label=_("Item"), choices=SeizureKind.choices)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1)
    seized_on = ThaiDateField(label=_("Seized on"))
    description = forms.CharField(label=_("Description"), required=False, max_length=300)
    custody_reference = forms.CharField(
        label=_("Custody reference"), required=False, max_length=100
    )


class PartyForm(forms.Form):
    role = forms.ChoiceField(label=_("Role in the case"), choices=PartyRole.choices)
    recruited_or_held = forms.BooleanField(label=_("Recruited or held by others"), required=False)
    taken_into_care_at = ThaiDateTimeField(
        label=_("Taken into care at (screening due within 24 hours, ATIP s.29)"), required=False
    )
    person_uuid = forms.UUIDField(label=_("Recorded person (id)"), required=False)
    given_name_th = forms.CharField(label=_("Given name (Thai)"), required=False)
    family_name_th = forms.CharField(label=_("Family name (Thai)"), required=False)
    given_name_latin = forms.CharField(label=_("Given name (Latin)"), required=False)
    family_name_latin = forms.CharField(label=_("Family name (Latin)"), required=False)
    nationality = CountryField(label=_("Nationality (for identification only)"), required=False)
    passport_number = forms.CharField(label=_("Passport number"), required=False, max_length=40)


class ScreeningForm(forms.Form):
    party = forms.UUIDField(widget=forms.HiddenInput)
    result = forms.ChoiceField(
        label=_("Result"),
        choices=[("victim", _("trafficking victim")), ("not_victim", _("not a victim"))],
    )
    screened_on = ThaiDateField(label=_("Screened on"))
    reference = forms.CharField(label=_("Screening reference"), required=False, max_length=100)
    late_reason = forms.CharField(
        label=_("Why after 24 hours (e.g. the court's leave)"), required=False, max_length=300
    )


class ReferralForm(forms.Form):
    party = forms.UUIDField(widget=forms.HiddenInput)
    to = forms.ChoiceField(label=_("Referred to"), choices=ReferralTo.choices)
    receiving_name = forms.CharField(label=_("Receiving office"), max_length=200)
    referred_on = ThaiDateField(label=_("Referred on"))
    reference = forms.CharField(label=_("Referral letter no."), required=False, max_length=100)


class ArrestForm(forms.Form):
    party = forms.UUIDField(widget=forms.HiddenInput)
    arrested_at = ThaiDateTimeField(label=_("Arrested at"))
    place = forms.CharField(label=_("Place"), max_length=300)
    arresting_unit = forms.CharField(label=_("Arresting unit"), max_length=200)
    recording_reference = forms.CharField(
        label=_("Audio-video recording reference"), required=False, max_length=200
    )
    recording_missing_reason = forms.CharField(
        label=_("Why there is no recording"), required=False, max_length=300
    )
    prosecutor_notified_at = ThaiDateTimeField(label=_("Prosecutor notified at"), required=False)
    administrative_notified_at = ThaiDateTimeField(
        label=_("District chief notified at"), required=False
    )


class ChargeForm(forms.Form):
    party = forms.UUIDField(widget=forms.HiddenInput)
    section = forms.ChoiceField(label=_("Law and section"))
    offence_from = ThaiDateField(label=_("Offence date (from)"))
    offence_to = ThaiDateField(label=_("Offence date (to)"), required=False)
    participation = forms.ChoiceField(
        label=_("Participation"), choices=Participation.choices, required=False
    )
    s41_override_reason = forms.CharField(
        label=_("Reason to charge a screened trafficking victim all the same"),
        required=False,
        max_length=300,
    )

    def __init__(self, *args, section_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = section_choices


class ProsecutionForm(forms.Form):
    party = forms.UUIDField(widget=forms.HiddenInput)
    inquiry_file_sent_on = ThaiDateField(label=_("Inquiry file sent on"), required=False)
    prosecutor_office = forms.CharField(label=_("Prosecutor's office"), required=False)
    decision = forms.ChoiceField(
        label=_("Prosecutor's decision"), choices=ProsecutorDecision.choices, required=False
    )
    decision_on = ThaiDateField(label=_("Decision date"), required=False)
    court = forms.CharField(label=_("Court"), required=False)
    filed_on = ThaiDateField(label=_("Filed in court on"), required=False)
    verdict = forms.ChoiceField(label=_("Verdict"), choices=Verdict.choices, required=False)
    verdict_on = ThaiDateField(label=_("Verdict date"), required=False)
    sentence = forms.CharField(label=_("Sentence"), required=False, max_length=300)
    deportation = forms.ChoiceField(
        label=_("Deportation"), choices=Deportation.choices, required=False
    )
    deported_on = ThaiDateField(label=_("Deported on"), required=False)


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File (image or PDF)"))


class ExportForm(forms.Form):
    purpose = forms.CharField(label=_("Purpose of the export"), max_length=300)


class FromTipsForm(forms.Form):
    """Open a case from one or more tips and watch reports ("promote to a case")."""

    tip = forms.MultipleChoiceField(widget=forms.MultipleHiddenInput)
    title = forms.CharField(label=_("Case title"), max_length=200)
    case_type = forms.ChoiceField(
        label=_("Type (its usual tasks are added)"), choices=CaseType.choices
    )
    lead_agency = forms.ChoiceField(label=_("Lead agency"))
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(self, *args, tip_choices=(), lead_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tip"].choices = list(tip_choices)
        self.fields["lead_agency"].choices = list(lead_choices)


class CaseIdentifierForm(forms.Form):
    type = forms.ChoiceField(label=_("Type"), choices=())
    value = forms.CharField(label=_("Value"), max_length=300)

    def __init__(self, *args, **kwargs):
        from sodsong.entities.models import LINKABLE_TYPES, IdentifierType

        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [
            (t.value, t.label) for t in IdentifierType if t in LINKABLE_TYPES
        ]
