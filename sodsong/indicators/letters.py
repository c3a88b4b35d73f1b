"""Reports of results as official external letters (district → province, province → ministry),
drawn by the one renderer in `sodsong.documents`.

A letter cites the ordering letter (อ้างถึง), encloses the indicator tables (สิ่งที่ส่งมาด้วย),
reports per ordered item, lists problems and recommendations, names the contact officer and is
signed with the acting-for line (DOMAIN §7). Only aggregates go in: no person is named except
the signing and contact officers.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.utils import timezone

from sodsong.accounts.models import Agency, User
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
from sodsong.documents.offices import footer_unit, office_address, with_place
from sodsong.documents.xlsx import indicator_workbook
from sodsong.geo.models import Area, Level
from sodsong.indicators import selectors
from sodsong.indicators.catalogue import ORDERED_ITEMS_TH, TABLE_CODES, by_code
from sodsong.indicators.models import Report, ReportLevel
from sodsong.indicators.services import _sender_agency, snapshot_for
from sodsong.thai.dates import format_thai_date
from sodsong.thai.digits import to_thai_digits

SUBJECT = "รายงานผลการดำเนินงานป้องกันและปราบปรามแก๊งคอลเซ็นเตอร์และอาชญากรรมทางเทคโนโลยี"

# "1 บูรณาการ…" / "๒. แจ้งอำเภอ…": an ordered item as stored with the letter's own number.
_ITEM_NUMBER = re.compile(r"^\s*[0-9๐-๙]+(?:\.[0-9๐-๙]+)*[.)]?\s+")
# Who ordered, as the อ้างถึง line names the letter: "หนังสือกระทรวงมหาดไทย ด่วนที่สุด ที่ …".
_CITED_UNIT = re.compile(r"^หนังสือ(\S+)")
MINISTRY = "กระทรวงมหาดไทย"


def item_title(item: str) -> str:
    """The ordered item without the number it carried in the letter: the report numbers it."""
    return _ITEM_NUMBER.sub("", item or "", count=1).strip()


class LetterSetupError(ValueError):
    """The sending office is missing what a letter needs (its letter code)."""


@dataclass
class ReportContent:
    """What a report letter says, from a stored report or computed for any range."""

    area: Area
    starts_on: dt.date
    ends_on: dt.date
    snapshot: dict
    narrative: list[dict] = field(default_factory=list)
    problems: str = ""
    recommendations: str = ""
    contact_name: str = ""
    contact_position: str = ""
    contact_phone: str = ""
    signer_name: str = ""
    signer_position: str = ""
    signer_acting_for: str = ""
    reference: str = ""
    window_days: int | None = None
    running: int | None = None
    letter_date: dt.date | None = None
    computed_at: dt.datetime | None = None
    completeness: selectors.Completeness | None = None

    @property
    def is_province(self) -> bool:
        return self.area.level == Level.PROVINCE


def content_for_report(report: Report, viewer: User | None = None) -> ReportContent:
    snapshot = report.snapshot if report.computed_at else snapshot_for(report, viewer=viewer)
    period = report.period
    completeness = selectors.completeness(period) if report.level == ReportLevel.PROVINCE else None
    narrative = list(report.narrative or [])
    if report.level == ReportLevel.PROVINCE:
        narrative = with_district_results(narrative, district_results(period))
    return ReportContent(
        area=report.area,
        starts_on=period.starts_on,
        ends_on=period.ends_on,
        snapshot=snapshot,
        narrative=narrative,
        problems=report.problems,
        recommendations=report.recommendations,
        contact_name=report.contact_name,
        contact_position=report.contact_position,
        contact_phone=report.contact_phone,
        signer_name=report.signer_name,
        signer_position=report.signer_position,
        signer_acting_for=report.signer_acting_for,
        reference=period.directive_reference,
        window_days=period.window_days,
        running=report.letter_running,
        letter_date=report.letter_date,
        computed_at=report.computed_at or timezone.now(),
        completeness=completeness,
    )


def district_results(period) -> list[list[tuple[str, str]]]:
    """Per ordered item, what each district wrote in its submitted or approved report:
    [(district name, text)], in district order."""
    from sodsong.indicators.models import ReportStatus

    reports = (
        period.reports.filter(
            level=ReportLevel.DISTRICT,
            status__in=[ReportStatus.SUBMITTED, ReportStatus.APPROVED],
        )
        .select_related("area")
        .order_by("area__code")
    )
    results: list[list[tuple[str, str]]] = [[] for _ in period.items or []]
    for report in reports:
        for index, part in enumerate(report.narrative or []):
            text = (part.get("text") or "").strip()
            if text and index < len(results):
                results[index].append((_area_name(report.area), text))
    return results


def district_results_text(results: list[tuple[str, str]]) -> str:
    """ "อำเภอกุสุมาลย์ แจ้ง… อำเภอกุดบาก ตรวจ…": one sentence per district, Thai style."""
    return " ".join(f"{name} {text.rstrip(' .')}" for name, text in results)


def with_district_results(
    narrative: list[dict], results: list[list[tuple[str, str]]]
) -> list[dict]:
    """The province's narrative, each item left empty filled with the districts' results."""
    out = []
    for index, part in enumerate(narrative):
        text = (part.get("text") or "").strip()
        if not text and index < len(results) and results[index]:
            text = district_results_text(results[index])
        out.append({**part, "text": text})
    return out


def content_for_range(area: Area, starts_on: dt.date, ends_on: dt.date) -> ReportContent:
    """The stored report when one covers exactly this area and range, else live figures with a
    narrative drawn from them."""
    report = (
        Report.objects.filter(area=area, period__starts_on=starts_on, period__ends_on=ends_on)
        .select_related("period", "area")
        .order_by("-updated_at")
        .first()
    )
    if report is not None:
        return content_for_report(report)
    values = selectors.compute_values(area.code, starts_on, ends_on)
    children = selectors.compute_children(area.code, starts_on, ends_on)
    names = {a.code: a.name_th for a in selectors.child_areas(area.code)}
    breakdown = selectors.compute_breakdown(area.code, starts_on, ends_on)
    labels = selectors.breakdown_labels(k for k, _n in breakdown)
    snapshot = {
        "values": values,
        "children": [
            {"code": c, "name": names.get(c, c), "values": v, "source": "live"}
            for c, v in children.items()
        ],
        "breakdown": [{"key": k, "label": labels.get(k, k), "value": n} for k, n in breakdown],
    }
    return ReportContent(
        area=area,
        starts_on=starts_on,
        ends_on=ends_on,
        snapshot=snapshot,
        narrative=[{"item": item, "text": ""} for item in ORDERED_ITEMS_TH],
        computed_at=timezone.now(),
    )


# --- figures and tables ----------------------------------------------------------------------


def _n(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, float) and not value.is_integer():
        return to_thai_digits(f"{value:,.1f}")
    return to_thai_digits(f"{int(value):,}") if isinstance(value, int | float) else str(value)


def _area_name(area: Area) -> str:
    if area.level == Level.PROVINCE:
        return f"จังหวัด{area.name_th}"
    if area.level == Level.DISTRICT:
        return area.name_th if area.is_bangkok else f"อำเภอ{area.name_th}"
    return f"{area.level_label_th}{area.name_th}"


def _thai_date(day: dt.date) -> str:
    return to_thai_digits(format_thai_date(day))


def indicator_table(content: ReportContent) -> Table:
    """Every indicator of the area: "n. name (unit)" and the value (numbers stay numbers)."""
    indicators = by_code()
    values = content.snapshot.get("values", {})
    rows: list[tuple[str, str | int | float]] = []
    shown = [(c, i) for c, i in indicators.items() if c in values]
    for number, (code, indicator) in enumerate(shown, start=1):
        value = values.get(code)
        unit = f" ({indicator.unit_th})" if indicator.unit_th else ""
        rows.append(
            (
                f"{to_thai_digits(str(number))}. {indicator.label_th}{unit}",
                "-" if value is None else value,
            )
        )
    for entry in content.snapshot.get("breakdown", []):
        rows.append((f"     ข้อหา{to_thai_digits(entry['label'])}", entry["value"]))
    return Table(
        title=f"ผลการดำเนินงานตามตัวชี้วัด {_area_name(content.area)} "
        f"ระหว่างวันที่ {_thai_date(content.starts_on)} ถึง {_thai_date(content.ends_on)}",
        columns=(Column("ตัวชี้วัด (หน่วยนับ)", width=75), Column("ผล", numeric=True, width=25)),
        rows=tuple(rows),
        note=_source_note(content),
    )


def thai_time(moment: dt.datetime | dt.time) -> str:
    """`๑๔.๓๐ น.`: hours and minutes with a full stop, Thai digits, and น. (นาฬิกา)."""
    return f"{to_thai_digits(f'{moment:%H.%M}')} น."


def _source_note(content: ReportContent) -> str:
    when = content.computed_at or timezone.now()
    local = timezone.localtime(when)
    return (
        f"ที่มา ระบบสอดส่อง ประมวลผล ณ วันที่ {_thai_date(local.date())} "
        f"เวลา {thai_time(local)} นับตามวันที่เกิดเหตุการณ์"
    )


def children_table(content: ReportContent) -> Table:
    indicators = by_code()
    level = (
        "อำเภอ"
        if content.is_province
        else ("ตำบล" if content.area.level == Level.DISTRICT else "พื้นที่")
    )
    if content.area.is_bangkok:
        level = "เขต" if content.is_province else "แขวง"
    codes = [c for c in TABLE_CODES if c in indicators]
    rows = []
    totals: dict[str, float] = {c: 0 for c in codes}
    for child in content.snapshot.get("children", []):
        values = child.get("values", {})
        cells = []
        for code in codes:
            value = values.get(code)
            cells.append(value if value is not None else "-")
            if isinstance(value, int | float):
                totals[code] += value
        name = child.get("name", child.get("code", ""))
        if child.get("source") == "live" and content.is_province:
            name = f"{name} *"
        rows.append((name, *cells))
    overall = content.snapshot.get("values", {})
    # Records held at the area itself (a tip placed only in the province, say) belong to no
    # area below it: they get a row of their own so the total matches the indicator table.
    rest = {
        c: overall.get(c) - totals[c]
        for c in codes
        if indicators[c].kind == "sum" and isinstance(overall.get(c), int | float)
    }
    if any(v > 0 for v in rest.values()):
        rows.append(
            (
                "ไม่ระบุพื้นที่ย่อย",
                *[max(0, rest[c]) if c in rest else "-" for c in codes],
            )
        )
        for c, v in rest.items():
            totals[c] += max(0, v)
    total_row = (
        "รวม",
        *[overall.get(c, totals[c]) if indicators[c].kind != "sum" else totals[c] for c in codes],
    )
    note = ""
    if content.is_province and any(
        c.get("source") == "live" for c in content.snapshot.get("children", [])
    ):
        note = "* อำเภอที่รายงานยังไม่ได้รับความเห็นชอบ ใช้ตัวเลข ณ วันที่ประมวลผล"
    return Table(
        title=f"ผลการดำเนินงานราย{level} {_area_name(content.area)}",
        columns=(
            Column(level, width=16),
            *[Column(indicators[c].label_th, numeric=True) for c in codes],
        ),
        rows=tuple(rows),
        total_row=total_row,
        note=note,
    )


# --- the letter ------------------------------------------------------------------------------


def _agency(area: Area) -> Agency | None:
    return _sender_agency(area)


def _addresses(area: Area, agency: Agency | None) -> tuple[str, ...]:
    """The sending office's postal address (road, postcode): DOMAIN §7."""
    return office_address(agency, area)


def orderer(content: ReportContent) -> str:
    """Who ordered the work being reported on: the unit the cited letter comes from when it is
    a ministry, else the ministry for a province and the province for a district."""
    province = Area.objects.filter(code=content.area.code[:2]).first()
    if not content.is_province:
        return f"จังหวัด{province.name_th}" if province else "จังหวัด"
    match = _CITED_UNIT.match(to_thai_digits(content.reference or ""))
    if match and match.group(1).startswith("กระทรวง"):
        return match.group(1)
    return MINISTRY


def _body(content: ReportContent) -> list[str]:
    """The report in the official order (DOMAIN §7): who ordered what, the results per ordered
    item, the districts that reported, problems and recommendations, the contact officer.
    Thai official style: items are numbered paragraphs, headings stand as words of their own,
    no colons or dashes."""
    values = content.snapshot.get("values", {})
    window = f"ภายใน {_n(content.window_days)} วัน " if content.window_days else ""
    who = orderer(content)
    doer = "จังหวัด" if content.is_province else "อำเภอ"
    cited = "ตามหนังสือที่อ้างถึง " if content.reference else "ตามที่"
    opening = (
        f"{cited}{who}ได้สั่งการให้{doer}ดำเนินการป้องกันและปราบปรามแก๊งคอลเซ็นเตอร์"
        f"และอาชญากรรมทางเทคโนโลยี และรายงานผลการดำเนินงาน{window}ความละเอียดแจ้งแล้ว นั้น"
    )
    body = [
        opening,
        f"{_area_name(content.area)}ขอรายงานผลการดำเนินงานตามข้อสั่งการ "
        f"ระหว่างวันที่ {_thai_date(content.starts_on)} ถึงวันที่ {_thai_date(content.ends_on)} ดังนี้",
    ]
    automatic = _automatic_lines(values)
    for number, part in enumerate(content.narrative or [], start=1):
        text = (part.get("text") or "").strip()
        figures = automatic.get(number, "")
        body.append(f"{to_thai_digits(str(number))}. {item_title(part.get('item', ''))}")
        detail = " ".join(x for x in (to_thai_digits(text), figures) if x)
        if detail:
            body.append(f"ผลการดำเนินงาน {detail}")
    if content.completeness is not None:
        c = content.completeness
        body.append(
            f"อำเภอที่ต้องรายงาน {_n(c.expected)} อำเภอ รายงานแล้ว {_n(c.submitted)} อำเภอ "
            f"ทันกำหนด {_n(c.on_time)} อำเภอ ได้รับความเห็นชอบแล้ว {_n(c.approved)} อำเภอ"
        )
    if content.problems:
        body.append(f"ปัญหาและอุปสรรค {_plain(content.problems)}")
    if content.recommendations:
        body.append(f"ข้อเสนอแนะ {_plain(content.recommendations)}")
    body.append("รายละเอียดปรากฏตามสิ่งที่ส่งมาด้วย")
    if content.contact_name:
        contact = " ".join(x for x in (content.contact_name, content.contact_position) if x)
        phone = f" โทร. {to_thai_digits(content.contact_phone)}" if content.contact_phone else ""
        body.append(f"ทั้งนี้ ได้มอบหมายให้{contact} เป็นผู้ประสานงาน{phone}")
    body.append("จึงเรียนมาเพื่อโปรดทราบ")
    return body


def _plain(text: str) -> str:
    """Free text as a paragraph of a letter: Thai digits, no leading colon or dash."""
    return to_thai_digits(re.sub(r"^[\s:\-–—]+", "", text.strip()))


def _automatic_lines(values: dict) -> dict[int, str]:
    """The figures behind each ordered item, written out (so the text matches the table)."""
    v = values.get
    return {
        1: (
            f"ดำเนินปฏิบัติการร่วม {_n(v('operations_held'))} ครั้ง จับกุม {_n(v('persons_arrested'))} คน "
            f"แจ้งข้อหา {_n(v('charges'))} ข้อหา คัดแยกผู้เสียหาย {_n(v('victims_identified'))} คน "
            f"ยึดซิมการ์ด {_n(v('seized_sims'))} ชิ้น โทรศัพท์ {_n(v('seized_phones'))} เครื่อง "
            f"สมุดบัญชีและบัตร {_n(v('seized_bank_books'))} รายการ "
            f"ตรวจสอบเจ้าหน้าที่ของรัฐ {_n(v('officials_investigated'))} ราย "
            f"ลงโทษ {_n(v('officials_penalised'))} ราย"
        ),
        2: (
            f"สำรวจแล้ว {_n(v('villages_surveyed'))} หมู่บ้าน จากทั้งหมด {_n(v('villages_total'))} หมู่บ้าน "
            f"ลงทะเบียนคนต่างด้าว {_n(v('residents_registered'))} คน พบการแจ้งที่พักขาดหรือล่าช้า "
            f"{_n(v('tm30_gaps'))} ราย ตรวจเยี่ยม {_n(v('visits'))} ครั้ง ได้รับรายงานเฝ้าระวัง "
            f"{_n(v('watch_reports_received'))} เรื่อง เบาะแสจากประชาชน {_n(v('tips_received'))} เรื่อง "
            f"ตรวจสอบแล้ว {_n(v('tips_verified'))} เรื่อง"
        ),
        3: (
            f"จัดกิจกรรม {_n(v('awareness_activities'))} ครั้ง "
            f"ประชาชนได้รับการสื่อสาร {_n(v('people_reached'))} คน"
        ),
    }


def build_letter(content: ReportContent, *, on: dt.date | None = None) -> Letter:
    agency = _agency(content.area)
    if agency is None or not agency.letter_code:
        raise LetterSetupError(
            f"the office of {content.area.code} has no letter code (set Agency.letter_code)"
        )
    province = Area.objects.filter(code=content.area.code[:2]).first()
    province_name = province.name_th if province else ""
    if content.is_province:
        salutation = "ปลัดกระทรวงมหาดไทย"
        position = with_place(content.signer_position, "จังหวัด", province_name) or (
            f"ปลัดจังหวัด{province_name}"
        )
        acting_for = with_place(content.signer_acting_for, "จังหวัด", province_name) or (
            f"ผู้ว่าราชการจังหวัด{province_name}"
        )
    else:
        salutation = f"ผู้ว่าราชการจังหวัด{province_name}"
        position = with_place(content.signer_position, "อำเภอ", content.area.name_th) or (
            f"นายอำเภอ{content.area.name_th}"
        )
        acting_for = with_place(content.signer_acting_for, "จังหวัด", province_name)
    enclosures = (
        Enclosure("ตารางผลการดำเนินงานตามตัวชี้วัด จำนวน ๑ ชุด", table=indicator_table(content)),
        Enclosure("ตารางผลการดำเนินงานรายพื้นที่ จำนวน ๑ ชุด", table=children_table(content)),
    )
    return Letter(
        kind=LetterKind.EXTERNAL,
        number=LetterNumber(agency.letter_code, content.running),
        date=content.letter_date or on or timezone.localdate(),
        urgency=Urgency.VERY_URGENT,
        owner_address=_addresses(content.area, agency),
        subject=SUBJECT,
        salutation=salutation,
        references=(to_thai_digits(content.reference),) if content.reference else (),
        enclosures=enclosures,
        body=tuple(_body(content)),
        signature=Signature(
            name=content.signer_name or "\u00a0" * 30,
            position=position,
            acting_for=acting_for,
        ),
        footer=OwnerFooter(
            unit=footer_unit(content.area),
            phone=agency.phone or (content.contact_phone if content.contact_phone else ""),
            email=agency.email,
        ),
    )


def render(content: ReportContent, fmt: str, *, demo: bool | None = None) -> bytes:
    """The report as DOCX, PDF (the letter with its enclosures) or XLSX (the tables)."""
    if fmt == "xlsx":
        return indicator_workbook(
            [indicator_table(content), children_table(content)],
            title=f"{SUBJECT} {_area_name(content.area)}",
            period=(content.starts_on, content.ends_on),
            sheet_names=["ตัวชี้วัด", "รายพื้นที่"],
            demo=demo,
        )
    from sodsong.documents.render import render_letter

    return render_letter(build_letter(content), fmt=fmt, demo=demo)  # type: ignore[arg-type]
