"""The job page names the job in Thai and links back (issue 20)."""

from __future__ import annotations

import pytest

from sodsong.jobs.models import JobRun

pytestmark = pytest.mark.django_db


def test_the_job_page_has_a_thai_heading_and_a_way_back(personas, login):
    run = JobRun.objects.create(
        name="recompute-indicators", requested_by=personas.province, status="done"
    )
    html = login(personas.province).get(f"/jobs/{run.uuid}/").content.decode()
    assert "<h1>recompute-indicators</h1>" not in html
    assert "<h1>คำนวณตัวชี้วัดใหม่</h1>" in html
    assert 'href="/indicators/"' in html
