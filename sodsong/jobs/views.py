from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from sodsong.accounts.models import Role
from sodsong.accounts.scope import scope_for
from sodsong.jobs.models import JobRun


def _visible_runs(request: HttpRequest):  # type: ignore[no-untyped-def]
    if scope_for(request.user).has_role(Role.PROVINCE, Role.ADMIN):
        return JobRun.objects.all()
    return JobRun.objects.filter(requested_by=request.user)


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    if not scope_for(request.user).has_role(Role.PROVINCE, Role.ADMIN):
        raise PermissionDenied
    runs = _visible_runs(request)[:100]
    return render(request, "jobs/list.html", {"runs": runs, "nav_active": "jobs"})


@login_required
def job_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    run = _visible_runs(request).filter(uuid=uuid).first()
    if run is None:
        raise Http404
    template = "jobs/_progress.html" if request.htmx else "jobs/detail.html"  # type: ignore[attr-defined]
    return render(request, template, {"run": run})
