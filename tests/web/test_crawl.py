"""A crawl per role (issue 20): every same-site link on the pages a role reaches answers 2xx or a
download; none leads to a 403 or a 404."""

from __future__ import annotations

import re
from collections import deque
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

pytestmark = pytest.mark.django_db

HREF = re.compile(r'<a\b[^>]*\bhref="([^"]+)"')
SKIP = ("/api/", "/i18n/", "/django-admin/", "/static/", "/files/", "/accounts/logout")
DOWNLOADS = (".xlsx", ".csv", ".pdf", ".docx", ".ods", ".zip")
MAX_PAGES = 80


def crawl(client, start: str = "/") -> dict[str, tuple[int, str]]:  # type: ignore[no-untyped-def]
    """{url: (status, the page that linked it)} for the pages reached from `start`."""
    seen: dict[str, tuple[int, str]] = {}
    queue: deque[tuple[str, str]] = deque([(start, "")])
    while queue and len(seen) < MAX_PAGES:
        url, source = queue.popleft()
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = (response.status_code, source)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for href in HREF.findall(response.content.decode()):
            href = urldefrag(urljoin(url, href.replace("&amp;", "&")))[0]
            parts = urlsplit(href)
            if parts.netloc or parts.scheme or not parts.path.startswith("/"):
                continue
            if parts.path.startswith(SKIP) or parts.path.endswith(DOWNLOADS):
                continue
            if href not in seen:
                queue.append((href, url))
    return seen


@pytest.mark.parametrize(
    "name",
    [
        "headman",
        "kamnan",
        "district",
        "province",
        "police",
        "immigration",
        "ministry",
        "localgov",
        "analyst",
        "investigator",
    ],
)
def test_no_link_a_role_reaches_answers_403_or_404(personas, login, name):
    seen = crawl(login(getattr(personas, name)))
    dead = {url: found for url, found in seen.items() if found[0] in (403, 404)}
    assert not dead, dead
    assert all(status < 500 for status, _ in seen.values())
