"""Demo data of the indicators module: build(province=, seed=) is idempotent.

A 30-day report from every district of the demo province through approval to a consolidated
provincial report:

1. gives the province's and districts' offices a letter code (สน 0018.3, สน 0318, …) where
   they have none, and a district officer account for each district without a demo persona;
2. computes the indicator facts from the other modules' demo records;
3. opens the directive's 30-day window (received 25 days ago);
4. every district writes its narrative and submits; the province returns one report with a
   comment, the district corrects and resubmits, and the province approves them all;
5. the province consolidates the approved reports and submits its report to the ministry.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from sodsong.accounts.models import Agency, AgencyKind, Role, User
from sodsong.core.context import Actor, acting_as
from sodsong.documents.offices import default_address, province_admin_code
from sodsong.geo.models import Area, Level

DIRECTIVE_REFERENCE = "หนังสือจังหวัด ด่วนที่สุด ที่ {abbr} 0017.1/ว 4512 ลงวันที่ {date}"
# Two-letter codes of a few provinces for letter numbers (DOMAIN §7); others use "ปค".
PROVINCE_ABBR = {"47": "สน", "90": "สข", "10": "กท", "41": "อด", "43": "นค", "48": "นพ"}
DEMO_MARK = "(สาธิต)"

_DONE = (
    "อำเภอได้ประชุมหน่วยงานบังคับใช้กฎหมายในพื้นที่ ทั้งฝ่ายปกครอง ตำรวจ ทหาร และตรวจคนเข้าเมือง "
    "และออกตรวจสถานที่พักที่มีพฤติการณ์น่าสงสัยร่วมกัน",
    "อำเภอได้แจ้งกำนัน ผู้ใหญ่บ้าน และองค์กรปกครองส่วนท้องถิ่น สำรวจคนต่างด้าวที่พักอาศัยในหมู่บ้าน "
    "และบันทึกผลลงในระบบสอดส่อง",
    "อำเภอได้ประชาสัมพันธ์ผ่านหอกระจายข่าว การประชุมหมู่บ้าน และกลุ่มไลน์ของหมู่บ้าน",
)
_PROBLEMS = (
    "คนต่างด้าวบางรายย้ายที่พักบ่อย ทำให้การแจ้งที่พัก (ตม.๓๐) ไม่เป็นปัจจุบัน",
    "ผู้ใหญ่บ้านบางหมู่บ้านยังไม่คุ้นเคยกับการบันทึกข้อมูลในระบบ",
    "",
)
_RECOMMENDATIONS = (
    "ขอให้จังหวัดจัดอบรมการใช้ระบบแก่ผู้ใหญ่บ้านเพิ่มเติม",
    "ขอให้ด่านตรวจคนเข้าเมืองจังหวัดเข้าร่วมตรวจสอบในพื้นที่อย่างต่อเนื่อง",
    "",
)


def _abbr(province: Area) -> str:
    return PROVINCE_ABBR.get(province.code, "ปค")


def _letter_codes(province: Area) -> None:
    abbr = _abbr(province)
    office = Agency.objects.filter(kind=AgencyKind.PROVINCIAL_ADMIN, areas=province).first()
    if office is not None and (not office.letter_code or not office.address_th):
        # ที่ทำการปกครองจังหวัด is owner 0018 (sodsong.documents.offices); 0017 is สำนักงานจังหวัด.
        office.letter_code = office.letter_code or province_admin_code(abbr)
        office.phone = office.phone or "0 4271 1234"
        office.address_th = office.address_th or "\n".join(default_address(province, abbr=abbr))
        office.save(update_fields=["letter_code", "phone", "address_th", "updated_at"])
    districts = Area.objects.filter(
        level=Level.DISTRICT, code__startswith=province.code, abolished_on__isnull=True
    ).order_by("code")
    for index, district in enumerate(districts):
        agency = Agency.objects.filter(kind=AgencyKind.DISTRICT_OFFICE, areas=district).first()
        if agency is not None and (not agency.letter_code or not agency.address_th):
            agency.letter_code = agency.letter_code or f"{abbr} {318 + index:04d}"
            agency.phone = agency.phone or f"0 4271 {2000 + index:04d}"
            agency.address_th = agency.address_th or "\n".join(default_address(district, abbr=abbr))
            agency.save(update_fields=["letter_code", "phone", "address_th", "updated_at"])


def _district_officer(district: Area) -> User | None:
    """A district officer who may report for the district: the demo persona where there is one,
    otherwise an account made for the demo (is_demo, so it only signs in in demo mode)."""
    holder = (
        User.objects.filter(
            role_assignments__role=Role.DISTRICT,
            role_assignments__revoked_at__isnull=True,
            role_assignments__areas=district,
        )
        .order_by("pk")
        .first()
    )
    if holder is not None:
        return holder
    from sodsong.accounts.services import role_assign

    agency = Agency.objects.filter(kind=AgencyKind.DISTRICT_OFFICE, areas=district).first()
    user = User(
        username=f"amphoe-{district.code}",
        first_name=f"ปลัดอำเภอ{district.name_th}",
        last_name=DEMO_MARK,
        agency=agency,
        position_th=f"ปลัดอำเภอ{district.name_th}",
        is_demo=True,
    )
    user.set_unusable_password()
    user.save()
    role_assign(user=user, role=Role.DISTRICT, areas=[district])
    return user


def _province_officer(province: Area) -> User | None:
    return (
        User.objects.filter(
            role_assignments__role=Role.PROVINCE,
            role_assignments__revoked_at__isnull=True,
            role_assignments__areas=province,
        )
        .order_by("pk")
        .first()
    )


def build(*, province: Area, seed: int) -> None:
    from sodsong.indicators import services
    from sodsong.indicators.aggregates import flag_late_entries, recompute
    from sodsong.indicators.models import PeriodKind, ReportingPeriod, ReportStatus
    from sodsong.thai.dates import format_thai_date

    rng = random.Random(f"{seed}:{province.code}:indicators")
    _letter_codes(province)
    with acting_as(Actor(user_id=None, via="command")):
        recompute()
    officer = _province_officer(province)
    if officer is None:
        return
    today = timezone.localdate()
    received = today - dt.timedelta(days=25)
    reference_prefix = DIRECTIVE_REFERENCE.split("{abbr}")[0]
    period = ReportingPeriod.objects.filter(
        province=province,
        kind=PeriodKind.DIRECTIVE,
        directive_reference__startswith=reference_prefix,
    ).first()
    if period is not None:
        return  # built before: the demo workflow ran once
    period = services.period_create(
        user=officer,
        province=province,
        kind=PeriodKind.DIRECTIVE,
        received_on=received,
        window_days=30,
        directive_reference=DIRECTIVE_REFERENCE.format(
            abbr=_abbr(province), date=format_thai_date(received - dt.timedelta(days=2))
        ),
        name_th="รายงานผลการดำเนินงาน ระยะ 30 วัน",
    )
    districts = list(
        Area.objects.filter(
            level=Level.DISTRICT, code__startswith=province.code, abolished_on__isnull=True
        ).order_by("code")
    )
    returned_once = districts[2].code if len(districts) > 2 else None
    for district in districts:
        user = _district_officer(district)
        if user is None:
            continue
        with acting_as(Actor(user_id=user.pk, agency_id=user.agency_id, via="command")):
            report = services.report_open(user=user, period=period, area=district)
            pick = rng.randrange(len(_PROBLEMS))
            services.report_save(
                user=user,
                report=report,
                narrative=list(_DONE),
                problems=_PROBLEMS[pick],
                recommendations=_RECOMMENDATIONS[pick],
                contact_name=f"ปลัดอำเภอ{district.name_th}",
                contact_position="ปลัดอำเภอ (ฝ่ายความมั่นคง)",
                contact_phone=f"0 4271 {rng.randint(1000, 9999)}",
                signer_name=f"นายอำเภอ{district.name_th} {DEMO_MARK}",
                signer_position=f"นายอำเภอ{district.name_th}",
            )
            report = services.report_submit(user=user, report=report)
        with acting_as(Actor(user_id=officer.pk, agency_id=officer.agency_id, via="command")):
            if district.code == returned_once:
                services.report_return(
                    user=officer,
                    report=report,
                    comment="ขอให้ระบุปัญหาและอุปสรรคให้ชัดเจน และตรวจสอบจำนวนหมู่บ้านที่สำรวจแล้ว",
                )
                with acting_as(Actor(user_id=user.pk, agency_id=user.agency_id, via="command")):
                    services.report_save(
                        user=user,
                        report=report,
                        narrative=list(_DONE),
                        problems=_PROBLEMS[0],
                        recommendations=_RECOMMENDATIONS[0],
                        contact_name=report.contact_name,
                        contact_position=report.contact_position,
                        contact_phone=report.contact_phone,
                        signer_name=report.signer_name,
                        signer_position=report.signer_position,
                    )
                    report = services.report_submit(user=user, report=report)
            services.report_approve(user=officer, report=report, comment="เห็นชอบ")
    with acting_as(Actor(user_id=officer.pk, agency_id=officer.agency_id, via="command")):
        provincial = services.province_report_open(user=officer, period=period)
        services.report_save(
            user=officer,
            report=provincial,
            narrative=[
                "จังหวัดได้บูรณาการหน่วยงานบังคับใช้กฎหมายในพื้นที่ จัดตั้งศูนย์ปฏิบัติการร่วมระดับจังหวัด "
                "และมอบหมายให้ทุกอำเภอออกตรวจร่วมกับสถานีตำรวจภูธรและด่านตรวจคนเข้าเมือง",
                "ทุกอำเภอได้สั่งการให้กำนัน ผู้ใหญ่บ้าน สำรวจและเฝ้าระวังคนต่างด้าวในหมู่บ้าน และบันทึกผลในระบบสอดส่อง",
                "ทุกอำเภอได้ประชาสัมพันธ์สร้างความตระหนักรู้ผ่านหอกระจายข่าวและการประชุมหมู่บ้าน",
            ],
            problems=_PROBLEMS[0],
            recommendations="ขอให้กระทรวงสนับสนุนงบประมาณการอบรมผู้ใหญ่บ้านด้านการใช้ระบบ",
            contact_name=f"{officer.get_full_name()}",
            contact_position=officer.position_th or "เจ้าพนักงานปกครอง",
            contact_phone="0 4271 1234",
            signer_name=f"ปลัดจังหวัด{province.name_th} {DEMO_MARK}",
            signer_position=f"ปลัดจังหวัด{province.name_th}",
            signer_acting_for=f"ผู้ว่าราชการจังหวัด{province.name_th}",
        )
        services.report_submit(user=officer, report=provincial, confirm_incomplete=True)
    assert period.reports.filter(status=ReportStatus.APPROVED).count() >= 1
    flag_late_entries()
