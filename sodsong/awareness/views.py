"""Pages of the awareness log: totals and list, a phone-first entry form, one activity, topics."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sodsong.accounts.requests import AuthedHttpRequest
from sodsong.accounts.scope import scope_for
from sodsong.audit.models import AuditEvent
from sodsong.audit.services import log_action
from sodsong.awareness import selectors, services
from sodsong.awareness.forms import ActivityForm, DeleteForm, TopicForm, TotalsFilter
from sodsong.awareness.models import Activity, ActivityType, Topic
from sodsong.core.errors import show_refusal
from sodsong.core.models import Attachment
from sodsong.geo.models import Area

OBJECT_TYPE = "awareness.activity"


def _deny(detail: dict[str, str] | None = None) -> None:
    log_action(action=AuditEvent.Action.DENIED, object_type=OBJECT_TYPE, detail=detail or {})
    raise PermissionDenied


def fiscal_year_start(day: dt.date) -> dt.date:
    """The Thai fiscal year starts on 1 October."""
    return dt.date(day.year if day.month >= 10 else day.year - 1, 10, 1)


def _default_area(request: AuthedHttpRequest) -> str:
    scope = scope_for(request.user)
    if scope.area_codes:
        return scope.area_codes[0]
    return ""


@login_required
def index(request: AuthedHttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    if scope.is_empty:
        _deny()
    today = timezone.localdate()
    form = TotalsFilter(request.GET or None)
    area_code, date_from, date_to = _default_area(request), fiscal_year_start(today), today
    if form.is_bound and form.is_valid():
        area_code = form.cleaned_data["area"].strip() or area_code
        date_from = form.cleaned_data["date_from"] or date_from
        date_to = form.cleaned_data["date_to"] or date_to
    area = Area.objects.filter(code=area_code).first() if area_code else None
    totals = rows = None
    if area is not None:
        if not scope.covers_area(area.code):
            _deny({"code": area.code})
        if date_to >= date_from:
            totals = selectors.awareness_totals(request.user, area.code, date_from, date_to)
            rows = selectors.awareness_totals_by_area(request.user, area.code, date_from, date_to)
    activities = selectors.activity_list(
        user=request.user,
        area_code=area.code if area else "",
        date_from=date_from,
        date_to=date_to,
        limit=100,
    )
    return render(
        request,
        "awareness/index.html",
        {
            "form": form,
            "area": area,
            "date_from": date_from,
            "date_to": date_to,
            "period_error": date_to < date_from,
            "totals": totals,
            "type_rows": [(label, totals.by_type[value]) for value, label in ActivityType.choices]
            if totals
            else [],
            "topic_rows": [(t.name_th, totals.by_topic.get(t.code, 0)) for t in Topic.objects.all()]
            if totals
            else [],
            "rows": rows,
            "activities": activities,
            "can_record": selectors.can_record(request.user),
            "can_edit_topics": selectors.can_edit_topics(request.user),
            "nav_active": "awareness",
        },
    )


@login_required
def activity_new(request: AuthedHttpRequest) -> HttpResponse:
    if not selectors.can_record(request.user):
        _deny()
    villages = selectors.recordable_villages(user=request.user)
    form = ActivityForm(request.POST or None, request.FILES or None, villages=villages)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            activity = services.activity_record(
                actor=request.user,
                kind=data["kind"],
                held_on=data["held_on"],
                village=data["village"],
                audience=data["audience"],
                topics=list(data["topics"]),
                material=data["material"],
                photos=data["photos"],
            )
        except ValueError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("The activity is recorded. Thank you."))
            return redirect("awareness:detail", uuid=activity.uuid)
    return render(
        request,
        "awareness/new.html",
        {"form": form, "nav_active": "awareness"},
        status=400 if form.is_bound and form.errors else 200,
    )


def _photos(activity: Activity) -> list[Attachment]:
    return list(
        Attachment.objects.filter(
            owner_type=ContentType.objects.get_for_model(Activity), owner_uuid=activity.uuid
        ).order_by("created_at")
    )


@login_required
def activity_detail(request: AuthedHttpRequest, uuid: str) -> HttpResponse:
    activity = selectors.activity_get(user=request.user, uuid=str(uuid))
    if activity is None:
        raise Http404
    return render(
        request,
        "awareness/detail.html",
        {
            "activity": activity,
            "photos": _photos(activity),
            "can_change": selectors.can_change(request.user, activity),
            "delete_form": DeleteForm(),
            "nav_active": "awareness",
        },
    )


@login_required
@require_POST
def activity_delete(request: AuthedHttpRequest, uuid: str) -> HttpResponse:
    activity = selectors.activity_get(user=request.user, uuid=str(uuid))
    if activity is None:
        raise Http404
    if not selectors.can_change(request.user, activity):
        _deny()
    form = DeleteForm(request.POST)
    if form.is_valid():
        try:
            services.activity_delete(
                actor=request.user, activity=activity, reason=form.cleaned_data["reason"]
            )
        except ValueError as exc:
            show_refusal(request, exc)
        else:
            messages.success(request, _("The activity is deleted."))
            return redirect("awareness:index")
    else:
        messages.error(request, _("A reason is required to delete a record."))
    return redirect("awareness:detail", uuid=activity.uuid)


@login_required
def topic_list(request: AuthedHttpRequest) -> HttpResponse:
    if not selectors.can_edit_topics(request.user):
        _deny()
    form = TopicForm(request.POST or None)
    if request.method == "POST":
        editing = None
        if request.POST.get("topic"):
            try:
                editing = Topic.objects.filter(uuid=UUID(request.POST["topic"])).first()
            except ValueError as exc:
                raise Http404 from exc
        if form.is_valid():
            try:
                services.topic_save(
                    actor=request.user,
                    topic=editing,
                    name_th=form.cleaned_data["name_th"],
                    name_en=form.cleaned_data["name_en"],
                    order=form.cleaned_data["order"],
                    active=form.cleaned_data["active"],
                )
            except ValueError as exc:
                show_refusal(request, exc, form)
            else:
                messages.success(request, _("Saved."))
                return redirect("awareness:topics")
    return render(
        request,
        "awareness/topics.html",
        {
            "form": form,
            "topics": selectors.topics(active_only=False),
            "nav_active": "awareness",
        },
    )
