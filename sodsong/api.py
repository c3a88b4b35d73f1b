"""The public API under /api/v1/: one NinjaAPI, token or session auth, one error body shape.

Every error answers `{"error": {"code": …, "message": …(Thai), "message_en": …, "details": …}}`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.operation import Operation
from ninja.security import APIKeyCookie, HttpBearer

from sodsong.accounts.models import ApiToken
from sodsong.accounts.services import token_authenticate
from sodsong.core.context import _current, actor_for


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


api = SodsongApi(
    title="Sodsong API",
    version="1",
    description=(
        "สอดส่อง — API ของแพลตฟอร์มเฝ้าระวังอาชญากรรมออนไลน์ระดับจังหวัด. "
        "Authenticate with `Authorization: Bearer <token>` (issue one with `sodsong issue-token`)."
    ),
    auth=[BearerToken(), SessionAuth()],
    urls_namespace="api",
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


@api.exception_handler(AuthenticationError)
def _auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error_response(request, 401, "unauthorized")


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return error_response(request, 422, "invalid", details=exc.errors)


# A router that raises Django's own Http404 or PermissionDenied still answers in the one error
# shape (ninja would answer {"detail": …}, Django an HTML page).
@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(request, 404, "not_found")


@api.exception_handler(PermissionDenied)
def _permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return error_response(request, 403, "forbidden")


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    code = str(exc)
    if code not in ERROR_MESSAGES:
        code = {403: "forbidden", 404: "not_found"}.get(exc.status_code, "invalid")
    return error_response(request, exc.status_code, code)


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
