from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from sodsong.web.navigation import navigation_for


def sodsong(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "DEMO_MODE": settings.DEMO_MODE,
        "nav_items": navigation_for(user) if user is not None else [],
    }
