"""Demo personas have known passwords: outside demo mode they cannot sign in, serving refuses to
start, and the deployment check reports sodsong.E001."""

from __future__ import annotations

import io

import pytest
from django.core import checks
from django.core.management import call_command
from django.core.management.base import CommandError, SystemCheckError
from django.test import Client

from sodsong.accounts import services
from sodsong.accounts.startup import (
    DemoAccountsInProduction,
    refuse_demo_accounts_outside_demo_mode,
)

from .helpers import NEW_PASSWORD, form_errors, sign_in


@pytest.fixture
def production(settings):  # type: ignore[no-untyped-def]
    settings.DEMO_MODE = False


@pytest.mark.usefixtures("production")
def test_a_demo_persona_cannot_sign_in_outside_demo_mode(personas, password):
    client = Client()
    response = sign_in(client, "headman", password)
    assert response.status_code == 200
    assert form_errors(response) == [str(services.LOGIN_REFUSED)]
    assert "_auth_user_id" not in client.session


@pytest.mark.usefixtures("production")
def test_a_real_user_signs_in_outside_demo_mode(make_user):
    user = make_user()
    assert sign_in(Client(), user.username, NEW_PASSWORD).status_code == 302


def test_a_demo_persona_signs_in_in_demo_mode(personas, password):
    assert sign_in(Client(), "headman", password).status_code == 302


@pytest.mark.usefixtures("production")
def test_serving_refuses_to_start_while_demo_accounts_exist(personas):
    with pytest.raises(DemoAccountsInProduction, match="demo"):
        refuse_demo_accounts_outside_demo_mode()


def test_serving_starts_in_demo_mode(personas):
    refuse_demo_accounts_outside_demo_mode()


@pytest.mark.usefixtures("production")
def test_the_deploy_check_with_the_database_reports_e001(personas):
    with pytest.raises(SystemCheckError, match=r"sodsong\.E001"):
        call_command("check", "--database", "default", "--deploy", stdout=io.StringIO())


@pytest.mark.usefixtures("production")
def test_run_checks_reports_e001_for_the_database_tag(personas):
    errors = checks.run_checks(
        tags=["database"], include_deployment_checks=True, databases=["default"]
    )
    assert "sodsong.E001" in {e.id for e in errors}


@pytest.mark.usefixtures("production")
def test_the_check_reads_the_database_only_when_asked(personas):
    """Django's rule for database checks: without --database they do not touch it."""
    errors = checks.run_checks(tags=["database"], include_deployment_checks=True)
    assert "sodsong.E001" not in {e.id for e in errors}


def test_the_check_is_quiet_in_demo_mode(personas):
    errors = checks.run_checks(
        tags=["database"], include_deployment_checks=True, databases=["default"]
    )
    assert "sodsong.E001" not in {e.id for e in errors}


@pytest.mark.usefixtures("production")
def test_the_check_is_quiet_without_demo_accounts(personas):
    from sodsong.accounts.models import User

    User.objects.filter(is_demo=True).update(is_demo=False)
    errors = checks.run_checks(
        tags=["database"], include_deployment_checks=True, databases=["default"]
    )
    assert "sodsong.E001" not in {e.id for e in errors}
    refuse_demo_accounts_outside_demo_mode()


@pytest.mark.usefixtures("production")
def test_the_demo_command_refuses_without_demo_mode(db):
    with pytest.raises(CommandError, match="demo mode"):
        call_command("demo", stdout=io.StringIO())
