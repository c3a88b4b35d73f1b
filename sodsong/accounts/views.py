"""Sign-in (password, then TOTP), two-factor setup, profile and tokens, admin password resets."""

from __future__ import annotations

import time

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from sodsong.accounts import selectors, services
from sodsong.accounts.forms import LoginForm, NewPasswordForm, PreferencesForm, TokenForm, TotpForm
from sodsong.accounts.middleware import NEEDS_TOTP_SETUP_KEY, SESSION_EPOCH_KEY
from sodsong.accounts.models import ApiToken, TwoFactorResetRequest, User
from sodsong.accounts.requests import AuthedHttpRequest
from sodsong.audit.models import AuditEvent
from sodsong.audit.services import log_action
from sodsong.core.errors import show_refusal

PENDING_KEY = "sodsong_pending_user"
NEW_TOKEN_KEY = "sodsong_new_token"  # noqa: S105  (a session key, not a secret)
NEXT_KEY = "sodsong_next"
SIGNED_IN_AT_KEY = "sodsong_signed_in_at"
# How long a correct password waits for its TOTP code before the sign-in starts over.
PENDING_SECONDS = 5 * 60


def _safe_next(request: HttpRequest, next_url: str) -> str:
    """`next` only when it stays on this site (no open redirect to another host or scheme)."""
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return ""


def _complete_login(request: HttpRequest, user: User, *, needs_setup: bool) -> HttpResponse:
    next_url = request.session.pop(NEXT_KEY, "")
    login(request, user, backend="sodsong.accounts.backends.SodsongBackend")
    request.session[SESSION_EPOCH_KEY] = user.session_epoch
    request.session[SIGNED_IN_AT_KEY] = time.time()
    if needs_setup:
        request.session[NEEDS_TOTP_SETUP_KEY] = True
    services.login_succeeded(user=user)
    if needs_setup:
        return redirect("accounts:totp_setup")
    if user.must_change_password:
        messages.info(request, _("Please choose a new password."))
    return redirect(_safe_next(request, next_url) or settings.LOGIN_REDIRECT_URL)


def _pending_user(request: HttpRequest) -> User | None:
    """The user who gave a correct password and owes a TOTP code, if still within time and not
    reset or re-roled since (a bumped session epoch voids the half-finished sign-in too)."""
    pending = request.session.get(PENDING_KEY)
    if not isinstance(pending, dict):
        return None
    if time.time() - pending.get("at", 0) > PENDING_SECONDS:
        request.session.pop(PENDING_KEY, None)
        return None
    user = User.objects.filter(pk=pending.get("id"), is_active=True).first()
    if user is None or user.session_epoch != pending.get("epoch"):
        request.session.pop(PENDING_KEY, None)
        return None
    if user.is_demo and not settings.DEMO_MODE:
        return None
    return user


@never_cache
def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.login_attempt(
                request=request,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
            )
        except services.AccountError as exc:
            show_refusal(request, exc, form)
        else:
            request.session.cycle_key()
            request.session[NEXT_KEY] = _safe_next(request, request.GET.get("next", ""))
            if user.has_totp:
                request.session[PENDING_KEY] = {
                    "id": user.pk,
                    "epoch": user.session_epoch,
                    "at": time.time(),
                }
                return redirect("accounts:totp_verify")
            return _complete_login(request, user, needs_setup=services.totp_required_for(user))
    return render(request, "accounts/login.html", {"form": form})


@never_cache
def totp_verify_view(request: HttpRequest) -> HttpResponse:
    user = _pending_user(request)
    if user is None:
        return redirect("accounts:login")
    form = TotpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if user.is_locked():
            # The password was right, so saying "locked" here reveals nothing new.
            form.add_error(None, str(services.ACCOUNT_LOCKED))
        elif services.totp_verify(user=user, code=form.cleaned_data["code"]):
            del request.session[PENDING_KEY]
            return _complete_login(request, user, needs_setup=False)
        else:
            services.record_login_failure(user=user)
            form.add_error("code", _("The code is not correct or has expired."))
    return render(request, "accounts/totp_verify.html", {"form": form})


@login_required
@never_cache
def totp_setup_view(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    if user.has_totp:
        # Never replace a confirmed secret from here: a plain GET (a link, an <img>) would
        # otherwise switch the second factor off. Losing the phone goes through an administrator.
        request.session.pop(NEEDS_TOTP_SETUP_KEY, None)
        messages.info(request, _("Two-factor sign-in is on."))
        return redirect("accounts:profile")
    signed_in_at = request.session.get(SIGNED_IN_AT_KEY, 0)
    if time.time() - signed_in_at > settings.LOGIN_FRESH_SECONDS:
        # Enrolling a second factor needs a fresh sign-in (#17 L14): a stolen or forgotten open
        # session must not attach its holder's authenticator to the account.
        logout(request)
        messages.info(request, _("Sign in again to set up two-factor sign-in."))
        return redirect_to_login(
            reverse("accounts:totp_setup"), login_url=reverse("accounts:login")
        )
    form = TotpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.totp_confirm(user=user, code=form.cleaned_data["code"]):
            request.session.pop(NEEDS_TOTP_SETUP_KEY, None)
            messages.success(request, _("Two-factor sign-in is on."))
            return redirect(settings.LOGIN_REDIRECT_URL)
        form.add_error("code", _("The code is not correct or has expired."))
    if not user.totp_secret:
        uri = services.totp_begin(user=user)
    else:
        import pyotp

        uri = pyotp.TOTP(user.totp_secret).provisioning_uri(
            name=user.username, issuer_name=services.TOTP_ISSUER
        )
    qr_svg = segno.make(uri, error="m").svg_inline(scale=5)
    return render(
        request,
        "accounts/totp_setup.html",
        {"form": form, "qr_svg": qr_svg, "secret": user.totp_secret},
    )


def admin_login(request: HttpRequest, extra_context: object = None) -> HttpResponse:
    """Stands in for Django admin's own login form (see `AccountsConfig.ready`), which would check
    passwords without TOTP and without setting the session epoch."""
    if request.user.is_authenticated:
        if request.user.is_active and request.user.is_staff:
            return redirect("admin:index")
        raise PermissionDenied
    next_url = _safe_next(request, request.GET.get("next", "")) or reverse("admin:index")
    return redirect_to_login(next_url, login_url=reverse("accounts:login"))


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        log_action(action=AuditEvent.Action.LOGOUT, object_type="accounts.user")
    logout(request)
    return redirect("accounts:login")


@login_required
@never_cache  # it shows a new token once: no cache may keep it
def profile_view(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    prefs = PreferencesForm(
        request.POST if request.POST.get("form") == "prefs" else None,
        initial={"thai_digits": user.thai_digits},
    )
    token_form = TokenForm(request.POST if request.POST.get("form") == "token" else None)
    # A new token is shown once, on the page the redirect after creating it lands on, so that a
    # reload neither resubmits the form nor shows the token again.
    new_token = request.session.pop(NEW_TOKEN_KEY, None)
    if request.method == "POST":
        if request.POST.get("form") == "prefs" and prefs.is_valid():
            user.thai_digits = prefs.cleaned_data["thai_digits"]
            user.save(update_fields=["thai_digits"])
            messages.success(request, _("Saved."))
            return redirect("accounts:profile")
        if request.POST.get("form") == "token" and token_form.is_valid():
            _token, plain = services.token_issue(
                user=user,
                name=token_form.cleaned_data["name"],
                scope=token_form.cleaned_data["scope"],
                days=token_form.cleaned_data["days"],
            )
            request.session[NEW_TOKEN_KEY] = plain
            return redirect("accounts:profile")
        if request.POST.get("form") == "revoke":
            try:
                token = ApiToken.objects.filter(user=user, uuid=request.POST.get("token")).first()
            except ValidationError:
                token = None
            if token is None:
                raise Http404
            services.token_revoke(token=token)
            messages.success(request, _("The token is revoked."))
            return redirect("accounts:profile")
    return render(
        request,
        "accounts/profile.html",
        {
            "prefs": prefs,
            "token_form": token_form,
            "new_token": new_token,
            "tokens": ApiToken.objects.filter(user=user),
            "roles": selectors.roles_of(user),
            "nav_active": "account",
        },
    )


@login_required
def user_list_view(request: AuthedHttpRequest) -> HttpResponse:
    if not selectors.can_manage_users(request.user):
        raise PermissionDenied
    users = list(selectors.managed_users(actor=request.user).select_related("agency"))
    pending = {
        r.user_id: r
        for r in TwoFactorResetRequest.objects.select_related("requested_by").filter(
            user__in=users, approved_at__isnull=True, expires_at__gt=timezone.now()
        )
    }
    for user in users:
        user.totp_reset_request = pending.get(user.pk)  # type: ignore[attr-defined]
    return render(request, "accounts/user_list.html", {"users": users, "nav_active": "users"})


def _managed_target(request: AuthedHttpRequest, uuid: str) -> User:
    """The user an administrator acts on: 403 for a non-administrator, 404 outside their reach."""
    if not selectors.can_manage_users(request.user):
        raise PermissionDenied
    target = selectors.managed_users(actor=request.user).filter(uuid=uuid).first()
    if target is None:
        raise Http404
    return target


@login_required
@require_POST
def user_reset_view(request: AuthedHttpRequest, uuid: str) -> HttpResponse:
    """An admin has a one-time reset link sent to the user's own e-mail address; the admin never
    sees it (#17 H4: otherwise an admin could reset an account and sign in as its user)."""
    target = _managed_target(request, uuid)
    base_url = settings.SODSONG_BASE_URL or request.build_absolute_uri("/")
    try:
        sent_to = services.password_reset_send(
            user=target, issued_by=request.user, base_url=base_url
        )
    except services.AccountError as exc:
        show_refusal(request, exc)
        return redirect("accounts:user_list")
    return render(request, "accounts/reset_issued.html", {"target": target, "sent_to": sent_to})


@login_required
@require_POST
def user_unlock_view(request: AuthedHttpRequest, uuid: str) -> HttpResponse:
    target = _managed_target(request, uuid)
    services.user_unlock(user=target)
    messages.success(request, _("The account is unlocked."))
    return redirect("accounts:user_list")


@login_required
@require_POST
def user_totp_reset_view(request: AuthedHttpRequest, uuid: str) -> HttpResponse:
    """Lost phone, step one: asks for a two-factor reset, which a second administrator approves."""
    target = _managed_target(request, uuid)
    services.totp_reset_request(user=target, requested_by=request.user)
    messages.success(
        request,
        _("The two-factor reset is requested; another administrator must approve it."),
    )
    return redirect("accounts:user_list")


@login_required
@require_POST
def user_totp_reset_approve_view(request: AuthedHttpRequest, uuid: str) -> HttpResponse:
    """Lost phone, step two: a second administrator who may manage the user approves, and the
    user's authenticator is cleared so the next sign-in enrols a new one."""
    target = _managed_target(request, uuid)
    try:
        services.totp_reset_approve(user=target, approved_by=request.user)
    except services.AccountError as exc:
        show_refusal(request, exc)
        return redirect("accounts:user_list")
    messages.success(
        request, _("Two-factor sign-in is reset; the user sets it up again at the next sign-in.")
    )
    return redirect("accounts:user_list")


@never_cache
def reset_complete_view(request: HttpRequest, code: str) -> HttpResponse:
    ticket = services.password_reset_ticket(code)
    if ticket is None:
        return render(request, "accounts/reset_invalid.html", status=410)
    form = NewPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.password_reset_complete(
                ticket=ticket, new_password=form.cleaned_data["password1"]
            )
        except ValidationError as exc:
            form.add_error("password1", exc)
        except services.AccountError:
            return render(request, "accounts/reset_invalid.html", status=410)
        else:
            messages.success(request, _("Your password is set. Sign in with it now."))
            return redirect("accounts:login")
    return render(request, "accounts/reset_complete.html", {"form": form, "target": ticket.user})
