"""`{% tips_urgent_panel %}`: the dashboard panel of new urgent items for district and province
officers (include it on the home page with `{% load tips_tags %}{% tips_urgent_panel %}`)."""

from __future__ import annotations

from typing import Any

from django import template

from sodsong.tips import selectors
from sodsong.tips.triage import reason_text as _reason_text

register = template.Library()


@register.inclusion_tag("tips/_urgent_panel.html", takes_context=True)
def tips_urgent_panel(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"show_panel": False, "request": request}
    from sodsong.accounts.scope import scope_for

    show = scope_for(user).has_role(*selectors.MANAGE_ROLES)
    return {
        "show_panel": show,
        "urgent_tips": selectors.urgent_for_dashboard(user=user) if show else [],
        "request": request,
    }


@register.filter
def reason_text(reason: dict[str, Any]) -> str:
    return _reason_text(reason)
