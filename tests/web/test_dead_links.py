"""Pages link only what the viewer may open (issue 20): the period page's ordering letter gave
the headman and the police a 404; the dashboards of a district and the police linked the 17
other districts, which answer 403. A missing page answers a Thai 404 with the phone viewport."""

from __future__ import annotations

import re

import pytest

from sodsong.indicators.models import ReportingPeriod

pytestmark = pytest.mark.django_db

HREF = re.compile(r'href="([^"#]+)"')


def _links(html: str) -> list[str]:
    return [h.replace("&amp;", "&") for h in HREF.findall(html) if not h.startswith("http")]


@pytest.mark.parametrize("name", ["district", "police", "headman", "province"])
def test_the_dashboard_links_only_districts_the_viewer_may_open(personas, login, name):
    client = login(getattr(personas, name))
    html = client.get("/indicators/").content.decode()
    for link in {h for h in _links(html) if h.startswith("?area=")}:
        assert client.get("/indicators/" + link).status_code == 200, link


@pytest.mark.parametrize("name", ["headman", "police", "district", "province"])
def test_the_period_page_links_only_what_the_viewer_may_open(personas, login, name):
    client = login(getattr(personas, name))
    period = ReportingPeriod.objects.filter(directive__isnull=False).first() or (
        ReportingPeriod.objects.first()
    )
    response = client.get(f"/indicators/periods/{period.uuid}/")
    if response.status_code != 200:
        pytest.skip("this role does not see the period")
    for link in _links(response.content.decode()):
        if "/directives/" in link:
            assert client.get(link).status_code == 200, link


def test_a_missing_page_answers_a_thai_404_for_phones(personas, login):
    response = login(personas.headman).get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "ไม่พบหน้านี้" in html
    assert 'name="viewport"' in html
