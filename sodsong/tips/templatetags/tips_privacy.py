"""`{% tips_privacy_notice %}`: the notice the Personal Data Protection Act B.E. 2562 s.23 requires
when personal data is collected from the person it is about: what is collected and why (with the
lawful basis), how long it is kept, who sees it, and the person's rights (s.30-s.36, s.73)."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("tips/_privacy_notice.html")
def tips_privacy_notice() -> dict[str, Any]:
    from sodsong.tips.services import retention_days

    return {"retention_days": retention_days()}
