"""Seeds the official-holiday calendar for 2024–2027 (B.E. 2567–2570).

Fixed-date holidays and their substitution days follow the Cabinet's rule (a holiday on a weekend
gives the next working day off). Lunar holidays (Makha, Visakha, Asarnha Bucha, Khao Phansa) and
the Royal Ploughing Ceremony move each year: the 2026–2027 dates are computed from the lunar
calendar and marked unconfirmed until the Cabinet's announcement is checked. Administrators edit
the calendar in the admin; a re-run changes nothing (update_or_create on the date).
"""

import datetime as dt

from django.db import migrations

D = dt.date
# (date, Thai name, English name, confirmed)
HOLIDAYS = [
    # 2024 / 2567
    (D(2024, 1, 1), "วันขึ้นปีใหม่", "New Year's Day", True),
    (D(2024, 2, 24), "วันมาฆบูชา", "Makha Bucha Day", True),
    (D(2024, 2, 26), "วันหยุดชดเชยวันมาฆบูชา", "Makha Bucha Day (substitution)", True),
    (D(2024, 4, 6), "วันพระบาทสมเด็จพระพุทธยอดฟ้าจุฬาโลกมหาราชและวันที่ระลึกมหาจักรีบรมราชวงศ์", "Chakri Memorial Day", True),
    (D(2024, 4, 8), "วันหยุดชดเชยวันจักรี", "Chakri Memorial Day (substitution)", True),
    (D(2024, 4, 13), "วันสงกรานต์", "Songkran", True),
    (D(2024, 4, 14), "วันสงกรานต์", "Songkran", True),
    (D(2024, 4, 15), "วันสงกรานต์", "Songkran", True),
    (D(2024, 4, 16), "วันหยุดชดเชยวันสงกรานต์", "Songkran (substitution)", True),
    (D(2024, 5, 4), "วันฉัตรมงคล", "Coronation Day", True),
    (D(2024, 5, 6), "วันหยุดชดเชยวันฉัตรมงคล", "Coronation Day (substitution)", True),
    (D(2024, 5, 10), "วันพืชมงคล (เฉพาะหน่วยงานราชการ)", "Royal Ploughing Ceremony", True),
    (D(2024, 5, 22), "วันวิสาขบูชา", "Visakha Bucha Day", True),
    (D(2024, 6, 3), "วันเฉลิมพระชนมพรรษาสมเด็จพระนางเจ้าฯ พระบรมราชินี", "Queen Suthida's Birthday", True),
    (D(2024, 7, 20), "วันอาสาฬหบูชา", "Asarnha Bucha Day", True),
    (D(2024, 7, 21), "วันเข้าพรรษา", "Buddhist Lent Day", True),
    (D(2024, 7, 22), "วันหยุดชดเชยวันอาสาฬหบูชา", "Asarnha Bucha Day (substitution)", True),
    (D(2024, 7, 28), "วันเฉลิมพระชนมพรรษาพระบาทสมเด็จพระเจ้าอยู่หัว", "King's Birthday", True),
    (D(2024, 7, 29), "วันหยุดชดเชยวันเฉลิมพระชนมพรรษาพระบาทสมเด็จพระเจ้าอยู่หัว", "King's Birthday (substitution)", True),
    (D(2024, 8, 12), "วันแม่แห่งชาติ", "Queen Mother's Birthday / Mother's Day", True),
    (D(2024, 10, 13), "วันนวมินทรมหาราช", "King Bhumibol Memorial Day", True),
    (D(2024, 10, 14), "วันหยุดชดเชยวันนวมินทรมหาราช", "King Bhumibol Memorial Day (substitution)", True),
    (D(2024, 10, 23), "วันปิยมหาราช", "Chulalongkorn Day", True),
    (D(2024, 12, 5), "วันพ่อแห่งชาติ", "King Bhumibol's Birthday / Father's Day", True),
    (D(2024, 12, 10), "วันรัฐธรรมนูญ", "Constitution Day", True),
    (D(2024, 12, 31), "วันสิ้นปี", "New Year's Eve", True),
    # 2025 / 2568
    (D(2025, 1, 1), "วันขึ้นปีใหม่", "New Year's Day", True),
    (D(2025, 2, 12), "วันมาฆบูชา", "Makha Bucha Day", True),
    (D(2025, 4, 6), "วันพระบาทสมเด็จพระพุทธยอดฟ้าจุฬาโลกมหาราชและวันที่ระลึกมหาจักรีบรมราชวงศ์", "Chakri Memorial Day", True),
    (D(2025, 4, 7), "วันหยุดชดเชยวันจักรี", "Chakri Memorial Day (substitution)", True),
    (D(2025, 4, 13), "วันสงกรานต์", "Songkran", True),
    (D(2025, 4, 14), "วันสงกรานต์", "Songkran", True),
    (D(2025, 4, 15), "วันสงกรานต์", "Songkran", True),
    (D(2025, 4, 16), "วันหยุดชดเชยวันสงกรานต์", "Songkran (substitution)", True),
    (D(2025, 5, 4), "วันฉัตรมงคล", "Coronation Day", True),
    (D(2025, 5, 5), "วันหยุดชดเชยวันฉัตรมงคล", "Coronation Day (substitution)", True),
    (D(2025, 5, 9), "วันพืชมงคล (เฉพาะหน่วยงานราชการ)", "Royal Ploughing Ceremony", False),
    (D(2025, 5, 11), "วันวิสาขบูชา", "Visakha Bucha Day", True),
    (D(2025, 5, 12), "วันหยุดชดเชยวันวิสาขบูชา", "Visakha Bucha Day (substitution)", True),
    (D(2025, 6, 2), "วันหยุดพิเศษ", "Special holiday", True),
    (D(2025, 6, 3), "วันเฉลิมพระชนมพรรษาสมเด็จพระนางเจ้าฯ พระบรมราชินี", "Queen Suthida's Birthday", True),
    (D(2025, 7, 10), "วันอาสาฬหบูชา", "Asarnha Bucha Day", True),
    (D(2025, 7, 11), "วันเข้าพรรษา", "Buddhist Lent Day", True),
    (D(2025, 7, 28), "วันเฉลิมพระชนมพรรษาพระบาทสมเด็จพระเจ้าอยู่หัว", "King's Birthday", True),
    (D(2025, 8, 12), "วันแม่แห่งชาติ", "Queen Mother's Birthday / Mother's Day", True),
    (D(2025, 10, 13), "วันนวมินทรมหาราช", "King Bhumibol Memorial Day", True),
    (D(2025, 10, 23), "วันปิยมหาราช", "Chulalongkorn Day", True),
    (D(2025, 12, 5), "วันพ่อแห่งชาติ", "King Bhumibol's Birthday / Father's Day", True),
    (D(2025, 12, 10), "วันรัฐธรรมนูญ", "Constitution Day", True),
    (D(2025, 12, 31), "วันสิ้นปี", "New Year's Eve", True),
    # 2026 / 2569 (lunar dates computed; confirm against the Cabinet's announcement)
    (D(2026, 1, 1), "วันขึ้นปีใหม่", "New Year's Day", True),
    (D(2026, 3, 3), "วันมาฆบูชา", "Makha Bucha Day", False),
    (D(2026, 4, 6), "วันพระบาทสมเด็จพระพุทธยอดฟ้าจุฬาโลกมหาราชและวันที่ระลึกมหาจักรีบรมราชวงศ์", "Chakri Memorial Day", True),
    (D(2026, 4, 13), "วันสงกรานต์", "Songkran", True),
    (D(2026, 4, 14), "วันสงกรานต์", "Songkran", True),
    (D(2026, 4, 15), "วันสงกรานต์", "Songkran", True),
    (D(2026, 5, 4), "วันฉัตรมงคล", "Coronation Day", True),
    (D(2026, 5, 31), "วันวิสาขบูชา", "Visakha Bucha Day", False),
    (D(2026, 6, 1), "วันหยุดชดเชยวันวิสาขบูชา", "Visakha Bucha Day (substitution)", False),
    (D(2026, 6, 3), "วันเฉลิมพระชนมพรรษาสมเด็จพระนางเจ้าฯ พระบรมราชินี", "Queen Suthida's Birthday", True),
    (D(2026, 7, 28), "วันเฉลิมพระชนมพรรษาพระบาทสมเด็จพระเจ้าอยู่หัว", "King's Birthday", True),
    (D(2026, 7, 29), "วันอาสาฬหบูชา", "Asarnha Bucha Day", False),
    (D(2026, 7, 30), "วันเข้าพรรษา", "Buddhist Lent Day", False),
    (D(2026, 8, 12), "วันแม่แห่งชาติ", "Queen Mother's Birthday / Mother's Day", True),
    (D(2026, 10, 13), "วันนวมินทรมหาราช", "King Bhumibol Memorial Day", True),
    (D(2026, 10, 23), "วันปิยมหาราช", "Chulalongkorn Day", True),
    (D(2026, 12, 5), "วันพ่อแห่งชาติ", "King Bhumibol's Birthday / Father's Day", True),
    (D(2026, 12, 7), "วันหยุดชดเชยวันพ่อแห่งชาติ", "Father's Day (substitution)", True),
    (D(2026, 12, 10), "วันรัฐธรรมนูญ", "Constitution Day", True),
    (D(2026, 12, 31), "วันสิ้นปี", "New Year's Eve", True),
    # 2027 / 2570 (lunar dates computed; confirm against the Cabinet's announcement)
    (D(2027, 1, 1), "วันขึ้นปีใหม่", "New Year's Day", True),
    (D(2027, 2, 20), "วันมาฆบูชา", "Makha Bucha Day", False),
    (D(2027, 2, 22), "วันหยุดชดเชยวันมาฆบูชา", "Makha Bucha Day (substitution)", False),
    (D(2027, 4, 6), "วันพระบาทสมเด็จพระพุทธยอดฟ้าจุฬาโลกมหาราชและวันที่ระลึกมหาจักรีบรมราชวงศ์", "Chakri Memorial Day", True),
    (D(2027, 4, 13), "วันสงกรานต์", "Songkran", True),
    (D(2027, 4, 14), "วันสงกรานต์", "Songkran", True),
    (D(2027, 4, 15), "วันสงกรานต์", "Songkran", True),
    (D(2027, 5, 4), "วันฉัตรมงคล", "Coronation Day", True),
    (D(2027, 5, 20), "วันวิสาขบูชา", "Visakha Bucha Day", False),
    (D(2027, 6, 3), "วันเฉลิมพระชนมพรรษาสมเด็จพระนางเจ้าฯ พระบรมราชินี", "Queen Suthida's Birthday", True),
    (D(2027, 7, 18), "วันอาสาฬหบูชา", "Asarnha Bucha Day", False),
    (D(2027, 7, 19), "วันเข้าพรรษา", "Buddhist Lent Day", False),
    (D(2027, 7, 20), "วันหยุดชดเชยวันอาสาฬหบูชา", "Asarnha Bucha Day (substitution)", False),
    (D(2027, 7, 28), "วันเฉลิมพระชนมพรรษาพระบาทสมเด็จพระเจ้าอยู่หัว", "King's Birthday", True),
    (D(2027, 8, 12), "วันแม่แห่งชาติ", "Queen Mother's Birthday / Mother's Day", True),
    (D(2027, 10, 13), "วันนวมินทรมหาราช", "King Bhumibol Memorial Day", True),
    (D(2027, 10, 23), "วันปิยมหาราช", "Chulalongkorn Day", True),
    (D(2027, 10, 25), "วันหยุดชดเชยวันปิยมหาราช", "Chulalongkorn Day (substitution)", True),
    (D(2027, 12, 5), "วันพ่อแห่งชาติ", "King Bhumibol's Birthday / Father's Day", True),
    (D(2027, 12, 6), "วันหยุดชดเชยวันพ่อแห่งชาติ", "Father's Day (substitution)", True),
    (D(2027, 12, 10), "วันรัฐธรรมนูญ", "Constitution Day", True),
    (D(2027, 12, 31), "วันสิ้นปี", "New Year's Eve", True),
]


def seed(apps, schema_editor):
    Holiday = apps.get_model("indicators", "Holiday")
    for date, name_th, name_en, confirmed in HOLIDAYS:
        Holiday.objects.update_or_create(
            date=date, defaults={"name_th": name_th, "name_en": name_en, "confirmed": confirmed}
        )


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_indicator_facts_and_reports")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
