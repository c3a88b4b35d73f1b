"""Form fields every module shares: dates as Thai people type them, and several files at once."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sodsong.thai.dates import DateParseError, be_year, parse_date


class ThaiDateField(forms.CharField):
    """A date typed as B.E. or C.E., in Thai or Arabic digits, with / - or . or a Thai month
    name (28/11/2569, ๒๘/๑๑/๒๕๖๙, 2026-11-28, 28 พ.ย. 69). Shown back in B.E."""

    default_error_messages = {
        "invalid": _("The date could not be read. Type it as day/month/year, e.g. 28/11/2569.")
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"placeholder": "28/11/2569", "inputmode": "numeric", "autocomplete": "off"}
            ),
        )
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, dt.date):
            return f"{value.day}/{value.month}/{be_year(value.year)}"
        return value

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


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; `accept` hints the browser (the server sniffs the bytes)."""

    def __init__(self, *, accept: str = "image/*,application/pdf", **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": accept}))
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []
