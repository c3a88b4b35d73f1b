"""Demo data of the survey module: build(province=, seed=) is idempotent.

A few hundred invented foreign residents across the province's villages (the demo headmen's
villages included), hosts and TM.30 notifications with realistic gaps (some missing, some late),
visas and work permits, visits with behavioural red flags, and a district round half-submitted.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from sodsong.accounts.models import User
from sodsong.core.context import Actor, acting_as
from sodsong.geo.models import Area, Level
from sodsong.people.models import DocumentType, IdentityDocument, Person
from sodsong.people.services import DocumentInput
from sodsong.survey import services
from sodsong.survey.models import (
    RedFlag,
    Residence,
    Resident,
    ResidentStatus,
    Submission,
    SurveyRound,
    Visit,
    tm30_status_for,
)

RESIDENTS = 240
ROUND_NAME = "รอบสำรวจคนต่างด้าวในหมู่บ้าน ครั้งที่ 1"

_GIVEN = (
    "Aung",
    "Kyaw",
    "Thida",
    "Mya",
    "Zaw",
    "Hnin",
    "Sokha",
    "Dara",
    "Chanthy",
    "Vanna",
    "Bounmy",
    "Khamla",
    "Somphone",
    "Noy",
    "Wei",
    "Jun",
    "Minh",
    "Thanh",
    "Hoa",
    "Phalla",
    "Sreymom",
    "Ko Ko",
    "Su Su",
    "Latsamy",
)
_FAMILY = ("", "Win", "Htun", "Oo", "Sok", "Chea", "Keo", "Vongsa", "Chen", "Nguyen", "Tran", "Li")
_STATES = ("MMR", "MMR", "KHM", "KHM", "LAO", "LAO", "VNM", "CHN")
_OCCUPATIONS = (
    "ลูกจ้างก่อสร้าง",
    "ลูกจ้างร้านอาหาร",
    "แรงงานเกษตร",
    "แม่บ้าน",
    "ค้าขาย",
    "ลูกจ้างโรงงาน",
    "",
)
_HOSTS = ("สมชาย ศรีสุข", "บุญมี ใจดี", "สุดา พรหมมา", "ทองดี แก้วคำ", "วันเพ็ญ สายทอง")
_OBSERVATIONS = (
    "เยี่ยมบ้าน พูดคุยกับผู้พักอาศัย ไม่พบสิ่งผิดปกติ",
    "ผู้พักอาศัยแจ้งว่าทำงานที่ตลาดในตัวอำเภอ",
    "บ้านเช่าหลังนี้มีผู้พักอาศัยเปลี่ยนบ่อย ควรติดตาม",
    "เจ้าของบ้านรับว่าจะไปแจ้ง ตม.30 ภายในสัปดาห์นี้",
)


def _villages(province: Area) -> list[Area]:
    """Villages of the province: the demo headmen's first, then a spread over the districts."""
    personas = {"headman", "headman2", "headman3", "kamnan"}
    own = list(
        Area.objects.filter(level=Level.VILLAGE, role_assignments__user__username__in=personas)
        .distinct()
        .order_by("code")
    )
    rest = list(
        Area.objects.filter(level=Level.VILLAGE, code__startswith=province.code)
        .exclude(pk__in=[a.pk for a in own])
        .order_by("code")
    )
    return own + rest[::7][:60]


def build(*, province: Area, seed: int) -> None:
    if province.is_bangkok:
        return
    admin = User.objects.filter(username="province").first()
    district = User.objects.filter(username="district").first()
    if admin is None:
        return
    rng = random.Random(f"{seed}:{province.code}:survey")
    today = timezone.localdate()
    villages = _villages(province)
    with acting_as(Actor(user_id=admin.pk, via="command")):
        _residents(admin, villages, f"{seed}:{province.code}:survey", today)
        _adopt_core_people(rng, today)
        _visits(villages, rng, today)
        if district is not None:
            _round(district, rng, today)


def _residents(admin: User, villages: list[Area], seed: str, today: dt.date) -> None:
    for index in range(RESIDENTS):
        # One generator per resident: what one resident gets never depends on the others.
        rng = random.Random(f"{seed}:{index}")
        state = rng.choice(_STATES)
        number = f"{state[0]}{rng.randint(1000000, 9999999)}"
        if IdentityDocument.all_objects.filter(
            doc_type=DocumentType.PASSPORT, issuing_state=state, number=number
        ).exists():
            continue
        village = (
            villages[(index * 7) % len(villages)]
            if index >= 40
            else villages[index % len(villages)]
        )
        given, family = rng.choice(_GIVEN), rng.choice(_FAMILY)
        year, month = rng.randint(1968, 2005), rng.choice([None, rng.randint(1, 12)])
        sex = rng.choice(["F", "M"])
        moved_in = today - dt.timedelta(days=rng.randint(3, 900))
        roll = rng.random()
        # Realistic gaps: about a quarter never notified, one in ten notified late.
        if roll < 0.25:
            notified = None
        elif roll < 0.35:
            notified = moved_in + dt.timedelta(days=rng.randint(3, 40))
        else:
            notified = moved_in + dt.timedelta(days=rng.randint(0, 1))
        notified = min(notified, today) if notified else None
        documents = [DocumentInput(DocumentType.PASSPORT, state, number)]
        if rng.random() < 0.4:
            documents.append(
                DocumentInput(
                    DocumentType.VISA,
                    "THA",
                    f"V{rng.randint(10000000, 99999999)}",
                    expires_on=today + dt.timedelta(days=rng.randint(-60, 400)),
                    subtype=rng.choice(["Non-LA", "Non-B", "Non-ED", "TR"]),
                )
            )
        if rng.random() < 0.35:
            documents.append(
                DocumentInput(
                    DocumentType.WORK_PERMIT,
                    "THA",
                    f"WP{rng.randint(1000000, 9999999)}",
                    expires_on=today + dt.timedelta(days=rng.randint(-30, 700)),
                    issuer_detail=rng.choice(
                        ["หจก. ก่อสร้างสกลรุ่งเรือง", "ร้านอาหารครัวอีสาน", "สวนยางพารา"]
                    ),
                )
            )
        phone = f"08{rng.randint(10000000, 99999999)}" if rng.random() < 0.6 else ""
        host_name = rng.choice(_HOSTS)
        status = (
            ResidentStatus.LIVING
            if rng.random() < 0.9
            else rng.choice([ResidentStatus.MOVED_WITHIN_TH, ResidentStatus.LEFT])
        )
        if any(
            IdentityDocument.all_objects.filter(
                doc_type=d.doc_type, issuing_state=d.issuing_state, number=d.number
            ).exists()
            for d in documents[1:]
        ):
            documents = documents[:1]
        given_th, family_th = host_name.split()
        services.resident_register(
            user=admin,
            area=village,
            given_name_latin=given,
            family_name_latin=family,
            birth_year=year,
            birth_month=month,
            sex=sex,
            nationality=state,
            documents=documents,
            occupation=rng.choice(_OCCUPATIONS),
            status=status,
            house_no=f"{rng.randint(1, 250)}",
            moved_in_on=moved_in,
            host=services.HostInput(
                kind=rng.choice(["owner", "owner", "possessor", "hotel"]),
                given_name_th=given_th,
                family_name_th=family_th,
            ),
            tm30_notified_on=notified,
            tm30_reference=f"TM30-{rng.randint(10000, 99999)}" if notified else "",
            phones=[phone] if phone else [],
        )


def _adopt_core_people(rng: random.Random, today: dt.date) -> None:
    """The core demo's passport holders become residents of the villages they are recorded in."""
    people = Person.objects.filter(
        documents__doc_type=DocumentType.PASSPORT,
        resident__isnull=True,
        area__level=Level.VILLAGE,
    ).distinct()
    for person in people:
        resident = Resident.objects.create(person=person, area=person.area)
        moved_in = today - dt.timedelta(days=rng.randint(30, 700))
        Residence.objects.create(
            resident=resident,
            area=person.area,
            house_no=str(rng.randint(1, 200)),
            moved_in_on=moved_in,
            tm30_status=tm30_status_for(moved_in, None),
        )


def _visits(villages: list[Area], rng: random.Random, today: dt.date) -> None:
    flags = list(RedFlag.objects.filter(active=True))
    for village in villages[:30]:
        if Visit.all_objects.filter(area=village).exists():
            continue
        residents = list(Resident.objects.filter(area=village, status=ResidentStatus.LIVING)[:3])
        visitor = (
            User.objects.filter(
                role_assignments__role="headman", role_assignments__areas=village
            ).first()
            or User.objects.filter(username="province").first()
        )
        for _ in range(rng.randint(1, 3)):
            chosen = rng.sample(flags, k=rng.choice([0, 0, 0, 1, 2])) if flags else []
            visit = Visit.objects.create(
                area=village,
                visited_on=today - dt.timedelta(days=rng.randint(0, 60)),
                visitor=visitor,
                house_no=str(rng.randint(1, 200)),
                observations=rng.choice(_OBSERVATIONS),
            )
            visit.residents.set(rng.sample(residents, k=min(len(residents), rng.randint(0, 2))))
            visit.red_flags.set(chosen)


def _round(district: User, rng: random.Random, today: dt.date) -> None:
    area = district.role_assignments.first().areas.first()  # type: ignore[union-attr]
    if area is None or SurveyRound.objects.filter(name=ROUND_NAME, area=area).exists():
        return
    survey_round = services.round_open(
        user=district,
        name=ROUND_NAME,
        area=area,
        starts_on=today - dt.timedelta(days=20),
        ends_on=today + dt.timedelta(days=10),
    )
    headmen_villages = set(
        Area.objects.filter(role_assignments__user__username__in=["headman", "kamnan"]).values_list(
            "pk", flat=True
        )
    )
    submissions = list(survey_round.submissions.select_related("area").order_by("area__code"))
    for index, submission in enumerate(submissions):
        # The demo headman's own village stays open, so the demo shows how to submit.
        if submission.area_id in headmen_villages or index % 2:
            continue
        submission.status = Submission.Status.SUBMITTED
        submission.submitted_at = timezone.now() - dt.timedelta(days=rng.randint(0, 25))
        submission.note = "ส่งผลการสำรวจประจำรอบ"
        roll = rng.random()
        if roll < 0.5:
            submission.status = Submission.Status.APPROVED
            submission.reviewed_by = district
            submission.reviewed_at = timezone.now()
        elif roll < 0.6:
            submission.status = Submission.Status.RETURNED
            submission.reviewed_by = district
            submission.reviewed_at = timezone.now()
            submission.review_comment = "ข้อมูล ตม.30 ไม่ครบ กรุณาตรวจสอบอีกครั้ง"
        submission.save()
