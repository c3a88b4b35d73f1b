"""Sample letters of each kind, for the reference images in docs/ and for tests.

The names, numbers and figures are invented; the layout and wording follow real letters of a
province's administration.
"""

from __future__ import annotations

import datetime as dt
import random

from sodsong.documents.letter import (
    Column,
    Enclosure,
    Letter,
    LetterKind,
    LetterNumber,
    OwnerFooter,
    Signature,
    StampedUse,
    Table,
    Urgency,
)
from sodsong.documents.offices import province_admin_code
from sodsong.thai.digits import to_thai_digits

# ที่ทำการปกครองจังหวัด's owner code is 0018 (the circular in shared/data/letters numbers it
# "ที่ สน ๐๐๑๘.๑/ว …"); 0017 would be สำนักงานจังหวัด. See sodsong.documents.offices.
PROVINCE_CODE = province_admin_code("สน")
DISTRICT_CODE = "สน 0321"  # ที่ว่าการอำเภอพรรณานิคม in the demo's numbering (0318 + index)
PROVINCE_ADDRESS = ("ศาลากลางจังหวัดสกลนคร", "ถนนศูนย์ราชการ สน ๔๗๐๐๐")
DISTRICT_ADDRESS = ("ที่ว่าการอำเภอพรรณานิคม", "ถนนนิตโย อำเภอพรรณานิคม สน ๔๗๑๓๐")
DIRECTIVE_REFERENCE = "หนังสือกระทรวงมหาดไทย ด่วนที่สุด ที่ มท ๐๓๐๗/ว ๔๕๖๗ ลงวันที่ ๑๕ พฤษภาคม ๒๕๖๘"
PROVINCE_FOOTER = OwnerFooter(
    unit="ที่ทำการปกครองจังหวัดสกลนคร\nกลุ่มงานความมั่นคง",
    phone="0 4271 1234",
    fax="0 4271 1235",
    email="saraban.sakonnakhon@dopa.go.th",
)
GOVERNOR_DEPUTY = Signature(
    name="นายสมชาย ใจมั่น",
    position="รองผู้ว่าราชการจังหวัดสกลนคร",
    acting_for="ผู้ว่าราชการจังหวัดสกลนคร",
)
DISTRICT_FOOTER = OwnerFooter(
    unit="ที่ทำการปกครองอำเภอพรรณานิคม\nฝ่ายความมั่นคง",
    phone="0 4277 9123",
)
DISTRICT_CHIEF = Signature(name="ว่าที่ร้อยตรี ประเสริฐ ศรีพรรณา", position="นายอำเภอพรรณานิคม")

DISTRICTS_47 = (
    "เมืองสกลนคร",
    "กุสุมาลย์",
    "กุดบาก",
    "พรรณานิคม",
    "พังโคน",
    "วาริชภูมิ",
    "นิคมน้ำอูน",
    "วานรนิวาส",
    "คำตากล้า",
    "บ้านม่วง",
    "อากาศอำนวย",
    "สว่างแดนดิน",
    "ส่องดาว",
    "เต่างอย",
    "โคกศรีสุพรรณ",
    "เจริญศิลป์",
    "โพนนาแก้ว",
    "ภูพาน",
)


def external_letter() -> Letter:
    """Province → ministry: an ordinary external letter, most urgent."""
    return Letter(
        kind=LetterKind.EXTERNAL,
        number=LetterNumber(PROVINCE_CODE, 1234),
        date=dt.date(2025, 6, 16),
        urgency=Urgency.MOST_URGENT,
        owner_address=PROVINCE_ADDRESS,
        subject="การดำเนินการป้องกันและปราบปรามแก๊งคอลเซ็นเตอร์และอาชญากรรมทางเทคโนโลยี",
        salutation="ปลัดกระทรวงมหาดไทย",
        references=(DIRECTIVE_REFERENCE,),
        body=(
            "ตามที่กระทรวงมหาดไทยได้สั่งการให้จังหวัดบูรณาการหน่วยงานที่เกี่ยวข้อง "
            "ตรวจสอบและสกัดกั้นเครือข่ายแก๊งคอลเซ็นเตอร์และอาชญากรรมทางเทคโนโลยีในพื้นที่ "
            "โดยให้กำนัน ผู้ใหญ่บ้าน และอาสาสมัครรักษาดินแดนสำรวจชาวต่างชาติที่พักอาศัยในหมู่บ้าน "
            "และรายงานผลการดำเนินการภายใน ๓๐ วัน นั้น",
            "จังหวัดสกลนครพิจารณาแล้ว ได้มอบหมายให้นายอำเภอทุกอำเภอดำเนินการตามข้อสั่งการ "
            "และจัดตั้งศูนย์ปฏิบัติการร่วมระดับจังหวัดเพื่อรับแจ้งเบาะแส ตรวจสอบ "
            "และประสานการปฏิบัติกับสถานีตำรวจภูธรและด่านตรวจคนเข้าเมืองในพื้นที่แล้ว",
            "จึงเรียนมาเพื่อโปรดทราบ",
        ),
        signature=GOVERNOR_DEPUTY,
        footer=PROVINCE_FOOTER,
    )


def circular_letter() -> Letter:
    """Province → all districts: a circular (ว number), with the day left blank for the clerk."""
    return Letter(
        kind=LetterKind.CIRCULAR,
        number=LetterNumber(PROVINCE_CODE, 89, circular=True),
        date=dt.date(2025, 6, 1),
        blank_day=True,
        urgent_by=dt.date(2025, 6, 30),
        owner_address=PROVINCE_ADDRESS,
        subject="ขอให้สำรวจชาวต่างชาติที่พักอาศัยในหมู่บ้านและรายงานผลภายใน ๓๐ วัน",
        salutation="นายอำเภอทุกอำเภอ",
        references=(DIRECTIVE_REFERENCE,),
        enclosures=(
            Enclosure("แบบสำรวจชาวต่างชาติที่พักอาศัยในหมู่บ้าน จำนวน ๑ ชุด"),
            Enclosure("แนวทางการตรวจสอบการแจ้งที่พักคนต่างด้าว (ตม.๓๐) จำนวน ๑ ชุด"),
        ),
        body=(
            "ด้วยกระทรวงมหาดไทยได้สั่งการให้จังหวัดสำรวจชาวต่างชาติที่พักอาศัยในหมู่บ้าน "
            "ตรวจสอบการแจ้งที่พักตามมาตรา ๓๘ แห่งพระราชบัญญัติคนเข้าเมือง พ.ศ. ๒๕๒๒ "
            "และรายงานผลให้กระทรวงมหาดไทยทราบภายใน ๓๐ วัน",
            "จังหวัดสกลนครจึงขอให้อำเภอแจ้งกำนัน ผู้ใหญ่บ้าน สำรวจชาวต่างชาติในหมู่บ้านตามแบบที่ส่งมาด้วย "
            "บันทึกผลลงในระบบสอดส่อง และรายงานผลให้จังหวัดทราบภายในวันที่ ๓๐ มิถุนายน ๒๕๖๘",
            "จึงเรียนมาเพื่อทราบและดำเนินการต่อไป",
        ),
        signature=GOVERNOR_DEPUTY,
        footer=PROVINCE_FOOTER,
    )


def memo() -> Letter:
    """Inside the provincial hall: a memo to the governor."""
    return Letter(
        kind=LetterKind.MEMO,
        number=LetterNumber(PROVINCE_CODE, 512),
        date=dt.date(2025, 6, 20),
        division="ที่ทำการปกครองจังหวัดสกลนคร กลุ่มงานความมั่นคง โทร. ๐ ๔๒๗๑ ๑๒๓๔",
        subject="รายงานผลการประชุมศูนย์ปฏิบัติการร่วมป้องกันและปราบปรามแก๊งคอลเซ็นเตอร์",
        salutation="ผู้ว่าราชการจังหวัดสกลนคร",
        body=(
            "ตามที่จังหวัดได้จัดประชุมศูนย์ปฏิบัติการร่วมป้องกันและปราบปรามแก๊งคอลเซ็นเตอร์ "
            "เมื่อวันที่ ๑๙ มิถุนายน ๒๕๖๘ ณ ห้องประชุมศาลากลางจังหวัดสกลนคร นั้น",
            "ที่ประชุมได้ทบทวนเบาะแสที่ได้รับจากกำนัน ผู้ใหญ่บ้าน จำนวน ๔๗ เรื่อง "
            "มอบหมายให้สถานีตำรวจภูธรในพื้นที่ตรวจสอบร่วมกับอำเภอ "
            "และให้ด่านตรวจคนเข้าเมืองจังหวัดสกลนครตรวจสอบการแจ้งที่พักคนต่างด้าว",
            "จึงเรียนมาเพื่อโปรดทราบ",
        ),
        signature=Signature(name="นางสาวกมลวรรณ ศรีสกล", position="ปลัดจังหวัดสกลนคร"),
    )


def indicator_table(*, seed: int = 2568) -> Table:
    rng = random.Random(seed)
    rows = []
    for name in DISTRICTS_47:
        villages = rng.randint(90, 260)
        surveyed = rng.randint(int(villages * 0.7), villages)
        residents = rng.randint(5, 180)
        tips = rng.randint(0, 30)
        verified = rng.randint(0, tips)
        arrested = rng.randint(0, verified)
        rows.append(
            (
                name,
                villages,
                surveyed,
                round(surveyed * 100 / villages, 2),
                residents,
                tips,
                verified,
                arrested,
            )
        )
    totals = [sum(r[i] for r in rows) for i in (1, 2)]
    sums = [sum(r[i] for r in rows) for i in (4, 5, 6, 7)]
    total = ("รวม", totals[0], totals[1], round(totals[1] * 100 / totals[0], 2), *sums)
    return Table(
        title="ผลการดำเนินงานตามตัวชี้วัด รายอำเภอ ระหว่างวันที่ ๑ ถึง ๓๐ มิถุนายน ๒๕๖๘",
        columns=(
            Column("อำเภอ", width=18),
            Column("หมู่บ้านทั้งหมด", numeric=True),
            Column("หมู่บ้านที่สำรวจแล้ว", numeric=True),
            Column("ร้อยละที่สำรวจ", numeric=True),
            Column("ชาวต่างชาติที่ลงทะเบียน (คน)", numeric=True),
            Column("เบาะแสที่ได้รับ (เรื่อง)", numeric=True),
            Column("เบาะแสที่ตรวจสอบแล้ว (เรื่อง)", numeric=True),
            Column("ผู้ถูกจับกุม (คน)", numeric=True),
        ),
        rows=tuple(rows),
        total_row=total,
        note="ที่มา: ระบบสอดส่อง ข้อมูล ณ วันที่ ๑ กรกฎาคม ๒๕๖๘ (ตัวเลขตัวอย่าง)",
    )


def report_letter() -> Letter:
    """Province → ministry: the 30-day report of results with the indicator table attached."""
    table = indicator_table()
    surveyed = to_thai_digits(f"{table.total_row[2]:,}") if table.total_row else ""
    return Letter(
        kind=LetterKind.EXTERNAL,
        number=LetterNumber(PROVINCE_CODE, 1301),
        date=dt.date(2025, 7, 3),
        urgency=Urgency.MOST_URGENT,
        owner_address=PROVINCE_ADDRESS,
        subject="รายงานผลการดำเนินงานป้องกันและปราบปรามแก๊งคอลเซ็นเตอร์ ระยะ ๓๐ วัน",
        salutation="ปลัดกระทรวงมหาดไทย",
        references=(DIRECTIVE_REFERENCE,),
        enclosures=(Enclosure("ตารางผลการดำเนินงานตามตัวชี้วัด รายอำเภอ จำนวน ๑ ชุด", table=table),),
        body=(
            "ตามที่กระทรวงมหาดไทยได้สั่งการให้จังหวัดดำเนินการป้องกันและปราบปรามแก๊งคอลเซ็นเตอร์ "
            "และรายงานผลการดำเนินงานภายใน ๓๐ วัน ความละเอียดแจ้งแล้ว นั้น",
            "จังหวัดสกลนครขอรายงานผลการดำเนินงานตามข้อสั่งการ ดังนี้",
            f"๑. สำรวจชาวต่างชาติที่พักอาศัยในหมู่บ้านแล้ว {surveyed} หมู่บ้าน "
            "โดยกำนัน ผู้ใหญ่บ้าน บันทึกผลการสำรวจลงในระบบสอดส่อง",
            "๒. รับแจ้งเบาะแสและตรวจสอบร่วมกับสถานีตำรวจภูธรในพื้นที่ รายละเอียดปรากฏตามสิ่งที่ส่งมาด้วย",
            "ปัญหาและอุปสรรค ชาวต่างชาติบางรายย้ายที่พักบ่อย ทำให้การแจ้งที่พัก (ตม.๓๐) ไม่เป็นปัจจุบัน",
            "จึงเรียนมาเพื่อโปรดทราบ",
        ),
        signature=GOVERNOR_DEPUTY,
        footer=PROVINCE_FOOTER,
    )


def relay_letter() -> Letter:
    """District → kamnan and headmen: the province's circular passed down, in the district's
    own ว series, address, signer and footer."""
    return Letter(
        kind=LetterKind.CIRCULAR,
        number=LetterNumber(DISTRICT_CODE, 57, circular=True),
        date=dt.date(2025, 6, 5),
        urgency=Urgency.MOST_URGENT,
        owner_address=DISTRICT_ADDRESS,
        subject="ขอให้สำรวจชาวต่างชาติที่พักอาศัยในหมู่บ้านและรายงานผลภายใน ๓๐ วัน",
        salutation="กำนัน ผู้ใหญ่บ้าน ทุกตำบล ทุกหมู่บ้าน",
        references=("หนังสือจังหวัดสกลนคร ที่ สน ๐๐๑๘.๓/ว ๘๙ ลงวันที่ ๑ มิถุนายน ๒๕๖๘",),
        enclosures=(Enclosure("สำเนาหนังสือจังหวัดสกลนคร จำนวน ๑ ชุด"),),
        body=(
            "ด้วยอำเภอพรรณานิคมได้รับแจ้งจากจังหวัดสกลนครว่า กระทรวงมหาดไทยได้สั่งการให้สำรวจ"
            "ชาวต่างชาติที่พักอาศัยในหมู่บ้าน และเฝ้าระวังผู้มีพฤติกรรมต้องสงสัยว่าเกี่ยวข้องกับ"
            "อาชญากรรมออนไลน์ รายละเอียดปรากฏตามสิ่งที่ส่งมาด้วย",
            "อำเภอพรรณานิคมจึงขอให้กำนัน ผู้ใหญ่บ้าน สำรวจชาวต่างชาติในหมู่บ้าน บันทึกผลลงในระบบสอดส่อง "
            "และรายงานผลให้อำเภอทราบภายในวันที่ ๒๕ มิถุนายน ๒๕๖๘",
            "จึงเรียนมาเพื่อทราบและถือปฏิบัติโดยเคร่งครัด",
        ),
        signature=DISTRICT_CHIEF,
        footer=DISTRICT_FOOTER,
    )


def order_letter() -> Letter:
    """คำสั่งจังหวัด: appointing the province's operations centre."""
    return Letter(
        kind=LetterKind.ORDER,
        number=LetterNumber(PROVINCE_CODE, 1456),
        date=dt.date(2025, 6, 3),
        owner_address=PROVINCE_ADDRESS,
        subject="แต่งตั้งศูนย์ปฏิบัติการป้องกันและปราบปรามอาชญากรรมทางเทคโนโลยีจังหวัดสกลนคร",
        salutation="-",
        body=(
            "เพื่อให้การป้องกันและปราบปรามแก๊งคอลเซ็นเตอร์และอาชญากรรมทางเทคโนโลยีในพื้นที่จังหวัด"
            "สกลนครเป็นไปอย่างบูรณาการ ตามข้อสั่งการของกระทรวงมหาดไทย อาศัยอำนาจตามมาตรา ๕๗ "
            "แห่งพระราชบัญญัติระเบียบบริหารราชการแผ่นดิน พ.ศ. ๒๕๓๔ จึงแต่งตั้งศูนย์ปฏิบัติการ"
            "ป้องกันและปราบปรามอาชญากรรมทางเทคโนโลยีจังหวัดสกลนคร ประกอบด้วย",
            "๑. รองผู้ว่าราชการจังหวัดสกลนคร (ที่ได้รับมอบหมาย) ผู้อำนวยการศูนย์",
            "๒. ปลัดจังหวัดสกลนคร รองผู้อำนวยการศูนย์",
            "๓. ผู้บังคับการตำรวจภูธรจังหวัดสกลนคร รองผู้อำนวยการศูนย์",
            "๔. ผู้กำกับการตรวจคนเข้าเมืองจังหวัดสกลนคร กรรมการ",
            "๕. จัดหางานจังหวัดสกลนคร กรรมการ",
            "๖. หัวหน้ากลุ่มงานความมั่นคง ที่ทำการปกครองจังหวัดสกลนคร กรรมการและเลขานุการ",
            "ให้ศูนย์ปฏิบัติการมีหน้าที่รับแจ้งเบาะแส ประสานการปฏิบัติของอำเภอและหน่วยงานบังคับใช้กฎหมาย "
            "และรายงานผลการดำเนินงานให้จังหวัดทราบทุกสัปดาห์",
            "ทั้งนี้ ตั้งแต่บัดนี้เป็นต้นไป",
        ),
        signature=Signature(name="นายวิทยา ธรรมสกล", position="ผู้ว่าราชการจังหวัดสกลนคร"),
        extra={"issuer": "จังหวัดสกลนคร"},
    )


def stamped_letter() -> Letter:
    """หนังสือประทับตรา: the district sends the survey forms to the police station."""
    return Letter(
        kind=LetterKind.STAMPED,
        number=LetterNumber(DISTRICT_CODE, 1732),
        date=dt.date(2025, 6, 6),
        owner_address=("ที่ว่าการอำเภอพรรณานิคม",),
        subject="ส่งแบบสำรวจชาวต่างชาติที่พักอาศัยในหมู่บ้าน",
        salutation="สถานีตำรวจภูธรพรรณานิคม",
        enclosures=(Enclosure("แบบสำรวจชาวต่างชาติที่พักอาศัยในหมู่บ้าน จำนวน ๑ ชุด"),),
        body=(
            "อำเภอพรรณานิคมขอส่งแบบสำรวจชาวต่างชาติที่พักอาศัยในหมู่บ้านที่กำนัน ผู้ใหญ่บ้าน "
            "ได้สำรวจแล้ว มาเพื่อโปรดใช้ประกอบการตรวจสอบในพื้นที่ รายละเอียดปรากฏตามสิ่งที่ส่งมาด้วย",
        ),
        signature=Signature(name="", position=""),
        closing="",
        footer=DISTRICT_FOOTER,
        stamped_use=StampedUse.SEND_COPIES,  # ข้อ 14.2: sending documents
        sender="อำเภอพรรณานิคม",
    )


SAMPLES = {
    "external": external_letter,
    "circular": circular_letter,
    "memo": memo,
    "report": report_letter,
    "relay": relay_letter,
    "order": order_letter,
    "stamped": stamped_letter,
}
