"""Writes of the documents module: handing out running numbers for letters."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sodsong.accounts.models import Agency
from sodsong.core.errors import DomainError
from sodsong.documents.letter import LetterNumber
from sodsong.documents.models import DocumentSeries, SeriesKind


class NumberingError(DomainError):
    """A number cannot be given (for example the agency has no letter code)."""


@transaction.atomic
def series_next_number(
    *, agency: Agency, year: int, circular: bool = False, order: bool = False
) -> int:
    """The next running number of the agency's series for the calendar year (C.E.).

    Safe under concurrency: on PostgreSQL the series row is locked (SELECT … FOR UPDATE) until the
    transaction ends; on SQLite the project's IMMEDIATE transactions take the write lock at BEGIN,
    so writers queue. Each number is given once; a number taken by a transaction that rolls back
    is given again, so no gap is left in the register.
    """
    if year < 1900 or year > 2400:
        raise NumberingError(_("The year must be a calendar year in the Common Era."))
    if circular and order:
        raise ValueError("an order is not numbered in the circular (ว) series")
    kind = SeriesKind.ORDER if order else SeriesKind.CIRCULAR if circular else SeriesKind.REGULAR
    locked = DocumentSeries.objects.select_for_update()
    series = locked.filter(agency=agency, year=year, kind=kind).first()
    if series is None:
        try:
            with transaction.atomic():
                series = DocumentSeries.objects.create(agency=agency, year=year, kind=kind)
        except IntegrityError:
            # Another transaction created the series first: wait for its lock.
            series = locked.get(agency=agency, year=year, kind=kind)
    series.last_number += 1
    series.save(update_fields=["last_number", "updated_at"])
    return series.last_number


def letter_number_allocate(
    *, agency: Agency, on: dt.date | None = None, circular: bool = False, order: bool = False
) -> LetterNumber:
    """The number for a letter the agency sends on the given day (`สน 0017.1/1234`); an order
    takes the next number of the agency's order series (printed `ที่ ๑๒/๒๕๖๘`)."""
    if not agency.letter_code:
        raise NumberingError(_("The agency has no letter code (for example สน 0017.1)."))
    day = on or timezone.localdate()
    running = series_next_number(agency=agency, year=day.year, circular=circular, order=order)
    return LetterNumber(agency.letter_code, running, circular=circular)
