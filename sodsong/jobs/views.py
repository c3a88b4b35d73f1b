from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sodsong.accounts.requests import AuthedHttpRequest
from sodsong.jobs.selectors import can_list_jobs, job_queryset


@login_required
def job_list(request: AuthedHttpRequest) -> HttpResponse:
    if not can_list_jobs(request.user):
        raise PermissionDenied
    runs = job_queryset(user=request.user)[:100]
    return render(request, "jobs/list.html", {"runs": runs, "nav_active": "jobs"})


@login_required
def job_detail(request: AuthedHttpRequest, uuid: str) -> HttpResponse:
    run = job_queryset(user=request.user).filter(uuid=uuid).first()
    if run is None:
        raise Http404
    template = "jobs/_progress.html" if request.htmx else "jobs/detail.html"
    title, back = JOB_PAGES.get(run.name, (None, None))
    back_url = reverse(back) if back else reverse("web:home")
    return render(
        request,
        template,
        {"run": run, "title": title or run.name, "back_url": back_url},
    )


# The job's name in Thai and the page to go back to when it is done (issue 20); imports already
# carry a Thai name.
JOB_PAGES = {
    "recompute-indicators": (_("Recomputing the indicators"), "indicators:index"),
    "directives.send_reminders": (_("Sending directive reminders"), "directives:index"),
    "tips.urgent_email": (_("E-mailing about urgent tips"), "tips:index"),
}
