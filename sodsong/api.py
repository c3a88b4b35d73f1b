"""The public API under /api/v1/: one NinjaAPI, token or session auth, one error body shape.

Every error answers `{"error": {"code": …, "message": …(Thai), "message_en": …, "details": …}}`.
A service's refusal (`sodsong.core.errors.DomainError`) answers 422 with its own message and
code, a `PermissionError` 403: routers raise, they do not translate.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.operation import Operation
from ninja.security import APIKeyCookie, HttpBearer

from sodsong.accounts.models import ApiToken
from sodsong.accounts.services import token_authenticate
from sodsong.core.context import _current, actor_for
from sodsong.core.errors import DomainError


class BearerToken(HttpBearer):
    """`Authorization: Bearer ssg_…`: a personal token, scoped and expiring."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = token_authenticate(token)
        if found is None:
            return None
        if request.method not in ("GET", "HEAD", "OPTIONS") and found.scope != ApiToken.Scope.WRITE:
            raise HttpError(403, "token_read_only")
        request.user = found.user
        request.api_token = found  # type: ignore[attr-defined]
        _current.set(actor_for(found.user, via="api", request_path=request.path))
        return found.user


class SessionAuth(APIKeyCookie):
    """The signed-in browser session (CSRF-checked), so pages can call the API too."""

    param_name = settings.SESSION_COOKIE_NAME

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if request.user.is_authenticated:
            return request.user
        return None


class SodsongApi(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        """ninja's `<module>_<function>`, with the module a router is mounted from (ROUTERS)
        rather than the file inside it that holds the view: an API split into a package of
        router files (`sodsong.cases.api`) keeps the operation ids clients were generated from."""
        module = operation.view_func.__module__
        for _prefix, mounted in ROUTERS:
            if module.startswith(mounted + "."):
                module = mounted
                break
        return (module + "_" + operation.view_func.__name__).replace(".", "_")


def _docs_access(view: Any) -> Any:
    """The OpenAPI document and its docs page: for signed-in users (session or token) in
    production, public where SODSONG_PUBLIC_API_DOCS is on (demo, development, tests) (#17 M11)."""
    from functools import wraps

    from django.contrib.auth.views import redirect_to_login

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if settings.SODSONG_PUBLIC_API_DOCS or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        header = request.headers.get("Authorization", "")
        if header.startswith("Bearer ") and token_authenticate(header[7:].strip()) is not None:
            return view(request, *args, **kwargs)
        if request.path.endswith(".json"):
            return error_response(request, 401, "unauthorized")
        return redirect_to_login(request.get_full_path())

    return wrapper


api = SodsongApi(
    title="Sodsong API",
    version="1",
    description=(
        "สอดส่อง — API ของแพลตฟอร์มเฝ้าระวังอาชญากรรมออนไลน์ระดับจังหวัด. "
        "Authenticate with `Authorization: Bearer <token>` (issue one with `sodsong issue-token`)."
    ),
    auth=[BearerToken(), SessionAuth()],
    urls_namespace="api",
    docs_decorator=_docs_access,
)

ERROR_MESSAGES: dict[str, tuple[str, str]] = {
    "unauthorized": ("ต้องเข้าสู่ระบบหรือใช้โทเคนที่ถูกต้อง", "Sign in or send a valid token."),
    "forbidden": ("ไม่มีสิทธิ์เข้าถึงข้อมูลนี้", "You may not access this."),
    "token_read_only": (
        "โทเคนนี้ใช้อ่านได้อย่างเดียว",
        "This token is read-only.",
    ),
    "not_found": ("ไม่พบข้อมูล หรือไม่อยู่ในเขตที่ท่านรับผิดชอบ", "Not found, or outside your area."),
    "invalid": ("ข้อมูลที่ส่งมาไม่ถูกต้อง", "The request is not valid."),
    "purpose_required": ("กรุณาระบุวัตถุประสงค์ของการเข้าถึง", "State the purpose of this access."),
    "rate_limited": ("ส่งคำขอบ่อยเกินไป โปรดลองใหม่ภายหลัง", "Too many requests; try again later."),
    "server_error": (
        "ระบบขัดข้อง โปรดลองใหม่ภายหลัง",
        "Something went wrong on the server; try again later.",
    ),
    "conflict": (
        "มีผู้อื่นเปลี่ยนข้อมูลนี้ก่อนแล้ว กรุณาอ่านข้อมูลล่าสุดแล้วเลือกใหม่",
        "Another user changed this record first; read it again, then choose again.",
    ),
    "precondition_failed": (
        "มีผู้อื่นบันทึกข้อมูลนี้หลังจากที่ท่านอ่าน กรุณาอ่านข้อมูลล่าสุดแล้วแก้ไขอีกครั้ง",
        "The record changed since the version you read (If-Match); read it again, then retry.",
    ),
}


def error_body(code: str, *, details: Any = None, message: str | None = None) -> dict[str, Any]:
    thai, english = ERROR_MESSAGES.get(code, (code, code))
    return {
        "error": {
            "code": code,
            "message": message or thai,
            "message_en": english,
            "details": details,
        }
    }


def error_response(request: HttpRequest, status: int, code: str, **kwargs: Any) -> HttpResponse:
    return api.create_response(request, error_body(code, **kwargs), status=status)


# Exceptions that answer with a fixed status and code. A router that raises Django's own Http404
# or PermissionDenied still answers in the one error shape (ninja would answer {"detail": …},
# Django an HTML page); a PermissionError is what a service raises when the acting user may not
# do it (sodsong.core.errors).
FIXED_ERRORS: dict[type[Exception], tuple[int, str]] = {
    AuthenticationError: (401, "unauthorized"),
    Http404: (404, "not_found"),
    PermissionDenied: (403, "forbidden"),
    PermissionError: (403, "forbidden"),
}


@api.exception_handler(AuthenticationError)
@api.exception_handler(Http404)
@api.exception_handler(PermissionDenied)
@api.exception_handler(PermissionError)
def _fixed_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    if isinstance(exc, OSError) and exc.errno is not None:
        # An operating-system PermissionError (a file the server may not read) is the server's
        # fault, not the user's.
        return _server_error(request, exc)
    status, code = next(FIXED_ERRORS[c] for c in type(exc).__mro__ if c in FIXED_ERRORS)
    return error_response(request, status, code)


# Input the schema or the model layer refuses (a non-UUID where a uuid is looked up, #17 L12) is
# the client's mistake, not a server error.
@api.exception_handler(ValidationError)
@api.exception_handler(DjangoValidationError)
def _invalid_input(
    request: HttpRequest, exc: ValidationError | DjangoValidationError
) -> HttpResponse:
    details = exc.errors if isinstance(exc, ValidationError) else exc.messages
    return error_response(request, 422, "invalid", details=details)


# A service's refusal: its own (translated) message and code, its fields' messages as details.
@api.exception_handler(DomainError)
def _domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return error_response(
        request, exc.status, exc.code, message=str(exc) or None, details=exc.fields
    )


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    code = str(exc)
    if code not in ERROR_MESSAGES:
        code = {403: "forbidden", 404: "not_found"}.get(exc.status_code, "invalid")
    return error_response(request, exc.status_code, code)


# Anything else is a server error: logged with its traceback and reported like Django's own
# (got_request_exception), answered in the one JSON shape without internals (#17 M11).
@api.exception_handler(Exception)
def _server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    import logging

    from django.core.signals import got_request_exception

    logging.getLogger("sodsong.api").exception("API error on %s %s", request.method, request.path)
    got_request_exception.send(sender=None, request=request)
    return error_response(request, 500, "server_error")


# Each module owns one router, mounted under its own prefix.
ROUTERS = (
    ("/geo", "sodsong.geo.api"),
    ("/people", "sodsong.people.api"),
    ("/accounts", "sodsong.accounts.api"),
    ("/audit", "sodsong.audit.api"),
    ("/survey", "sodsong.survey.api"),
    ("/entities", "sodsong.entities.api"),
    ("/tips", "sodsong.tips.api"),
    ("/cases", "sodsong.cases.api"),
    ("/laws", "sodsong.cases.laws_api"),
    ("/misconduct", "sodsong.misconduct.api"),
    ("/awareness", "sodsong.awareness.api"),
    ("/indicators", "sodsong.indicators.api"),
    ("/documents", "sodsong.documents.api"),
    ("/directives", "sodsong.directives.api"),
)


def _register_routers() -> None:
    from importlib import import_module

    for prefix, module in ROUTERS:
        api.add_router(prefix, import_module(module).router)


_register_routers()
