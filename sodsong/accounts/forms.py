from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class LoginForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)


class TotpForm(forms.Form):
    code = forms.CharField(
        label=_("6-digit code from your authenticator app"),
        max_length=8,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class NewPasswordForm(forms.Form):
    password1 = forms.CharField(label=_("New password"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(
        label=_("New password again"), widget=forms.PasswordInput, strip=False
    )

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("password1") != data.get("password2"):
            raise forms.ValidationError(_("The two passwords differ."))
        return data


class PreferencesForm(forms.Form):
    thai_digits = forms.BooleanField(
        label=_("Show numbers and dates in Thai digits"), required=False
    )


class TokenForm(forms.Form):
    name = forms.CharField(label=_("What the token is for"), max_length=100)
    scope = forms.ChoiceField(
        label=_("Access"), choices=[("read", _("read")), ("write", _("read and write"))]
    )
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=365, initial=90)
