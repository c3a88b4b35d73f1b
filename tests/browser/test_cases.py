"""Joint cases in a real browser: the police officer's case list with overdue tasks, a demo case
at 360 px, opening a case from the form, and a police officer of another station refused."""

from __future__ import annotations

import re

import pytest

from .conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser


def test_police_officer_sees_cases_and_overdue_tasks(new_page, sign_in, images_dir):
    page = new_page(viewport=DESKTOP)
    sign_in(page, "police")
    page.goto("/cases/")
    assert page.locator("h1").inner_text() == "คดีร่วมบูรณาการ"
    assert page.get_by_role("heading", name="งานในคดีของฉัน").count() == 1
    assert page.locator("main table tbody tr").count() >= 1
    page.screenshot(path=str(images_dir / "cases-list.png"), full_page=True)


def test_a_demo_case_reads_on_a_phone(new_page, sign_in, images_dir):
    page = new_page(viewport=PHONE)
    sign_in(page, "police")
    page.goto("/cases/")
    page.get_by_role("link", name=re.compile("แก๊งคอลเซ็นเตอร์ในบ้านเช่า")).click()
    page.wait_for_url(re.compile(r"/cases/[0-9a-f-]{36}/$"))
    assert page.get_by_role("heading", name="บุคคลในคดี").count() == 1
    assert page.get_by_role("heading", name="ลำดับเหตุการณ์").count() == 1
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 2
    page.screenshot(path=str(images_dir / "cases-detail-360.png"), full_page=True)


def test_police_officer_opens_a_case_from_the_form(new_page, sign_in, images_dir):
    page = new_page(viewport=DESKTOP)
    sign_in(page, "police")
    page.goto("/cases/new/")
    page.get_by_label("ชื่อเรื่อง").fill("ทดสอบเปิดคดีจากเบราว์เซอร์")
    page.get_by_label("ประเภท").select_option("mule")
    page.get_by_label("รหัสพื้นที่ (อำเภอ ตำบล หรือหมู่บ้าน)").fill("4701")
    page.get_by_label("วันที่เปิดคดี").fill("๑/๑๑/๒๕๖๙")
    page.screenshot(path=str(images_dir / "cases-new.png"), full_page=True)
    page.get_by_role("button", name="เปิดคดี").click()
    page.wait_for_url(re.compile(r"/cases/[0-9a-f-]{36}/$"))
    assert "ทดสอบเปิดคดีจากเบราว์เซอร์" in page.locator("h1").inner_text()


def test_kamnan_is_refused_the_cases_page(new_page, sign_in):
    page = new_page(viewport=PHONE)
    sign_in(page, "kamnan")
    response = page.goto("/cases/")
    assert response is not None and response.status == 403
