from __future__ import annotations

import csv
import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render

from sodsong.audit.models import AuditEvent
from sodsong.audit.selectors import AuditFilter, audit_events, can_view_audit
from sodsong.audit.services import BULK_READ_THRESHOLD, log_action
from sodsong.thai.dates import DateParseError, parse_date


def _filters_from(request: HttpRequest) -> tuple[AuditFilter, list[str]]:
    errors: list[str] = []

    def day(name: str) -> dt.date | None:
        raw = request.GET.get(name, "").strip()
        if not raw:
            return None
        try:
            return parse_date(raw)
        except DateParseError:
            errors.append(name)
            return None

    return (
        AuditFilter(
            actor=request.GET.get("actor", "").strip(),
            action=request.GET.get("action", "").strip(),
            object_type=request.GET.get("object_type", "").strip(),
            object_id=request.GET.get("object_id", "").strip(),
            since=day("since"),
            until=day("until"),
            bulk_only=request.GET.get("bulk") == "1",
        ),
        errors,
    )


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    if not can_view_audit(request.user):
        raise PermissionDenied
    filters, errors = _filters_from(request)
    events = audit_events(user=request.user, filters=filters)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/events.html",
        {
            "page": page,
            "filters": filters,
            "date_errors": errors,
            "actions": AuditEvent.Action.choices,
            "bulk_threshold": BULK_READ_THRESHOLD,
            "query": request.GET.urlencode(),
            "nav_active": "audit",
        },
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


@login_required
def event_export(request: HttpRequest) -> HttpResponse:
    """CSV of the filtered log. The export is itself audited and needs a purpose."""
    if not can_view_audit(request.user):
        raise PermissionDenied
    purpose = request.GET.get("purpose", "").strip()
    if not purpose:
        return HttpResponse(
            "กรุณาระบุวัตถุประสงค์ของการส่งออก / State the purpose of the export.",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    filters, _errors = _filters_from(request)
    events = audit_events(user=request.user, filters=filters)
    log_action(
        action=AuditEvent.Action.EXPORT,
        object_type="audit.auditevent",
        purpose=purpose,
        detail={"filters": request.GET.urlencode()[:500]},
    )
    writer = csv.writer(_Echo())
    header = [
        "at",
        "actor",
        "via",
        "action",
        "object_type",
        "object_count",
        "object_ids",
        "purpose",
    ]

    def rows():  # type: ignore[no-untyped-def]
        yield "\ufeff" + writer.writerow(header)
        for e in events.iterator(chunk_size=2000):
            yield writer.writerow(
                [
                    e.at.isoformat(),
                    e.actor.username if e.actor else "",
                    e.via,
                    e.action,
                    e.object_type,
                    e.object_count,
                    " ".join(e.object_ids),
                    e.purpose,
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="sodsong-audit.csv"'
    return response
