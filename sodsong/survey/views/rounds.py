"""Survey rounds and their completeness by level, and the submissions headmen send and officers
review."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sodsong.accounts.requests import AuthedHttpRequest
from sodsong.accounts.scope import prefix_filter, scope_for
from sodsong.core.errors import show_refusal
from sodsong.geo.models import Area, Level
from sodsong.survey import access, forms, selectors, services
from sodsong.survey.models import Submission
from sodsong.survey.views.common import _deny


@login_required
def round_list(request: AuthedHttpRequest) -> HttpResponse:
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
                show_refusal(request, exc, form)
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
def round_detail(request: AuthedHttpRequest, uuid: str) -> HttpResponse:
    user = request.user
    survey_round = selectors.round_get(user=user, uuid=uuid)
    if survey_round is None:
        raise Http404
    # A headman's areas are villages: his row is labelled with his village (issue 20).
    codes = scope_for(user).area_codes
    default = Level.VILLAGE if codes and all(len(c) >= 8 for c in codes) else Level.SUBDISTRICT
    level = request.GET.get("level", default)
    if level not in (Level.VILLAGE, Level.SUBDISTRICT, Level.DISTRICT):
        level = default
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
def submission_action(request: AuthedHttpRequest, uuid: str, action: str) -> HttpResponse:
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
