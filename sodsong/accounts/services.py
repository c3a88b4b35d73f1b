"""Writes about accounts: sign-in attempts and lockout, roles, API tokens, password resets, TOTP.

A role change or an admin password reset bumps the user's `session_epoch` (ending every session,
see `SessionEpochMiddleware`) and revokes the user's API tokens.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable

import pyotp
from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sodsong.accounts.models import (
    ApiToken,
    PasswordResetTicket,
    Role,
    RoleAssignment,
    SignInFailure,
    TwoFactorResetRequest,
    User,
)
from sodsong.audit.models import AuditEvent
from sodsong.audit.services import log_action
from sodsong.core.errors import DomainError
from sodsong.geo.models import Area

TOKEN_PREFIX = "ssg_"  # noqa: S105  (a public marker, not a secret)


class AccountError(DomainError):
    """A sign-in or account operation that cannot proceed; the message is for the user."""


def _sha256(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


# --- sign-in ---------------------------------------------------------------------------------


# One answer for every refused sign-in: an unknown username, a wrong password, an inactive or demo
# account and a locked account all read the same, so the form tells an attacker nothing about which
# accounts exist or whether a guess made during a lockout was right.
LOGIN_REFUSED = gettext_lazy(
    "The username or password is incorrect, or the account is locked for a while after too many "
    "failed attempts."
)
ACCOUNT_LOCKED = gettext_lazy(
    "This account is locked after too many failed attempts. Try again later."
)


def login_attempt(*, request: HttpRequest | None, username: str, password: str) -> User:
    """Checks a password; failures are counted (and the account locked) by `SodsongBackend`.

    A correct password does not clear the failure count: a second factor may still be due, and
    clearing it here would give endless TOTP guesses. `login_succeeded` clears it.
    """
    authenticated = authenticate(request, username=username, password=password)
    if authenticated is None:
        raise AccountError(str(LOGIN_REFUSED))
    assert isinstance(authenticated, User)
    return authenticated


def login_succeeded(*, user: User) -> None:
    """The whole sign-in (password and, where due, TOTP) went through."""
    User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=None)
    user.failed_logins = 0
    user.locked_until = None
    log_action(action=AuditEvent.Action.LOGIN, object_type="accounts.user", actor_id=user.pk)


@transaction.atomic
def record_login_failure(*, user: User) -> None:
    """Counts a failed password or TOTP code; locks the account after too many."""
    User.objects.filter(pk=user.pk).update(failed_logins=F("failed_logins") + 1)
    user.refresh_from_db(fields=["failed_logins"])
    log_action(action=AuditEvent.Action.LOGIN_FAILED, object_type="accounts.user", actor_id=user.pk)
    if user.failed_logins >= settings.LOGIN_MAX_FAILURES:
        until = timezone.now() + dt.timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)
        User.objects.filter(pk=user.pk).update(locked_until=until, failed_logins=0)
        user.locked_until = until
        user.failed_logins = 0
        log_action(
            action=AuditEvent.Action.LOCKED_OUT, object_type="accounts.user", actor_id=user.pk
        )


def address_key(request: HttpRequest | None) -> str:
    """The salted hash of the client's address (behind a proxy, the address it saw), or ""."""
    if request is None:
        return ""
    from sodsong.tips.public_views import client_address
    from sodsong.tips.services import client_hash

    address = client_address(request)
    return client_hash(address) if address else ""


def address_throttled(key: str) -> bool:
    since = timezone.now() - dt.timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)
    recent = SignInFailure.objects.filter(client_hash=key, at__gte=since).count()
    return recent >= settings.LOGIN_MAX_FAILURES_PER_ADDRESS


def address_failure(key: str) -> None:
    """Counts a failed sign-in from this address; older counts go, keeping the table small."""
    if not key:
        return
    now = timezone.now()
    SignInFailure.objects.create(client_hash=key, at=now)
    SignInFailure.objects.filter(
        at__lt=now - dt.timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)
    ).delete()


def record_locked_attempt(*, user: User) -> None:
    """A sign-in tried while the account is locked: audited, not counted."""
    log_action(action=AuditEvent.Action.LOCKED_OUT, object_type="accounts.user", actor_id=user.pk)


def user_unlock(*, user: User) -> None:
    User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=None)
    user.failed_logins = 0
    user.locked_until = None
    log_action(
        action=AuditEvent.Action.CHANGE,
        object_type="accounts.user",
        object_ids=[user.uuid],
        detail={"unlocked": True},
    )


@transaction.atomic
def user_totp_reset(*, user: User) -> None:
    """For a lost phone: clears the user's two-factor key and ends the user's sessions and
    tokens; the user must enrol a new authenticator at the next sign-in. Administrators reach it
    only through an approved `TwoFactorResetRequest`; server operators call it directly."""
    User.objects.filter(pk=user.pk).update(totp_secret="", totp_confirmed_at=None)
    user.totp_secret = ""
    user.totp_confirmed_at = None
    _end_sessions_and_tokens(user, reason="totp_reset")
    log_action(
        action=AuditEvent.Action.CHANGE,
        object_type="accounts.user",
        object_ids=[user.uuid],
        detail={"totp_reset": True},
    )


TOTP_RESET_REQUEST_HOURS = 24


def totp_reset_pending(user: User) -> TwoFactorResetRequest | None:
    return (
        TwoFactorResetRequest.objects.select_related("requested_by")
        .filter(user=user, approved_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )


@transaction.atomic
def totp_reset_request(*, user: User, requested_by: User) -> TwoFactorResetRequest:
    """The first of two administrators asks for a two-factor reset; nothing changes yet."""
    pending = totp_reset_pending(user)
    if pending is not None:
        return pending
    request = TwoFactorResetRequest.objects.create(
        user=user,
        requested_by=requested_by,
        expires_at=timezone.now() + dt.timedelta(hours=TOTP_RESET_REQUEST_HOURS),
    )
    log_action(
        action=AuditEvent.Action.CHANGE,
        object_type="accounts.user",
        object_ids=[user.uuid],
        detail={"totp_reset_requested": True},
    )
    return request


@transaction.atomic
def totp_reset_approve(*, user: User, approved_by: User) -> None:
    """A second administrator approves the pending request and the reset is carried out. The
    caller checks that `approved_by` may manage `user`; the requester cannot approve."""
    pending = totp_reset_pending(user)
    if pending is None:
        raise AccountError(_("There is no pending two-factor reset for this user."))
    if pending.requested_by_id in (approved_by.pk, None) or approved_by.pk == user.pk:
        raise AccountError(_("Another administrator must approve this two-factor reset."))
    # Claimed conditionally, so that one request is carried out once.
    claimed = TwoFactorResetRequest.objects.filter(pk=pending.pk, approved_at__isnull=True).update(
        approved_by=approved_by, approved_at=timezone.now()
    )
    if not claimed:
        raise AccountError(_("There is no pending two-factor reset for this user."))
    user_totp_reset(user=user)


# --- roles ------------------------------------------------------------------------------------


def _end_sessions_and_tokens(user: User, *, reason: str) -> None:
    User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
    user.refresh_from_db(fields=["session_epoch"])
    now = timezone.now()
    for token in ApiToken.objects.filter(user=user, revoked_at__isnull=True):
        token.revoked_at = now
        token.save(update_fields=["revoked_at", "updated_at"])
    log_action(
        action=AuditEvent.Action.ROLE_CHANGE,
        object_type="accounts.user",
        object_ids=[user.uuid],
        detail={"sessions_ended": True, "reason": reason},
    )


@transaction.atomic
def role_assign(
    *,
    user: User,
    role: str,
    areas: Iterable[Area] = (),
    valid_from: dt.date | None = None,
    valid_until: dt.date | None = None,
    acting_for: str = "",
) -> RoleAssignment:
    if role not in Role.values:
        raise AccountError(_("Unknown role."))
    if valid_until and valid_from and valid_until < valid_from:
        raise AccountError(_("A role cannot end before it starts."))
    area_list = list(areas)
    if role not in (Role.MINISTRY, Role.ADMIN) and not area_list:
        raise AccountError(_("This role needs at least one area."))
    if role in (Role.KAMNAN, Role.HEADMAN) and any(a.is_bangkok for a in area_list):
        raise AccountError(_("Bangkok has no kamnan or village headmen."))
    assignment = RoleAssignment.objects.create(
        user=user,
        role=role,
        valid_from=valid_from or timezone.localdate(),
        valid_until=valid_until,
        acting_for=acting_for,
    )
    assignment.areas.set(area_list)
    _end_sessions_and_tokens(user, reason="role_assigned")
    return assignment


@transaction.atomic
def role_revoke(*, assignment: RoleAssignment) -> None:
    assignment.revoked_at = timezone.now()
    assignment.save(update_fields=["revoked_at", "updated_at"])
    _end_sessions_and_tokens(assignment.user, reason="role_revoked")


# --- API tokens -------------------------------------------------------------------------------


@transaction.atomic
def token_issue(
    *, user: User, name: str = "", scope: str = ApiToken.Scope.READ, days: int | None = None
) -> tuple[ApiToken, str]:
    """Creates a token and returns it with its plain value, which is never stored or shown again."""
    if scope not in ApiToken.Scope.values:
        raise AccountError(_("Unknown token scope."))
    if days is not None and days < 1:
        raise AccountError(_("A token must be valid for at least one day."))
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name or "token",
        prefix=plain[: len(TOKEN_PREFIX) + 6],
        token_hash=_sha256(plain),
        scope=scope,
        expires_at=timezone.now() + dt.timedelta(days=days or settings.API_TOKEN_DEFAULT_DAYS),
    )
    log_action(
        action=AuditEvent.Action.TOKEN,
        object_type="accounts.apitoken",
        object_ids=[token.uuid],
        detail={"issued": True},
    )
    return token, plain


def token_revoke(*, token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
        log_action(
            action=AuditEvent.Action.TOKEN,
            object_type="accounts.apitoken",
            object_ids=[token.uuid],
            detail={"revoked": True},
        )


def token_authenticate(plain: str) -> ApiToken | None:
    if not plain.startswith(TOKEN_PREFIX):
        return None
    token = ApiToken.objects.select_related("user").filter(token_hash=_sha256(plain)).first()
    # A locked or disabled account's tokens stop working with it (#17 L14).
    if token is None or not token.is_usable() or not token.user.is_active or token.user.is_locked():
        return None
    if token.user.is_demo and not settings.DEMO_MODE:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token


# --- password reset by an admin ---------------------------------------------------------------

RESET_TICKET_HOURS = 24


@transaction.atomic
def password_reset_issue(*, user: User, issued_by: User | None) -> str:
    """Issues a one-time reset code for `user`, ending the user's sessions and tokens.

    The old password stops working at once: an admin resets a password when it is forgotten or
    may be known to someone else, and in the second case it must not keep opening the account.
    """
    plain = secrets.token_urlsafe(24)
    PasswordResetTicket.objects.filter(user=user, used_at__isnull=True).update(
        used_at=timezone.now()
    )
    PasswordResetTicket.objects.create(
        user=user,
        token_hash=_sha256(plain),
        issued_by=issued_by,
        expires_at=timezone.now() + dt.timedelta(hours=RESET_TICKET_HOURS),
    )
    user.set_unusable_password()
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    _end_sessions_and_tokens(user, reason="password_reset")
    log_action(
        action=AuditEvent.Action.PASSWORD,
        object_type="accounts.user",
        object_ids=[user.uuid],
        detail={"reset_issued": True},
    )
    return plain


def _masked(address: str) -> str:
    local, _at, domain = address.partition("@")
    return f"{local[:1]}…@{domain}"


@transaction.atomic  # a mail that cannot be sent leaves the password as it was
def password_reset_send(*, user: User, issued_by: User, base_url: str) -> str:
    """An administrator's reset: the one-time link goes by e-mail to the user's own address, never
    to the administrator who asks (#17 H4). Returns the masked address it went to.

    Refused for a user with no address: then the user asks the server operator, who runs
    `sodsong reset-password` and hands the link over in person.
    """
    from django.core.mail import send_mail

    if not user.email:
        raise AccountError(
            _(
                "This user has no e-mail address on record, so the link cannot be sent. Ask the "
                "server operator to issue it (sodsong reset-password)."
            )
        )
    code = password_reset_issue(user=user, issued_by=issued_by)
    link = base_url.rstrip("/") + f"/accounts/reset/{code}"
    send_mail(
        subject="สอดส่อง: ลิงก์ตั้งรหัสผ่านใหม่ / Sodsong: set a new password",
        message=(
            f"ผู้ดูแลระบบออกลิงก์ตั้งรหัสผ่านใหม่ให้บัญชี {user.username} ลิงก์ใช้ได้ครั้งเดียว "
            f"ภายใน {RESET_TICKET_HOURS} ชั่วโมง:\n{link}\n\n"
            f"An administrator issued a password reset for {user.username}. The link works once, "
            f"for {RESET_TICKET_HOURS} hours:\n{link}\n\n"
            "หากท่านไม่ได้ขอ โปรดแจ้งผู้ดูแลระบบ / If you did not ask for it, tell your administrator.\n"
        ),
        from_email=None,
        recipient_list=[user.email],
    )
    return _masked(user.email)


def password_reset_ticket(plain: str) -> PasswordResetTicket | None:
    ticket = (
        PasswordResetTicket.objects.select_related("user")
        .filter(token_hash=_sha256(plain), used_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
    return ticket


@transaction.atomic
def password_reset_complete(*, ticket: PasswordResetTicket, new_password: str) -> User:
    from django.contrib.auth.password_validation import validate_password

    user = ticket.user
    validate_password(new_password, user)
    # Claim the ticket first, conditionally, so two submissions of one link cannot both succeed.
    claimed = PasswordResetTicket.objects.filter(
        pk=ticket.pk, used_at__isnull=True, expires_at__gt=timezone.now()
    ).update(used_at=timezone.now())
    if not claimed:
        raise AccountError(_("This reset link was already used or has expired."))
    user.set_password(new_password)
    user.must_change_password = False
    user.failed_logins = 0
    user.locked_until = None
    user.save(update_fields=["password", "must_change_password", "failed_logins", "locked_until"])
    log_action(
        action=AuditEvent.Action.PASSWORD,
        object_type="accounts.user",
        object_ids=[user.uuid],
        actor_id=user.pk,
        detail={"reset_completed": True},
    )
    return user


# --- TOTP two-factor --------------------------------------------------------------------------

TOTP_ISSUER = "Sodsong"


def totp_begin(*, user: User) -> str:
    """Starts (or restarts) enrolment with a fresh secret; returns the otpauth:// URI for a QR."""
    user.totp_secret = pyotp.random_base32()
    user.totp_confirmed_at = None
    user.save(update_fields=["totp_secret", "totp_confirmed_at"])
    return pyotp.TOTP(user.totp_secret).provisioning_uri(
        name=user.username, issuer_name=TOTP_ISSUER
    )


def totp_verify(*, user: User, code: str) -> bool:
    """Checks a 6-digit code, allowing one step of clock drift and refusing a replayed code."""
    if not user.totp_secret:
        return False
    code = "".join(ch for ch in code if ch.isdigit())
    totp = pyotp.TOTP(user.totp_secret)
    now = timezone.now()
    for drift in (0, -1, 1):
        at = now + dt.timedelta(seconds=30 * drift)
        step = int(at.timestamp()) // 30
        if step <= user.totp_last_step:
            continue
        if secrets.compare_digest(totp.at(at), code):
            # Conditional, so that two requests racing with one code cannot both pass.
            used = User.objects.filter(pk=user.pk, totp_last_step__lt=step).update(
                totp_last_step=step
            )
            user.totp_last_step = step
            return bool(used)
    return False


def totp_confirm(*, user: User, code: str) -> bool:
    if not totp_verify(user=user, code=code):
        return False
    user.totp_confirmed_at = timezone.now()
    user.save(update_fields=["totp_confirmed_at"])
    return True


def totp_required_for(user: User) -> bool:
    """Every officer (anyone with a role) and every Django-admin user needs TOTP when the
    deployment requires it."""
    from sodsong.accounts.scope import scope_for

    if not settings.TOTP_REQUIRED:
        return False
    return user.is_staff or user.is_superuser or not scope_for(user).is_empty
