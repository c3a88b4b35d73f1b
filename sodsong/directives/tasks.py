"""Background work of the directives module: the morning reminders and reminders on demand."""

from __future__ import annotations

from typing import Any

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from sodsong.jobs.services import run_job


@db_periodic_task(crontab(minute="5", hour="7"), retries=2, retry_delay=300)  # once a day each
def remind_due_and_late() -> None:
    """Every morning: notices (and e-mail where set up) for work due within three days or late."""
    from sodsong.core.context import Actor, acting_as
    from sodsong.directives.services import remind

    with acting_as(Actor(user_id=None, via="job")):
        remind()


@db_task(retries=2, retry_delay=60, context=True)  # a notice is made once a day per assignment
def send_reminders(run_id: int, directive_id: int | None = None, task: Any = None) -> None:
    """Reminders for one directive, asked for from its compliance board."""

    def body(run_id: int) -> dict[str, int]:
        from sodsong.directives.models import Directive
        from sodsong.directives.services import remind

        directive = Directive.objects.filter(pk=directive_id).first() if directive_id else None
        return remind(directive=directive)

    run_job(run_id, body, task=task)


@db_task(retries=1, retry_delay=30, context=True)  # fills the draft in one transaction
def parse_letter_job(run_id: int, directive_id: int, task: Any = None) -> None:
    """A long letter read outside the request (issue #17 item 8)."""

    def body(run_id: int) -> dict[str, int]:
        from sodsong.directives.intake import parse_in_job

        return parse_in_job(directive_id)

    run_job(run_id, body, task=task)
