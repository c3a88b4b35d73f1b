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
    Table,
    Urgency,
)
from sodsong.thai.digits import to_thai_digits

PROVINCE_ADDRESS = ("ศาลากลางจังหวัดสกลนคร", "ถนนศูนย์ราชการ สน ๔๗๐๐๐")
DIRECTIVE_REFERENCE = "หนังสือกระทรวงมหาดไทย ด่วนที่สุด ที่ มท ๐๓๐๗/ว ๔๕๖๗ ลงวันที่ ๑๕ พฤษภาคม ๒๕๖๘"
PROVINCE_FOOTER = OwnerFooter(
    unit="ที่ทำการปกครองจังหวัดสกลนคร\nกลุ่มงานความมั่นคง",
    phone="0 4271 1234",
    fax="0 4271 1235",
    email="saraban.sakonnakhon@dopa.go.th",
)
GOVERNOR_DEPUTY = Signature(
    name="นายสมชาย ใจมั่น",
    position="รองผู้ว่าราชการจังหวัด",
    acting_for="ผู้ว่าราชการจังหวัดสกลนคร",
)

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
        number=LetterNumber("สน 0017.1", 1234),
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
        number=LetterNumber("สน 0017.1", 89, circular=True),
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
        number=LetterNumber("สน 0017.1", 512),
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
        number=LetterNumber("สน 0017.1", 1301),
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
            "๓. ปัญหาและอุปสรรค ได้แก่ ชาวต่างชาติบางรายย้ายที่พักบ่อย ทำให้การแจ้งที่พัก (ตม.๓๐) ไม่เป็นปัจจุบัน",
            "จึงเรียนมาเพื่อโปรดทราบ",
        ),
        signature=GOVERNOR_DEPUTY,
        footer=PROVINCE_FOOTER,
    )


SAMPLES = {
    "external": external_letter,
    "circular": circular_letter,
    "memo": memo,
    "report": report_letter,
}
