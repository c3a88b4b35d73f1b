"""A case opened from tips: who may name the lead agency, which tips may become its origin, and
how the case page shows its origin tips to viewers who may or may not open them."""

from __future__ import annotations

import pytest

from sodsong.accounts.models import Agency, AgencyKind
from sodsong.audit.models import AuditEvent
from sodsong.cases import selectors, services
from sodsong.cases.models import Case
from sodsong.tips.services import tip_set_status
from tests.cases.conftest import district_of
from tests.tips.conftest import assigned_area, submit_tip


def _police(code: str) -> Agency:
    return Agency.objects.get(kind=AgencyKind.POLICE, areas__code=code)


@pytest.fixture
def tip(personas):  # type: ignore[no-untyped-def]
    return submit_tip(assigned_area(personas.headman), "มีคนรับซื้อบัญชีธนาคารในหมู่บ้าน")


def _open(by, tips, lead=None, **kwargs):  # type: ignore[no-untyped-def]
    return services.case_create(
        by=by,
        title=kwargs.pop("title", "คดีจากเบาะแส"),
        case_type=kwargs.pop("case_type", "mule"),
        area=district_of(by),
        origin_tip_uuids=[t.uuid for t in tips],
        lead_agency=lead,
        **kwargs,
    )


def test_a_district_officer_may_name_the_districts_police_or_provincial_agencies(personas):
    choices = {a.pk for a in selectors.lead_agency_choices(user=personas.district)}
    assert personas.district.agency_id in choices
    assert _police("4701").pk in choices
    assert personas.immigration.agency_id in choices
    assert _police("4702").pk not in choices


def test_an_agency_officer_may_name_only_their_own_agency(personas):
    assert [a.pk for a in selectors.lead_agency_choices(user=personas.police2)] == [
        personas.police2.agency_id
    ]


def test_another_districts_police_cannot_be_named_to_lead(personas, tip):
    with pytest.raises(services.CaseError):
        _open(personas.district, [tip], lead=_police("4702"))


def test_the_lead_police_work_the_case_the_district_opened(personas, tip):
    case = _open(personas.district, [tip], lead=_police("4701"))
    police = personas.police
    access = selectors.case_access_for(user=police, uuid=case.uuid)
    assert access is not None and access.is_lead and access.can_edit
    services.member_set(by=police, case=case, user=police, operations=True)
    services.case_change_status(by=police, case=case, to="investigating")


def test_an_agency_officer_cannot_open_a_case_from_a_tip(personas, tip):
    with pytest.raises(services.CaseError):
        _open(personas.police, [tip])
    tip.refresh_from_db()
    assert tip.status == "new"


def test_an_unfounded_tip_is_not_promoted(personas, tip):
    tip_set_status(tip=tip, status="unfounded", by=personas.district)
    with pytest.raises(services.CaseError):
        _open(personas.district, [tip])


def test_a_verified_tip_is_promoted(personas, tip):
    tip_set_status(tip=tip, status="verified", by=personas.district)
    case = _open(personas.district, [tip])
    tip.refresh_from_db()
    assert tip.status == "promoted" and tip.case_uuid == case.uuid


def test_the_case_page_links_the_origin_tip_for_the_district_officer(personas, login, tip):
    case = _open(personas.district, [tip], lead=_police("4701"))
    page = login(personas.district).get(f"/cases/{case.uuid}/").content.decode()
    assert f"/tips/{tip.uuid}/" in page and tip.tracking_code in page


def test_the_lead_police_see_only_which_district_holds_the_origin_tip(personas, login, tip):
    case = _open(personas.district, [tip], lead=_police("4701"))
    before = AuditEvent.objects.filter(object_type="entities.tip").count()
    page = login(personas.police).get(f"/cases/{case.uuid}/").content.decode()
    assert tip.tracking_code not in page and f"/tips/{tip.uuid}/" not in page
    assert "อำเภอเมืองสกลนคร" in page
    disclosed = AuditEvent.objects.filter(object_type="entities.tip")
    assert disclosed.count() == before + 1
    assert disclosed.order_by("-id").first().detail["matches_outside"] == ["4701"]


def test_the_api_shows_origin_tips_by_what_the_caller_may_open(personas, login, tip):
    case = _open(personas.district, [tip], lead=_police("4701"))
    own = login(personas.district).get(f"/api/v1/cases/{case.uuid}").json()
    assert [t["uuid"] for t in own["origin_tips"]] == [str(tip.uuid)]
    lead = login(personas.police).get(f"/api/v1/cases/{case.uuid}").json()
    assert lead["origin_tips"] == [] and lead["origin_tips_elsewhere"] == ["อำเภอเมืองสกลนคร"]


def test_police2_does_not_see_a_case_opened_from_a_district1_tip(personas, login, tip):
    case = _open(personas.district, [tip], lead=_police("4701"))
    assert login(personas.police2).get(f"/cases/{case.uuid}/").status_code == 404


def test_the_demo_cases_are_built_from_the_demo_tips(db):
    from sodsong.cases.models import CaseOrigin
    from sodsong.tips.models import Tip

    origins = CaseOrigin.objects.filter(tip_uuid__isnull=False, case__created_by__is_demo=True)
    assert origins.values("case").distinct().count() >= 3
    promoted = Tip.objects.filter(uuid__in=origins.values("tip_uuid"))
    assert promoted.count() == origins.count()
    assert all(t.status == "promoted" and t.case_uuid for t in promoted)
    # Each such case is led by a police station and worked by it, not by the district office.
    for case in Case.objects.filter(origins__in=origins).distinct():
        assert case.lead_agency.kind == AgencyKind.POLICE
