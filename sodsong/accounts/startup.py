"""Refuses to serve in production mode while demo accounts exist (their passwords are known)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError


class DemoAccountsInProduction(ImproperlyConfigured):
    pass


def demo_accounts_present() -> bool:
    from sodsong.accounts.models import User

    try:
        return User.objects.filter(is_demo=True).exists()
    except DatabaseError:
        # Not migrated yet: nothing to refuse; `migrate` must be able to run.
        return False


def refuse_demo_accounts_outside_demo_mode() -> None:
    if not settings.DEMO_MODE and demo_accounts_present():
        raise DemoAccountsInProduction(
            "Demo accounts exist but SODSONG_DEMO is off: remove them with "
            "`sodsong demo --remove` or run in demo mode (SODSONG_DEMO=1)."
        )
