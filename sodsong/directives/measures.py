"""Item measures: the indicator figures for an item's window (receipt → due date).

Reads the indicators module through its scoped selector (`area_values`); where that module is
not installed or the user may not see the area, the figures show as not available.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from sodsong.accounts.models import User
from sodsong.directives.models import Assignment, Directive, DirectiveItem


@dataclass
class Measure:
    code: str
    label: str
    unit: str = ""
    value: Any = None
    available: bool = False


@dataclass
class ItemMeasures:
    item: DirectiveItem
    area_code: str
    start: dt.date | None
    end: dt.date | None
    measures: list[Measure] = field(default_factory=list)


def _window(item: DirectiveItem, area_code: str) -> tuple[dt.date | None, dt.date | None]:
    rows = Assignment.objects.filter(item=item)
    if len(area_code) > 2:
        rows = rows.filter(area__code__startswith=area_code) or rows
    dates = list(rows.values_list("received_on", "due_on"))
    if not dates:
        return item.directive.received_on, None
    start = min(d[0] for d in dates)
    dues = [d[1] for d in dates if d[1]]
    end = max(dues) if dues else None
    today = timezone.localdate()
    end = min(end, today) if end else today
    if end < start:
        # Due before it was received (a letter that arrived late) or received in the future:
        # the window runs from receipt, never backwards.
        end = max(start, today)
    return start, end


def item_measures(*, user: User, directive: Directive, area_code: str) -> list[ItemMeasures]:
    try:
        from sodsong.indicators.catalogue import by_code
        from sodsong.indicators.selectors import OutOfScope, area_values
    except ImportError:
        by_code = None  # type: ignore[assignment]
    catalogue = by_code() if by_code else {}
    result = []
    for item in directive.items.order_by("position"):
        if not item.indicator_codes:
            continue
        start, end = _window(item, area_code)
        entry = ItemMeasures(item=item, area_code=area_code, start=start, end=end)
        values: dict[str, Any] | None = None
        if by_code and start and end and end >= start:
            try:
                values = area_values(user=user, area_code=area_code, start=start, end=end)
            except OutOfScope:
                values = None
            except Exception:  # noqa: BLE001 - figures are a help, never a reason to fail the page
                values = None
        for code in item.indicator_codes:
            indicator = catalogue.get(code)
            measure = Measure(
                code=code,
                label=indicator.label if indicator else code,
                unit=indicator.unit if indicator else "",
            )
            if values is not None and code in values:
                measure.value = values[code]
                measure.available = True
            entry.measures.append(measure)
        result.append(entry)
    return result
