"""A provincial officer pastes the June 2024 circular, checks the parsed fields, issues it to the
districts and opens the compliance board; a headman sees only his own items, on a phone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser

LETTER = Path(__file__).resolve().parents[1] / "directives" / "letters" / "letter_01.txt"


def _no_sideways_scroll(page) -> None:  # type: ignore[no-untyped-def]
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, f"the page scrolls sideways at 360 px ({width} px wide)"


def test_province_officer_uploads_reviews_issues_and_sees_the_board(new_page, sign_in, images_dir):
    page = new_page(viewport=DESKTOP)
    sign_in(page, "province")
    page.goto("/directives/new/")
    page.fill("#id_text", LETTER.read_text(encoding="utf-8"))
    page.fill("#id_received_on", "๑๔/๖/๒๕๖๗")
    page.screenshot(path=str(images_dir / "directives-upload.png"), full_page=True)
    page.locator("main form button[type=submit]").click()

    page.wait_for_url(re.compile(r"/directives/[0-9a-f-]{36}/review/$"))
    assert page.locator("#id_number").input_value() == "สน 0018.3/ว 1423"
    assert page.locator("#id_items-3-deadline").input_value() == "2024-07-15"
    page.screenshot(path=str(images_dir / "directives-review.png"), full_page=True)
    page.locator("button[name=action][value=issue]").click()

    page.wait_for_url(re.compile(r"/directives/[0-9a-f-]{36}/$"))
    assert page.locator(".messages li.success").count() == 1
    assert page.locator("#board-h").count() == 1
    rows = page.locator("#board-h ~ .table-wrap tbody tr")
    assert rows.count() >= 2
    page.screenshot(path=str(images_dir / "directives-board.png"), full_page=True)
    page.select_option("#id_status", "late")
    page.locator("form[method=get] button[type=submit]").click()
    assert "status=late" in page.url


def test_headman_sees_his_own_items_on_a_phone(new_page, sign_in, images_dir):
    page = new_page(viewport=PHONE)
    sign_in(page, "headman")
    page.goto("/directives/")
    assert page.locator("#todo-h").count() == 1
    assert page.locator("a[href='/directives/new/']").count() == 0
    _no_sideways_scroll(page)
    page.screenshot(path=str(images_dir / "directives-todo-360.png"), full_page=True)
