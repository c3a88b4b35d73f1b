from __future__ import annotations

import geothai
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from sodsong.accounts.scope import scope_for
from sodsong.geo.models import Area


@require_GET
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database answers, 503 otherwise. No authentication, no personal data."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": connection.vendor})


@login_required
def home(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    own_areas = (
        list(Area.objects.filter(code__in=scope.area_codes).order_by("code"))
        if scope.area_codes
        else []
    )
    return render(
        request,
        "web/home.html",
        {"scope": scope, "own_areas": own_areas, "nav_active": "home"},
    )


def about(request: HttpRequest) -> HttpResponse:
    return render(request, "web/about.html", {"geothai_version": geothai.DATA_VERSION})


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)
