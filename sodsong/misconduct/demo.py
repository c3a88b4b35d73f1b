"""Demo data of the misconduct module: build(province=, seed=) is idempotent (each matter is keyed
by its particulars).

The demo's matters accuse officials outside the Provincial Administration Office's chain of
command (police, immigration, a local body), so the `province` persona and the designated
`investigator` persona (who works in the Provincial Administration Office) can both see them.
A matter against a district or provincial officer would be visible only to an investigator from
outside that chain (e.g. the NACC's provincial office), which the demo personas do not include.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.utils import timezone

from sodsong.accounts.models import Agency, AgencyKind, User
from sodsong.geo.models import Area
from sodsong.misconduct import services
from sodsong.misconduct.models import (
    Allegation,
    Authority,
    CriminalResult,
    LegalBasis,
    Matter,
    MeasureKind,
    Outcome,
    Penalty,
    Service,
    Source,
    StepKind,
)
from sodsong.people.services import person_create

DEMO_SOURCE = "demo (synthetic)"


@dataclass(frozen=True)
class DemoMatter:
    agency_kind: str
    given: str
    family: str
    position: str
    service: str
    investigating_officer: bool
    allegation: str
    particulars: str
    source: str
    legal_bases: tuple[str, ...]
    authority: str
    received_days_ago: int
    steps: tuple[tuple[str, int, str], ...]  # kind, days after receipt, note
    referred_to: str = ""
    outcome: str = ""
    penalty: str = ""
    criminal_result: str = ""


MATTERS = (
    DemoMatter(
        AgencyKind.POLICE,
        "ธนพล",
        "สมบูรณ์ชัย",
        "พนักงานสอบสวน (สบ 2)",
        Service.POLICE,
        True,
        Allegation.COLLUSION,
        "ถูกร้องเรียนว่ารับเงินเพื่อไม่ดำเนินคดีกับผู้เปิดบัญชีม้าให้แก๊งคอลเซ็นเตอร์ (ข้อมูลสาธิต)",
        Source.COMPLAINT,
        (LegalBasis.PENAL_157, LegalBasis.PENAL_200, LegalBasis.ANTI_CORRUPTION),
        Authority.PACC,
        75,
        (
            (StepKind.FACT_FINDING, 5, "ตั้งผู้สืบสวนข้อเท็จจริง"),
            (StepKind.STATEMENT, 20, "สอบปากคำผู้ร้องเรียน"),
        ),
        referred_to=Authority.PACC,
    ),
    DemoMatter(
        AgencyKind.LOCAL_GOV,
        "วิไลวรรณ",
        "ทองมา",
        "นักวิชาการสาธารณสุข",
        Service.LOCAL,
        False,
        Allegation.NEGLECT,
        "ไม่แจ้งเหตุบ้านเช่าที่มีพฤติการณ์ต้องสงสัยตามที่ได้รับรายงานจากผู้ใหญ่บ้าน (ข้อมูลสาธิต)",
        Source.SUPERVISOR,
        (LegalBasis.PENAL_157, LegalBasis.DISCIPLINARY),
        Authority.DISCIPLINARY,
        160,
        (
            (StepKind.FACT_FINDING, 3, ""),
            (StepKind.NOTICE, 30, "แจ้งข้อกล่าวหา"),
            (StepKind.REPORT, 70, "รายงานผลการสอบสวน"),
        ),
        outcome=Outcome.PENALTY,
        penalty=Penalty.SALARY_CUT,
    ),
    DemoMatter(
        AgencyKind.IMMIGRATION,
        "อนุชา",
        "แก้วประเสริฐ",
        "เจ้าหน้าที่ตรวจคนเข้าเมือง",
        Service.POLICE,
        False,
        Allegation.WRONGFUL_ACT,
        "รับเงินเพื่อไม่ดำเนินคดีคนต่างด้าวที่อยู่เกินกำหนด (ข้อมูลสาธิต)",
        Source.CASE,
        (LegalBasis.PENAL_157, LegalBasis.ANTI_CORRUPTION),
        Authority.NACC,
        240,
        (
            (StepKind.FACT_FINDING, 7, ""),
            (StepKind.EVIDENCE, 40, "รวบรวมหลักฐานการโอนเงิน"),
            (StepKind.REPORT, 120, ""),
        ),
        referred_to=Authority.NACC,
        outcome=Outcome.CRIMINAL,
        criminal_result=CriminalResult.PROSECUTED,
    ),
    # Against a district officer: in the Provincial Administration Office's chain of command, so
    # only an investigator from outside it sees it. Built only when such a persona exists
    # (`investigator2`, e.g. of the NACC provincial office).
    DemoMatter(
        AgencyKind.DISTRICT_OFFICE,
        "สมพงษ์",
        "ใจกล้า",
        "ปลัดอำเภอ",
        Service.CIVIL,
        False,
        Allegation.NEGLECT,
        "ไม่ดำเนินการตามรายงานของผู้ใหญ่บ้านเรื่องบ้านเช่าที่มีคอมพิวเตอร์และซิมจำนวนมาก (ข้อมูลสาธิต)",
        Source.TIP,
        (LegalBasis.PENAL_157, LegalBasis.DISCIPLINARY),
        Authority.DISCIPLINARY,
        40,
        ((StepKind.FACT_FINDING, 6, ""),),
    ),
    DemoMatter(
        AgencyKind.POLICE,
        "ชัยวัฒน์",
        "บุญเรือง",
        "ผู้บังคับหมู่ งานป้องกันปราบปราม",
        Service.POLICE,
        False,
        Allegation.NEGLECT,
        "ไม่รับแจ้งความผู้เสียหายจากการหลอกลงทุนออนไลน์ (ข้อมูลสาธิต)",
        Source.COMPLAINT,
        (LegalBasis.PENAL_157, LegalBasis.DISCIPLINARY),
        Authority.DISCIPLINARY,
        120,
        ((StepKind.FACT_FINDING, 4, ""), (StepKind.REPORT, 45, "")),
        outcome=Outcome.NO_FAULT,
    ),
)


_MEASURES = {
    Allegation.WRONGFUL_ACT: (MeasureKind.SUSPENSION, 10),
    Allegation.COLLUSION: (MeasureKind.TRANSFER, 3),
}


def _agency(province: Area, kind: str) -> Agency | None:
    return (
        Agency.objects.filter(kind=kind, areas__code__startswith=province.code)
        .order_by("id")
        .distinct()
        .first()
    )


def build(*, province: Area, seed: int) -> None:
    recorder = User.objects.filter(username="province").first()
    investigator = User.objects.filter(username="investigator").first()
    outside = User.objects.filter(username="investigator2").first()
    if recorder is None:
        return
    rng = random.Random(f"{seed}:{province.code}:misconduct")
    today = timezone.localdate()
    for item in MATTERS:
        if Matter.all_objects.filter(particulars=item.particulars).exists():
            continue
        agency = _agency(province, item.agency_kind)
        if agency is None:
            continue
        in_chain = item.agency_kind == AgencyKind.DISTRICT_OFFICE
        designated = outside if in_chain else investigator
        if in_chain and designated is None:
            continue
        actor = designated if in_chain else recorder
        received = today - dt.timedelta(days=item.received_days_ago + rng.randint(0, 5))
        area = min(agency.areas.all(), key=lambda a: len(a.code), default=province)
        person = person_create(
            area=area,
            source=DEMO_SOURCE,
            given_name_th=item.given,
            family_name_th=item.family,
            nationality="THA",
        )
        matter = services.matter_record(
            actor=recorder,
            official=services.OfficialInput(
                position=item.position,
                agency=agency,
                service=item.service,
                investigating_officer=item.investigating_officer,
                person=person,
            ),
            allegation=item.allegation,
            particulars=item.particulars,
            source=item.source,
            received_on=received,
            occurred_on=received - dt.timedelta(days=rng.randint(3, 30)),
            legal_bases=item.legal_bases,
            authority=item.authority,
            investigators=[designated] if designated else [],
        )
        for kind, days, note in item.steps:
            on = min(received + dt.timedelta(days=days), today)
            services.step_add(actor=actor, matter=matter, kind=kind, on=on, note=note)
        measure = _MEASURES.get(item.allegation)
        if measure is not None:
            # While the inquiry runs: suspended, or moved away from the post (issue 19).
            services.measure_order(
                actor=actor,
                matter=matter,
                kind=measure[0],
                ordered_on=min(received + dt.timedelta(days=measure[1]), today),
                order_reference="คำสั่งจังหวัด (ข้อมูลสาธิต)",
            )
        last = min(received + dt.timedelta(days=max(d for _, d, _ in item.steps) + 10), today)
        if item.referred_to:
            services.matter_refer(
                actor=actor,
                matter=matter,
                referred_to=item.referred_to,
                referred_on=last,
                reference=f"สน 0017.1/{rng.randint(100, 999)}",
            )
        if item.outcome:
            services.matter_set_outcome(
                actor=actor,
                matter=matter,
                outcome=item.outcome,
                outcome_on=last,
                penalty=item.penalty,
                criminal_result=item.criminal_result,
            )
