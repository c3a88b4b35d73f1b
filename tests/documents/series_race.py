"""Run as a script by test_series.py: several processes take numbers from one series at once.

Uses its own SQLite file (not the test database, which lives in memory) with the project's
IMMEDIATE transaction mode, prints the numbers handed out as JSON.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sys


def _setup() -> None:
    import django

    django.setup()


def _worker(agency_id: int, count: int, queue) -> None:  # type: ignore[no-untyped-def]
    _setup()
    from sodsong.accounts.models import Agency
    from sodsong.core.context import Actor, acting_as
    from sodsong.documents.services import series_next_number

    agency = Agency.objects.get(pk=agency_id)
    numbers = []
    with acting_as(Actor(user_id=None, via="command")):
        for _ in range(count):
            numbers.append(series_next_number(agency=agency, year=2025, circular=False))
    queue.put(numbers)


def main() -> None:
    db_path, workers, per_worker = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    os.environ["SODSONG_SQLITE_PATH"] = db_path
    _setup()
    from django.core.management import call_command

    for app in ("contenttypes", "auth", "core", "audit", "accounts", "documents"):
        call_command("migrate", app, verbosity=0)
    from sodsong.accounts.models import Agency, AgencyKind

    agency = Agency.objects.create(
        kind=AgencyKind.PROVINCIAL_ADMIN, name_th="ที่ทำการปกครองจังหวัด", letter_code="สน 0017.1"
    )
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    processes = [
        context.Process(target=_worker, args=(agency.pk, per_worker, queue)) for _ in range(workers)
    ]
    for process in processes:
        process.start()
    numbers = [n for _ in processes for n in queue.get(timeout=120)]
    for process in processes:
        process.join(timeout=60)
    print(json.dumps(sorted(numbers)))


if __name__ == "__main__":
    main()
