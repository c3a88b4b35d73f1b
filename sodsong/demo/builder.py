"""Builds a realistic synthetic province for demos and tests, deterministically.

Everything is keyed by natural keys (area codes, agency names, usernames, document numbers), so
running the demo twice changes nothing. People, names and documents are invented; the geography is
the real one. Demo users are marked `is_demo` and only sign in while SODSONG_DEMO=1.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from importlib import import_module

import geothai
from django.db import transaction

from sodsong.accounts.models import Agency, AgencyKind, Role, RoleAssignment, User
from sodsong.accounts.services import role_assign
from sodsong.geo.models import Area, Level
from sodsong.geo.services import geography_load, villages_bulk_create
from sodsong.people.models import DocumentType, IdentityDocument, Person
from sodsong.people.services import DocumentInput, person_create

DEMO_SOURCE = "demo (synthetic)"
# Modules with a demo.py whose build(province=, seed=) runs after the core demo, in this order.
DEMO_MODULES = (
    "survey",
    "tips",
    "cases",
    "misconduct",
    "awareness",
    "indicators",
    "directives",
)

# Parts of typical northeastern village names: invented combinations, not real villages.
_VILLAGE_HEADS = ("โนน", "หนอง", "ดอน", "นา", "โคก", "ห้วย", "ท่า", "บึง", "ป่า", "คำ", "วัง", "ศรี")
_VILLAGE_TAILS = (
    "สะอาด",
    "แดง",
    "ใหญ่",
    "น้อย",
    "ทอง",
    "งาม",
    "สว่าง",
    "เจริญ",
    "ไผ่",
    "ยาง",
    "บัว",
    "หว้า",
    "คูณ",
    "ขาม",
    "พัฒนา",
    "สามัคคี",
    "ใหม่",
    "เหนือ",
    "ใต้",
    "กลาง",
)
# Invented names in the scripts and patterns of the region's migrant workers and visitors.
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
    "Li Na",
    "Minh",
    "Thanh",
    "Hoa",
)
_FAMILY = (
    "",
    "",
    "Win",
    "Htun",
    "Sok",
    "Chea",
    "Keo",
    "Phommachanh",
    "Vongsa",
    "Zhang",
    "Chen",
    "Nguyen",
    "Tran",
)
_NATIONALITY = ("MMR", "MMR", "KHM", "KHM", "LAO", "LAO", "CHN", "VNM")
_THAI_GIVEN = ("สมชาย", "สมหญิง", "บุญมี", "ประเสริฐ", "สุดา", "วันเพ็ญ", "ทองดี", "คำปุน")
_THAI_FAMILY = ("ศรีสุข", "ใจดี", "พรหมมา", "แก้วคำ", "บุญเรือง", "สายทอง")


@dataclass(frozen=True)
class Persona:
    username: str
    role: str
    title_th: str
    agency_key: str
    area_codes: tuple[str, ...]
    extra_roles: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass
class DemoResult:
    province: Area
    personas: list[Persona] = field(default_factory=list)
    villages: int = 0
    agencies: int = 0
    people: int = 0


def _village_name(rng: random.Random) -> str:
    return "บ้าน" + rng.choice(_VILLAGE_HEADS) + rng.choice(_VILLAGE_TAILS)


def _ensure_villages(province: Area, rng: random.Random) -> int:
    if province.is_bangkok:
        return 0
    wanted: list[tuple[Area, int, str]] = []
    subdistricts = Area.objects.filter(
        level=Level.SUBDISTRICT, code__startswith=province.code, abolished_on__isnull=True
    ).order_by("code")
    for sub in subdistricts:
        # The same draws on every run, so names stay put and a re-run creates nothing.
        for moo in range(1, rng.randint(6, 14) + 1):
            wanted.append((sub, moo, _village_name(rng)))
    villages_bulk_create(villages=wanted)
    return len(wanted)


def _agency(
    kind: str,
    name_th: str,
    name_en: str,
    areas: list[Area],
    parent: Agency | None = None,
    letter_code: str = "",
) -> Agency:
    agency, created = Agency.objects.get_or_create(
        kind=kind,
        name_th=name_th,
        defaults={"name_en": name_en, "parent": parent, "letter_code": letter_code},
    )
    if created:
        agency.areas.set(areas)
    return agency


NATIONAL_AGENCIES = (
    (
        "cyber_police",
        AgencyKind.CYBER_POLICE,
        "กองบัญชาการตำรวจสืบสวนสอบสวนอาชญากรรมทางเทคโนโลยี",
        "Cyber Crime Investigation Bureau",
    ),
    ("dsi", AgencyKind.DSI, "กรมสอบสวนคดีพิเศษ", "Department of Special Investigation"),
    (
        "amlo",
        AgencyKind.AMLO,
        "สำนักงานป้องกันและปราบปรามการฟอกเงิน",
        "Anti-Money Laundering Office",
    ),
    (
        "aoc",
        AgencyKind.AOC,
        "ศูนย์ปฏิบัติการแก้ไขปัญหาอาชญากรรมออนไลน์ (AOC 1441)",
        "Anti Online Scam Operation Center (AOC 1441)",
    ),
)
# Names earlier demos gave; renamed in place so a re-run keeps one row (and its users).
_LEGACY_NAMES = (
    ("ด่านตรวจคนเข้าเมืองจังหวัด", AgencyKind.IMMIGRATION, "ตรวจคนเข้าเมืองจังหวัด", None),
    ("สำนักงานแรงงานจังหวัด", AgencyKind.LABOUR, "สำนักงานจัดหางานจังหวัด", None),
    (
        "กองกำลังรักษาความสงบ จังหวัด",
        AgencyKind.MILITARY,
        "กองอำนวยการรักษาความมั่นคงภายในจังหวัด",
        AgencyKind.ISOC,
    ),
)


def _rename_legacy_agencies(pname: str) -> None:
    for old, kind, new, new_kind in _LEGACY_NAMES:
        for agency in Agency.objects.filter(kind=kind, name_th=f"{old}{pname}"):
            if Agency.objects.filter(name_th=f"{new}{pname}").exists():
                continue
            agency.name_th = f"{new}{pname}"
            agency.kind = new_kind or kind
            agency.save()


def _agencies(province: Area) -> dict[str, Agency]:
    districts = list(
        Area.objects.filter(
            level=Level.DISTRICT, code__startswith=province.code, abolished_on__isnull=True
        ).order_by("code")
    )
    pname = province.name_th
    agencies: dict[str, Agency] = {}
    agencies["ministry"] = _agency(
        AgencyKind.MINISTRY,
        "กรมการปกครอง กระทรวงมหาดไทย",
        "Department of Provincial Administration",
        [],
    )
    if province.is_bangkok:
        agencies["province"] = _agency(
            AgencyKind.PROVINCIAL_ADMIN,
            "สำนักการสอบสวนและนิติการ กรมการปกครอง (กรุงเทพมหานคร)",
            "DOPA Bangkok desk",
            [province],
            agencies["ministry"],
        )
    else:
        agencies["province"] = _agency(
            AgencyKind.PROVINCIAL_ADMIN,
            f"ที่ทำการปกครองจังหวัด{pname}",
            f"{province.name_en} Provincial Administration Office",
            [province],
            agencies["ministry"],
        )
    _rename_legacy_agencies(pname)
    # A province's own offices, named as they sign their letters. Sakon Nakhon is inland: its
    # immigration is ตรวจคนเข้าเมืองจังหวัด (ตม.จว.), not a border checkpoint (ด่าน).
    in_province = "กรุงเทพมหานคร" if province.is_bangkok else f"จังหวัด{pname}"
    agencies["provincial_police"] = _agency(
        AgencyKind.PROVINCIAL_POLICE,
        "กองบัญชาการตำรวจนครบาล" if province.is_bangkok else f"ตำรวจภูธรจังหวัด{pname}",
        f"{province.name_en} Provincial Police",
        [province],
    )
    agencies["immigration"] = _agency(
        AgencyKind.IMMIGRATION,
        "กองบังคับการตรวจคนเข้าเมือง 1" if province.is_bangkok else f"ตรวจคนเข้าเมืองจังหวัด{pname}",
        f"{province.name_en} Immigration",
        [province],
    )
    agencies["military"] = _agency(
        AgencyKind.ISOC,
        f"กองอำนวยการรักษาความมั่นคงภายใน{in_province}",
        f"{province.name_en} Internal Security Operations Command",
        [province],
    )
    # An investigating body outside the provincial chain of command, for misconduct matters
    # against provincial or district staff.
    agencies["nacc"] = _agency(
        AgencyKind.OTHER,
        f"สำนักงาน ป.ป.ช. ประจำจังหวัด{pname}",
        f"NACC {province.name_en} Provincial Office",
        [province],
    )
    agencies["labour"] = _agency(
        AgencyKind.LABOUR,
        f"สำนักงานจัดหางาน{in_province}",
        f"{province.name_en} Provincial Employment Office",
        [province],
    )
    agencies["damrongdham"] = _agency(
        AgencyKind.DAMRONGDHAM,
        f"ศูนย์ดำรงธรรม{in_province}",
        f"{province.name_en} Damrongdham Centre",
        [province],
    )
    agencies["social_dev"] = _agency(
        AgencyKind.SOCIAL_DEVELOPMENT,
        f"สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์{in_province}",
        f"{province.name_en} Provincial Social Development and Human Security Office",
        [province],
    )
    # National bodies the province's cases work with; they cover no one area.
    for key, kind, name_th, name_en in NATIONAL_AGENCIES:
        agencies[key] = _agency(kind, name_th, name_en, [])
    for i, district in enumerate(districts):
        office_prefix = "สำนักงานเขต" if province.is_bangkok else "ที่ว่าการอำเภอ"
        name = district.name_th.removeprefix("เขต")
        office = _agency(
            AgencyKind.DISTRICT_OFFICE,
            f"{office_prefix}{name}",
            f"{district.name_en} District Office",
            [district],
            agencies["province"],
        )
        police = _agency(
            AgencyKind.POLICE,
            f"สถานีตำรวจ{'นครบาล' if province.is_bangkok else 'ภูธร'}{name}",
            f"{district.name_en} Police Station",
            [district],
        )
        if i < 2:
            agencies[f"district{i + 1}"] = office
            agencies[f"police{i + 1}"] = police
    first_sub = (
        Area.objects.filter(
            level=Level.SUBDISTRICT, code__startswith=districts[0].code, abolished_on__isnull=True
        )
        .order_by("code")
        .first()
    )
    assert first_sub is not None
    if province.is_bangkok:
        agencies["localgov"] = _agency(
            AgencyKind.LOCAL_GOV, "กรุงเทพมหานคร", "Bangkok Metropolitan Administration", [province]
        )
    else:
        agencies["localgov"] = _agency(
            AgencyKind.LOCAL_GOV,
            f"องค์การบริหารส่วนตำบล{first_sub.name_th}",
            f"{first_sub.name_en} Subdistrict Administrative Organization",
            [first_sub],
        )
    return agencies


def _personas(province: Area) -> list[Persona]:
    districts = list(
        Area.objects.filter(
            level=Level.DISTRICT, code__startswith=province.code, abolished_on__isnull=True
        ).order_by("code")[:2]
    )
    d1, d2 = districts
    personas = [
        Persona("ministry", Role.MINISTRY, "เจ้าหน้าที่กรมการปกครอง", "ministry", ()),
        Persona(
            "province",
            Role.PROVINCE,
            "เจ้าพนักงานปกครอง ที่ทำการปกครองจังหวัด",
            "province",
            (province.code,),
            ((Role.ADMIN, ()),),
        ),
        Persona("district", Role.DISTRICT, "ปลัดอำเภอ", "district1", (d1.code,)),
        Persona("district2", Role.DISTRICT, "ปลัดอำเภอ", "district2", (d2.code,)),
        Persona("police", Role.AGENCY_OFFICER, "พนักงานสอบสวน", "police1", (d1.code,)),
        Persona("police2", Role.AGENCY_OFFICER, "พนักงานสอบสวน", "police2", (d2.code,)),
        Persona(
            "immigration",
            Role.AGENCY_OFFICER,
            "เจ้าหน้าที่ตรวจคนเข้าเมือง",
            "immigration",
            (province.code,),
        ),
        Persona("analyst", Role.ANALYST, "นักวิเคราะห์ข้อมูล", "province", (province.code,)),
        Persona(
            "investigator",
            Role.INVESTIGATOR,
            "ผู้ตรวจสอบเรื่องร้องเรียนเจ้าหน้าที่",
            "province",
            (province.code,),
        ),
        # Outside the provincial chain of command: sees matters against provincial staff.
        Persona(
            "investigator2",
            Role.INVESTIGATOR,
            "พนักงานไต่สวน สำนักงาน ป.ป.ช. ประจำจังหวัด",
            "nacc",
            (province.code,),
        ),
    ]
    s1 = (
        Area.objects.filter(
            level=Level.SUBDISTRICT, code__startswith=d1.code, abolished_on__isnull=True
        )
        .order_by("code")
        .first()
    )
    assert s1 is not None
    if province.is_bangkok:
        personas.append(
            Persona("localgov", Role.LOCALGOV, "เจ้าหน้าที่สำนักงานเขต (กทม.)", "localgov", (d1.code,))
        )
        return personas
    v = {a.moo: a.code for a in Area.objects.filter(parent=s1, level=Level.VILLAGE)}
    s2 = (
        Area.objects.filter(
            level=Level.SUBDISTRICT, code__startswith=d2.code, abolished_on__isnull=True
        )
        .order_by("code")
        .first()
    )
    assert s2 is not None
    v2 = Area.objects.filter(parent=s2, level=Level.VILLAGE).order_by("code").first()
    assert v2 is not None
    personas += [
        # A kamnan is also the headman of his own village.
        Persona("kamnan", Role.KAMNAN, "กำนัน", "district1", (s1.code,), ((Role.HEADMAN, (v[1],)),)),
        Persona("headman", Role.HEADMAN, "ผู้ใหญ่บ้าน", "district1", (v[2],)),
        Persona("headman3", Role.HEADMAN, "ผู้ใหญ่บ้าน", "district1", (v[3],)),
        Persona("headman2", Role.HEADMAN, "ผู้ใหญ่บ้าน", "district2", (v2.code,)),
        Persona("localgov", Role.LOCALGOV, "นักพัฒนาชุมชน อบต.", "localgov", (s1.code,)),
    ]
    return personas


def _ensure_user(persona: Persona, agencies: dict[str, Agency], password: str) -> User:
    user = User.objects.filter(username=persona.username).first()
    if user is not None:
        return user
    user = User(
        username=persona.username,
        first_name=persona.username.capitalize(),
        last_name="(สาธิต)",
        agency=agencies[persona.agency_key],
        position_th=persona.title_th,
        # Password reset links go to the user's own address (#17 H4); in demo mode the console.
        email=f"{persona.username}@demo.invalid",
        is_demo=True,
    )
    user.set_password(password)
    user.save()
    for role, codes in ((persona.role, persona.area_codes), *persona.extra_roles):
        role_assign(user=user, role=role, areas=list(Area.objects.filter(code__in=codes)))
    return user


def _ensure_people(province: Area, rng: random.Random) -> int:
    villages = list(
        Area.objects.filter(level=Level.VILLAGE, code__startswith=province.code).order_by("code")[
            :40
        ]
    )
    if not villages:
        villages = list(
            Area.objects.filter(
                level=Level.SUBDISTRICT, code__startswith=province.code, abolished_on__isnull=True
            ).order_by("code")[:20]
        )
    created = 0
    for index in range(60):
        nationality = rng.choice(_NATIONALITY)
        passport = f"{nationality[0]}{rng.randint(1000000, 9999999)}"
        given, family = rng.choice(_GIVEN), rng.choice(_FAMILY)
        village = villages[index % len(villages)]
        year, month = rng.randint(1970, 2004), rng.choice([None, rng.randint(1, 12)])
        sex = rng.choice(["F", "M"])
        doc = DocumentInput(DocumentType.PASSPORT, nationality, passport)
        if IdentityDocument.all_objects.filter(
            doc_type=doc.doc_type, issuing_state=doc.issuing_state, number=doc.number
        ).exists():
            continue
        person_create(
            area=village,
            source=DEMO_SOURCE,
            given_name_latin=given,
            family_name_latin=family,
            birth_year=year,
            birth_month=month,
            sex=sex,
            nationality=nationality,
            documents=[doc],
        )
        created += 1
    for index in range(10):
        village = villages[index % len(villages)]
        given, family = rng.choice(_THAI_GIVEN), rng.choice(_THAI_FAMILY)
        born = rng.randint(1955, 1990)
        if Person.objects.filter(
            area=village, given_name_th=given, family_name_th=family, source=DEMO_SOURCE
        ).exists():
            continue
        person_create(
            area=village,
            source=DEMO_SOURCE,
            given_name_th=given,
            family_name_th=family,
            birth_year=born,
            nationality="THA",
        )
        created += 1
    return created


@transaction.atomic
def demo_build(*, province_code: str = "47", seed: int = 2567, password: str) -> DemoResult:
    if geothai.province(province_code) is None:
        raise ValueError(f"unknown province code {province_code!r}")
    if not Area.objects.filter(level=Level.SUBDISTRICT).exists():
        geography_load()
    province = Area.objects.get(code=province_code)
    rng = random.Random(f"{seed}:{province_code}")
    result = DemoResult(province=province)
    result.villages = _ensure_villages(province, rng)
    agencies = _agencies(province)
    result.agencies = Agency.objects.count()
    result.personas = _personas(province)
    for persona in result.personas:
        _ensure_user(persona, agencies, password)
    result.people = _ensure_people(province, random.Random(f"{seed}:{province_code}:people"))
    for module in DEMO_MODULES:
        # Each module adds its own demo data, idempotently, in the order they build on each other.
        build = getattr(import_module(f"sodsong.{module}.demo"), "build", None)
        if build is not None:
            build(province=province, seed=seed)
    return result


@transaction.atomic
def demo_remove() -> int:
    """Removes demo accounts and synthetic people so that production mode can start."""
    for module in reversed(DEMO_MODULES):
        # Later modules' records point at people and users; each module removes its own first.
        remove = getattr(import_module(f"sodsong.{module}.demo"), "remove", None)
        if remove is not None:
            remove()
    users = list(User.objects.filter(is_demo=True))
    RoleAssignment.objects.filter(user__in=users).delete()
    for person in Person.all_objects.filter(source=DEMO_SOURCE):
        person.delete()
    count = len(users)
    User.objects.filter(pk__in=[u.pk for u in users]).delete()
    return count
