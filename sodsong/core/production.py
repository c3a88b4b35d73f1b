"""What a production run needs beyond Django's own deploy checks (issue 21): mail that leaves the
machine, links that point somewhere, and LibreOffice for the PDF letters.

Production here means neither demo, debug nor test mode. `sodsong check --deploy` reports each
problem (sodsong.E003–E005), and the web process and `sodsong worker` refuse to start with any of
them, as they do with demo accounts (accounts/startup.py): a production run that silently drops
urgent-tip mail and password-reset links, or fails every PDF letter at the first request, is worse
than one that does not start.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Backends that keep mail on this machine: fine for a demo or a test, a silent loss in production.
MAIL_THAT_GOES_NOWHERE = {
    "django.core.mail.backends.dummy.EmailBackend",
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
}


@dataclass(frozen=True)
class Problem:
    id: str
    message: str
    hint: str


def is_production() -> bool:
    return not (settings.DEMO_MODE or settings.DEBUG or settings.TESTING)


def production_problems() -> list[Problem]:
    if not is_production():
        return []
    from sodsong.documents.pdf import soffice_path

    problems = []
    if settings.EMAIL_BACKEND in MAIL_THAT_GOES_NOWHERE:
        problems.append(
            Problem(
                "sodsong.E003",
                f"E-mail goes nowhere ({settings.EMAIL_BACKEND}).",
                "Urgent tips, reminders and password-reset links are sent by e-mail: set "
                "SODSONG_EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and "
                "SODSONG_EMAIL_HOST (docs/operations.md).",
            )
        )
    if not settings.SODSONG_BASE_URL:
        problems.append(
            Problem(
                "sodsong.E004",
                "SODSONG_BASE_URL is empty.",
                "Links in e-mails (reset links, urgent tips) need the address users open, "
                "e.g. SODSONG_BASE_URL=https://sodsong.example.go.th",
            )
        )
    if not soffice_path():
        problems.append(
            Problem(
                "sodsong.E005",
                "LibreOffice (soffice) is not installed.",
                "Official letters are converted to PDF with LibreOffice: install the Debian "
                "package libreoffice-writer-nogui, or set SODSONG_SOFFICE to its path.",
            )
        )
    return problems


def refuse_misconfigured_production() -> None:
    problems = production_problems()
    if problems:
        lines = "\n".join(f"- {p.id}: {p.message} {p.hint}" for p in problems)
        raise ImproperlyConfigured(f"Sodsong will not start in production mode:\n{lines}")
