"""Background work of the tips module: retention, the rate-limit purge, daily re-scoring and
the urgent-item e-mail."""

from __future__ import annotations

from typing import Any

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from sodsong.core.context import Actor, acting_as
from sodsong.jobs.services import run_job

JOB = Actor(user_id=None, via="job")


@db_periodic_task(crontab(minute="7"), retries=1, retry_delay=60)
def purge_rate_limits() -> None:
    """Hourly: hashed client addresses older than a day are discarded."""
    from sodsong.tips.services import rate_limits_purge

    with acting_as(JOB):
        rate_limits_purge()


@db_periodic_task(crontab(minute="37", hour="2"), retries=2, retry_delay=300)
def expire_tips() -> None:
    """Nightly: unverified tips past the retention period are purged, leaving tombstones."""
    from sodsong.tips.services import tips_expire

    with acting_as(JOB):
        tips_expire()


@db_periodic_task(crontab(minute="47", hour="2"), retries=2, retry_delay=300)
def rescore_open_tips() -> None:
    """Nightly: recency changes every day, so open items are re-scored."""
    from sodsong.tips.models import Tip, TipStatus
    from sodsong.tips.services import tip_rescore

    with acting_as(JOB):
        for tip in Tip.objects.filter(status=TipStatus.NEW).select_related("area").iterator():
            tip_rescore(tip=tip)


# One message to all recipients: a refused send delivered to none, so a retry sends no copy.
@db_task(retries=3, retry_delay=120, context=True)
def send_urgent_email(run_id: int, tip_id: int, task: Any = None) -> None:
    def body(run_id: int) -> dict[str, int]:
        from sodsong.tips.models import Tip
        from sodsong.tips.services import send_urgent_email_now

        tip = Tip.objects.select_related("area").filter(pk=tip_id).first()
        if tip is None:
            return {"sent": 0}
        return {"sent": send_urgent_email_now(tip=tip)}

    run_job(run_id, body, task=task)
