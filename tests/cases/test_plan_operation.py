"""Who plans an operation (issue 20): the lead investigator could not plan one until he named
himself a member, and nothing told him. The lead agency's officers plan (planning names them for
planned operations); anyone else is told why not and whom to ask."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sodsong.cases import services
from sodsong.cases.models import CaseMember
from sodsong.cases.services.common import CasePermissionError

pytestmark = pytest.mark.django_db


def _plan(by, case):  # type: ignore[no-untyped-def]
    return services.operation_plan(
        by=by,
        case=case,
        kind="raid",
        planned_for=timezone.now() + dt.timedelta(days=2),
        place="Rented house 7",
        units="police",
        headcount=6,
        legal_basis="warrant 1/2569",
    )


def test_a_lead_agency_officer_plans_without_naming_himself_first(
    personas, same_station, built, login
):
    assert not CaseMember.objects.filter(case=built.case, user=same_station).exists()
    page = login(same_station).get(f"/cases/{built.case.uuid}/").content.decode()
    assert (
        'id="plan-operation"' in page and "<details" in page.split('id="plan-operation"')[0][-40:]
    )
    operation = _plan(same_station, built.case)
    member = CaseMember.objects.get(case=built.case, user=same_station, removed_at__isnull=True)
    assert member.operations and operation.pk


def test_another_agency_is_told_why_it_cannot_plan(personas, built, login):
    services.participation_grant(
        by=personas.police, case=built.case, agency=personas.immigration.agency
    )
    with pytest.raises(CasePermissionError):
        _plan(personas.immigration, built.case)
    page = login(personas.immigration).get(f"/cases/{built.case.uuid}/").content.decode()
    assert "ขอให้หน่วยงานเจ้าของคดี" in page
