"""Demo data of the tips module: realistic public tips and watch reports in the demo province,
some sharing phone numbers, bank accounts and LINE IDs. Idempotent: a tip is keyed by its text
and area, so a second run adds nothing."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.utils import timezone

from sodsong.accounts.models import Role, RoleAssignment, User
from sodsong.entities.services import mention_record, mentions_delete_for_sources
from sodsong.geo.models import Area, Level
from sodsong.tips import services
from sodsong.tips.models import ReporterDesignation, Tip, TipKind, TipStatus
from sodsong.tips.services.retention import attachment_remove

SHARED_PHONE = ("phone", "+66951182247", "095-118-2247")
SHARED_BANK = ("bank_account", "KBANK:1234567890", "กสิกร 123-4-56789-0")
SHARED_LINE = ("line_id", "@jobasia88", "@jobasia88")
FOREIGN_PHONE = ("phone", "+855976543210", "+855 97 654 3210")
SMS_URL = ("url", "https://kbank-verify.example/login", "https://kbank-verify.example/login")
BANGKOK_PHONE = ("phone", "+6625550199", "02-555-0199")


@dataclass(frozen=True)
class DemoTip:
    key: str
    kind: str
    where: str  # "d1v1", "d1v2", "d1v3", "d2v1", "d1s" …
    text: str
    identifiers: tuple[tuple[str, str, str], ...] = ()
    reporter: str = ""  # persona username for watch reports
    red_flags: tuple[str, ...] = ()
    days_ago: int = 3
    status: str = TipStatus.NEW
    contact_phone: str = ""


DEMO_TIPS = (
    DemoTip(
        "parcel-scam",
        TipKind.TIP,
        "d1v1",
        "มีคนโทรมาอ้างเป็นเจ้าหน้าที่ไปรษณีย์ บอกว่าพัสดุของฉันมียาเสพติด ให้โอนเงินไปบัญชี"
        "กสิกร 123-4-56789-0 เพื่อตรวจสอบ โทรมาจากเบอร์ 095-118-2247",
        (SHARED_BANK, SHARED_PHONE),
        days_ago=2,
        contact_phone="0899990001",
    ),
    DemoTip(
        "rented-house",
        TipKind.TIP,
        "d1v2",
        "บ้านเช่าท้ายหมู่บ้านมีคนหนุ่มสาวราว 8 คน ปิดม่านทั้งวัน ได้ยินเสียงคุยโทรศัพท์"
        "เหมือนอ่านบทตลอดคืน คนที่มาเช่าให้เบอร์ติดต่อ 095-118-2247",
        (SHARED_PHONE,),
        days_ago=5,
    ),
    DemoTip(
        "headman-house",
        TipKind.REPORT,
        "headman",
        "พบบ้านเช่าที่มีกลุ่มคนประมาณ 6 คน ไม่ออกไปทำงาน ขนคอมพิวเตอร์ โทรศัพท์ และเราเตอร์"
        "เข้าบ้านจำนวนมาก ปิดหน้าต่างตลอดวัน ไม่พูดคุยกับเพื่อนบ้าน",
        (),
        reporter="headman",
        red_flags=(
            "premises-many-devices",
            "premises-curtains-closed",
            "premises-no-jobs-short-rent",
        ),
        days_ago=4,
    ),
    DemoTip(
        "kamnan-accounts",
        TipKind.REPORT,
        "kamnan",
        "มีคนมาจ้างชาวบ้านเปิดบัญชีธนาคารคนละ 2,000 บาท แล้วเก็บสมุดบัญชีและบัตร ATM ไป "
        "ค่าจ้างโอนมาจากบัญชีกสิกร 123-4-56789-0",
        (SHARED_BANK,),
        reporter="kamnan",
        red_flags=("mule-paying-villagers", "mule-buying-documents"),
        days_ago=9,
    ),
    DemoTip(
        "localgov-sims",
        TipKind.REPORT,
        "localgov",
        "มีคนมารับซื้อสำเนาบัตรประชาชนและซิมการ์ดที่ตลาดนัดวันพุธ ให้ค่าตอบแทนซิมละ 300 บาท "
        "ทิ้งเบอร์ติดต่อไว้ 095-118-2247",
        (SHARED_PHONE,),
        reporter="localgov",
        red_flags=("mule-many-sims", "mule-buying-documents"),
        days_ago=12,
    ),
    DemoTip(
        "job-ad",
        TipKind.TIP,
        "d2v1",
        "เพจรับสมัครงานแอดมินออนไลน์ที่กัมพูชา เงินเดือน 35,000 บาท ไม่ต้องมีประสบการณ์ "
        "มีที่พักฟรี ติดต่อไลน์ @jobasia88 หรือโทร +855 97 654 3210",
        (SHARED_LINE, FOREIGN_PHONE),
        days_ago=6,
    ),
    DemoTip(
        "headman2-crossing",
        TipKind.REPORT,
        "headman2",
        "ลูกบ้านเล่าว่ามีคนชวนลูกชายไปทำงานต่างประเทศ นัดขึ้นรถตอนกลางคืน ให้ติดต่อผ่านไลน์ "
        "@jobasia88 และบอกว่าต้องฝากหนังสือเดินทางไว้กับนายหน้า",
        (SHARED_LINE,),
        reporter="headman2",
        red_flags=(
            "recruiting-online-ads",
            "recruiting-night-crossings",
            "recruiting-passports-taken",
        ),
        days_ago=3,
    ),
    DemoTip(
        "sms-link",
        TipKind.TIP,
        "d1v3",
        "ได้รับ SMS แจ้งว่าบัญชีธนาคารถูกระงับ ให้กดลิงก์ https://kbank-verify.example/login "
        "แล้วโทรกลับ 02-555-0199 แม่กดไปแล้วเงินหายไป 15,000 บาท",
        (SMS_URL, BANGKOK_PHONE),
        days_ago=20,
        status=TipStatus.VERIFIED,
    ),
    DemoTip(
        "stranger",
        TipKind.TIP,
        "d2v1",
        "เห็นรถตู้ไม่คุ้นหน้ามาจอดในหมู่บ้านสองสามวัน ไม่แน่ใจว่ามาทำอะไร",
        (),
        days_ago=40,
        status=TipStatus.UNFOUNDED,
    ),
)


def _assigned_area(username: str, role: str) -> tuple[User, Area] | None:
    user = User.objects.filter(username=username).first()
    if user is None:
        return None
    assignment = (
        RoleAssignment.objects.filter(user=user, role=role, revoked_at__isnull=True)
        .prefetch_related("areas")
        .first()
    )
    if assignment is None or not assignment.areas.exists():
        return None
    area = assignment.areas.order_by("code").first()
    # A kamnan or local body covers a sub-district: report about its first village.
    if area is not None and area.level == Level.SUBDISTRICT:
        area = (
            Area.objects.filter(parent=area, level=Level.VILLAGE).order_by("code").first() or area
        )
    return (user, area) if area is not None else None


def _villages(province: Area) -> dict[str, Area]:
    districts = list(
        Area.objects.filter(
            level=Level.DISTRICT, code__startswith=province.code, abolished_on__isnull=True
        ).order_by("code")[:2]
    )
    found: dict[str, Area] = {}
    for index, district in enumerate(districts, start=1):
        villages = list(
            Area.objects.filter(level=Level.VILLAGE, code__startswith=district.code).order_by(
                "code"
            )[:3]
        )
        if not villages:
            villages = list(
                Area.objects.filter(
                    level=Level.SUBDISTRICT, code__startswith=district.code
                ).order_by("code")[:3]
            )
        for number, village in enumerate(villages, start=1):
            found[f"d{index}v{number}"] = village
    return found


def _record_identifiers(tip: Tip, identifiers: tuple[tuple[str, str, str], ...]) -> None:
    for kind, value, raw in identifiers:
        start = tip.description.find(raw)
        mention_record(
            type=kind,
            value=value,
            source_type=tip.kind,
            source_uuid=tip.uuid,
            area_code=tip.area.code,
            start=start if start >= 0 else None,
            end=start + len(raw) if start >= 0 else None,
            normalised=True,
        )


def build(*, province: Area, seed: int) -> None:
    rng = random.Random(f"{seed}:{province.code}:tips")
    villages = _villages(province)
    officer = User.objects.filter(username="district").first()
    created: list[Tip] = []
    for index, demo in enumerate(DEMO_TIPS):
        if demo.kind == TipKind.REPORT:
            role = {"kamnan": Role.KAMNAN, "localgov": Role.LOCALGOV}.get(
                demo.reporter, Role.HEADMAN
            )
            found = _assigned_area(demo.reporter, role)
            if found is None:
                continue
            reporter, area = found
        else:
            reporter, area = None, villages.get(demo.where)  # type: ignore[assignment]
            if area is None:
                continue
        if Tip.all_objects.filter(description=demo.text, area=area).exists():
            continue
        occurred = timezone.localdate() - dt.timedelta(days=demo.days_ago + rng.randint(0, 1))
        if demo.kind == TipKind.REPORT:
            tip = services.watch_report_create(
                reporter=reporter,
                area=area,
                description=demo.text,
                red_flags=demo.red_flags,
                occurred_on=occurred,
            )
        else:
            tip = services.public_tip_submit(
                description=demo.text,
                client_address=f"demo-{seed}-{index}",
                province=area.code[:2],
                district=area.code[:4],
                subdistrict=area.code[:6] if len(area.code) >= 6 else "",
                village=area.code if len(area.code) == 8 else "",
                occurred_on=occurred,
                contact_phone=demo.contact_phone,
            )
        Tip.objects.filter(pk=tip.pk).update(
            created_at=timezone.now() - dt.timedelta(days=demo.days_ago, hours=rng.randint(1, 20))
        )
        tip.refresh_from_db()
        _record_identifiers(tip, demo.identifiers)
        if demo.status != TipStatus.NEW and officer is not None:
            services.tip_set_status(tip=tip, status=demo.status, by=officer)
        created.append(tip)
    for tip in created:
        services.tip_rescore(tip=tip)
    _designate(province)


def _designate(province: Area) -> None:
    """The first district designates its own officer to see reporters' identities."""
    officer = User.objects.filter(username="district").first()
    chief = User.objects.filter(username="province").first()
    if officer is None or chief is None:
        return
    assignment = RoleAssignment.objects.filter(user=officer, role=Role.DISTRICT).first()
    district = assignment.areas.first() if assignment else None
    if district is None or not district.code.startswith(province.code):
        return
    if not ReporterDesignation.objects.filter(
        district=district, user=officer, revoked_at__isnull=True
    ).exists():
        services.designation_grant(district=district, user=officer, by=chief)


def remove() -> int:
    """Removes the demo tips and watch reports (for `sodsong demo --remove`, before the demo
    people and accounts go): the public tips by their demo text, and every watch report a demo
    account filed, with their notes, identifier mentions and files."""
    from sodsong.core.models import Attachment

    texts = [d.text for d in DEMO_TIPS]
    tips = list(
        Tip.all_objects.filter(description__in=texts)
        | Tip.all_objects.filter(reporter__is_demo=True)
    )
    by_kind: dict[str, list] = {}
    for tip in tips:
        by_kind.setdefault(tip.kind, []).append(tip.uuid)
    for kind, uuids in by_kind.items():
        mentions_delete_for_sources(source_type=kind, source_uuids=uuids)
    for tip in tips:
        for attachment in Attachment.objects.filter(owner_uuid=tip.uuid):
            attachment_remove(attachment)
    Tip.all_objects.filter(duplicate_of__in=tips).update(duplicate_of=None)
    for tip in tips:
        tip.delete()
    return len(tips)
