"""The case summary as an editable Word file (A4, TH SarabunPSK 16 pt), built from what the
requesting officer may see: compartments they are not named for stay out of the file."""

from __future__ import annotations

import io

from django.utils import timezone
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from sodsong.accounts.models import User
from sodsong.cases.models import CaseStatus, OperationStatus
from sodsong.cases.selectors import CaseAccess, hidden_counts, operations_visible, parties_visible
from sodsong.thai.dates import format_thai_date, format_thai_datetime

FONT = "TH SarabunPSK"
SIZE = Pt(16)


def _font(run, *, bold: bool = False, size: Pt = SIZE) -> None:
    """Sets the font for Latin and complex-script (Thai) text: Word draws Thai with the cs font
    and size, so w:cs and w:szCs must be set as well as the ordinary ones."""
    run.font.name = FONT
    run.font.size = size
    run.bold = bold
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    size_cs = rpr.find(qn("w:szCs"))
    if size_cs is None:
        size_cs = rpr.makeelement(qn("w:szCs"), {})
        rpr.append(size_cs)
    size_cs.set(qn("w:val"), str(int(size.pt * 2)))
    if bold:
        bcs = rpr.find(qn("w:bCs"))
        if bcs is None:
            rpr.append(rpr.makeelement(qn("w:bCs"), {}))


def _para(doc, text: str, *, bold: bool = False, center: bool = False, size: Pt = SIZE):
    paragraph = doc.add_paragraph()
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(paragraph.add_run(text), bold=bold, size=size)
    return paragraph


def _d(value) -> str:
    if value is None:
        return "—"
    if hasattr(value, "hour"):
        return format_thai_datetime(timezone.localtime(value))
    return format_thai_date(value)


def _table(doc, header: list[str], rows: list[list[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        _font(cell.paragraphs[0].add_run(text), bold=True)
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = ""
            _font(cell.paragraphs[0].add_run(text))


def case_summary_docx(*, user: User, access: CaseAccess) -> bytes:
    case = access.case
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = SIZE
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:cs"), FONT)

    _para(doc, "สรุปสำนวนคดี", bold=True, center=True, size=Pt(20))
    _para(doc, f"เลขที่ {case.number}  {case.title}", bold=True, center=True)
    _para(doc, "ลับ — เผยแพร่เฉพาะผู้ที่มีหน้าที่เกี่ยวข้อง", center=True)
    rows = [
        ["ประเภทคดี", case.get_case_type_display()],
        ["สถานะ", CaseStatus(case.status).label],
        ["หน่วยงานหลัก", case.lead_agency.name_th],
        [
            "หน่วยงานร่วม",
            ", ".join(
                p.agency.name_th
                for p in case.participations.filter(revoked_at__isnull=True).select_related(
                    "agency"
                )
            ),
        ],
        ["พื้นที่", ", ".join(a.name_th for a in case.areas.all()) or case.area.name_th],
        ["วันที่เปิดคดี", _d(case.opened_on)],
        ["เลขคดีตำรวจ", case.police_case_number or "—"],
        [
            "เลขคดีอัยการ (ดำ/แดง)",
            f"{case.prosecutor_black_number or '—'} / {case.prosecutor_red_number or '—'}",
        ],
        ["เลขคดีศาล (ดำ/แดง)", f"{case.court_black_number or '—'} / {case.court_red_number or '—'}"],
        ["เลขหนังสือสารบรรณอิเล็กทรอนิกส์", case.saraban_numbers or "—"],
    ]
    _table(doc, ["รายการ", "รายละเอียด"], rows)
    if case.summary:
        _para(doc, "ข้อเท็จจริงโดยย่อ", bold=True)
        _para(doc, case.summary)

    _para(doc, "บุคคลในคดี", bold=True)
    parties = parties_visible(user=user, access=access, audit=False)
    if parties:
        person_rows = []
        for party in parties:
            # As officials cite them: "ประมวลกฎหมายอาญา มาตรา 341", no "พ.ศ. 2499".
            charges = "; ".join(c.printed_th for c in party.charges.all())
            record = party.prosecution_record
            outcome = "—"
            if record is not None:
                outcome = (
                    " / ".join(
                        x
                        for x in (
                            record.get_decision_display() if record.decision else "",
                            record.get_verdict_display() if record.verdict else "",
                            record.sentence,
                            record.get_deportation_display() if record.deportation else "",
                        )
                        if x
                    )
                    or "—"
                )
            person_rows.append(
                [
                    party.person.display_name,
                    party.role_label,
                    party.get_screening_display(),
                    charges or "—",
                    outcome,
                ]
            )
        _table(doc, ["ชื่อ", "ฐานะ", "การคัดกรองผู้เสียหาย", "ข้อหา", "ผลคดี"], person_rows)
    else:
        _para(doc, "ไม่มีบุคคลที่ท่านมีสิทธิ์เห็น")
    hidden = hidden_counts(access=access)
    if any(hidden.values()):
        _para(
            doc,
            "ข้อมูลชั้นความลับที่ไม่แสดงในเอกสารนี้: "
            f"ผู้ให้ข้อมูล {hidden['informants']} ราย, ผู้เสียหาย {hidden['victims']} ราย, "
            f"แผนปฏิบัติการ {hidden['operations']} รายการ",
        )

    _para(doc, "การจับกุม", bold=True)
    arrests = [(p, a) for p in parties for a in p.arrests.all()]
    if arrests:
        _table(
            doc,
            ["ผู้ถูกจับ", "วันเวลา", "สถานที่", "หน่วยที่จับ", "บันทึกภาพและเสียง", "แจ้งอัยการ", "แจ้งนายอำเภอ"],
            [
                [
                    p.person.display_name,
                    _d(a.arrested_at),
                    a.place,
                    a.arresting_unit,
                    a.recording_reference or a.recording_missing_reason or "—",
                    _d(a.prosecutor_notified_at),
                    _d(a.administrative_notified_at),
                ]
                for p, a in arrests
            ],
        )
    else:
        _para(doc, "ยังไม่มีการจับกุม")

    _para(doc, "การตรวจค้นและปฏิบัติการ", bold=True)
    operations = operations_visible(access=access)
    if operations:
        _table(
            doc,
            ["ประเภท", "สถานะ", "วันเวลา", "สถานที่", "กำลังพล", "อำนาจ/หมาย", "ผล"],
            [
                [
                    o.get_kind_display(),
                    o.get_status_display(),
                    _d(o.held_at if o.status == OperationStatus.HELD else o.planned_for),
                    o.place,
                    f"{o.units} ({o.headcount} นาย)",
                    o.legal_basis,
                    o.result or "—",
                ]
                for o in operations
            ],
        )
    else:
        _para(doc, "ไม่มีรายการ")

    _para(doc, "ของกลาง", bold=True)
    seizures = list(case.seizures.all())
    if seizures:
        _table(
            doc,
            ["รายการ", "จำนวน", "รายละเอียด", "วันที่ยึด"],
            [
                [s.get_kind_display(), f"{s.quantity:,}", s.description or "—", _d(s.seized_on)]
                for s in seizures
            ],
        )
    else:
        _para(doc, "ไม่มีรายการ")
    _para(doc, f"จัดทำเมื่อ {_d(timezone.now())} โดย {user.get_full_name() or user.username}")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
