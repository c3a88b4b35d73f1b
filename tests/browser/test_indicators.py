"""The indicator dashboard and the district map render offline, on a phone and on a desktop."""

from __future__ import annotations

import re

import pytest

from .conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser


def _block_outside_requests(page, seen: list[str], base: str) -> None:  # type: ignore[no-untyped-def]
    """Refuses and records every request that leaves the Sodsong server (tiles, CDNs, fonts)."""

    def route(r):  # type: ignore[no-untyped-def]
        if not r.request.url.startswith(base) and not r.request.url.startswith("data:"):
            seen.append(r.request.url)
            r.abort()
        else:
            r.continue_()

    page.route("**/*", route)


def test_province_dashboard_and_map_render_offline(new_page, sign_in, sodsong_server, images_dir):
    page = new_page(viewport=DESKTOP)
    outside: list[str] = []
    _block_outside_requests(page, outside, sodsong_server.url)
    sign_in(page, "province")
    page.goto("/indicators/?indicator=residents_registered")
    heading = page.locator("h1").inner_text()
    assert re.search(r"[\u0E00-\u0E7F]", heading)
    districts = page.locator("figure.ind-map > svg path")
    assert districts.count() >= 18
    box = page.locator("figure.ind-map > svg").bounding_box()
    assert box and box["width"] > 200 and box["height"] > 200
    assert "CC BY 3.0 IGO" in page.locator("figure.ind-map figcaption").inner_text()
    assert page.locator("svg.trend circle").count() >= 1
    assert outside == [], f"requests left the server: {outside}"
    page.screenshot(path=str(images_dir / "indicators-dashboard.png"), full_page=True)
    page.locator("figure.ind-map").screenshot(path=str(images_dir / "indicators-map.png"))


def test_district_dashboard_fits_a_phone(new_page, sign_in, images_dir):
    page = new_page(viewport=PHONE)
    sign_in(page, "district")
    page.goto("/indicators/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page scrolls sideways at 360 px ({width} px wide)"
    assert page.locator("figure.ind-map > svg path").count() >= 18
    page.screenshot(path=str(images_dir / "indicators-district-360.png"), full_page=True)


def test_province_reviews_the_district_reports(new_page, sign_in, images_dir):
    page = new_page(viewport=DESKTOP)
    sign_in(page, "province")
    page.goto("/indicators/periods/")
    page.locator("main table a").first.click()
    page.wait_for_url(re.compile(r"/indicators/periods/[0-9a-f-]{36}/$"))
    assert page.locator("main table tbody tr").count() >= 18
    page.screenshot(path=str(images_dir / "indicators-period.png"), full_page=True)
    page.locator("main table tbody a").first.click()
    page.wait_for_url(re.compile(r"/indicators/reports/[0-9a-f-]{36}/$"))
    assert page.locator("a[href$='download.pdf']").count() == 1
    page.screenshot(path=str(images_dir / "indicators-report.png"), full_page=True)


def test_district_is_refused_another_districts_dashboard(new_page, sign_in):
    page = new_page(viewport=PHONE)
    sign_in(page, "district2")
    response = page.goto("/indicators/?area=4701")
    assert response is not None and response.status == 403
