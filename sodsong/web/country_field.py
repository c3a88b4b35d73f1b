"""A country picker without JavaScript (issue 20): a text box with a <datalist> of the country
table, the region first, searchable by Thai name, English name or code. The form stores the
ISO alpha-3 code; an unknown name is refused beside the field, never cut to three letters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from sodsong.thai.countries import COUNTRIES, country_code, country_label


class CountryInput(forms.TextInput):
    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        base = {"autocomplete": "off", "placeholder": _("e.g. เมียนมา, Myanmar or MMR")}
        super().__init__({**base, **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, str) and value.isascii() and len(value) == 3:
            return country_label(value)
        return super().format_value(value)

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer=None):
        attrs = dict(attrs or {})
        list_id = f"{attrs.get('id') or 'id_' + name}-countries"
        attrs["list"] = list_id
        box = super().render(name, value, attrs, renderer)
        options = format_html_join(
            "",
            '<option value="{}" label="{}"></option>',
            ((country_label(c.code), c.name_en) for c in COUNTRIES),
        )
        return SafeString(box + format_html('<datalist id="{}">{}</datalist>', list_id, options))


class CountryField(forms.CharField):
    """Nationality or issuing state: a Thai or English name or a 3-letter code in, alpha-3 out."""

    widget = CountryInput
    default_error_messages = {
        "unknown": _(
            "Choose a country from the list (Thai or English name), or type its 3-letter code, "
            "e.g. MMR."
        )
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 80)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str:
        text = super().to_python(value)
        code = country_code(text)
        if code is None:
            raise forms.ValidationError(self.error_messages["unknown"], code="unknown")
        return code
