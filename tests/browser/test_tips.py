"""The public tip line on a 360-px phone: pick the place step by step, send a tip without
signing in, get a tracking code, and look its status up. Then a district officer finds it."""

from __future__ import annotations

import re

import pytest

from .conftest import PHONE

pytestmark = pytest.mark.browser


def _no_sideways_scroll(page) -> None:  # type: ignore[no-untyped-def]
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page scrolls sideways at 360 px ({width} px wide)"


def _wait_for_choices(page, select: str) -> None:
    """Waits until htmx has swapped in the picker with choices for `select` AND has finished
    settling it: a change made while the new fieldset settles sends no request."""
    page.wait_for_function(
        "sel => document.querySelectorAll(sel + ' option').length > 1"
        " && !document.querySelector('.htmx-settling, .htmx-swapping, .htmx-request')"
        " && !!document.querySelector('#area-picker')['htmx-internal-data']",
        arg=select,
        timeout=30_000,
    )


def test_public_tip_on_a_phone_and_tracking_code_lookup(new_page, sign_in, images_dir):
    page = new_page(viewport=PHONE)
    page.goto("/tip/")
    assert page.locator("h1").inner_text().startswith("ส่งเบาะแส")
    _no_sideways_scroll(page)

    page.fill("#id_description", "บ้านเช่าท้ายซอยมีคนคุยโทรศัพท์ตามบททั้งวัน ปิดม่านตลอด")
    # The place picker fills each level after the one above is chosen (htmx). A national
    # deployment lists every province; a provincial one preselects its own.
    if page.locator("#id_province option").count() > 1:
        page.select_option("#id_province", "47")
        _wait_for_choices(page, "#id_district")
    page.select_option("#id_district", index=1)
    _wait_for_choices(page, "#id_subdistrict")
    page.select_option("#id_subdistrict", index=1)
    _wait_for_choices(page, "#id_village")
    page.select_option("#id_village", index=1)
    page.fill("#id_occurred_on", "๑/๖/๒๕๖๗")
    page.screenshot(path=str(images_dir / "tips-public-form-360.png"), full_page=True)
    page.click("main form button[type=submit]")

    code = page.locator("#tracking-code").inner_text().strip()
    assert re.fullmatch(r"[2-9A-Z]{10}", code), code
    _no_sideways_scroll(page)
    page.screenshot(path=str(images_dir / "tips-public-code-360.png"))

    page.goto("/tip/status/")
    page.fill("#id_code", code.lower())
    page.click("main form button[type=submit]")
    assert "รอตรวจสอบ" in page.locator("#tip-status").inner_text()
    page.screenshot(path=str(images_dir / "tips-public-status-360.png"))

    officer = new_page(viewport=PHONE)
    sign_in(officer, "district")
    officer.goto("/tips/?sort=newest")
    assert code in officer.locator("main table").inner_text()
    officer.screenshot(path=str(images_dir / "tips-queue-360.png"), full_page=True)
