from django.core.checks import Error, register

from sodsong.accounts.startup import demo_accounts_present


@register("database", deploy=True)
def demo_accounts_check(app_configs, databases=None, **kwargs):
    """sodsong.E001: demo accounts (whose passwords are known) exist outside demo mode.

    A database check, so Django runs it only when asked to look at the database, as in
    `sodsong check --deploy --database default`; it reads the default database only.
    """
    from django.conf import settings

    if not databases or "default" not in databases:
        return []
    if settings.DEMO_MODE or not demo_accounts_present():
        return []
    return [
        Error(
            "Demo accounts exist outside demo mode.",
            hint="Run `sodsong demo --remove`, or set SODSONG_DEMO=1 for a demo.",
            id="sodsong.E001",
        )
    ]


@register(deploy=True)
def proxy_hops_check(app_configs, **kwargs):
    """sodsong.E002: production without SODSONG_TRUSTED_PROXY_HOPS (#17 M9).

    Behind nginx every request comes from the proxy's address, so per-address rate limits (the
    public tip line, sign-in) would count all clients as one, and HTTPS would not be recognised.
    Production must say how many proxies are in front: 1 behind one nginx, 0 when clients
    connect directly.
    """
    from django.conf import settings

    if (
        settings.DEMO_MODE
        or settings.DEBUG
        or getattr(settings, "SODSONG_TRUSTED_PROXY_HOPS_SET", True)
    ):
        return []
    return [
        Error(
            "SODSONG_TRUSTED_PROXY_HOPS is not set.",
            hint=(
                "Set it to the number of reverse proxies in front of the app that append to "
                "X-Forwarded-For: 1 behind one nginx, 0 when clients connect directly "
                "(docs/operations.md)."
            ),
            id="sodsong.E002",
        )
    ]
