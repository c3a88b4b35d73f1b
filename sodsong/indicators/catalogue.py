"""The indicator catalogue of the directive: what is counted, from which records, by which date.

Every value is computed from the records of the other modules (`sources.py`), never typed in.
Administrators add formula indicators over these codes (`FormulaIndicator`); the catalogue
returned by `catalogue()` is the built-in list followed by the active formulas.

Kinds:
- `sum`: a count (or a sum of quantities) per day and area, added up over the period and areas;
- `distinct`: villages with at least one event in the period (counted once each);
- `villages`: the number of villages in the area (from the geography, not from events);
- `formula`: arithmetic over other codes (`formula.py`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language

# The directive's ordered items (DOMAIN §1), which reports answer one by one.
ORDERED_ITEMS_TH = (
    "การบูรณาการหน่วยงานบังคับใช้กฎหมายเพื่อจับกุมและปราบปรามคนต่างด้าวที่กระทำผิดกฎหมาย "
    "โดยเฉพาะผู้ชักชวนคนไทยไปทำงานกับแก๊งคอลเซ็นเตอร์ และการลงโทษเจ้าหน้าที่ของรัฐที่ละเลยหรือกระทำผิด",
    "การให้กำนัน ผู้ใหญ่บ้าน และองค์กรปกครองส่วนท้องถิ่น สำรวจ สอดส่อง ตรวจสอบ "
    "และเฝ้าระวังคนต่างด้าวที่เข้ามาพักอาศัยในพื้นที่",
    "การประชาสัมพันธ์สร้างความตระหนักรู้ถึงภัยอาชญากรรมทางออนไลน์ให้แก่ประชาชนในชุมชน",
)
ORDERED_ITEMS_EN = (
    "Joint suppression of foreigners acting illegally, above all those luring Thais to work for "
    "call-centre gangs, and punishing officials who neglect their duty",
    "Village-level survey, watch and inspection of foreigners who come to live in the area",
    "Awareness of online crime in the communities",
)


@dataclass(frozen=True)
class Indicator:
    code: str
    label_th: str
    label_en: str
    unit_th: str
    unit_en: str
    item: int  # the directive's ordered item it answers (1–3)
    kind: str = "sum"
    formula: str = ""
    source: str = ""  # the module whose records it counts
    decimals: int = 0
    key: bool = False  # shown as a key figure on dashboards
    has_breakdown: bool = False

    @property
    def label(self) -> str:
        return self.label_en if (get_language() or "th").startswith("en") else self.label_th

    @property
    def unit(self) -> str:
        return self.unit_en if (get_language() or "th").startswith("en") else self.unit_th

    @property
    def additive(self) -> bool:
        return self.kind == "sum"


# The law groups arrests are counted by (cases.models.LawGroup, without "general").
ARREST_GROUPS = (
    ("fraud", "ฉ้อโกงและอาชญากรรมออนไลน์", "fraud and online crime"),
    ("mule", "บัญชีม้า ซิมม้า และการฟอกเงิน", "mule accounts, SIMs and money laundering"),
    ("immigration", "กฎหมายคนเข้าเมือง", "immigration"),
    ("labour", "การทำงานของคนต่างด้าวและการจัดหางาน", "foreign workers and recruitment"),
    ("trafficking", "การค้ามนุษย์", "trafficking in persons"),
    ("organised", "องค์กรอาชญากรรม", "organised crime"),
    ("officials", "ความผิดต่อตำแหน่งหน้าที่ราชการ", "offences by officials"),
)


def _i(*args, **kwargs) -> Indicator:
    return Indicator(*args, **kwargs)


BUILTIN: tuple[Indicator, ...] = (
    # 2. village watch
    _i(
        "villages_total", "หมู่บ้านทั้งหมด", "Villages", "หมู่บ้าน", "villages", 2, "villages", source="geo"
    ),
    _i(
        "villages_surveyed",
        "หมู่บ้านที่สำรวจแล้ว",
        "Villages surveyed",
        "หมู่บ้าน",
        "villages",
        2,
        "distinct",
        source="survey",
        key=True,
    ),
    _i(
        "villages_surveyed_pct",
        "สัดส่วนหมู่บ้านที่สำรวจแล้ว",
        "Share of villages surveyed",
        "ร้อยละ",
        "%",
        2,
        "formula",
        formula="villages_surveyed / villages_total * 100",
        decimals=1,
        key=True,
    ),
    _i(
        "residents_registered",
        "คนต่างด้าวในพื้นที่ที่บันทึกจากการสำรวจ",
        "Foreign residents registered",
        "คน",
        "people",
        2,
        source="survey",
        key=True,
    ),
    _i(
        "tm30_gaps",
        "การแจ้งที่พัก (ตม.๓๐) ที่ขาดหรือล่าช้า",
        "TM.30 gaps found",
        "ราย",
        "residences",
        2,
        source="survey",
    ),
    _i("visits", "การตรวจเยี่ยม", "Visits", "ครั้ง", "visits", 2, source="survey"),
    _i(
        "watch_reports_received",
        "รายงานเฝ้าระวังที่ได้รับ",
        "Watch reports received",
        "เรื่อง",
        "reports",
        2,
        source="tips",
    ),
    _i(
        "tips_received",
        "เบาะแสจากประชาชนที่ได้รับ",
        "Public tips received",
        "เรื่อง",
        "tips",
        2,
        source="tips",
        key=True,
    ),
    _i(
        "tips_verified",
        "เบาะแสและรายงานที่ตรวจสอบแล้ว",
        "Tips and reports verified",
        "เรื่อง",
        "items",
        2,
        source="tips",
    ),
    # 1. joint suppression
    _i(
        "operations_held",
        "ปฏิบัติการร่วมที่ดำเนินการแล้ว",
        "Joint operations held",
        "ครั้ง",
        "operations",
        1,
        source="cases",
        key=True,
    ),
    _i(
        "persons_arrested",
        "ผู้ถูกจับกุม",
        "Persons arrested",
        "คน",
        "people",
        1,
        source="cases",
        key=True,
    ),
    _i(
        "charges",
        "ข้อหาที่แจ้ง",
        "Charges",
        "ข้อหา",
        "charges",
        1,
        source="cases",
        has_breakdown=True,
    ),
    # Issue 19: what the ministry asks for beyond the totals. Each counts records of the cases
    # or misconduct modules (sources_enforcement.py says how); nationality only as a count.
    _i(
        "arrested_thai",
        "ผู้ถูกจับกุม: คนไทย",
        "Persons arrested: Thai",
        "คน",
        "people",
        1,
        source="cases",
    ),
    _i(
        "arrested_foreign",
        "ผู้ถูกจับกุม: คนต่างด้าว",
        "Persons arrested: foreign",
        "คน",
        "people",
        1,
        source="cases",
    ),
    *(
        _i(
            f"arrested_{code}",
            f"ผู้ถูกจับกุม: {th}",
            f"Persons arrested: {en}",
            "คน",
            "people",
            1,
            source="cases",
        )
        for code, th, en in ARREST_GROUPS
    ),
    _i(
        "foreigners_inspected",
        "คนต่างด้าวที่ตรวจสอบ",
        "Foreigners inspected",
        "คน",
        "people",
        1,
        source="cases",
    ),
    _i(
        "foreigners_in_breach",
        "คนต่างด้าวที่พบว่ากระทำผิด",
        "Foreigners found in breach",
        "คน",
        "people",
        1,
        source="cases",
    ),
    _i(
        "cases_to_prosecutor",
        "คดีที่ส่งสำนวนให้พนักงานอัยการ",
        "Cases sent to the prosecutor",
        "คดี",
        "cases",
        1,
        source="cases",
    ),
    _i(
        "departures_prevented",
        "ผู้ที่ถูกสกัดกั้นการเดินทางออกนอกราชอาณาจักร",
        "Departures prevented",
        "คน",
        "people",
        1,
        source="cases",
    ),
    _i(
        "people_brought_back",
        "ผู้ที่ได้รับการช่วยเหลือนำกลับ",
        "People brought back",
        "คน",
        "people",
        1,
        source="cases",
    ),
    _i(
        "accounts_frozen",
        "บัญชีธนาคารที่ถูกระงับ",
        "Bank accounts frozen",
        "บัญชี",
        "accounts",
        1,
        source="cases",
    ),
    _i(
        "fraud_victims",
        "ผู้เสียหายจากการหลอกลวง",
        "Fraud victims",
        "คน",
        "people",
        1,
        source="cases",
    ),
    _i(
        "victims_identified",
        "ผู้เสียหายจากการค้ามนุษย์ที่คัดแยกได้",
        "Trafficking victims identified by screening",
        "คน",
        "people",
        1,
        source="cases",
    ),
    _i(
        "victims_referred",
        "ผู้เสียหายจากการค้ามนุษย์ที่ส่งต่อการคุ้มครอง",
        "Trafficking victims referred for protection",
        "คน",
        "people",
        1,
        source="cases",
    ),
    _i("seized_sims", "ซิมการ์ดที่ยึด", "SIM cards seized", "ชิ้น", "items", 1, source="cases"),
    _i("seized_phones", "โทรศัพท์ที่ยึด", "Phones seized", "เครื่อง", "items", 1, source="cases"),
    _i(
        "seized_bank_books",
        "สมุดบัญชีและบัตรธนาคารที่ยึด",
        "Bank books and cards seized",
        "รายการ",
        "items",
        1,
        source="cases",
    ),
    _i(
        "officials_investigated",
        "เจ้าหน้าที่ของรัฐที่ถูกตรวจสอบ (อยู่ระหว่างการสอบสวน)",
        "Officials under inquiry",
        "ราย",
        "matters",
        1,
        source="misconduct",
    ),
    _i(
        "officials_suspended",
        "เจ้าหน้าที่ของรัฐที่ถูกสั่งพักราชการหรือให้ออกไว้ก่อน",
        "Officials suspended or removed pending the inquiry",
        "ราย",
        "officials",
        1,
        source="misconduct",
    ),
    _i(
        "officials_transferred",
        "เจ้าหน้าที่ของรัฐที่ถูกย้ายหรือสั่งให้ไปปฏิบัติราชการที่อื่น",
        "Officials transferred",
        "ราย",
        "officials",
        1,
        source="misconduct",
    ),
    _i(
        "officials_penalised",
        "เจ้าหน้าที่ของรัฐที่ถูกลงโทษ",
        "Officials penalised",
        "ราย",
        "matters",
        1,
        source="misconduct",
    ),
    # 3. awareness
    _i(
        "awareness_activities",
        "กิจกรรมสร้างความตระหนักรู้",
        "Awareness activities",
        "ครั้ง",
        "activities",
        3,
        source="awareness",
        key=True,
    ),
    _i(
        "people_reached",
        "ประชาชนที่ได้รับการสื่อสาร",
        "People reached",
        "คน",
        "people",
        3,
        source="awareness",
    ),
)
BUILTIN_BY_CODE = {i.code: i for i in BUILTIN}
# What the district comparison table, map and letter table show by default.
TABLE_CODES = (
    "villages_total",
    "villages_surveyed",
    "residents_registered",
    "tips_received",
    "tips_verified",
    "operations_held",
    "persons_arrested",
    "awareness_activities",
)


def catalogue(*, include_formulas: bool = True) -> list[Indicator]:
    """The built-in indicators, then the administrators' active formula indicators."""
    items = list(BUILTIN)
    if include_formulas:
        from sodsong.indicators.models import FormulaIndicator

        for f in FormulaIndicator.objects.filter(active=True).order_by("order", "code"):
            items.append(
                Indicator(
                    code=f.code,
                    label_th=f.name_th,
                    label_en=f.name_en or f.name_th,
                    unit_th=f.unit_th,
                    unit_en=f.unit_en or f.unit_th,
                    item=f.item,
                    kind="formula",
                    formula=f.expression,
                    decimals=f.decimals,
                )
            )
    return items


def by_code(*, include_formulas: bool = True) -> dict[str, Indicator]:
    return {i.code: i for i in catalogue(include_formulas=include_formulas)}


def source_codes() -> list[str]:
    """Codes whose values are stored as daily facts (every kind but villages and formulas)."""
    return [i.code for i in BUILTIN if i.kind in ("sum", "distinct")]
