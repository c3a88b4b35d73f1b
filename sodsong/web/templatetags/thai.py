"""Template filters for B.E. dates and Thai digits, honouring the user's digit preference."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone, translation

from sodsong.thai.dates import MONTHS_EN, format_thai_date, format_thai_datetime
from sodsong.thai.digits import to_thai_digits

register = template.Library()


def _wants_thai_digits(context: template.Context) -> bool:
    request = context.get("request")
    user = getattr(request, "user", None)
    return bool(getattr(user, "thai_digits", False)) and translation.get_language() == "th"


@register.simple_tag(takes_context=True)
def bedate(context: template.Context, value: dt.date | dt.datetime | None, style: str = "") -> str:
    """`{% bedate value %}` → 28 พ.ย. 2569 (B.E.; Thai digits when the user chose them).
    `{% bedate value "long" %}` → 28 พฤศจิกายน 2569; `"time"` adds the time of day."""
    if value is None or value == "":
        return "—"
    thai_digits = _wants_thai_digits(context)
    if translation.get_language() != "th":
        if isinstance(value, dt.datetime):
            value = timezone.localtime(value)
            return f"{value.day} {MONTHS_EN[value.month - 1][:3]} {value.year} {value:%H:%M}"
        return f"{value.day} {MONTHS_EN[value.month - 1]} {value.year}"
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value)
        if style == "time":
            return format_thai_datetime(value, thai_digits=thai_digits)
        value = value.date()
    return format_thai_date(value, short=style != "long", thai_digits=thai_digits)


@register.simple_tag(takes_context=True)
def num(context: template.Context, value: object) -> str:
    """A number with thousands separators, in Thai digits when the user chose them."""
    if value is None:
        return "—"
    text = f"{value:,}" if isinstance(value, int) else str(value)
    return to_thai_digits(text) if _wants_thai_digits(context) else text
