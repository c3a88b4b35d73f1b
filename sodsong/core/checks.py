from django.core.checks import Error, register

from sodsong.core.production import production_problems


@register(deploy=True)
def production_check(app_configs, **kwargs):
    """sodsong.E003–E005: mail, base URL and LibreOffice in production (core/production.py)."""
    return [Error(p.message, hint=p.hint, id=p.id) for p in production_problems()]
