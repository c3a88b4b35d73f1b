"""Thai collation: ICU th-TH on PostgreSQL (created by a migration); codepoint order on SQLite."""

from __future__ import annotations

from django.db import connection
from django.db.models import QuerySet
from django.db.models.functions import Collate

THAI_COLLATION = "th_th_icu"


def thai_ordering(queryset: QuerySet, *fields: str) -> QuerySet:
    """Orders by `fields`; text fields named with a `~` prefix use Thai collation on PostgreSQL."""
    order = []
    for name in fields:
        if name.startswith("~"):
            field = name[1:]
            if connection.vendor == "postgresql":
                order.append(Collate(field, THAI_COLLATION))
            else:
                order.append(field)
        else:
            order.append(name)
    return queryset.order_by(*order)
