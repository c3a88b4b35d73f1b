"""Seeds the awareness topics; provincial staff edit the list afterwards. Re-runnable."""

from django.db import migrations

TOPICS = (
    ("mule_accounts", "บัญชีม้า (การเปิดหรือให้เช่าบัญชีธนาคาร)", "Mule accounts (opening or renting out bank accounts)"),
    ("sim_cards", "ซิมม้า (การขายหรือให้ผู้อื่นใช้ซิมการ์ด)", "Mule SIM cards (selling or lending SIMs)"),
    ("job_lures_abroad", "การหลอกไปทำงานต่างประเทศ", "Job lures abroad"),
    ("fake_officials", "แก๊งคอลเซ็นเตอร์แอบอ้างเป็นเจ้าหน้าที่รัฐ", "Callers posing as officials"),
    ("investment_scams", "การหลอกลงทุน", "Investment scams"),
    ("romance_scams", "การหลอกให้รักแล้วโอนเงิน (โรแมนซ์สแกม)", "Romance scams"),
    ("online_shopping", "การหลอกซื้อขายสินค้าออนไลน์", "Online shopping fraud"),
    ("remote_access_apps", "ลิงก์และแอปดูดเงิน (รีโมตควบคุมโทรศัพท์)", "Phishing links and remote-access apps"),
    ("loan_scams", "การหลอกให้กู้เงินออนไลน์", "Online loan scams"),
    ("hotline_1441", "การแจ้งเหตุสายด่วน 1441 และการอายัดบัญชี", "Reporting to hotline 1441 and freezing accounts"),
)


def seed(apps, schema_editor):
    Topic = apps.get_model("awareness", "Topic")
    for order, (code, name_th, name_en) in enumerate(TOPICS, start=1):
        Topic.objects.get_or_create(
            code=code, defaults={"name_th": name_th, "name_en": name_en, "order": order * 10}
        )


class Migration(migrations.Migration):
    dependencies = [("awareness", "0001_awareness_activities")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
