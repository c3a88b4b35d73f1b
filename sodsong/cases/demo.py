"""Demo data of the cases module: a dozen joint cases in the demo province at every stage, from a
fresh tip to a verdict and deportation. Idempotent: a case whose title exists is left alone."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.utils import timezone

from sodsong.accounts.models import Agency, AgencyKind, User
from sodsong.cases import services
from sodsong.cases.case_templates import TEMPLATES
from sodsong.cases.models import (
    Case,
    CaseStatus,
    CaseType,
    OperationKind,
    OriginKind,
    PartyRole,
    SeizureKind,
)
from sodsong.core.context import acting_as, actor_for
from sodsong.geo.models import Area, Level
from sodsong.people.matching import NewPerson
from sodsong.people.models import Person
from sodsong.people.services import person_create

DEMO_SOURCE = "demo (synthetic)"  # the core demo's source: `sodsong demo --remove` clears them

STAGES = ("open", "investigating", "operation", "charged", "prosecution", "closed")


@dataclass(frozen=True)
class DemoCase:
    title: str
    case_type: str
    lead: str  # persona username
    district: int  # 0 or 1: the demo's first or second district
    stage: str
    partners: tuple[str, ...] = ()  # agency kinds granted
    recruited: bool = False  # a held or recruited person, screened first
    victim: bool = False  # the screening finds a trafficking victim
    informant: bool = False
    origin: str = OriginKind.TIP
    # Demo tips (keys of sodsong.tips.demo.DEMO_TIPS) the district's officer promotes to the case.
    tips: tuple[str, ...] = ()


CASES = (
    DemoCase(
        "แก๊งคอลเซ็นเตอร์ในบ้านเช่า หมู่ 2",
        CaseType.CALL_CENTRE,
        "police",
        0,
        "closed",
        ("immigration", "isoc"),
        recruited=True,
        tips=("rented-house", "headman-house"),
    ),
    DemoCase(
        "บัญชีม้ารับจ้างเปิดบัญชีในหมู่บ้าน",
        CaseType.MULE,
        "police",
        0,
        "prosecution",
        tips=("kamnan-accounts",),
    ),
    DemoCase(
        "ผู้ถือซิมการ์ดจำนวนมากผิดปกติ",
        CaseType.MULE,
        "police",
        0,
        "charged",
        informant=True,
        tips=("localgov-sims",),
    ),
    DemoCase(
        "ชักชวนคนหนุ่มสาวไปทำงานแอดมินต่างประเทศ",
        CaseType.RECRUITMENT,
        "police2",
        1,
        "investigating",
        ("labour",),
        recruited=True,
        victim=True,
        tips=("headman2-crossing",),
    ),
    DemoCase(
        "แรงงานต่างด้าวไม่มีใบอนุญาตในโรงงานมันสำปะหลัง",
        CaseType.IMMIGRATION,
        "immigration",
        0,
        "charged",
        ("labour", "police"),
        recruited=True,
        victim=True,
    ),
    DemoCase("เจ้าของห้องเช่าไม่แจ้ง ตม.30", CaseType.TM30, "police2", 1, "open"),
    DemoCase(
        "อาคารพาณิชย์ปิดม่านทั้งวัน มีเราเตอร์จำนวนมาก",
        CaseType.CALL_CENTRE,
        "police2",
        1,
        "operation",
        ("immigration",),
    ),
    DemoCase(
        "รับซื้อบัญชีธนาคารผ่านกลุ่มไลน์", CaseType.MULE, "police2", 1, "investigating", informant=True
    ),
    DemoCase(
        "คนต่างด้าวอยู่เกินกำหนดและทำงานร้านอาหาร",
        CaseType.IMMIGRATION,
        "immigration",
        1,
        "closed",
        ("police",),
    ),
    DemoCase(
        "ประกาศรับสมัครงานต่างประเทศรายได้สูงไม่ต้องมีประสบการณ์",
        CaseType.RECRUITMENT,
        "police",
        0,
        "open",
        ("labour",),
    ),
    DemoCase(
        "หน่วยงานอื่นส่งต่อ: กล่องซิมในร้านซ่อมโทรศัพท์",
        CaseType.OTHER,
        "district",
        0,
        "investigating",
        ("police",),
        origin=OriginKind.REFERRAL,
    ),
    DemoCase(
        "ตรวจค้นร่วมบ้านพักริมโขง พบคอมพิวเตอร์และซิมบ็อกซ์",
        CaseType.CALL_CENTRE,
        "immigration",
        0,
        "charged",
        ("police", "isoc"),
    ),
)

_DAYS_AGO = {
    "open": 5,
    "investigating": 25,
    "operation": 45,
    "charged": 90,
    "prosecution": 150,
    "closed": 300,
}


# The officer of each demo district who promotes its tips (district and provincial officers
# promote; the case's lead agency then works it).
PROMOTERS = ("district", "district2")


def _demo_tips(keys: tuple[str, ...]) -> list:
    """The demo tips with these keys that can still be promoted, when the tips module has them."""
    if not keys:
        return []
    try:
        from sodsong.tips.demo import DEMO_TIPS
        from sodsong.tips.models import Tip
        from sodsong.tips.selectors import PROMOTABLE_STATUSES
    except ImportError:
        return []
    texts = {d.key: d.text for d in DEMO_TIPS}
    found = []
    for key in keys:
        tip = (
            Tip.objects.filter(description=texts.get(key, ""), status__in=PROMOTABLE_STATUSES)
            .order_by("pk")
            .first()
        )
        if tip is not None:
            found.append(tip)
    return found


_GIVEN = ("Sokha", "Dara", "Bounmy", "Khamla", "Aung", "Kyaw", "Minh", "Wei")
_FAMILY = ("Chea", "Keo", "Vongsa", "Htun", "Win", "Tran", "Chen", "")
_THAI = (("ประสิทธิ์", "ทองมา"), ("อำนาจ", "แสงสุข"), ("จันทร์เพ็ญ", "ศรีบุญ"), ("ธนากร", "พรมวงศ์"))


def _people(district: Area, rng: random.Random, count: int) -> list[Person]:
    """Demo people living in the district; invented ones are added where the core demo put none."""
    pool = list(
        Person.objects.filter(area__code__startswith=district.code, compartment="").order_by("pk")[
            :60
        ]
    )
    village = (
        Area.objects.filter(level=Level.VILLAGE, code__startswith=district.code)
        .order_by("code")
        .first()
    )
    while len(pool) < count and village is not None:
        index = len(pool)
        if index % 2:
            given, family = _THAI[index % len(_THAI)]
            person = person_create(
                area=village,
                source=DEMO_SOURCE,
                given_name_th=given,
                family_name_th=family,
                birth_year=1980 + index,
                nationality="THA",
            )
        else:
            person = person_create(
                area=village,
                source=DEMO_SOURCE,
                given_name_latin=rng.choice(_GIVEN),
                family_name_latin=rng.choice(_FAMILY),
                birth_year=1990 + index,
                nationality=rng.choice(("KHM", "LAO", "MMR", "VNM")),
            )
        pool.append(person)
    rng.shuffle(pool)
    return pool[:count]


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def build(*, province: Area, seed: int) -> None:
    districts = list(
        Area.objects.filter(
            level=Level.DISTRICT, code__startswith=province.code, abolished_on__isnull=True
        ).order_by("code")[:2]
    )
    if len(districts) < 2:
        return
    agencies = {
        kind: Agency.objects.filter(kind=kind, areas__code=province.code).first()
        for kind in (AgencyKind.IMMIGRATION, AgencyKind.ISOC, AgencyKind.LABOUR)
    }
    today = timezone.localdate()
    for spec in CASES:
        case_rng = random.Random(f"{seed}:{spec.title}")
        if Case.all_objects.filter(title=spec.title).exists():
            continue
        lead = User.objects.filter(username=spec.lead).first()
        if lead is None:
            continue
        district = districts[spec.district]
        partners = []
        for kind in spec.partners:
            if kind == "police":
                police = Agency.objects.filter(kind=AgencyKind.POLICE, areas=district).first()
                if police is not None and police.pk != lead.agency_id:
                    partners.append(police)
            elif agencies.get(kind) is not None:
                partners.append(agencies[kind])
        opened = today - dt.timedelta(days=_DAYS_AGO[spec.stage])
        tips = _demo_tips(spec.tips)
        promoter = User.objects.filter(username=PROMOTERS[spec.district]).first()
        if tips and promoter is not None and promoter.agency_id:
            # Built from the demo tips: the district's officer promotes them, naming the lead.
            with acting_as(actor_for(promoter, via="command")):
                case = services.case_create(
                    by=promoter,
                    title=spec.title,
                    case_type=spec.case_type,
                    area=district,
                    origin=OriginKind.TIP,
                    origin_tip_uuids=[t.uuid for t in tips],
                    summary="\n\n".join(
                        ["ข้อมูลสาธิต (สังเคราะห์) เพื่อการทดลองใช้ระบบ"]
                        + [f"[{t.tracking_code}] {t.description}" for t in tips]
                    ),
                    opened_on=opened,
                    participating_agencies=partners,
                    lead_agency=lead.agency,
                )
            with acting_as(actor_for(lead, via="command")):
                # The lead agency names its investigator for every compartment.
                services.member_set(
                    by=lead, case=case, user=lead, informants=True, victims=True, operations=True
                )
                _advance(case, lead, spec, district, opened, case_rng)
            continue
        with acting_as(actor_for(lead, via="command")):
            case = services.case_create(
                by=lead,
                title=spec.title,
                case_type=spec.case_type,
                area=district,
                origin=spec.origin,
                origin_reference={
                    OriginKind.REFERRAL: "ศูนย์ดำรงธรรมจังหวัด",
                    OriginKind.TIP: "แจ้งเบาะแสทางสายด่วน 1599",
                }.get(spec.origin, ""),
                summary="ข้อมูลสาธิต (สังเคราะห์) เพื่อการทดลองใช้ระบบ",
                opened_on=opened,
                participating_agencies=partners,
            )
            _advance(case, lead, spec, district, opened, case_rng)


def _refer(by: User, party, district: Area, opened: dt.date) -> None:
    office = Agency.objects.filter(
        kind=AgencyKind.SOCIAL_DEVELOPMENT, areas__code=district.code[:2]
    ).first()
    services.victim_refer(
        by=by,
        party=party,
        to="pmj",
        receiving_name=office.name_th if office else "สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัด",
        receiving_agency=office,
        referred_on=opened + dt.timedelta(days=1),
        reference=f"ส่งตัว {party.pk}/{opened.year + 543}",
    )


def _headcounts(case: Case, spec: DemoCase) -> dict[str, int]:
    """The operation's headcounts, drawn from their own generator so that the other demo draws
    stay as they were."""
    rng = random.Random(f"{case.number}:headcounts")
    inspected = rng.randint(6, 30)
    counts = {
        "foreigners_inspected": inspected,
        "foreigners_in_breach": rng.randint(0, inspected),
    }
    if spec.case_type == CaseType.RECRUITMENT:
        counts["departures_prevented"] = rng.randint(1, 8)
        counts["people_brought_back"] = rng.randint(0, 5)
    return counts


def _advance(
    case: Case, by: User, spec: DemoCase, district: Area, opened: dt.date, rng: random.Random
) -> None:
    target = STAGES.index(spec.stage)
    people = _people(district, rng, 4)
    if len(people) < 2:
        return
    suspect, other, *rest = people
    if spec.informant:
        # An informant is recorded inside the case, never taken from (or put in) the people
        # registry: only the case members named for informants see them (issue #17 item 2).
        given, family = _THAI[rng.randrange(len(_THAI))]
        services.party_add_person(
            by=by,
            case=case,
            role=PartyRole.INFORMANT,
            new=NewPerson(
                given_name_th=given,
                family_name_th=family,
                birth_year=1975 + rng.randrange(20),
                nationality="THA",
            ),
        )
    held = None
    if spec.recruited:
        # Taken into care when the case opened; screened the same morning (ATIP s.29: 24 hours).
        taken = _at(opened, 4, 0)
        held = services.party_add(
            by=by,
            case=case,
            person=other,
            role=PartyRole.SUSPECT,
            recruited_or_held=True,
            taken_into_care_at=taken,
        )
        if target >= 1:
            services.party_screen(
                by=by,
                party=held,
                result="victim" if spec.victim else "not_victim",
                screened_on=opened,
                screened_at=taken + dt.timedelta(hours=6),
                reference=f"คัดแยก {rng.randint(100, 999)}/{opened.year + 543}",
            )
            if spec.victim:
                _refer(by, held, district, opened)
    if target < 1:
        return
    services.case_change_status(by=by, case=case, to=CaseStatus.INVESTIGATING)
    if target < 2:
        return
    op_day = opened + dt.timedelta(days=14)
    operation = services.operation_plan(
        by=by,
        case=case,
        kind=OperationKind.RAID
        if spec.case_type == CaseType.CALL_CENTRE
        else OperationKind.INSPECTION,
        planned_for=_at(op_day, 5, 30),
        place=f"บ้านเลขที่ {rng.randint(1, 199)} {district.name_th}",
        units="ตำรวจ ตม. ทหาร ฝ่ายปกครอง",
        headcount=rng.randint(12, 40),
        legal_basis=f"หมายค้นศาลจังหวัด ที่ {rng.randint(10, 300)}/{op_day.year + 543}",
        area=district,
    )
    services.case_change_status(by=by, case=case, to=CaseStatus.OPERATION)
    if target < 3:
        return  # the operation stays planned: a compartmented secret
    services.operation_record_result(
        by=by,
        operation=operation,
        held_at=_at(op_day, 6, 0),
        result="ตรวจพบผู้ต้องสงสัยและอุปกรณ์ตามรายการของกลาง",
        **_headcounts(case, spec),
    )
    for kind, low, high in (
        (SeizureKind.PHONE, 5, 40),
        (SeizureKind.SIM, 20, 400),
        (SeizureKind.COMPUTER, 1, 12),
        (SeizureKind.BANK_BOOK, 2, 30),
    ):
        services.seizure_add(
            by=by,
            case=case,
            kind=kind,
            quantity=rng.randint(low, high),
            seized_on=op_day,
            operation=operation,
            custody_reference=f"บช.ของกลาง {rng.randint(1, 99)}/{op_day.year + 543}",
        )
    party = services.party_add(by=by, case=case, person=suspect, role=PartyRole.SUSPECT)
    arrested = _at(op_day, 6, 20)
    services.arrest_record(
        by=by,
        party=party,
        arrested_at=arrested,
        place=operation.place,
        arresting_unit=by.agency.name_th if by.agency else "ชุดปฏิบัติการร่วม",
        recording_reference=f"BWC-{op_day:%Y%m%d}-{rng.randint(1, 9)}",
        prosecutor_notified_at=arrested + dt.timedelta(minutes=40),
        administrative_notified_at=arrested + dt.timedelta(minutes=45),
        handed_over_at=arrested + dt.timedelta(hours=3),
    )
    template = TEMPLATES[case.case_type]
    offence = opened - dt.timedelta(days=20)
    for law_code, key in template.usual_sections[:2] or (("penal-code", "s.343"),):
        services.charge_add(
            by=by,
            party=party,
            law_code=law_code,
            section_key=key,
            offence_from=offence,
            offence_to=op_day,
        )
    services.case_change_status(by=by, case=case, to=CaseStatus.CHARGED)
    for task in case.tasks.all():
        services.task_update(by=by, task=task, status="done")
    if target < 4:
        return
    sent = op_day + dt.timedelta(days=30)
    services.prosecution_update(
        by=by, party=party, inquiry_file_sent_on=sent, prosecutor_office="สำนักงานอัยการจังหวัด"
    )
    services.case_change_status(by=by, case=case, to=CaseStatus.PROSECUTION)
    services.prosecution_update(
        by=by, party=party, decision="prosecute", decision_on=sent + dt.timedelta(days=20)
    )
    if target < 5:
        return
    foreign = suspect.nationality not in ("", "THA")
    services.prosecution_update(
        by=by,
        party=party,
        court="ศาลจังหวัด",
        filed_on=sent + dt.timedelta(days=25),
        verdict="guilty",
        verdict_on=sent + dt.timedelta(days=120),
        sentence="จำคุก 2 ปี ปรับ 40,000 บาท โทษจำคุกให้รอการลงโทษ 2 ปี",
        deportation="done" if foreign else "",
        deported_on=sent + dt.timedelta(days=140) if foreign else None,
    )
    services.case_update_details(
        by=by,
        case=case,
        police_case_number=f"{rng.randint(100, 900)}/{opened.year + 543}",
        court_black_number=f"อ.{rng.randint(100, 900)}/{opened.year + 543}",
        court_red_number=f"อ.{rng.randint(100, 900)}/{opened.year + 543}",
    )
    services.case_change_status(by=by, case=case, to=CaseStatus.CLOSED, reason="ศาลมีคำพิพากษาแล้ว")


def remove() -> int:
    """Removes the demo's cases (those opened by demo personas), children first: charges, arrests
    and prosecutions protect the people in a case from being deleted under them. For
    `demo_remove`, before it deletes the demo people and accounts."""
    from sodsong.cases.models import Arrest, CaseParty, Charge, Operation, Prosecution, Seizure
    from sodsong.entities.models import SourceType
    from sodsong.entities.services import mentions_delete_for_sources

    cases = Case.all_objects.filter(created_by__is_demo=True)
    mentions_delete_for_sources(
        source_type=SourceType.CASE, source_uuids=list(cases.values_list("uuid", flat=True))
    )
    Charge.objects.filter(party__case__in=cases).delete()
    Arrest.objects.filter(party__case__in=cases).delete()
    Prosecution.objects.filter(party__case__in=cases).delete()
    Seizure.objects.filter(case__in=cases).delete()
    Operation.objects.filter(case__in=cases).delete()
    CaseParty.objects.filter(case__in=cases).delete()
    # The people recorded inside these cases (their informants) go with them.
    inside = Person.all_objects.filter(
        compartment="case", compartment_ref__in=list(cases.values_list("uuid", flat=True))
    )
    for person in inside:
        person.delete()
    count, _detail = cases.delete()
    return count
