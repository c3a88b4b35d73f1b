"""A production run refuses to start with mail going nowhere, no base URL or no LibreOffice
(issue 21): each is a deploy-check error, and the web process and the worker will not start."""

from __future__ import annotations

import pytest
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from sodsong.core.production import refuse_misconfigured_production


@pytest.fixture
def production(settings, monkeypatch):  # type: ignore[no-untyped-def]
    settings.TESTING = False
    settings.DEMO_MODE = False
    settings.DEBUG = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.SODSONG_BASE_URL = "https://sodsong.example.go.th"
    monkeypatch.setattr("sodsong.documents.pdf.soffice_path", lambda: "/usr/bin/soffice")
    return settings


def _ids() -> set[str]:
    found = checks.run_checks(include_deployment_checks=True)
    return {
        m.id for m in found if m.id and m.id.startswith("sodsong.E00") and m.id >= "sodsong.E003"
    }


def test_a_complete_production_configuration_passes(production) -> None:
    assert _ids() == set()
    refuse_misconfigured_production()  # does not raise


def test_each_missing_piece_is_named(production, monkeypatch) -> None:
    production.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
    production.SODSONG_BASE_URL = ""
    monkeypatch.setattr("sodsong.documents.pdf.soffice_path", lambda: None)
    assert _ids() == {"sodsong.E003", "sodsong.E004", "sodsong.E005"}
    with pytest.raises(ImproperlyConfigured, match="E003.*\n.*E004.*\n.*E005"):
        refuse_misconfigured_production()


def test_demo_mode_is_not_production(production) -> None:
    production.DEMO_MODE = True
    production.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    production.SODSONG_BASE_URL = ""
    assert _ids() == set()
