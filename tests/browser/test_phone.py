"""A day on a 360 px phone (issue 20): the navigation shows every section without a hidden
sideways scroll, home lists what is due first, the country picker offers the region first,
tables become cards with 44 px tap targets, the first error takes the focus, and a missing page
answers in Thai."""

from __future__ import annotations

import pytest

from .conftest import PHONE

pytestmark = pytest.mark.browser


def _no_sideways_scroll(page) -> None:  # type: ignore[no-untyped-def]
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page scrolls sideways at 360 px ({width} px wide)"


def test_the_menu_shows_every_section_on_a_phone(new_page, sign_in, images_dir):
    page = new_page(viewport=PHONE)
    sign_in(page, "province")
    nav = page.locator("nav.main")
    # Nothing hides in a sideways scroll of the navigation.
    assert nav.evaluate("n => n.scrollWidth <= n.clientWidth")
    button = page.get_by_role("button", name="เมนู")
    button.click()
    assert button.get_attribute("aria-expanded") == "true"
    links = nav.get_by_role("link")
    assert links.count() >= 10
    for n in range(links.count()):
        box = links.nth(n).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        assert box["height"] >= 44
    _no_sideways_scroll(page)
    page.screenshot(path=str(images_dir / "menu-360.png"))


def test_the_headmans_home_lists_what_is_due_first(new_page, sign_in, images_dir):
    page = new_page(viewport=PHONE)
    sign_in(page, "headman")
    due = page.locator("#due li")
    assert due.count() >= 1
    assert "ไม่มีงาน" not in page.locator("#due").inner_text()
    _no_sideways_scroll(page)
    page.screenshot(path=str(images_dir / "headman-home-360.png"))


def test_the_country_picker_offers_the_region_first_and_takes_thai(new_page, sign_in, images_dir):
    page = new_page(viewport=PHONE)
    sign_in(page, "headman")
    page.goto("/survey/residents/new/")
    field = page.locator("#id_nationality")
    assert field.get_attribute("list") == "id_nationality-countries"
    options = page.locator("#id_nationality-countries option")
    assert [options.nth(n).get_attribute("value") for n in range(3)] == [
        "เมียนมา (MMR)",
        "กัมพูชา (KHM)",
        "ลาว (LAO)",
    ]
    field.fill("เมี")
    page.locator("#id_doc_number").fill("MZ123456")
    page.locator("#id_given_name_latin").fill("Aung")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    # Refused beside the field, and the focus is on the first field with an error.
    assert "เลือกประเทศจากรายการ" in page.locator("#id_nationality_error").inner_text()
    focused = page.evaluate("document.activeElement && document.activeElement.id")
    assert focused, "a field with an error has the focus"
    _no_sideways_scroll(page)
    page.screenshot(path=str(images_dir / "resident-country-360.png"), full_page=True)


def test_the_tip_queue_is_a_card_list_with_44_px_checkboxes(new_page, sign_in, images_dir):
    page = new_page(viewport=PHONE)
    sign_in(page, "district")
    page.goto("/tips/")
    table = page.locator("main table.cards").first
    assert table.count() == 1
    _no_sideways_scroll(page)
    first_row = table.locator("tbody tr").first
    # The status is shown in the card, not cut off to the right.
    status = first_row.locator("td").last.bounding_box()
    assert status is not None and status["x"] + status["width"] <= PHONE["width"]
    targets = page.locator("label.tap")
    if targets.count():
        box = targets.first.bounding_box()
        assert box is not None and box["width"] >= 44 and box["height"] >= 44
    page.screenshot(path=str(images_dir / "tips-queue-360.png"), full_page=True)


def test_a_missing_page_answers_in_thai_on_a_phone(new_page, sign_in, images_dir):
    page = new_page(viewport=PHONE)
    sign_in(page, "police")
    response = page.goto("/no-such-page/")
    assert response is not None and response.status == 404
    assert page.locator("h1").inner_text() == "ไม่พบหน้านี้"
    _no_sideways_scroll(page)
    page.screenshot(path=str(images_dir / "not-found-360.png"))
