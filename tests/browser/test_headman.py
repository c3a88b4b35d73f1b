"""A village headman on a cheap phone: signs in, sees and opens the own village, and is refused
another district's village."""

from __future__ import annotations

import re

import pytest

from .conftest import PHONE

pytestmark = pytest.mark.browser


def _own_area_links(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.locator("main .grid a.card").evaluate_all("cards => cards.map(a => a.pathname)")


@pytest.fixture(scope="module")
def other_district_village(browser, sodsong_server) -> str:  # type: ignore[no-untyped-def]
    """headman2's village: in the second district of Sakon Nakhon (4702), not the headman's."""
    context = browser.new_context(base_url=sodsong_server.url, viewport=PHONE)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.fill("#id_username", "headman2")
    page.fill("#id_password", sodsong_server.password)
    page.click("form.card button[type=submit]")
    page.wait_for_url(sodsong_server.url + "/")
    links = _own_area_links(page)
    context.close()
    assert len(links) == 1, links
    code = links[0].strip("/").split("/")[-1]
    assert code.startswith("4702"), code
    return code


def _no_sideways_scroll(page) -> None:  # type: ignore[no-untyped-def]
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page scrolls sideways at 360 px ({width} px wide)"


def test_headman_sees_and_opens_own_village_on_a_phone(new_page, sign_in, images_dir, open_menu):
    page = new_page(viewport=PHONE)
    sign_in(page, "headman")

    assert page.locator("h1").inner_text().startswith("ยินดีต้อนรับ")
    cards = page.locator("main .grid a.card")
    assert cards.count() == 1
    village = cards.first
    assert "หมู่บ้าน" in village.inner_text()
    code = village.evaluate("a => a.pathname").strip("/").split("/")[-1]
    assert code.startswith("4701"), code
    open_menu(page)
    nav = page.locator("nav.main")
    assert nav.get_by_role("link", name="หน้าหลัก").count() == 1
    assert nav.locator("a[href^='/audit/']").count() == 0
    # The page is set in Sarabun, served by the app itself.
    assert page.evaluate(
        "document.fonts.ready.then(() => document.fonts.check('16px Sarabun', 'ทดสอบ'))"
    )
    assert page.evaluate(
        "[...document.fonts].some(f => f.family.includes('Sarabun') && f.status === 'loaded')"
    )
    _no_sideways_scroll(page)
    page.screenshot(path=str(images_dir / "headman-home-360.png"))

    village.click()
    page.wait_for_url(re.compile(rf"/areas/{code}/$"))
    assert "หมู่ที่" in page.locator("h1").inner_text()
    assert page.get_by_role("heading", name="บุคคลที่บันทึกไว้ในพื้นที่นี้").count() == 1
    _no_sideways_scroll(page)
    page.screenshot(path=str(images_dir / "headman-village-360.png"), full_page=True)


def test_headman_is_refused_another_districts_village(
    new_page, sign_in, other_district_village, images_dir
):
    page = new_page(viewport=PHONE)
    sign_in(page, "headman")

    response = page.goto(f"/areas/{other_district_village}/")
    assert response is not None and response.status == 403
    assert page.locator("h1").inner_text() == "ไม่มีสิทธิ์เข้าถึง"
    assert "ระบบได้บันทึก" in page.locator("main").inner_text()
    # No part of the refused village leaks into the page.
    assert other_district_village not in page.locator("main").inner_text()
    _no_sideways_scroll(page)
    page.screenshot(path=str(images_dir / "area-refused.png"))

    page.get_by_role("link", name="กลับสู่หน้าหลัก").click()
    page.wait_for_url(re.compile(r"/$"))


def test_headman_signs_in_with_the_keyboard_only(new_page, sodsong_server):
    page = new_page(viewport=PHONE)
    page.goto("/accounts/login/")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "id_username":
            break
    else:
        pytest.fail("Tab never reaches the username field")
    page.keyboard.type("headman")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_password"
    page.keyboard.type(sodsong_server.password)
    page.keyboard.press("Enter")
    page.wait_for_url(sodsong_server.url + "/")
    assert page.locator("main .grid a.card").count() == 1
