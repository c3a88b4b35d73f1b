"""What the survey API's endpoints share."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse


def _invalid(request: HttpRequest, exc: Exception) -> HttpResponse:
    from sodsong.api import error_response

    return error_response(request, 422, "invalid", message=str(exc))
