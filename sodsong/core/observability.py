"""Logs a reader can follow and errors that reach someone (issue 21).

- Every request gets an id: the proxy's `X-Request-ID` when it sends a sane one (so nginx's log
  and ours line up), a fresh one otherwise. It is returned in the `X-Request-ID` header, shown on
  the 500 page's log line, and put on every log record written while the request runs.
- Log lines carry a timestamp, the level, the logger and the request id; `SODSONG_LOG_FORMAT=json`
  writes one JSON object a line for a log collector.
- With `SODSONG_SENTRY_DSN` set, unhandled errors go to that Sentry-compatible server (Sentry,
  GlitchTip). Personal data stays here: no request bodies, cookies, user details or local
  variables are sent.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # settings import this module: nothing of Django's at import time
    from django.http import HttpRequest, HttpResponse

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
_SANE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def new_request_id(proposed: str = "") -> str:
    return proposed if _SANE_ID.match(proposed) else uuid.uuid4().hex[:16]


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = new_request_id(request.META.get("HTTP_X_REQUEST_ID", ""))
        request.request_id = request_id  # type: ignore[attr-defined]
        token = request_id_var.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Puts the current request's id on each record (`-` outside a request: jobs, commands)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def logging_config(*, level: str, json_lines: bool) -> dict:
    formatter = {"()": JsonFormatter} if json_lines else {"format": TEXT_FORMAT}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": RequestIdFilter}},
        "formatters": {"default": formatter},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["request_id"],
                "formatter": "default",
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {"huey": {"level": "WARNING"}},
    }


def init_error_reporting(dsn: str, *, environment: str) -> None:
    if not dsn:
        return
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration()],
        send_default_pii=False,  # no user, cookies or client address
        include_local_variables=False,  # frames' variables would carry residents' data
        max_request_body_size="never",
        traces_sample_rate=0.0,
    )
