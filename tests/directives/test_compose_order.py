"""Issue 19, "compose … a provincial order (คำสั่งจังหวัด, e.g. appointing an operations centre)":
the compose page writes an order as well as a circular. An order is numbered in the province's
order series of the year ("ที่ ๑/๒๕๖๘", apart from the ว series), prints as คำสั่งจังหวัด… with
"สั่ง ณ วันที่" and no salutation or closing, and its duties are tracked like a circular's items."""

from __future__ import annotations

import io
import zipfile

import pytest

from sodsong.directives import selectors, services
from sodsong.directives.letter_render import letter_for
from sodsong.directives.models import Assignment
from sodsong.documents.letter import LetterKind

pytestmark = pytest.mark.django_db

CENTRE = "แต่งตั้งศูนย์ปฏิบัติการป้องกันและปราบปรามอาชญากรรมทางเทคโนโลยีจังหวัดสกลนคร"


def _order(personas):  # type: ignore[no-untyped-def]
    return services.directive_compose(
        user=personas.province,
        kind="order",
        subject=CENTRE,
        to="",
        body="เพื่อให้การป้องกันและปราบปรามอาชญากรรมทางเทคโนโลยีเป็นไปอย่างบูรณาการ "
        "จึงแต่งตั้งศูนย์ปฏิบัติการ โดยให้มีหน้าที่ ดังนี้",
        items=[
            {"ref": "1", "text": "ให้อำเภอรับแจ้งเบาะแสและประสานหน่วยงานบังคับใช้กฎหมาย"},
            {"ref": "2", "text": "รายงานผลให้จังหวัดทราบภายใน ๑๕ วัน", "report_back": True},
        ],
        signatory_name="นายวิทยา ธรรมสกล",
        signatory_position="ผู้ว่าราชการจังหวัดสกลนคร",
    )


def _issue(personas, directive):  # type: ignore[no-untyped-def]
    choices = selectors.recipient_choices(directive=directive)
    services.directive_issue(
        user=personas.province,
        directive=directive,
        recipient_keys=[c.key for c in choices if c.kind == "district"][:2],
    )
    directive.refresh_from_db()
    return directive


def test_an_order_is_numbered_in_its_own_series_not_the_circulars(personas):
    order = _issue(personas, _order(personas))
    circular = _issue(
        personas,
        services.directive_compose(
            user=personas.province,
            subject="ทดสอบหนังสือเวียน",
            to="นายอำเภอ ทุกอำเภอ",
            body="ด้วยจังหวัดขอให้ดำเนินการ",
            items=[{"ref": "1", "text": "แจ้งผู้ใหญ่บ้าน"}],
        ),
    )
    second = _issue(personas, _order(personas))
    assert order.kind == "order" and not order.circular
    assert (order.running_no, second.running_no) == (1, 2)
    assert circular.circular and circular.running_no == 1
    assert "/ว" not in order.number
    assert Assignment.objects.filter(directive=order).count() == 4


def test_an_order_prints_as_the_provinces_order(personas):
    order = _issue(personas, _order(personas))
    letter = letter_for(order)
    assert letter.kind is LetterKind.ORDER
    assert letter.extra["issuer"] == "จังหวัดสกลนคร"
    assert letter.number.running == 1 and not letter.number.circular
    assert "ทั้งนี้ ตั้งแต่บัดนี้เป็นต้นไป" in letter.body
    assert "๑. ให้อำเภอรับแจ้งเบาะแสและประสานหน่วยงานบังคับใช้กฎหมาย" in letter.body


def test_the_order_downloads_without_salutation_or_closing(personas, login):
    order = _issue(personas, _order(personas))
    response = login(personas.province).get(f"/directives/{order.uuid}/letter.docx")
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.content)) as docx:
        xml = docx.read("word/document.xml").decode()
    assert "คำสั่งจังหวัดสกลนคร" in xml and "สั่ง ณ วันที่" in xml
    assert "เรียน" not in xml and "ขอแสดงความนับถือ" not in xml


def test_the_compose_page_offers_the_order(personas, login):
    client = login(personas.province)
    page = client.get("/directives/compose/").content.decode()
    assert 'value="order"' in page
    response = client.post(
        "/directives/compose/",
        {
            "kind": "order",
            "subject": CENTRE,
            "to": "",
            "body": "จึงแต่งตั้งศูนย์ปฏิบัติการ โดยให้มีหน้าที่ ดังนี้",
            "items": "ให้อำเภอรับแจ้งเบาะแส\nรายงานผลให้จังหวัดทราบภายใน ๑๕ วัน",
            "default_deadline": "P30D",
        },
    )
    assert response.status_code == 302
    from sodsong.directives.models import Directive

    assert Directive.objects.get(subject=CENTRE).kind == "order"


def test_an_order_is_cited_as_an_order(personas):
    from sodsong.indicators.services import directive_citation

    order = _issue(personas, _order(personas))
    citation = directive_citation(order)
    assert citation.startswith("คำสั่งจังหวัดสกลนคร ที่ 1/25")
    assert "หนังสือ" not in citation
