"""`sodsong recompute-indicators [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--indicator CODE …]`"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from sodsong.core.context import Actor, acting_as
from sodsong.thai.dates import DateParseError, parse_date


class Command(BaseCommand):
    help = (
        "Rebuilds the pre-aggregated indicator table from the source records (all days and all "
        "indicators by default), then flags entries recorded after reports were frozen."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="date_from", help="first event day to rebuild")
        parser.add_argument("--to", dest="date_to", help="last event day to rebuild")
        parser.add_argument("--indicator", action="append", help="only this indicator (repeatable)")

    def handle(self, *args, **options):
        from sodsong.indicators.aggregates import flag_late_entries, recompute
        from sodsong.indicators.sources import SOURCES

        try:
            start = parse_date(options["date_from"]) if options["date_from"] else None
            end = parse_date(options["date_to"]) if options["date_to"] else None
        except DateParseError as exc:
            raise CommandError(f"not a date: {exc}") from exc
        codes = options["indicator"] or list(SOURCES)
        unknown = [c for c in codes if c not in SOURCES]
        if unknown:
            raise CommandError(f"unknown indicator(s): {', '.join(unknown)}")
        began = time.monotonic()
        with acting_as(Actor(user_id=None, via="command")):
            result = recompute(codes=codes, start=start, end=end)
            late = flag_late_entries()
        for code, rows in result.items():
            self.stdout.write(f"{code}: {rows}")
        self.stdout.write(f"late entries in {late} report(s); {time.monotonic() - began:.1f} s")
