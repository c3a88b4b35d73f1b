"""The red-flag checklist: behaviour that warrants a look (DOMAIN §5), never nationality.

Tips and watch reports store red flags as a list of these codes. The survey module keeps the same
checklist as `survey.RedFlag` rows (seeded by survey/migrations/0002_seed_red_flags.py) with
identical codes; when that table exists and has rows, its active codes are the valid ones,
otherwise the built-in list below. The lists must stay identical (tests/tips/test_redflags.py).
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext_lazy as _

# code → label (English msgid; Thai in the tips catalogue). Grouped as in DOMAIN §5.
BUILTIN_RED_FLAGS: dict[str, object] = {
    # Premises
    "premises-no-jobs-short-rent": _(
        "Small group without visible jobs renting short-term, avoiding neighbours"
    ),
    "premises-scripted-calls": _("Scripted phone talk for hours"),
    "premises-curtains-closed": _("Curtains closed by day"),
    "premises-many-devices": _("Many computers, phones, routers, SIM boxes or GSM gateways"),
    "premises-many-visitors": _("Many people coming and going"),
    # Mule accounts and SIMs
    "mule-buying-documents": _("Buying ID-card copies, bank books or SIMs"),
    "mule-paying-villagers": _("Paying villagers to open accounts or to scan their faces"),
    "mule-many-sims": _("One person holding many SIMs"),
    # Recruiting Thais
    "recruiting-online-ads": _(
        "Ads for well-paid 'admin / online chat' work abroad, no skills needed"
    ),
    "recruiting-night-crossings": _("Night crossings towards scam compounds abroad"),
    "recruiting-passports-taken": _("Passports taken away"),
    # Residence
    "residence-no-tm30": _("Host did not notify the foreigner's stay (TM.30)"),
    "residence-visa-expired": _("Visa or work permit expired"),
}


def _survey_codes() -> list[tuple[str, str]] | None:
    try:
        from sodsong.survey.models import RedFlag
    except ImportError:
        return None
    try:
        rows = list(RedFlag.objects.filter(active=True).order_by("order", "code"))
    except Exception:  # the survey tables are not migrated yet
        return None
    if not rows:
        return None
    english = translation.get_language() == "en"
    return [
        (str(row.code), str((row.label_en if english else row.label_th) or row.code))
        for row in rows
    ]


def red_flag_choices() -> list[tuple[str, str]]:
    return _survey_codes() or [(code, str(label)) for code, label in BUILTIN_RED_FLAGS.items()]


def valid_codes() -> frozenset[str]:
    return frozenset(code for code, _label in red_flag_choices())


def red_flag_label(code: str) -> str:
    return dict(red_flag_choices()).get(code, code)
