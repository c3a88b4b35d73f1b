"""Deadlines and the letter parser's notes in Thai words for the directives pages (issue #20):
"ภายใน 30 วัน (15 ก.ค. 2567)", never "P30D" or an ISO date; never a code like
`number_code_mismatch`."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import translation

from sodsong.directives.deadlines import describe, describe_date_text
from sodsong.directives.letters.notes import describe_note

register = template.Library()


def _thai_digits(context: template.Context) -> bool:
    request = context.get("request")
    user = getattr(request, "user", None)
    return bool(getattr(user, "thai_digits", False)) and translation.get_language() == "th"


@register.simple_tag(takes_context=True)
def deadline_th(context: template.Context, value: str, due: dt.date | None = None) -> str:
    """`{% deadline_th item.deadline first_due %}` → ภายใน 30 วัน (15 ก.ค. 2567); — when none."""
    return describe(value or "", due=due, thai_digits=_thai_digits(context)) or "—"


@register.simple_tag(takes_context=True)
def note_th(context: template.Context, note: str) -> str:
    """A parser note as a Thai sentence."""
    return describe_date_text(describe_note(str(note)), thai_digits=_thai_digits(context))
