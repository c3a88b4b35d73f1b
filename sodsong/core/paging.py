"""The `offset` of list endpoints, bounded in one place.

An unbounded integer reaches the database as it is: SQLite answers a huge OFFSET with a datatype
mismatch (a server error), PostgreSQL past 2⁶³ too. No page lies a million rows deep, so anything
beyond is refused with 422 before the view runs, and the bound is published in the OpenAPI schema.
"""

from __future__ import annotations

from typing import Any

from ninja import Query

MAX_OFFSET = 1_000_000


def offset_query() -> Any:
    """The default of an `offset: int` parameter: 0, at least 0, at most MAX_OFFSET."""
    return Query(0, ge=0, le=MAX_OFFSET, description="rows to skip (0 to 1,000,000)")
