"""Residents in and out: the import template, uploads and their checks and rejected rows, and
the export."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from sodsong.audit.models import AuditEvent
from sodsong.audit.services import PurposeRequired, log_action
from sodsong.core.errors import show_refusal
from sodsong.survey import access, exporter, forms, selectors, services
from sodsong.survey.importing import jobs as import_jobs
from sodsong.survey.importing.template import template_xlsx
from sodsong.survey.models import ImportJob
from sodsong.survey.views.common import _deny, _require_personal, _writable_villages


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    villages = _writable_villages(request.user)
    example = villages[0].code if villages else "47010102"
    response = HttpResponse(
        template_xlsx(example),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="sodsong-residents-template.xlsx"'
    return response


@login_required
def import_upload(request: HttpRequest) -> HttpResponse:
    if not access.can_import(request.user):
        raise _deny(request, "survey.import")
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = import_jobs.import_upload(
                user=request.user, upload=form.cleaned_data["file"], mode=form.cleaned_data["mode"]
            )
        except services.SurveyError as exc:
            form.add_error("file", str(exc))
        else:
            return redirect("survey:import", uuid=job.uuid)
    return render(
        request,
        "survey/import_upload.html",
        {
            "form": form,
            "jobs": selectors.import_job_list(user=request.user),
            "nav_active": "survey",
        },
    )


@login_required
def import_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    job = selectors.import_job_get(user=request.user, uuid=uuid)
    if job is None:
        raise Http404
    if request.method == "POST":
        try:
            if request.POST.get("action") == "restart":
                import_jobs.import_restart(user=request.user, job=job)
            else:
                import_jobs.import_start_commit(
                    user=request.user, job=job, mode=request.POST.get("mode") or None
                )
        except services.SurveyError as exc:
            show_refusal(request, exc)
        return redirect("survey:import", uuid=job.uuid)
    running = job.status in (ImportJob.Status.VALIDATING, ImportJob.Status.COMMITTING)
    return render(
        request,
        "survey/import_detail.html",
        {
            "job": job,
            "running": running,
            "run": job.job_run,
            "modes": ImportJob.Mode.choices,
            "nav_active": "survey",
        },
    )


@login_required
def import_rejected(request: HttpRequest, uuid: str) -> HttpResponse:
    job = selectors.import_job_get(user=request.user, uuid=uuid)
    if job is None or not job.rejected_file:
        raise Http404
    log_action(
        action=AuditEvent.Action.EXPORT,
        object_type="survey.importjob",
        object_ids=[job.uuid],
        purpose="rejected rows of the user's own import",
    )
    with job.rejected_file.open("rb") as handle:
        data = handle.read()
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="rejected-rows.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def export(request: HttpRequest) -> HttpResponse:
    _require_personal(request)
    form = forms.ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            residents = selectors.residents_for_export(
                user=request.user, purpose=form.cleaned_data["purpose"]
            )
        except PurposeRequired as exc:
            form.add_error("purpose", str(exc))
        else:
            stamp = timezone.localdate().isoformat()
            if form.cleaned_data["format"] == "csv":
                response = HttpResponse(
                    exporter.export_csv(residents), content_type="text/csv; charset=utf-8"
                )
                response["Content-Disposition"] = f'attachment; filename="residents-{stamp}.csv"'
            else:
                response = HttpResponse(
                    exporter.export_xlsx(residents),
                    content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                )
                response["Content-Disposition"] = f'attachment; filename="residents-{stamp}.xlsx"'
            response["Cache-Control"] = "private, no-store"
            return response
    return render(request, "survey/export.html", {"form": form, "nav_active": "survey"})
