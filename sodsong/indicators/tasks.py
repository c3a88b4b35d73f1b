"""Jobs that keep the pre-aggregated indicator table current.

- every 10 minutes: the last 120 days of every indicator (late entries included), then the late-
  entry check of frozen reports;
- nightly: everything, from the first record;
- on demand (`recompute_indicators`, from the dashboard or the API): everything, with progress.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from sodsong.jobs.services import job_progress, run_job

RECENT_DAYS = 120


@db_periodic_task(crontab(minute="*/10"), retries=1, retry_delay=60)  # re-runnable
def refresh_recent_indicators() -> None:
    from sodsong.core.context import Actor, acting_as
    from sodsong.indicators.aggregates import flag_late_entries, recompute

    with acting_as(Actor(user_id=None, via="job")):
        recompute(start=timezone.localdate() - dt.timedelta(days=RECENT_DAYS))
        flag_late_entries()


@db_periodic_task(crontab(minute="40", hour="2"), retries=2, retry_delay=300)
def refresh_all_indicators() -> None:
    from sodsong.core.context import Actor, acting_as
    from sodsong.indicators.aggregates import flag_late_entries, recompute

    with acting_as(Actor(user_id=None, via="job")):
        recompute()
        flag_late_entries()


@db_task(retries=2, retry_delay=60, context=True)  # a retry recomputes the same facts
def recompute_indicators(run_id: int, task: Any = None) -> None:
    """Recomputes every indicator from the source records, one indicator at a time."""

    def body(run_id: int) -> dict[str, object]:
        from sodsong.indicators.aggregates import flag_late_entries, recompute
        from sodsong.indicators.sources import SOURCES

        codes = list(SOURCES)
        job_progress(run_id, done=0, total=len(codes) + 1)
        result: dict[str, object] = {}
        for done, code in enumerate(codes, start=1):
            result.update(recompute(codes=[code]))
            job_progress(run_id, done=done, message=code)
        result["late_reports"] = flag_late_entries()
        job_progress(run_id, done=len(codes) + 1)
        return result

    run_job(run_id, body, task=task)
