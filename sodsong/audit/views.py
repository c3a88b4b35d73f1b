from __future__ import annotations

import csv
import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render

from sodsong.accounts.requests import AuthedHttpRequest
from sodsong.audit.models import AuditEvent
from sodsong.audit.selectors import AuditFilter, audit_events, can_view_audit, event_rows
from sodsong.audit.services import BULK_READ_THRESHOLD, log_action

# The one neutraliser of every export (#17 M10, sodsong.core.exports): a purpose, a username or
# an id that starts with = + - @ must not reach a spreadsheet as a live formula.
from sodsong.core import exports
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
def event_list(request: AuthedHttpRequest) -> HttpResponse:
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
            "rows": list(event_rows(user=request.user, events=page.object_list)),
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
def event_export(request: AuthedHttpRequest) -> HttpResponse:
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
        "area_code",
        "protected",
    ]

    def rows():
        yield "\ufeff" + writer.writerow(header)
        for r in event_rows(user=request.user, events=events.iterator(chunk_size=2000)):
            cells = [
                r.at.isoformat(),
                r.actor or "",
                r.via,
                r.action,
                r.object_type,
                str(r.object_count),
                " ".join(r.object_ids),
                r.purpose,
                r.area_code,
                "hidden" if r.hidden else ("protected" if r.protected else ""),
            ]
            yield writer.writerow(exports.csv_row(cells))

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="sodsong-audit.csv"'
    return response
