"""Short writes that wait out a busy database, and the errors that mean "busy" or "disk full".

On SQLite one connection writes at a time. Every write transaction of the platform is kept short
(the import and the indicator refresh write in chunks of bounded duration), so a short write that
finds the database locked succeeds if it tries again a moment later. `retry_when_busy` does that
for writes that are safe to repeat (a whole transaction, a progress tick); anything else that
finds the database busy past the retries is answered with a Thai "busy, try again" page (503)
by `sodsong.core.middleware.FaultPageMiddleware`, never a bare 500.
"""

from __future__ import annotations

import errno
import random
import time
from collections.abc import Callable
from typing import TypeVar

from django.db import OperationalError, connection, transaction
from django.utils.translation import gettext as _

T = TypeVar("T")

BUSY_MARKERS = ("database is locked", "database table is locked", "database is busy")
FULL_MARKERS = ("database or disk is full", "no space left on device", "could not extend file")


def is_busy(exc: BaseException) -> bool:
    """SQLite's "database is locked" (after its own busy timeout) or PostgreSQL's lock timeout."""
    text = str(exc).lower()
    return isinstance(exc, OperationalError) and any(m in text for m in BUSY_MARKERS)


def is_disk_full(exc: BaseException) -> bool:
    """ENOSPC from a file write, or the database's own "disk is full" error."""
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:  # wrapped by Django's DatabaseError
        seen.add(id(current))
        if isinstance(current, OSError) and current.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        if any(m in str(current).lower() for m in FULL_MARKERS):
            return True
        current = current.__cause__ or current.__context__
    return False


def retry_when_busy(
    write: Callable[[], T], *, attempts: int = 5, pause: float = 0.2, atomic: bool = True
) -> T:
    """Runs `write` (in a transaction of its own when `atomic`), again after a short random pause
    when the database is busy. Inside an outer transaction it runs once: a retry there would
    repeat only part of the caller's work."""
    if connection.in_atomic_block:
        return write()
    for attempt in range(attempts):
        try:
            if atomic:
                with transaction.atomic():
                    return write()
            return write()
        except OperationalError as exc:
            if not is_busy(exc) or attempt == attempts - 1:
                raise
            time.sleep(pause * (1 + attempt) * (0.5 + random.random()))  # noqa: S311
    raise AssertionError("unreachable")


def busy_message() -> str:
    return _(
        "The system is busy at this moment and your submission was not saved. "
        "Please press send again in a minute."
    )


def disk_full_message() -> str:
    return _(
        "The server's disk is full: nothing can be saved for now. Pages can still be read. "
        "The administrator has to free space; please try again later."
    )
