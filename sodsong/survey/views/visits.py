"""Visits to residents: recorded, edited, read and listed."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from sodsong.core.attachments import AttachmentError
from sodsong.core.errors import show_refusal
from sodsong.core.models import Attachment
from sodsong.survey import forms, selectors, services
from sodsong.survey.models import RedFlag
from sodsong.survey.views.common import _deny, _require_personal, _writable_villages
from sodsong.thai.dates import be_year


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
            show_refusal(request, exc, form)
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
    return f"{today.day:02d}/{today.month:02d}/{be_year(today.year)}"


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
