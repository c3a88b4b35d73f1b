from __future__ import annotations

import geothai
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from sodsong.accounts.requests import AuthedHttpRequest
from sodsong.accounts.scope import scope_for
from sodsong.geo.models import Area
from sodsong.web.due import due_items


@require_GET
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database answers, 503 otherwise. No authentication, no personal data."""
    from sodsong.core.disk import disk_full

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    full = disk_full()
    if full:  # the database answers, but nothing can be saved (issue 18)
        return JsonResponse(
            {"status": "disk full", "database": connection.vendor, "disk": "full"}, status=503
        )
    return JsonResponse({"status": "ok", "database": connection.vendor})


@login_required
def home(request: AuthedHttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    own_areas = (
        list(Area.objects.filter(code__in=scope.area_codes).order_by("code"))
        if scope.area_codes
        else []
    )
    today = timezone.localdate()
    due = [
        {**item.__dict__, "overdue_today": item.overdue(today)}
        for item in due_items(request.user, today=today)
    ]
    return render(
        request,
        "web/home.html",
        {"scope": scope, "own_areas": own_areas, "nav_active": "home", "due": due},
    )


def about(request: HttpRequest) -> HttpResponse:
    return render(request, "web/about.html", {"geothai_version": geothai.DATA_VERSION})


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)
