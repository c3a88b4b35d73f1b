"""Writing a circular: official format, numbered from the unit's ว series, issued the same way."""

from __future__ import annotations

import io
import shutil
import zipfile

import pytest

from sodsong.directives import selectors, services
from sodsong.directives.models import Assignment

pytestmark = pytest.mark.django_db


def _compose(personas):  # type: ignore[no-untyped-def]
    return services.directive_compose(
        user=personas.province,
        subject="การเฝ้าระวังการรับสมัครงานต่างประเทศที่ผิดกฎหมาย",
        to="นายอำเภอ ทุกอำเภอ",
        body="ด้วยจังหวัดได้รับแจ้งว่ามีการชักชวนคนไทยไปทำงานต่างประเทศ",
        items=[
            {"ref": "1", "text": "แจ้งผู้ใหญ่บ้านเฝ้าระวังการรับสมัครงาน"},
            {"ref": "2", "text": "รายงานผลภายใน ๑๕ วัน", "deadline": "P15D", "report_back": True},
        ],
        default_deadline="P30D",
        signatory_name="นายสมชาย ใจดี",
        signatory_position="ปลัดจังหวัด",
        acting_for="ผู้ว่าราชการจังหวัดสกลนคร",
    )


def test_a_composed_circular_takes_the_next_circular_number_and_is_tracked(personas):
    first = _compose(personas)
    second = _compose(personas)
    for d in (first, second):
        choices = selectors.recipient_choices(directive=d)
        services.directive_issue(
            user=personas.province,
            directive=d,
            recipient_keys=[c.key for c in choices if c.kind == "district"][:2],
        )
        d.refresh_from_db()
    assert first.circular and "/ว " in first.number
    assert second.running_no == first.running_no + 1
    assert Assignment.objects.filter(directive=first).count() == 4


def test_the_circular_downloads_as_an_official_docx(personas, login):
    directive = _compose(personas)
    choices = selectors.recipient_choices(directive=directive)
    services.directive_issue(
        user=personas.province,
        directive=directive,
        recipient_keys=[c.key for c in choices if c.kind == "district"][:1],
    )
    response = login(personas.province).get(f"/directives/{directive.uuid}/letter.docx")
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.content)) as docx:
        xml = docx.read("word/document.xml").decode()
    assert "การเฝ้าระวังการรับสมัครงานต่างประเทศที่ผิดกฎหมาย" in xml
    assert "/ว" in xml and "ขอแสดงความนับถือ" in xml
    # Another district may not download it.
    assert (
        login(personas.headman2).get(f"/directives/{directive.uuid}/letter.docx").status_code == 404
    )


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_the_circular_downloads_as_a_pdf(personas, login):
    directive = _compose(personas)
    response = login(personas.province).get(f"/directives/{directive.uuid}/letter.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
