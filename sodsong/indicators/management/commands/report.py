"""`sodsong report --area CODE --from YYYY-MM-DD --to YYYY-MM-DD --format docx|pdf|xlsx --out FILE`"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sodsong.core.context import Actor, acting_as
from sodsong.geo.models import Area, Level
from sodsong.thai.dates import DateParseError, parse_date


class Command(BaseCommand):
    help = (
        "Writes the report of results of a district or province for a range of days as an official "
        "letter (DOCX or PDF, with the indicator tables enclosed) or as an Excel workbook of the "
        "tables. When a submitted report covers exactly that area and range, its frozen values, "
        "narrative and letter number are used; otherwise the current figures, with the number left "
        "blank for the registry. Aggregates only."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--area", required=True, help="district (4 digits) or province (2) code"
        )
        parser.add_argument("--from", dest="date_from", required=True, help="first day, YYYY-MM-DD")
        parser.add_argument("--to", dest="date_to", required=True, help="last day, YYYY-MM-DD")
        parser.add_argument("--format", choices=["docx", "pdf", "xlsx"], required=True)
        parser.add_argument("--out", required=True, help="file to write")
        demo = parser.add_mutually_exclusive_group()
        demo.add_argument("--demo", dest="demo", action="store_true", default=None)
        demo.add_argument("--no-demo", dest="demo", action="store_false")

    def handle(self, *args, **options):
        from sodsong.documents.pdf import PdfConversionError
        from sodsong.indicators import letters

        area = Area.objects.filter(code=options["area"]).first()
        if area is None or area.level not in (Level.DISTRICT, Level.PROVINCE):
            raise CommandError(f"{options['area']!r} is not a district or province code")
        try:
            start = parse_date(options["date_from"])
            end = parse_date(options["date_to"])
        except DateParseError as exc:
            raise CommandError(f"not a date: {exc}") from exc
        if end < start:
            raise CommandError("--to is before --from")
        with acting_as(Actor(user_id=None, via="command")):
            content = letters.content_for_range(area, start, end)
            try:
                data = letters.render(content, options["format"], demo=options["demo"])
            except letters.LetterSetupError as exc:
                raise CommandError(str(exc)) from exc
            except PdfConversionError as exc:
                raise CommandError(f"PDF conversion failed: {exc}") from exc
        out = Path(options["out"])
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
        self.stdout.write(f"{out} ({len(data):,} bytes)")
