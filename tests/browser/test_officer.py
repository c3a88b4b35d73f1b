"""An officer's own account page: roles, Thai digits, API tokens and two-factor set-up."""

from __future__ import annotations

import re

import pytest

from .conftest import DESKTOP

pytestmark = pytest.mark.browser


def test_officer_creates_an_api_token_shown_once(new_page, sign_in, images_dir):
    page = new_page(viewport=DESKTOP)
    sign_in(page, "district")
    page.locator("nav.main").get_by_role("link", name="บัญชีของฉัน").click()
    page.wait_for_url(re.compile(r"/accounts/me/$"))
    assert page.get_by_role("heading", name="โทเคน API").count() == 1
    page.screenshot(path=str(images_dir / "my-account.png"), full_page=True)

    page.get_by_label("วัตถุประสงค์ของโทเคน").fill("ระบบรายงานของอำเภอ")
    page.get_by_label("สิทธิ์การเข้าถึง").select_option("read")
    page.get_by_label("อายุการใช้งาน (วัน)").fill("30")
    page.get_by_role("button", name="สร้างโทเคน").click()
    token = page.locator("#new-token").inner_text()
    assert len(token) > 20
    assert page.locator("main table", has_text="ระบบรายงานของอำเภอ").count() == 1

    page.goto("/accounts/me/")  # shown once: not on the next visit
    assert page.locator("#new-token").count() == 0
    assert token not in page.content()


def test_officer_opens_two_factor_setup(new_page, sign_in, images_dir):
    page = new_page(viewport=DESKTOP)
    sign_in(page, "police")
    page.goto("/accounts/me/")
    page.get_by_role("link", name="ตั้งค่าการยืนยันตัวตนสองขั้นตอน").click()
    page.wait_for_url(re.compile(r"/accounts/two-factor/$"))
    assert page.locator("h1").inner_text() == "ตั้งค่าการยืนยันตัวตนสองขั้นตอน"
    assert page.locator("main svg").count() == 1  # the QR code
    assert page.get_by_label("รหัส 6 หลักจากแอปยืนยันตัวตน").count() == 1
    page.screenshot(path=str(images_dir / "two-factor-setup.png"), full_page=True)
