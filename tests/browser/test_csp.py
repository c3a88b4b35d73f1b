"""The Content-Security-Policy allows no inline script and no inline style (#12, #21): the pages
that used inline styles (progress bars, the map's legend, the tip form's honeypot, htmx's
indicator style) render in a real browser without a single CSP refusal."""

from __future__ import annotations

import re

import pytest

from .conftest import DESKTOP

pytestmark = pytest.mark.browser


def _refusals(page) -> list[str]:  # type: ignore[no-untyped-def]
    seen: list[str] = []
    page.on(
        "console",
        lambda message: (
            seen.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return seen


def test_pages_render_without_a_csp_refusal(new_page, sign_in) -> None:
    public = new_page(viewport=DESKTOP)
    refused = _refusals(public)
    public.goto("/tip/")
    public.wait_for_load_state("networkidle")
    box = public.locator(".hp").bounding_box()  # the honeypot stays out of sight (sodsong.css)
    assert box is None or box["x"] + box["width"] <= 0, box
    page = new_page(viewport=DESKTOP)
    refused += _refusals(page)
    sign_in(page, "province")
    page.goto("/indicators/?indicator=residents_registered")
    assert page.locator("ul.legend svg.swatch rect[fill]").count() >= 2
    page.goto("/directives/")
    links = page.locator("a[href^='/directives/']").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    details = [h for h in links if re.fullmatch(r"/directives/[0-9a-f-]{36}/", h)]
    assert details, links
    page.goto(details[0])
    bars = page.locator("progress.progress")
    if bars.count():
        box = bars.first.bounding_box()
        assert box and box["width"] > 20
    assert refused == [], refused
