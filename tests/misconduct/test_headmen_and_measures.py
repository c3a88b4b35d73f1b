"""Issue 19: kamnan and village headmen have their own allegations, authority and penalties under
the Local Administration Act B.E. 2457 (พ.ร.บ. ลักษณะปกครองท้องที่); interim measures (พักราชการ,
ให้ออกไว้ก่อน, a transfer) are recorded while the inquiry runs, since a penalty rarely falls within
the directive's 30 days."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sodsong.misconduct import services
from sodsong.misconduct.models import MeasureKind

TODAY = timezone.localdate()


def _headman_matter(personas, world, **extra):  # type: ignore[no-untyped-def]
    values = {
        "allegation": "headman_duty",
        "particulars": "Did not report the six foreigners who moved into the village",
        "source": "supervisor",
        "received_on": TODAY - dt.timedelta(days=20),
        "legal_bases": ["local_admin"],
        "authority": "amphoe",
    }
    values.update(extra)
    return services.matter_record(
        actor=personas.province,
        official=services.OfficialInput(
            given_name_th="สมชาย",
            family_name_th="ผู้ใหญ่ทดสอบ",
            position="ผู้ใหญ่บ้าน หมู่ที่ 3",
            agency=personas.district.agency,
            service="headman",
        ),
        investigators=[world.nacc_investigator],
        **values,
    )


def test_a_headman_matter_uses_the_local_administration_act(personas, world, english):
    matter = _headman_matter(personas, world)
    assert matter.official.service == "headman" and matter.authority == "amphoe"
    assert "Local Administration Act" in matter.legal_basis_labels[0]
    with pytest.raises(services.MisconductError, match="kamnan"):
        services.matter_set_outcome(
            actor=world.nacc_investigator,
            matter=matter,
            outcome="penalty",
            outcome_on=TODAY,
            penalty="salary_cut",
        )
    services.matter_set_outcome(
        actor=world.nacc_investigator,
        matter=matter,
        outcome="penalty",
        outcome_on=TODAY,
        penalty="removal",
    )


def test_headman_allegations_and_penalties_are_not_for_civil_servants(personas, world, english):
    with pytest.raises(services.MisconductError, match="headmen"):
        services.matter_record(
            actor=personas.province,
            official=services.OfficialInput(
                given_name_th="ทดสอบ",
                family_name_th="ปลัด",
                position="ปลัดอำเภอ",
                agency=personas.district.agency,
                service="civil",
            ),
            allegation="unbecoming",
            particulars="x",
            source="complaint",
            received_on=TODAY,
            legal_bases=["disciplinary"],
            authority="disciplinary",
            investigators=[world.nacc_investigator],
        )
    with pytest.raises(services.MisconductError):
        services.matter_set_outcome(
            actor=world.nacc_investigator,
            matter=world.district_matter,
            outcome="penalty",
            outcome_on=TODAY,
            penalty="removal",
        )


def test_interim_measures_are_recorded_while_the_inquiry_runs(personas, world, english):
    matter = world.district_matter
    suspended = services.measure_order(
        actor=world.nacc_investigator,
        matter=matter,
        kind=MeasureKind.SUSPENSION,
        ordered_on=TODAY - dt.timedelta(days=2),
        order_reference="คำสั่งจังหวัดสกลนคร ที่ 1234/2569",
        ordered_by="ผู้ว่าราชการจังหวัดสกลนคร",
    )
    with pytest.raises(services.MisconductError, match="already"):
        services.measure_order(
            actor=world.nacc_investigator, matter=matter, kind="suspension", ordered_on=TODAY
        )
    services.measure_order(
        actor=world.nacc_investigator, matter=matter, kind="transfer", ordered_on=TODAY
    )
    services.measure_end(actor=world.nacc_investigator, measure=suspended, ended_on=TODAY)
    services.measure_order(
        actor=world.nacc_investigator, matter=matter, kind="removed", ordered_on=TODAY
    )
    assert sorted(matter.measures.values_list("kind", flat=True)) == [
        "removed",
        "suspension",
        "transfer",
    ]
    with pytest.raises(services.MisconductError):
        services.measure_order(
            actor=world.nacc_investigator,
            matter=matter,
            kind="transfer",
            ordered_on=matter.received_on - dt.timedelta(days=1),
        )


def test_a_measure_is_refused_to_whoever_may_not_see_the_matter(personas, world, english):
    with pytest.raises(services.MisconductError):
        services.measure_order(
            actor=world.idle_investigator,
            matter=world.district_matter,
            kind="suspension",
            ordered_on=TODAY,
        )


def test_the_measure_form_records_a_suspension(personas, world, login):
    matter = world.district_matter
    client = login(world.nacc_investigator)
    page = client.get(f"/misconduct/{matter.uuid}/")
    assert page.status_code == 200 and 'name="ordered_on"' in page.content.decode()
    response = client.post(
        f"/misconduct/{matter.uuid}/measures/",
        {"kind": "suspension", "ordered_on": TODAY.strftime("%d/%m/") + str(TODAY.year + 543)},
    )
    assert response.status_code == 302
    assert matter.measures.get().kind == "suspension"
