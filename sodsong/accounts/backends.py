from __future__ import annotations

from typing import Any

from asgiref.sync import sync_to_async
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from sodsong.accounts.models import User


class SodsongBackend(ModelBackend):
    """Username and password, refused while the account is locked or when a demo persona signs in
    outside demo mode.

    Failures are counted here, not in one view, so that every path that checks a password (the
    sign-in page, Django's `authenticate()` wherever it is called) feeds the same lockout. A locked
    account still runs the password hasher, so the answer takes as long as for any other account.
    """

    def user_can_authenticate(self, user: Any) -> bool:
        from django.conf import settings

        if not super().user_can_authenticate(user):
            return False
        if getattr(user, "is_demo", False) and not settings.DEMO_MODE:
            return False
        return not (isinstance(user, User) and user.is_locked())

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        from sodsong.accounts.services import (
            address_failure,
            address_key,
            address_throttled,
            record_locked_attempt,
            record_login_failure,
        )

        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if username is None or password is None:
            return None
        # Per client address as well as per account (#17 L14): guesses spread over many accounts
        # from one place stop too. Refused like any other failure, after the same hashing time.
        address = address_key(request)
        if address and address_throttled(address):
            User().set_password(password)
            return None
        try:
            user = User._default_manager.get_by_natural_key(username)
        except User.DoesNotExist:
            # Run the hasher once so that an unknown username answers as slowly as a known one.
            User().set_password(password)
            address_failure(address)
            return None
        password_ok = user.check_password(password)
        if user.is_locked():
            # Not counted: guessing during a lockout must not extend it or reveal anything.
            record_locked_attempt(user=user)
            address_failure(address)
            return None
        if password_ok and self.user_can_authenticate(user):
            return user
        record_login_failure(user=user)
        address_failure(address)
        return None

    async def aauthenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        return await sync_to_async(self.authenticate)(
            request, username=username, password=password, **kwargs
        )
