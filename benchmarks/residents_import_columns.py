"""Synthetic rows for the residents-import benchmark, in the import template's column order.
Kept free of Django so that the file can be generated without setting Django up."""

from __future__ import annotations

import random

# Must match sodsong.survey.importing.template.COLUMNS (checked by tests/survey/test_benchmark_rows.py).
HEADERS = [
    "รหัสหมู่บ้าน (8 หลัก)",
    "บ้านเลขที่",
    "ชื่อ (ตามหนังสือเดินทาง)",
    "นามสกุล (ตามหนังสือเดินทาง)",
    "ชื่อ (ภาษาไทย)",
    "นามสกุล (ภาษาไทย)",
    "เพศ",
    "วันเกิด (ปี, เดือน/ปี หรือ วัน/เดือน/ปี)",
    "สัญชาติ (ชื่อประเทศหรือรหัส 3 ตัวอักษร)",
    "ประเภทเอกสาร",
    "ประเทศผู้ออกเอกสาร (ชื่อประเทศหรือรหัส 3 ตัวอักษร)",
    "เลขที่เอกสาร",
    "วันหมดอายุเอกสาร",
    "ประเภทวีซ่า",
    "เลขที่วีซ่า",
    "วันหมดอายุวีซ่า",
    "เลขที่ใบอนุญาตทำงาน",
    "นายจ้าง",
    "วันหมดอายุใบอนุญาตทำงาน",
    "อาชีพ",
    "โทรศัพท์",
    "วันที่เข้าพัก",
    "วันที่แจ้ง ตม.30",
    "เลขที่รับแจ้ง ตม.30",
    "สถานะ",
]
_GIVEN = ("Aung", "Kyaw", "Thida", "Sokha", "Dara", "Bounmy", "Khamla", "Wei", "Minh", "Hoa")
_FAMILY = ("", "Win", "Htun", "Sok", "Chea", "Keo", "Chen", "Nguyen", "Tran")
_STATES = ("MMR", "KHM", "LAO", "VNM", "CHN")
_THAI = ("อ่อง", "จอ", "ธิดา", "โสภา", "ดารา", "")


def row_values(index: int, rng: random.Random, villages: list[str]) -> list[str]:
    state = _STATES[index % len(_STATES)]
    moved_day = rng.randint(1, 28)
    moved_month = rng.randint(1, 12)
    moved_year = rng.choice((2566, 2567))
    notified = ""
    if rng.random() < 0.7:
        notified = (
            f"{min(moved_day + rng.choice((0, 1, 1, 5)), 28):02d}/{moved_month:02d}/{moved_year}"
        )
    visa = rng.random() < 0.2
    permit = rng.random() < 0.15
    return [
        villages[index % len(villages)],
        str(rng.randint(1, 300)),
        rng.choice(_GIVEN),
        rng.choice(_FAMILY),
        rng.choice(_THAI),
        "",
        rng.choice(("ชาย", "หญิง")),
        rng.choice(
            (str(rng.randint(1970, 2004)), f"{rng.randint(1, 12):02d}/{rng.randint(2513, 2547)}")
        ),
        state,
        "หนังสือเดินทาง",
        state,
        f"{state[0]}{index:08d}",
        f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(2569, 2575)}",
        "Non-LA" if visa else "",
        f"V{index:09d}" if visa else "",
        f"01/01/{rng.randint(2569, 2571)}" if visa else "",
        f"WP{index:09d}" if permit else "",
        "หจก. ทดสอบ" if permit else "",
        f"31/12/{rng.randint(2569, 2571)}" if permit else "",
        rng.choice(("ลูกจ้างก่อสร้าง", "แรงงานเกษตร", "ค้าขาย", "")),
        f"08{rng.randint(10000000, 99999999)}" if rng.random() < 0.5 else "",
        f"{moved_day:02d}/{moved_month:02d}/{moved_year}",
        notified,
        f"TM{index}" if notified else "",
        "อาศัยอยู่",
    ]
