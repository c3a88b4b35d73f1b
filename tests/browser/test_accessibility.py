"""Each role's main pages pass axe-core at 360 and 1280 px (issue 20, "Hold it").

The tests only walk: the gate in accessibility.py (hooked into `new_page`) loads every page they
reached again and runs axe-core on it at both widths. Each role walks its menu, the first detail
page behind each list, and the forms it may open; the public walks the tip form, the status page,
the sign-in page and the 404 page.
"""

from __future__ import annotations

import urllib.parse

import pytest
from playwright.sync_api import expect

from .accessibility import run_axe
from .conftest import PHONE

pytestmark = pytest.mark.browser

FORMS = (
    "/cases/new/",
    "/survey/residents/new/",
    "/survey/visits/new/",
    "/survey/import/",
    "/survey/export/",
    "/directives/new/",
    "/directives/compose/",
    "/awareness/new/",
    "/misconduct/new/",
    "/tips/report/new/",
    "/accounts/me/",
    "/accounts/two-factor/",
)


def _same_site(base: str, hrefs: list[str]) -> list[str]:
    paths = []
    for href in hrefs:
        url = urllib.parse.urljoin(base + "/", href)
        if url.startswith(base) and "download" not in url and not url.endswith((".csv", ".pdf")):
            path = url[len(base) :]
            if path not in paths:
                paths.append(path)
    return paths


def _walk(page, base: str) -> list[str]:  # type: ignore[no-untyped-def]
    """The role's menu, then the first row's link of each list reached from it."""
    page.goto("/")
    menu = _same_site(base, page.locator("nav.main a").evaluate_all("a => a.map(e => e.href)"))
    seen = ["/"]
    for path in menu:
        response = page.goto(path)
        seen.append(path)
        if response is None or response.status != 200:
            continue
        rows = page.locator("main table tbody a[href]").evaluate_all(
            "a => a.slice(0, 1).map(e => e.href)"
        )
        for detail in _same_site(base, rows):
            if detail not in seen:
                page.goto(detail)
                seen.append(detail)
    for form in FORMS:
        page.goto(form)  # a refused form answers the 403 page, which is checked as well
        seen.append(form)
    return seen


@pytest.mark.parametrize(
    "username",
    ["province", "district", "police", "analyst", "investigator", "kamnan", "headman", "localgov"],
)
def test_role_pages_pass_axe(new_page, sign_in, sodsong_server, username):
    page = new_page(viewport=PHONE)
    sign_in(page, username)
    seen = _walk(page, sodsong_server.url)
    assert len(seen) > len(FORMS) + 2, seen
    assert page.evaluate("document.documentElement.lang") == "th"


def test_public_pages_pass_axe(new_page):
    page = new_page(viewport=PHONE)
    for path in ("/tip/", "/tip/status/", "/accounts/login/", "/about", "/no-such-page/"):
        page.goto(path)
        assert page.evaluate("document.documentElement.lang") == "th", path


def test_refused_tip_form_passes_axe(new_page, sodsong_server):
    """The form as it comes back with its errors, which a new GET would not show."""
    page = new_page(viewport=PHONE)
    page.goto("/tip/")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    findings = [
        f for f in run_axe(page, page.url, PHONE["width"]) if f.impact in {"serious", "critical"}
    ]
    assert findings == [], "\n".join(f.line() for f in findings)


@pytest.mark.no_axe("proves the gate itself: an unlabelled field must be found")
def test_gate_finds_an_unlabelled_field(new_page):
    page = new_page(viewport=PHONE)
    page.goto("/about")
    page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend', '<input type=text>')"
    )
    rules = {f.rule for f in run_axe(page, page.url, PHONE["width"])}
    assert "label" in rules


def test_wide_table_takes_the_keyboard_only_while_it_scrolls(new_page, sign_in):
    page = new_page(viewport=PHONE)
    sign_in(page, "province")
    page.goto("/audit/")
    wrap = page.locator(".table-wrap").first
    assert wrap.get_attribute("tabindex") == "0"
    assert wrap.get_attribute("role") == "region" and wrap.get_attribute("aria-label")
    page.set_viewport_size({"width": 1280, "height": 800})
    expect(wrap).not_to_have_attribute("tabindex", "0")  # the page's CSP forbids eval polling
