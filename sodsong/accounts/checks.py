from django.core.checks import Error, register

from sodsong.accounts.startup import demo_accounts_present


@register("database", deploy=True)
def demo_accounts_check(app_configs, **kwargs):  # type: ignore[no-untyped-def]
    from django.conf import settings

    if settings.DEMO_MODE or not demo_accounts_present():
        return []
    return [
        Error(
            "Demo accounts exist outside demo mode.",
            hint="Run `sodsong demo --remove`, or set SODSONG_DEMO=1 for a demo.",
            id="sodsong.E001",
        )
    ]
