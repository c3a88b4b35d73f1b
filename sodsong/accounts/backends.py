from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from sodsong.accounts.models import User


class SodsongBackend(ModelBackend):
    """Username and password, refused while the account is locked or when a demo persona signs in
    outside demo mode. Counting failures and locking is `accounts.services.login_attempt`."""

    def user_can_authenticate(self, user: Any) -> bool:
        from django.conf import settings

        if not super().user_can_authenticate(user):
            return False
        if getattr(user, "is_demo", False) and not settings.DEMO_MODE:
            return False
        return not (isinstance(user, User) and user.is_locked())

    def authenticate(  # type: ignore[override]
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        return super().authenticate(request, username=username, password=password, **kwargs)
