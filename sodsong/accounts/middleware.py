from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

SESSION_EPOCH_KEY = "sodsong_epoch"
NEEDS_TOTP_SETUP_KEY = "sodsong_needs_totp_setup"

# Paths a user who still has to set up two-factor may open. Not the rest of /accounts/: the
# profile page issues API tokens, which would let a password alone outlive the TOTP requirement.
_SETUP_ALLOWED = (
    "/accounts/two-factor/",
    "/accounts/logout/",
    "/accounts/login/",
    "/accounts/reset/",
    "/static/",
    "/i18n/",
    "/healthz",
    "/about",
)


class SessionEpochMiddleware:
    """Ends a session that started before the user's last role change or password reset."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            epoch = request.session.get(SESSION_EPOCH_KEY)
            if epoch != user.session_epoch:
                logout(request)
        return self.get_response(request)


class TwoFactorRequiredMiddleware:
    """Sends an officer who signed in without TOTP to set it up before anything else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.user.is_authenticated
            and request.session.get(NEEDS_TOTP_SETUP_KEY)
            and not request.path.startswith(_SETUP_ALLOWED)
        ):
            if request.path.startswith("/api/"):
                return HttpResponse(status=403)
            return redirect("accounts:totp_setup")
        return self.get_response(request)
