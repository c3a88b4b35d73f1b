"""Issue 19: the agencies as a province names them, trafficking screening at the operation within
24 hours (Anti-Trafficking in Persons Act B.E. 2551 s.29), the referral of a screened victim to
the social development office (พมจ.) or the provincial anti-trafficking centre (ศปคม.จังหวัด), and
the operation's headcounts the ministry's indicators count."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sodsong.accounts.models import Agency, AgencyKind
from sodsong.cases import services
from sodsong.cases.models import Operation, PartyRole, Task

from .conftest import add_person, district_of, village_in

NOW = timezone.now()
TODAY = timezone.localdate()


# --- agencies --------------------------------------------------------------------------------


def test_the_demo_names_the_province_offices_as_they_sign(db):
    names = set(Agency.objects.filter(name_th__endswith="สกลนคร").values_list("name_th", flat=True))
    assert "สำนักงานจัดหางานจังหวัดสกลนคร" in names  # work permits, raids, recruitment licences
    assert "ตรวจคนเข้าเมืองจังหวัดสกลนคร" in names  # ตม.จว.: an inland province has no ด่าน
    assert "ตำรวจภูธรจังหวัดสกลนคร" in names
    assert "ศูนย์ดำรงธรรมจังหวัดสกลนคร" in names
    isoc = Agency.objects.get(name_th="กองอำนวยการรักษาความมั่นคงภายในจังหวัดสกลนคร")
    assert isoc.kind == AgencyKind.ISOC
    assert not any(n.startswith(("ด่าน", "สำนักงานแรงงาน", "กองกำลัง")) for n in names)
    assert Agency.objects.get(
        kind=AgencyKind.LABOUR, name_th__endswith="สกลนคร"
    ).name_th.startswith("สำนักงานจัดหางาน")


def test_every_agency_the_issue_names_has_its_kind(db):
    for kind in ("provincial_police", "cyber_police", "dsi", "amlo", "aoc", "damrongdham", "isoc"):
        assert kind in AgencyKind.values
        assert Agency.objects.filter(kind=kind).exists(), kind
    from django.utils import translation

    with translation.override("th"):
        assert str(AgencyKind.LABOUR.label) == "สำนักงานจัดหางานจังหวัด"


def test_a_re_run_of_the_demo_renames_the_old_names_in_place(db):
    from sodsong.demo.builder import _rename_legacy_agencies

    old = Agency.objects.create(kind=AgencyKind.LABOUR, name_th="สำนักงานแรงงานจังหวัดทดสอบ")
    army = Agency.objects.create(kind=AgencyKind.MILITARY, name_th="กองกำลังรักษาความสงบ จังหวัดทดสอบ")
    _rename_legacy_agencies("ทดสอบ")
    old.refresh_from_db()
    army.refresh_from_db()
    assert old.name_th == "สำนักงานจัดหางานจังหวัดทดสอบ"
    assert (army.name_th, army.kind) == ("กองอำนวยการรักษาความมั่นคงภายในจังหวัดทดสอบ", "isoc")


# --- screening at the operation ----------------------------------------------------------------


def _held(police, built, **counts):  # type: ignore[no-untyped-def]
    operation = Operation.objects.get(case=built.case)
    return services.operation_record_result(
        by=police,
        operation=operation,
        held_at=NOW - dt.timedelta(hours=2),
        result="Found 12 people at the desks",
        **counts,
    )


def test_the_screening_task_falls_due_the_day_after_the_operation_not_days_after_opening(
    personas, built
):
    screen = Task.objects.filter(case=built.case, title__contains="24")
    assert not screen.exists()  # opening the case adds no screening task any more
    _held(personas.police, built)
    task = screen.get()
    held_on = timezone.localtime(NOW - dt.timedelta(hours=2)).date()
    assert task.due_on == held_on + dt.timedelta(days=1)
    assert task.assignee_agency_id == built.case.lead_agency_id


def _held_person(police, built, taken):  # type: ignore[no-untyped-def]
    return services.party_add(
        by=police,
        case=built.case,
        person=add_person(village_in(district_of(police)), "Heldina", "Desk"),
        role=PartyRole.SUSPECT,
        recruited_or_held=True,
        taken_into_care_at=taken,
    )


def test_screening_within_24_hours_of_being_taken_into_care(personas, built):
    police = personas.police
    taken = NOW - dt.timedelta(hours=30)
    party = _held_person(police, built, taken)
    assert party.screening_due_at == taken + dt.timedelta(hours=24)
    with pytest.raises(services.CaseError, match="24"):
        services.party_screen(
            by=police,
            party=party,
            result="not_victim",
            screened_on=TODAY,
            screened_at=NOW - dt.timedelta(hours=1),
        )
    services.party_screen(
        by=police,
        party=party,
        result="not_victim",
        screened_on=TODAY,
        screened_at=NOW - dt.timedelta(hours=1),
        late_reason="court leave to hold 3 more days, order 45/2569",
    )
    party.refresh_from_db()
    assert party.screening_late_reason.startswith("court leave")
    on_time = _held_person(police, built, NOW - dt.timedelta(hours=3))
    on_time.person  # noqa: B018
    services.party_screen(
        by=police, party=on_time, result="not_victim", screened_on=TODAY, screened_at=NOW
    )
    on_time.refresh_from_db()
    assert on_time.screening_late_reason == ""


def test_taken_into_care_only_for_a_person_recruited_or_held(personas, built):
    with pytest.raises(services.CaseError):
        services.party_add(
            by=personas.police,
            case=built.case,
            person=add_person(village_in(district_of(personas.police)), "Free", "Walker"),
            role=PartyRole.WITNESS,
            taken_into_care_at=NOW,
        )


# --- referral ------------------------------------------------------------------------------


def test_a_screened_victim_is_referred_with_the_date_and_receiving_office(personas, built):
    police = personas.police
    party = _held_person(police, built, NOW - dt.timedelta(hours=5))
    with pytest.raises(services.CaseError):
        services.victim_refer(
            by=police, party=party, to="pmj", receiving_name="พมจ.สกลนคร", referred_on=TODAY
        )
    services.party_screen(by=police, party=party, result="victim", screened_on=TODAY)
    referral = services.victim_refer(
        by=police,
        party=party,
        to="pmj",
        receiving_name="สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดสกลนคร",
        referred_on=TODAY,
        reference="สน 0018.3/123",
    )
    assert referral.get_to_display() and list(party.referrals.all()) == [referral]
    services.victim_refer(
        by=police, party=party, to="ctip", receiving_name="ศปคม.จังหวัดสกลนคร", referred_on=TODAY
    )
    with pytest.raises(services.CaseError):
        services.victim_refer(
            by=police,
            party=party,
            to="pmj",
            receiving_name="x",
            referred_on=TODAY - dt.timedelta(days=3),
        )


def test_a_referral_is_need_to_know_like_the_victim(personas, built, same_station):
    police = personas.police
    party = _held_person(police, built, NOW - dt.timedelta(hours=5))
    services.party_screen(by=police, party=party, result="victim", screened_on=TODAY)
    with pytest.raises((services.CaseError, services.CasePermissionError)):
        services.victim_refer(
            by=same_station, party=party, to="pmj", receiving_name="พมจ.", referred_on=TODAY
        )


# --- headcounts ------------------------------------------------------------------------------


def test_the_operation_records_the_headcounts_the_ministry_asks_for(personas, built):
    operation = _held(
        personas.police,
        built,
        foreigners_inspected=12,
        foreigners_in_breach=9,
        departures_prevented=3,
        people_brought_back=2,
    )
    assert (operation.foreigners_inspected, operation.foreigners_in_breach) == (12, 9)


def test_more_in_breach_than_inspected_is_refused(personas, built):
    with pytest.raises(services.CaseError):
        _held(personas.police, built, foreigners_inspected=1, foreigners_in_breach=2)


def test_the_demo_screens_within_24_hours_refers_victims_and_counts_heads(db):
    from sodsong.cases.models import CaseParty, VictimReferral
    from sodsong.misconduct.models import InterimMeasure

    held = CaseParty.objects.filter(taken_into_care_at__isnull=False, screened_at__isnull=False)
    assert held.exists()
    assert all(p.screened_at - p.taken_into_care_at <= dt.timedelta(hours=24) for p in held)
    assert VictimReferral.objects.filter(to="pmj", receiving_agency__isnull=False).exists()
    assert Operation.objects.filter(foreigners_inspected__gt=0).exists()
    assert InterimMeasure.objects.exists()
