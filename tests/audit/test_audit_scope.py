"""Audit reads are scoped like the records they name (#17 H6): an administrator reads the events
of the areas he oversees, and an event about a protected identity (the reporter of a watch
report, the sender of a tip, an informant, the accused of a misconduct matter) shows who acted
only to those who may see that identity — on the page, in the CSV export and through the API."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client

from sodsong.accounts.models import Role, User
from sodsong.accounts.scope import scope_for
from sodsong.accounts.services import role_assign, token_issue
from sodsong.audit.models import AuditEvent
from sodsong.audit.selectors import AuditFilter, audit_events, event_rows
from sodsong.audit.services import DEPLOYMENT_ONLY, log_action, subject_of
from sodsong.core.context import acting_for
from sodsong.geo.models import Area
from sodsong.tips.models import ReporterDesignation
from sodsong.tips.services import designation_grant, watch_report_create


def _admin(username: str, role_areas: dict[str, list[str]]) -> User:
    user = User.objects.create(username=username, first_name=username)
    for role, codes in role_areas.items():
        role_assign(user=user, role=role, areas=list(Area.objects.filter(code__in=codes)))
    return User.objects.get(pk=user.pk)


@pytest.fixture
def report(personas):  # type: ignore[no-untyped-def]
    headman = personas.headman
    village = Area.objects.get(code=scope_for(headman).role_areas[Role.HEADMAN][0])
    with acting_for(headman):
        tip = watch_report_create(
            reporter=headman, area=village, description="มีคนแปลกหน้าเข้าออกบ้านร้างทุกคืน"
        )
    # The provincial persona is not designated to see reporters of that district.
    ReporterDesignation.objects.filter(user=personas.province).delete()
    return tip


def _rows(user: User, **filters: object) -> list:  # type: ignore[type-arg]
    events = audit_events(user=user, filters=AuditFilter(**filters))  # type: ignore[arg-type]
    return list(event_rows(user=user, events=events[:500]))


def test_filing_a_watch_report_is_a_protected_event_in_its_village(report):
    events = AuditEvent.objects.filter(object_ids__icontains=str(report.uuid), action="create")
    event = events.get()
    assert event.protected
    assert event.area_code == report.area.code
    assert event.detail["identity"] == {"kind": "tips.reporter", "ids": [str(report.uuid)]}
    # The report's identifiers and files, written in the same filing, are protected too.
    filing = AuditEvent.objects.filter(at__gte=event.at, actor=report.reporter, action="create")
    assert all(e.protected for e in filing)


def test_the_provincial_admin_sees_the_filing_but_not_who_filed(personas, report):
    rows = [r for r in _rows(personas.province, action="create") if r.object_type == "tips.tip"]
    mine = [r for r in rows if r.area_code == report.area.code and r.protected]
    assert mine, "the event itself is shown"
    assert all(r.hidden and r.actor is None and r.object_ids == [] for r in mine)
    # Filtering by the reporter or by the report does not find it either.
    assert not [r for r in _rows(personas.province, actor="headman") if r.protected]
    assert _rows(personas.province, object_id=str(report.uuid)) == []


def test_a_designated_officer_sees_who_filed(personas, report):
    designation_grant(
        district=Area.objects.get(code=report.area.code[:4]),
        user=personas.province,
        by=personas.province,
    )
    rows = _rows(personas.province, object_id=str(report.uuid), action="create")
    assert rows == [] or all(not r.hidden for r in rows)  # filters still leave protected out
    shown = [
        r
        for r in _rows(personas.province, action="create")
        if r.protected and str(report.uuid) in r.object_ids
    ]
    assert shown and shown[0].actor == "headman"


def test_the_reporter_sees_his_own_events(personas, report):
    admin = personas.headman
    rows = list(
        event_rows(user=admin, events=AuditEvent.objects.filter(actor=admin, protected=True)[:50])
    )
    assert rows and not any(r.hidden for r in rows)


def test_an_admin_of_another_province_sees_nothing_of_this_one(personas, report):
    other = _admin("province48_audit", {Role.PROVINCE: ["48"], Role.ADMIN: []})
    with acting_for(personas.district):
        log_action(action="read", object_type="people.person", object_ids=["a"])
    rows = _rows(other)
    assert not [r for r in rows if r.area_code.startswith("47") or r.area_code == ""]
    assert _rows(other, actor="district") == []
    assert _rows(other, actor="headman") == []
    # The provincial admin of 47 sees the read of his district officer.
    assert [r for r in _rows(personas.province, actor="district") if r.object_ids == ["a"]]


def test_the_deployment_admin_sees_every_area(personas, report):
    root = _admin("deployment_root", {Role.ADMIN: []})
    with acting_for(personas.district):
        log_action(action="read", object_type="people.person", object_ids=["b"])
    rows = _rows(root, actor="district")
    assert [r for r in rows if r.object_ids == ["b"]]
    assert [r for r in _rows(root, action="create") if r.area_code == report.area.code]


def test_events_without_an_area_go_to_the_deployment_admin_only(personas):
    event = log_action(action="read", object_type="people.person", object_ids=["c"])
    assert event.area_code == ""  # the system, no user
    assert not [r for r in _rows(personas.province) if r.object_ids == ["c"]]


def test_an_event_takes_the_common_area_of_its_actor(personas):
    with acting_for(personas.district):
        event = log_action(action="read", object_type="x", object_ids=["d"])
    assert event.area_code == scope_for(personas.district).area_codes[0]
    with acting_for(personas.province):
        assert log_action(action="read", object_type="x").area_code == "47"


def test_misconduct_events_reach_only_the_deployment_admin(personas):
    from tests.misconduct.conftest import record

    matter = record(
        personas.province,
        accused=personas.police,
        agency=personas.police.agency,
        investigators=[personas.investigator],
        particulars="Kept a complaint in a drawer",
    )
    events = AuditEvent.objects.filter(object_ids__icontains=str(matter.uuid))
    assert events and all(e.area_code == DEPLOYMENT_ONLY and e.protected for e in events)
    accused = AuditEvent.objects.get(
        object_type="people.person", object_ids__icontains=str(matter.official.person.uuid)
    )
    assert accused.protected and accused.area_code == DEPLOYMENT_ONLY
    assert not [r for r in _rows(personas.province) if r.object_type.startswith("misconduct")]
    root = _admin("deployment_root2", {Role.ADMIN: []})
    mine = [r for r in _rows(root, action="create") if r.object_type == "misconduct.matter"]
    assert mine and all(r.hidden for r in mine)  # he may not see the matter itself


def test_an_informants_party_event_is_protected(db):
    from sodsong.cases.models import CaseParty, PartyRole

    party = CaseParty.objects.filter(role=PartyRole.INFORMANT).select_related("case__area").first()
    assert party is not None, "the demo has an informant"
    area, who = subject_of(party)
    assert area == party.case.area.code
    assert who is not None and who.kind == "cases.party"
    suspect = CaseParty.objects.filter(role=PartyRole.SUSPECT).first()
    assert subject_of(suspect)[1] is None


def test_the_person_record_of_an_informant_is_a_protected_identity(db):
    """The informant's own `people.person` record (created inside the case, #17 item 2) names
    the same protected identity as his party: its create event must not show who recorded him
    to someone outside the case's informant compartment."""
    from sodsong.cases.audit_rules import person_identity_visible
    from sodsong.cases.models import CaseParty, PartyRole
    from sodsong.people.models import Person

    party = CaseParty.objects.filter(role=PartyRole.INFORMANT).select_related("person").first()
    assert party is not None and party.person.compartment, "the demo's informant is in the case"
    _area, who = subject_of(party.person)
    assert who is not None and who.kind == "cases.person"
    registry_person = Person.objects.filter(compartment="").first()
    assert registry_person is None or subject_of(registry_person)[1] is None
    outsider = _admin("outsider-admin", {Role.PROVINCE: [party.case.area.code[:2]]})
    assert not person_identity_visible(outsider, [str(party.person.uuid)])


def test_page_csv_and_api_hide_the_reporter_from_the_provincial_admin(personas, report, login):
    client = login(personas.province)
    page = client.get("/audit/", {"action": "create", "object_type": "tips.tip"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "headman" not in body.replace("headman3", "")
    response = client.get("/audit/export.csv", {"purpose": "review", "object_type": "tips.tip"})
    rows = list(
        csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
    )
    filed = [r for r in rows if r["protected"] == "hidden"]
    assert filed and all(r["actor"] == "" and r["object_ids"] == "" for r in filed)
    assert str(report.uuid) not in {i for r in rows for i in r["object_ids"].split()}
    _, token = token_issue(user=personas.province, name="t")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}").get(
        "/api/v1/audit/events", {"action": "create", "object_type": "tips.tip", "limit": 500}
    )
    items = api.json()["items"]
    hidden = [i for i in items if i["hidden"]]
    assert hidden and all(i["actor"] is None and i["object_ids"] == [] for i in hidden)
    assert str(report.uuid) not in {x for i in items for x in i["object_ids"]}
