"""The provincial administration officer reads and filters the audit log; a district officer is
not offered it and is refused it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser


def test_province_reads_and_filters_the_audit_log(new_page, sign_in, images_dir):
    page = new_page(viewport=DESKTOP)
    sign_in(page, "province")

    page.locator("nav.main").get_by_role("link", name="บันทึกการเข้าถึงข้อมูล").click()
    page.wait_for_url(re.compile(r"/audit/$"))
    assert page.locator("h1").inner_text() == "บันทึกการเข้าถึงข้อมูล"
    rows = page.locator("main table tbody tr")
    assert rows.count() >= 1
    page.screenshot(path=str(images_dir / "audit-log.png"))

    page.get_by_label("ผู้ใช้").fill("province")
    page.get_by_label("การดำเนินการ").select_option("login")
    page.get_by_role("button", name="กรองข้อมูล").click()
    page.wait_for_url(re.compile(r"/audit/\?.*actor=province.*action=login"))
    assert rows.count() >= 1
    for row in rows.all():
        cells = row.locator("td").all_inner_texts()
        assert cells[1] == "province" and cells[2] == "เข้าสู่ระบบ", cells
    # The filter is kept in the form and carried over to the export.
    assert page.get_by_label("ผู้ใช้").input_value() == "province"
    export = page.locator("form[action$='export.csv']")
    assert export.locator("input[type=hidden][name=actor]").get_attribute("value") == "province"
    page.screenshot(path=str(images_dir / "audit-log-filtered.png"))

    # Exporting needs a purpose; the export is itself recorded, with that purpose.
    export.get_by_label("วัตถุประสงค์ของการส่งออกข้อมูล (ต้องระบุ)").fill("ตรวจสอบประจำเดือน")
    with page.expect_download() as download_info:
        export.get_by_role("button", name="ส่งออกเป็น CSV").click()
    download = download_info.value
    assert download.suggested_filename == "sodsong-audit.csv"
    lines = Path(download.path()).read_text("utf-8-sig").splitlines()
    assert lines[0].startswith("at,actor,via,action")
    assert len(lines) >= 2 and all(",province," in line for line in lines[1:])

    page.goto("/audit/?action=export")
    assert "ตรวจสอบประจำเดือน" in rows.first.inner_text()


def test_province_manages_users(new_page, sign_in, images_dir):
    page = new_page(viewport=DESKTOP)
    sign_in(page, "province")
    page.locator("nav.main").get_by_role("link", name="ผู้ใช้งาน").click()
    page.wait_for_url(re.compile(r"/accounts/users/$"))
    assert page.locator("h1").inner_text() == "ผู้ใช้งาน"
    headman_row = page.locator("main tbody tr", has_text="headman").first
    assert headman_row.get_by_role("button", name="ออกลิงก์ตั้งรหัสผ่านใหม่").count() == 1
    page.screenshot(path=str(images_dir / "users.png"))


def test_district_officer_has_no_audit_link_and_is_refused(new_page, sign_in, open_menu):
    page = new_page(viewport=PHONE)
    sign_in(page, "district")
    open_menu(page)
    nav = page.locator("nav.main")
    assert nav.get_by_role("link", name="หน้าหลัก").count() == 1
    assert nav.locator("a[href^='/audit/']").count() == 0
    assert nav.get_by_role("link", name="บันทึกการเข้าถึงข้อมูล").count() == 0

    response = page.goto("/audit/")
    assert response is not None and response.status == 403
    assert page.locator("h1").inner_text() == "ไม่มีสิทธิ์เข้าถึง"
