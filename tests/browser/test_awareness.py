"""A village headman logs an awareness activity on a cheap phone (360 px) and sees it counted."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from sodsong.thai.digits import to_thai_digits

from .conftest import PHONE

pytestmark = pytest.mark.browser


def _no_sideways_scroll(page) -> None:  # type: ignore[no-untyped-def]
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page scrolls sideways at 360 px ({width} px wide)"


def test_headman_logs_an_awareness_activity_on_a_phone(new_page, sign_in, images_dir):
    page = new_page(viewport=PHONE)
    sign_in(page, "headman")

    page.goto("/awareness/")
    heading = page.locator("h1").inner_text()
    assert heading != "Community awareness" and re.search(r"[\u0E00-\u0E7F]", heading)
    before = int(page.locator(".stat").first.inner_text().replace(",", ""))
    _no_sideways_scroll(page)
    page.screenshot(path=str(images_dir / "awareness-totals-360.png"), full_page=True)

    page.locator("a[href='/awareness/new/']").click()
    page.wait_for_url(re.compile(r"/awareness/new/$"))
    page.select_option("#id_kind", "village_meeting")
    # Today in B.E. and Thai digits, as a headman would type it.
    today = dt.date.today()
    page.fill("#id_held_on", to_thai_digits(f"{today.day}/{today.month}/{today.year + 543}"))
    # The headman has one village: it is chosen already.
    assert page.locator("#id_village").input_value() != ""
    page.fill("#id_audience", "64")
    page.get_by_label("บัญชีม้า", exact=False).first.check()
    page.fill("#id_material", "แผ่นพับ กรมการปกครอง")
    _no_sideways_scroll(page)
    page.screenshot(path=str(images_dir / "awareness-new-360.png"), full_page=True)
    page.locator("main form button[type=submit]").click()

    page.wait_for_url(re.compile(r"/awareness/[0-9a-f-]{36}/$"))
    assert page.locator(".messages li.success").count() == 1
    assert "64" in page.locator("main").inner_text()
    _no_sideways_scroll(page)
    page.screenshot(path=str(images_dir / "awareness-detail-360.png"), full_page=True)

    page.goto("/awareness/")
    after = int(page.locator(".stat").first.inner_text().replace(",", ""))
    assert after == before + 1


def test_headman_is_refused_another_districts_totals(new_page, sign_in):
    page = new_page(viewport=PHONE)
    sign_in(page, "headman")
    response = page.goto("/awareness/?area=4702")
    assert response is not None and response.status == 403
