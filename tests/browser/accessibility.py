"""The accessibility gate of the browser tests (issue 20): axe-core on every page a test visits.

`new_page` (conftest.py) hands each page it opens to an `AxeGate`, which records every page load
(the URL the page settled on, fragment dropped). At the test's teardown the gate opens one more
page in each of the test's browser contexts (same cookies: same signed-in user, same language),
loads each distinct URL again with GET, and runs axe-core (bundled by axe-playwright-python, no
download) on it at 360 px and at 1280 px. Serious and critical violations fail the test with a
list of rule, element and URL; moderate and minor ones are logged (logger `sodsong.axe`, shown by
pytest with the test's output) and written to test-results/axe-minor.txt, outside the gate.

A test whose pages cannot be loaded again meaningfully opts out with
`@pytest.mark.no_axe("why")`.
"""

from __future__ import annotations

import logging
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from axe_playwright_python.base import AXE_SCRIPT

logger = logging.getLogger("sodsong.axe")

WIDTHS = (360, 1280)
HEIGHT = 800
RESIZE_SETTLE_MS = 250
GATED_IMPACTS = frozenset({"serious", "critical"})
# Every rule axe-core runs by default (WCAG 2.0–2.2 A and AA, and best practices).
AXE_OPTIONS = {"resultTypes": ["violations"]}
LANGUAGES = frozenset({"th", "en"})
MINOR_LOG = Path(__file__).resolve().parents[2] / "test-results" / "axe-minor.txt"
_minor_log_started = False


@dataclass(frozen=True)
class Finding:
    rule: str
    impact: str
    target: str
    url: str
    width: int
    help: str

    def line(self) -> str:
        return f"[{self.impact}] {self.rule} at {self.width} px on {self.url}: {self.target} ({self.help})"


@dataclass
class AxeGate:
    """Collects page loads during a test; `check()` runs axe-core on them at teardown."""

    base_url: str
    visits: dict[Any, list[str]] = field(default_factory=dict)  # context -> URLs, in order

    def watch(self, page: Any) -> None:
        context = page.context
        urls = self.visits.setdefault(context, [])

        def on_load(loaded: Any) -> None:
            url = urllib.parse.urldefrag(loaded.url).url
            if url.startswith(self.base_url) and url not in urls:
                urls.append(url)

        page.on("load", on_load)

    def check(self) -> list[Finding]:
        findings: list[Finding] = []
        for context, urls in self.visits.items():
            if urls:
                findings += _check_context(context, urls)
        gated = [f for f in findings if f.impact in GATED_IMPACTS]
        minor = [f for f in findings if f.impact not in GATED_IMPACTS]
        for finding in minor:
            logger.warning("axe (outside the gate): %s", finding.line())
        if minor:
            global _minor_log_started
            MINOR_LOG.parent.mkdir(parents=True, exist_ok=True)
            mode = "a" if _minor_log_started else "w"  # one run's findings, not every run's
            _minor_log_started = True
            with MINOR_LOG.open(mode, encoding="utf-8") as out:
                out.writelines(f.line() + "\n" for f in minor)
        return gated


def run_axe(page: Any, url: str, width: int) -> list[Finding]:
    """axe-core on the page as it is now, plus the document language it must declare."""
    if not page.evaluate("typeof window.axe === 'object'"):
        # Evaluated over the DevTools protocol: the page's CSP (no inline script) does not apply.
        page.evaluate(AXE_SCRIPT)
    results = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    findings = [
        Finding(
            rule=violation["id"],
            impact=violation.get("impact") or "minor",
            target=" ".join(str(t) for t in node.get("target", [])),
            url=url,
            width=width,
            help=violation.get("help", ""),
        )
        for violation in results["violations"]
        for node in violation["nodes"]
    ]
    lang = page.evaluate("document.documentElement.lang")
    if lang not in LANGUAGES:
        findings.append(
            Finding("sodsong-html-lang", "serious", "html", url, width, f"lang={lang!r}")
        )
    return findings


def _check_context(context: Any, urls: Iterable[str]) -> list[Finding]:
    findings: list[Finding] = []
    page = context.new_page()
    try:
        for url in urls:
            page.set_viewport_size({"width": WIDTHS[0], "height": HEIGHT})
            try:
                response = page.goto(url)
            except Exception as error:  # noqa: BLE001  (a download, a closed server: say which)
                findings.append(Finding("sodsong-reload", "serious", "-", url, 0, str(error)))
                continue
            kind = (response.headers.get("content-type", "") if response else "").split(";")[0]
            if kind != "text/html":
                continue
            for width in WIDTHS:
                if width != WIDTHS[0]:
                    page.set_viewport_size({"width": width, "height": HEIGHT})
                    page.wait_for_timeout(RESIZE_SETTLE_MS)  # the page's resize handlers
                findings += run_axe(page, url, width)
    finally:
        page.close()
    return findings


def report(findings: list[Finding]) -> str:
    lines = sorted({f.line() for f in findings})
    return f"axe-core: {len(lines)} serious or critical violation(s):\n" + "\n".join(lines)
