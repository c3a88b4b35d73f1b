"""Forms of the directives pages: upload, review, compose, issue, report, more time."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sodsong.directives.models import LetterKindChoice
from sodsong.web.forms import MultipleFileField, ThaiDateField

URGENCY_CHOICES = [("", _("Normal")), ("ด่วน", "ด่วน"), ("ด่วนมาก", "ด่วนมาก"), ("ด่วนที่สุด", "ด่วนที่สุด")]
SECRECY_CHOICES = [("", _("Not secret")), ("ลับ", "ลับ"), ("ลับมาก", "ลับมาก"), ("ลับที่สุด", "ลับที่สุด")]


class UploadForm(forms.Form):
    letter = forms.FileField(
        label=_("Letter file (PDF with text, DOCX or plain text)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.txt,text/plain"}),
    )
    text = forms.CharField(
        label=_("…or paste the letter's text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    received_on = ThaiDateField(
        label=_("Received on"),
        required=False,
        help_text=_("The day your office received the letter; today when left empty."),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("letter") and not (data.get("text") or "").strip():
            raise forms.ValidationError(_("Attach the letter file or paste its text."))
        return data


class DirectiveForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=LetterKindChoice.choices)
    number = forms.CharField(label=_("Number (ที่)"), required=False, max_length=80)
    circular = forms.BooleanField(label=_("Circular (ว)"), required=False)
    letter_date = ThaiDateField(label=_("Letter date"), required=False)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=URGENCY_CHOICES, required=False)
    urgent_by = ThaiDateField(label=_("Urgent by (ด่วนภายใน)"), required=False)
    secrecy = forms.ChoiceField(label=_("Secrecy"), choices=SECRECY_CHOICES, required=False)
    from_unit = forms.CharField(label=_("Owning unit"), required=False, max_length=300)
    subject = forms.CharField(label=_("Subject"), max_length=500)
    to = forms.CharField(label=_("Addressee (เรียน)"), required=False, max_length=300)
    signatory_rank = forms.CharField(
        label=_("Signatory's rank or title"), required=False, max_length=100
    )
    signatory_name = forms.CharField(label=_("Signatory"), required=False, max_length=200)
    signatory_position = forms.CharField(
        label=_("Signatory position"), required=False, max_length=300
    )
    acting_for = forms.CharField(label=_("Acting for"), required=False, max_length=200)
    contact_unit = forms.CharField(label=_("Contact unit"), required=False, max_length=300)
    phone = forms.CharField(label=_("Telephone"), required=False, max_length=60)
    email = forms.CharField(label=_("E-mail"), required=False, max_length=200)
    default_deadline = forms.CharField(
        label=_("Deadline for items without their own"),
        required=False,
        max_length=60,
        help_text=_("A date (2024-07-15), P30D for “within 30 days of receipt”, or empty."),
    )
    received_on = ThaiDateField(label=_("Received on"), required=False)


class ItemForm(forms.Form):
    ref = forms.CharField(label=_("Item"), required=False, max_length=20)
    text = forms.CharField(
        label=_("What must be done"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    actors = forms.CharField(label=_("Who acts (comma-separated)"), required=False)
    deadline = forms.CharField(
        label=_("Deadline"),
        required=False,
        max_length=60,
        help_text=_("2024-07-15, P30D (within 30 days), R/2024-07-25/P1M (monthly)"),
    )
    report_back = forms.BooleanField(label=_("Report back"), required=False)
    indicator_codes = forms.CharField(
        label=_("Indicators (codes, comma-separated)"), required=False
    )

    def item(self) -> dict[str, Any] | None:
        data = self.cleaned_data
        if not data or not (data.get("text") or "").strip():
            return None
        return data


ItemFormSet = forms.formset_factory(ItemForm, extra=1)


class ComposeForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("circular", _("Circular (ว)")), ("order", _("Order"))],
        initial="circular",
        help_text=_(
            "An order (คำสั่ง) has no addressee and takes the next number of your unit's order "
            "series."
        ),
    )
    urgency = forms.ChoiceField(label=_("Urgency"), choices=URGENCY_CHOICES, required=False)
    subject = forms.CharField(label=_("Subject"), max_length=500)
    to = forms.CharField(
        label=_("Addressee (เรียน)"),
        max_length=300,
        initial="นายอำเภอ ทุกอำเภอ",
        required=False,
    )
    body = forms.CharField(
        label=_("Opening paragraph (ด้วย/ตามที่ …)"), widget=forms.Textarea(attrs={"rows": 5})
    )
    items = forms.CharField(
        label=_("Numbered items, one per line"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Write “within 30 days” or a date in the line and it becomes the deadline."),
    )
    default_deadline = forms.CharField(
        label=_("Deadline for items without their own"),
        required=False,
        max_length=60,
        initial="P30D",
    )
    signatory_name = forms.CharField(label=_("Signatory"), required=False, max_length=200)
    signatory_position = forms.CharField(
        label=_("Signatory position"), required=False, max_length=300
    )
    acting_for = forms.CharField(label=_("Acting for"), required=False, max_length=200)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("kind") == "circular" and not (data.get("to") or "").strip():
            self.add_error("to", _("This field is required."))
        return data


class IssueForm(forms.Form):
    recipients = forms.MultipleChoiceField(
        label=_("Recipients"), widget=forms.CheckboxSelectMultiple, choices=()
    )
    received_on = ThaiDateField(
        label=_("Recipients receive it on"),
        required=False,
        help_text=_("“Within n days” is counted from this day; today when left empty."),
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recipients"].choices = choices


class PassDownForm(IssueForm):
    pass


class ReportForm(forms.Form):
    text = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 4}))
    evidence = MultipleFileField(label=_("Evidence (photos or PDF)"), required=False)


class ExtensionForm(forms.Form):
    until = ThaiDateField(label=_("New deadline"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class DecisionForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class BoardFilter(forms.Form):
    status = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("all", _("Everyone")),
            ("late", _("Late")),
            ("not_acknowledged", _("Not acknowledged")),
            ("not_reported", _("Not fully reported")),
            ("reported", _("Fully reported")),
        ],
    )
    kind = forms.ChoiceField(
        label=_("Recipients"),
        required=False,
        choices=[
            ("all", _("All")),
            ("district", _("Districts")),
            ("agency", _("Agencies")),
            ("local", _("Local bodies")),
            ("village", _("Kamnan and headmen")),
        ],
    )
    q = forms.CharField(label=_("Name contains"), required=False, max_length=100)
