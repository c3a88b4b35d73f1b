"""Pages of the village survey: mobile-first field forms for headmen, the registry, imports and
exports for district officers, rounds with approval, and completeness."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sodsong.accounts.scope import prefix_filter, scope_for
from sodsong.audit.models import AuditEvent
from sodsong.audit.services import PurposeRequired, log_action
from sodsong.core.attachments import AttachmentError
from sodsong.core.models import Attachment
from sodsong.geo.models import Area, Level
from sodsong.people.services import DocumentInput
from sodsong.survey import access, exporter, forms, selectors, services
from sodsong.survey.importing import jobs as import_jobs
from sodsong.survey.importing.template import template_xlsx
from sodsong.survey.models import ImportJob, RedFlag, ResidentStatus, Submission, Tm30Status


def _deny(request: HttpRequest, what: str) -> PermissionDenied:
    log_action(action=AuditEvent.Action.DENIED, object_type=what, detail={"path": request.path})
    return PermissionDenied()


def _writable_villages(user: Any) -> list[Area]:
    codes = access.writable_codes(user)
    if not codes:
        return []
    villages = Area.objects.filter(level=Level.VILLAGE, abolished_on__isnull=True)
    return list(villages.filter(prefix_filter("code", codes)).order_by("code"))


def _require_personal(request: HttpRequest) -> None:
    if not access.sees_personal(request.user):
        raise _deny(request, "survey.resident")


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    scope = scope_for(user)
    personal = access.sees_personal(user)
    context: dict[str, Any] = {
        "nav_active": "survey",
        "personal": personal,
        "can_write": bool(access.writable_codes(user)),
        "can_import": access.can_import(user),
        "can_open_round": bool(access.round_codes(user)),
        "rounds": selectors.round_list(user=user)[:10],
    }
    if personal:
        residents = selectors.resident_queryset(user=user)
        context["resident_count"] = residents.filter(status=ResidentStatus.LIVING).count()
        context["tm30_missing"] = residents.filter(
            status=ResidentStatus.LIVING,
            residences__moved_out_on__isnull=True,
            residences__tm30_status=Tm30Status.MISSING,
        ).count()
        context["visits"] = selectors.visit_list(user=user, limit=5)
        headman_codes = scope.role_areas.get("headman", ())
        context["my_submissions"] = [
            s
            for s in Submission.objects.filter(
                round__status="open", area__code__in=headman_codes
            ).select_related("round", "area")
        ]
    return render(request, "survey/index.html", context)


# --- residents ------------------------------------------------------------------------------


@login_required
def resident_list(request: HttpRequest) -> HttpResponse:
    _require_personal(request)
    query = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    tm30 = request.GET.get("tm30", "")
    residents = selectors.resident_list(
        user=request.user,
        query=query,
        status=status if status in ResidentStatus.values else "",
        tm30=tm30 if tm30 in Tm30Status.values else "",
        limit=200,
    )
    return render(
        request,
        "survey/resident_list.html",
        {
            "residents": residents,
            "query": query,
            "status": status,
            "tm30": tm30,
            "statuses": ResidentStatus.choices,
            "tm30_statuses": Tm30Status.choices,
            "can_write": bool(access.writable_codes(request.user)),
            "nav_active": "survey",
        },
    )


@login_required
def resident_new(request: HttpRequest) -> HttpResponse:
    villages = _writable_villages(request.user)
    if not villages:
        raise _deny(request, "survey.resident")
    form = forms.ResidentForm(request.POST or None, villages=villages)
    duplicates: list[Any] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        year, month, day = data["birth"]
        duplicates = selectors.likely_duplicates(
            user=request.user,
            given_name_latin=data["given_name_latin"],
            family_name_latin=data["family_name_latin"],
            given_name_th=data["given_name_th"],
            family_name_th=data["family_name_th"],
            birth_year=year,
            birth_month=month,
        )
        if duplicates and not data["confirm_new"]:
            form.add_error(
                None, _("This may be a person already recorded. Check the list, then confirm.")
            )
        else:
            host = None
            if data["host_kind"] and data["host_name"].strip():
                host = services.HostInput(kind=data["host_kind"], given_name_th=data["host_name"])
            try:
                resident = services.resident_register(
                    user=request.user,
                    area=data["village"],
                    given_name_latin=data["given_name_latin"],
                    family_name_latin=data["family_name_latin"],
                    given_name_th=data["given_name_th"],
                    family_name_th=data["family_name_th"],
                    birth_year=year,
                    birth_month=month,
                    birth_day=day,
                    sex=data["sex"],
                    nationality=data["nationality"].upper(),
                    documents=[
                        DocumentInput(
                            doc_type=data["doc_type"],
                            issuing_state=data["doc_state"],
                            number=data["doc_number"],
                            expires_on=data["doc_expires_on"],
                        )
                    ],
                    occupation=data["occupation"],
                    house_no=data["house_no"],
                    latitude=data["latitude"],
                    longitude=data["longitude"],
                    moved_in_on=data["moved_in_on"],
                    host=host,
                    tm30_notified_on=data["tm30_notified_on"],
                    tm30_reference=data["tm30_reference"],
                    phones=[data["phone"]] if data["phone"] else [],
                )
            except services.SurveyError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("The resident is recorded."))
                return redirect("survey:resident", uuid=resident.uuid)
    return render(
        request,
        "survey/resident_form.html",
        {"form": form, "duplicates": duplicates, "nav_active": "survey"},
    )


def _resident_or_404(request: HttpRequest, uuid: str) -> Any:
    resident = selectors.resident_get(user=request.user, uuid=uuid)
    if resident is None:
        raise Http404
    return resident


@login_required
def resident_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    resident = _resident_or_404(request, uuid)
    can_write = access.can_write(request.user, resident.area.code)
    villages = _writable_villages(request.user) if can_write else []
    return render(
        request,
        "survey/resident_detail.html",
        {
            "resident": resident,
            "person": resident.person,
            "residences": list(resident.residences.all()),
            "can_write": can_write,
            "move_form": forms.MoveForm(villages=villages) if can_write else None,
            "status_form": forms.StatusForm(
                initial={"status": resident.status, "occupation": resident.occupation}
            ),
            "tm30_form": forms.Tm30Form(),
            "document_form": forms.DocumentForm(initial={"issuing_state": "THA"}),
            "phone_form": forms.PhoneForm(),
            "visits": list(resident.visits.filter(deleted_at__isnull=True)[:20]),
            "nav_active": "survey",
        },
    )


@login_required
@require_POST
def resident_action(request: HttpRequest, uuid: str, action: str) -> HttpResponse:
    resident = _resident_or_404(request, uuid)
    if not access.can_write(request.user, resident.area.code):
        raise _deny(request, "survey.resident")
    user = request.user
    form: Any
    try:
        if action == "move":
            form = forms.MoveForm(request.POST, villages=_writable_villages(user))
            if form.is_valid():
                services.resident_move(
                    user=user,
                    resident=resident,
                    area=form.cleaned_data["village"],
                    house_no=form.cleaned_data["house_no"],
                    moved_in_on=form.cleaned_data["moved_in_on"],
                )
        elif action == "status":
            form = forms.StatusForm(request.POST)
            if form.is_valid():
                status = form.cleaned_data["status"]
                if status != ResidentStatus.LIVING and resident.status == ResidentStatus.LIVING:
                    services.resident_mark_moved_away(
                        user=user,
                        resident=resident,
                        status=status,
                        moved_out_on=timezone.localdate(),
                    )
                services.resident_update(
                    user=user,
                    resident=resident,
                    status=status,
                    occupation=form.cleaned_data["occupation"],
                )
        elif action == "tm30":
            form = forms.Tm30Form(request.POST)
            residence = resident.current_residence
            if residence is None:
                raise services.SurveyError(_("The resident has no current residence."))
            if form.is_valid():
                services.tm30_record(
                    user=user,
                    residence=residence,
                    notified_on=form.cleaned_data["notified_on"],
                    reference=form.cleaned_data["reference"],
                )
        elif action == "document":
            form = forms.DocumentForm(request.POST)
            if form.is_valid():
                d = form.cleaned_data
                services.resident_document_add(
                    user=user,
                    resident=resident,
                    document=DocumentInput(
                        doc_type=d["doc_type"],
                        issuing_state=d["issuing_state"],
                        number=d["number"],
                        expires_on=d["expires_on"],
                        subtype=d["subtype"],
                        issuer_detail=d["issuer_detail"],
                    ),
                )
        elif action == "phone":
            form = forms.PhoneForm(request.POST)
            if form.is_valid():
                services.phone_add(user=user, resident=resident, number=form.cleaned_data["number"])
        else:
            raise Http404
    except services.SurveyError as exc:
        messages.error(request, str(exc))
        return redirect("survey:resident", uuid=resident.uuid)
    if form.is_valid():
        messages.success(request, _("Saved."))
    else:
        for field_errors in form.errors.values():
            for error in field_errors:
                messages.error(request, error)
    return redirect("survey:resident", uuid=resident.uuid)


# --- visits ---------------------------------------------------------------------------------


@login_required
def visit_new(request: HttpRequest, uuid: str | None = None) -> HttpResponse:
    user = request.user
    villages = _writable_villages(user)
    if not villages:
        raise _deny(request, "survey.visit")
    draft = None
    if uuid is not None:
        draft = selectors.visit_get(user=user, uuid=uuid)
        if draft is None or not draft.is_draft or draft.visitor_id != user.pk:
            raise Http404
    by_code = {v.code: v for v in villages}
    code = request.POST.get("village") or request.GET.get("village") or ""
    village = by_code.get(code) or (draft.area if draft else villages[0])
    residents = selectors.residents_of_village(user=user, area=village)
    flags = selectors.red_flags()
    initial: dict[str, Any] = {"village": village.code, "visited_on": _today_text()}
    if draft is not None:
        initial.update(
            visited_on=draft.visited_on.strftime("%d/%m/%Y"),
            house_no=draft.house_no,
            observations=draft.observations,
            residents=[str(r.uuid) for r in draft.residents.all()],
            red_flags=[f.code for f in draft.red_flags.all()],
        )
    form = forms.VisitForm(
        request.POST or None,
        request.FILES or None,
        villages=villages,
        residents=residents,
        flags=flags,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = {str(r.uuid): r for r in residents}
        try:
            visit = services.visit_record(
                user=user,
                area=data["village"],
                visited_on=data["visited_on"],
                residents=[chosen[u] for u in data["residents"] if u in chosen],
                observations=data["observations"],
                red_flags=list(RedFlag.objects.filter(code__in=data["red_flags"])),
                house_no=data["house_no"],
                is_draft="draft" in request.POST,
                photos=[data["photo"]] if data["photo"] else [],
                visit=draft,
            )
        except (services.SurveyError, AttachmentError) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("The draft is saved.") if visit.is_draft else _("The visit is recorded."),
            )
            return redirect("survey:visit", uuid=visit.uuid)
    return render(
        request,
        "survey/visit_form.html",
        {"form": form, "village": village, "draft": draft, "nav_active": "survey"},
    )


def _today_text() -> str:
    today = timezone.localdate()
    return f"{today.day:02d}/{today.month:02d}/{today.year + 543}"


@login_required
def visit_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    visit = selectors.visit_get(user=request.user, uuid=uuid)
    if visit is None:
        raise Http404
    photos = Attachment.objects.filter(owner_uuid=visit.uuid).order_by("created_at")
    return render(
        request,
        "survey/visit_detail.html",
        {"visit": visit, "photos": photos, "nav_active": "survey"},
    )


@login_required
def visit_list(request: HttpRequest) -> HttpResponse:
    _require_personal(request)
    visits = selectors.visit_list(user=request.user, limit=100)
    return render(request, "survey/visit_list.html", {"visits": visits, "nav_active": "survey"})


# --- rounds and completeness ------------------------------------------------------------------


@login_required
def round_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    codes = access.round_codes(user)
    form = None
    if codes:
        areas = list(
            Area.objects.filter(level__in=[Level.PROVINCE, Level.DISTRICT])
            .filter(prefix_filter("code", codes))
            .order_by("code")
        )
        form = forms.RoundForm(request.POST or None, areas=areas)
        if request.method == "POST" and form.is_valid():
            d = form.cleaned_data
            try:
                survey_round = services.round_open(
                    user=user,
                    name=d["name"],
                    area=d["area"],
                    starts_on=d["starts_on"],
                    ends_on=d["ends_on"],
                )
            except services.SurveyError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("The round is open."))
                return redirect("survey:round", uuid=survey_round.uuid)
    elif request.method == "POST":
        raise _deny(request, "survey.round")
    return render(
        request,
        "survey/round_list.html",
        {"rounds": selectors.round_list(user=user), "form": form, "nav_active": "survey"},
    )


LEVELS = (
    (Level.VILLAGE, "village"),
    (Level.SUBDISTRICT, "subdistrict"),
    (Level.DISTRICT, "district"),
)


@login_required
def round_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    user = request.user
    survey_round = selectors.round_get(user=user, uuid=uuid)
    if survey_round is None:
        raise Http404
    level = request.GET.get("level", Level.SUBDISTRICT)
    if level not in (Level.VILLAGE, Level.SUBDISTRICT, Level.DISTRICT):
        level = Level.SUBDISTRICT
    rows = selectors.completeness(user=user, survey_round=survey_round, level=level)
    submissions = selectors.submissions_for(user=user, survey_round=survey_round)
    reviewable = [s for s in submissions if access.can_review(user, s.area.code)]
    mine = [s for s in submissions if access.can_submit(user, s.area.code)]
    return render(
        request,
        "survey/round_detail.html",
        {
            "round": survey_round,
            "rows": rows,
            "total": selectors.completeness_total(rows),
            "level": level,
            "levels": [(Level(v).label, v) for v, _k in LEVELS],
            "submitted": [s for s in reviewable if s.status == Submission.Status.SUBMITTED],
            "reviewed": [s for s in reviewable if s.status != Submission.Status.SUBMITTED],
            "mine": mine,
            "review_form": forms.ReviewForm(),
            "submit_form": forms.SubmitForm(),
            "chart_max": max([r.expected for r in rows] or [1]),
            "nav_active": "survey",
        },
    )


@login_required
@require_POST
def submission_action(request: HttpRequest, uuid: str, action: str) -> HttpResponse:
    submission = selectors.submission_get(user=request.user, uuid=uuid)
    if submission is None:
        raise Http404
    code = submission.area.code
    allowed = (
        access.can_submit(request.user, code)
        if action == "submit"
        else access.can_review(request.user, code)
    )
    if not allowed:
        raise _deny(request, "survey.submission")
    try:
        if action == "submit":
            form = forms.SubmitForm(request.POST)
            form.is_valid()
            services.submission_submit(
                user=request.user, submission=submission, note=form.cleaned_data.get("note", "")
            )
            messages.success(request, _("The village's survey is submitted to the district."))
        elif action in ("approve", "return"):
            form = forms.ReviewForm(request.POST)
            form.is_valid()
            services.submission_review(
                user=request.user,
                submission=submission,
                approve=action == "approve",
                comment=form.cleaned_data.get("comment", ""),
            )
            messages.success(request, _("Saved."))
        else:
            raise Http404
    except services.SurveyError as exc:
        if not (
            access.can_submit(request.user, submission.area.code)
            or access.can_review(request.user, submission.area.code)
        ):
            raise _deny(request, "survey.submission") from exc
        messages.error(request, str(exc))
    return redirect("survey:round", uuid=submission.round.uuid)


# --- import and export ----------------------------------------------------------------------


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
            import_jobs.import_start_commit(
                user=request.user, job=job, mode=request.POST.get("mode") or None
            )
        except services.SurveyError as exc:
            messages.error(request, str(exc))
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
