from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render

from sodsong.accounts.requests import AuthedHttpRequest
from sodsong.accounts.scope import scope_for
from sodsong.audit.models import AuditEvent
from sodsong.audit.services import log_action
from sodsong.geo import selectors
from sodsong.geo.models import Area, Level
from sodsong.people.selectors import person_list

CHILD_LEVEL = {
    Level.PROVINCE: Level.DISTRICT,
    Level.DISTRICT: Level.SUBDISTRICT,
    Level.SUBDISTRICT: Level.VILLAGE,
}


@login_required
def my_areas(request: AuthedHttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    areas = list(Area.objects.filter(code__in=scope.area_codes)) if scope.area_codes else []
    if scope.nation:
        areas = list(selectors.provinces())
    return render(request, "geo/my_areas.html", {"areas": areas, "nav_active": "areas"})


@login_required
def area_detail(request: AuthedHttpRequest, code: str) -> HttpResponse:
    area = selectors.area_get(code)
    if area is None:
        raise Http404
    scope = scope_for(request.user)
    if not scope.covers_area(area.code):
        log_action(action=AuditEvent.Action.DENIED, object_type="geo.area", detail={"code": code})
        raise PermissionDenied
    child_level = CHILD_LEVEL.get(Level(area.level))
    children = list(selectors.children(code=area.code, level=child_level)) if child_level else []
    people = (
        person_list(user=request.user, area_code=area.code, limit=50)
        if scope.covers_personal(area.code)
        else None
    )
    path = selectors.area_path(area)[:-1]
    return render(
        request,
        "geo/area_detail.html",
        {
            "area": area,
            "path": path,
            # The breadcrumb links only the areas the user may open (issue 20).
            "linked": {a.code for a in path if scope.covers_area(a.code)},
            "children": children,
            "people": people,
            "nav_active": "areas",
        },
    )
