from django.core.checks import Error, register

from sodsong.accounts.startup import demo_accounts_present


@register("database", deploy=True)
def demo_accounts_check(app_configs, databases=None, **kwargs):  # type: ignore[no-untyped-def]
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
