"""Pages for the faults of the machine rather than of the request (issue 18): a full disk and a
database busy past its wait answer a Thai 503 that says what happened and what to do, instead
of a bare "Server Error (500)"; and the session is renewed at most once a minute, so that a page
that only reads does not write (and keeps working when the disk is full).

`server_error` is Django's `handler500`: Django calls it inside the `except` block of the failed
request, so `sys.exc_info()` is the exception that failed it.
"""

from __future__ import annotations

import sys
import time

from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

from sodsong.core.busy import busy_message, disk_full_message, is_busy, is_disk_full

RENEWED_KEY = "_renewed"


def fault_kind(exc: BaseException | None) -> str | None:
    if exc is None:
        return None
    if is_disk_full(exc):
        return "disk_full"
    if is_busy(exc):
        return "busy"
    return None


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 handler: a Thai 503 for a full disk or a busy database, a plain Thai 500
    otherwise. Renders without the request context: nothing here reads or writes the session
    or the database."""
    kind = fault_kind(sys.exc_info()[1])
    if kind == "disk_full":
        status, message = 503, disk_full_message()
    elif kind == "busy":
        status, message = 503, busy_message()
    else:
        status, message = 500, None
    if request.path.startswith("/api/"):
        detail = message or "server error"
        response: HttpResponse = JsonResponse(
            {"detail": detail, "code": kind or "server_error"}, status=status
        )
    else:
        body = render_to_string(
            "core/fault.html", {"message": message, "status": status, "kind": kind}
        )
        response = HttpResponse(body, status=status)
    if status == 503:
        response["Retry-After"] = "60" if kind == "busy" else "600"
    return response


class RenewingSessionMiddleware(SessionMiddleware):
    """Django's session middleware, with the idle timeout renewed at most every
    `SODSONG_SESSION_RENEW_SECONDS` (a minute) rather than written on every request: pages that
    only read do not write. When only that renewal fails (a full disk, a busy database) the page
    is served anyway; the session is renewed on a later request."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        session = getattr(request, "session", None)
        renewal_only = False
        if (
            session is not None
            and request.COOKIES.get(settings.SESSION_COOKIE_NAME)
            and not session.modified
            and not session.is_empty()
        ):
            now = int(time.time())
            every = getattr(settings, "SODSONG_SESSION_RENEW_SECONDS", 60)
            if now - int(session.get(RENEWED_KEY, 0) or 0) >= every:
                session[RENEWED_KEY] = now
                renewal_only = True
        try:
            return super().process_response(request, response)
        except (DatabaseError, OSError) as exc:
            if renewal_only and fault_kind(exc):
                return response
            raise
