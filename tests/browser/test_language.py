"""Thai first, English through the switch in the header, and back."""

from __future__ import annotations

import re

import pytest

from .conftest import PHONE

pytestmark = pytest.mark.browser


def test_login_page_switches_to_english_and_back(new_page, images_dir):
    page = new_page(viewport=PHONE)
    page.goto("/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "th"
    assert page.locator("h1").inner_text() == "เข้าสู่ระบบ"
    assert page.get_by_label("ชื่อผู้ใช้").count() == 1
    page.screenshot(path=str(images_dir / "login-th.png"))

    page.get_by_role("button", name="English").click()
    page.wait_for_url(re.compile(r"/accounts/login/$"))
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Sign in"
    assert page.get_by_label("Username").count() == 1
    page.screenshot(path=str(images_dir / "login-en.png"))

    page.get_by_role("button", name="ภาษาไทย").click()
    page.wait_for_url(re.compile(r"/accounts/login/$"))
    assert page.locator("html").get_attribute("lang") == "th"
    assert page.locator("h1").inner_text() == "เข้าสู่ระบบ"


def test_signed_in_pages_follow_the_chosen_language(new_page, sign_in, open_menu):
    page = new_page(viewport=PHONE)
    sign_in(page, "headman")
    open_menu(page)
    nav = page.locator("nav.main")
    assert nav.get_by_role("link", name="หน้าหลัก").count() == 1

    page.get_by_role("button", name="English").click()
    page.wait_for_url(re.compile(r"/$"))
    assert page.locator("h1").inner_text().startswith("Welcome")
    open_menu(page)
    assert nav.get_by_role("link", name="Home").count() == 1
    assert nav.get_by_role("link", name="My areas").count() == 1

    page.get_by_role("button", name="ภาษาไทย").click()
    page.wait_for_url(re.compile(r"/$"))
    assert page.locator("h1").inner_text().startswith("ยินดีต้อนรับ")
