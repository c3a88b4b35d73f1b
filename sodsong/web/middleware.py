from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils.cache import patch_cache_control


class ThaiFirstLocaleMiddleware(LocaleMiddleware):
    """Thai unless the user chose English with the language switch.

    Django would otherwise follow the browser's Accept-Language, and many Thai officials' phones
    and office PCs are set to English: the interface must still open in Thai for them.
    """

    def process_request(self, request: HttpRequest) -> None:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        super().process_request(request)


# No inline script anywhere (#17 M11): scripts come from /static/ only, so an injected <script>
# or on…= attribute does not run. No inline style either (#12, #21): styles come from /static/ only
# (progress bars are <progress>, map colours SVG fills, htmx's indicator style is in sodsong.css),
# so injected markup cannot restyle a page to mislead (a fake sign-in box over the real one).
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
# No page uses the camera, microphone, location or payment APIs; a file input still opens the
# phone's camera through the system picker.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "camera",
        "microphone",
        "geolocation",
        "payment",
        "usb",
        "serial",
        "bluetooth",
        "midi",
        "magnetometer",
        "gyroscope",
        "accelerometer",
        "browsing-topics",
    )
)


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy on every answer, and `Cache-Control:
    no-store` on API answers, which carry personal data and must not stay in a proxy or a
    browser cache on a shared office PC (#17 M11)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if request.path.startswith("/api/"):
            patch_cache_control(response, no_store=True, private=True)
        return response
