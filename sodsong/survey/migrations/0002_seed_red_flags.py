"""Seeds the behavioural red flags of DOMAIN §5. Administrators may edit them afterwards.
Red flags describe behaviour only, never nationality, ethnicity, religion or language."""

import uuid

from django.db import migrations
from django.utils import timezone

RED_FLAGS = [
    ("premises-no-jobs-short-rent", "premises", "กลุ่มคนไม่มีอาชีพที่เห็นได้ชัด เช่าที่พักระยะสั้น และหลีกเลี่ยงเพื่อนบ้าน", "Small group without visible jobs renting short-term and avoiding neighbours"),
    ("premises-scripted-calls", "premises", "ได้ยินการพูดโทรศัพท์ตามบทเป็นเวลานานหลายชั่วโมง", "Scripted phone talk for hours"),
    ("premises-curtains-closed", "premises", "ปิดม่านตลอดเวลาแม้ในเวลากลางวัน", "Curtains closed by day"),
    ("premises-many-devices", "premises", "มีคอมพิวเตอร์ โทรศัพท์ เราเตอร์ ซิมบ็อกซ์ หรือ GSM gateway จำนวนมาก", "Many computers, phones, routers, SIM boxes or GSM gateways"),
    ("premises-many-visitors", "premises", "มีคนเข้าออกจำนวนมากผิดปกติ", "Many people coming and going"),
    ("mule-buying-documents", "mule", "รับซื้อสำเนาบัตรประชาชน สมุดบัญชีธนาคาร หรือซิมการ์ด", "Buying ID-card copies, bank books or SIMs"),
    ("mule-paying-villagers", "mule", "จ้างชาวบ้านเปิดบัญชีธนาคารหรือสแกนใบหน้า", "Paying villagers to open accounts or to scan their faces"),
    ("mule-many-sims", "mule", "บุคคลเดียวถือซิมการ์ดจำนวนมาก", "One person holding many SIMs"),
    ("recruiting-online-ads", "recruiting", "ชักชวนคนไทยไปทำงาน \"แอดมิน/แชทออนไลน์\" ต่างประเทศ รายได้สูง มีที่พักอาหารฟรี ไม่ต้องมีทักษะ", "Recruiting Thais for 'admin / online chat' work abroad with high pay, free room and board, no skills needed"),
    ("recruiting-night-crossings", "recruiting", "พาคนข้ามแดนในเวลากลางคืนไปยังพื้นที่ที่มีแก๊งหลอกลวง", "Night crossings towards scam compounds"),
    ("recruiting-passports-taken", "recruiting", "ยึดหนังสือเดินทางของผู้อื่นไว้", "Passports taken from others"),
    ("residence-no-tm30", "residence", "เจ้าบ้านไม่แจ้งที่พักของคนต่างด้าว (ตม.30)", "Host did not make the TM.30 notification"),
    ("residence-visa-expired", "residence", "วีซ่าหรือใบอนุญาตทำงานหมดอายุ", "Visa or work permit expired"),
]


def seed(apps, schema_editor):
    RedFlag = apps.get_model("survey", "RedFlag")
    now = timezone.now()
    for order, (code, category, label_th, label_en) in enumerate(RED_FLAGS, start=1):
        RedFlag.objects.get_or_create(
            code=code,
            defaults={
                "uuid": uuid.uuid4(),
                "category": category,
                "label_th": label_th,
                "label_en": label_en,
                "order": order,
                "created_at": now,
            },
        )


def unseed(apps, schema_editor):
    apps.get_model("survey", "RedFlag").objects.filter(code__in=[r[0] for r in RED_FLAGS]).delete()


class Migration(migrations.Migration):
    dependencies = [("survey", "0001_registry_rounds_visits_imports")]
    operations = [migrations.RunPython(seed, unseed)]
