import dataclasses
import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sodsong.documents.pdf import PdfConversionError
from sodsong.documents.render import render_letter
from sodsong.documents.samples import SAMPLES, indicator_table
from sodsong.documents.xlsx import indicator_workbook


class Command(BaseCommand):
    help = (
        "Writes a sample of each official document (external letter, circular, memo, report with "
        "its indicator table) as DOCX and PDF, and the indicator table as Excel, into --out. "
        "Touches no data. The demo watermark follows demo mode unless --demo/--no-demo is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="folder to write into (created)")
        parser.add_argument(
            "--format",
            action="append",
            choices=["docx", "pdf", "xlsx"],
            help="formats to write (repeatable; default all)",
        )
        demo = parser.add_mutually_exclusive_group()
        demo.add_argument("--demo", dest="demo", action="store_true", default=None)
        demo.add_argument("--no-demo", dest="demo", action="store_false")

    def handle(self, *args, **options):
        out = Path(options["out"])
        out.mkdir(parents=True, exist_ok=True)
        formats = options["format"] or ["docx", "pdf", "xlsx"]
        demo = options["demo"]
        for name, make in SAMPLES.items():
            letter = make()
            for fmt in ("docx", "pdf"):
                if fmt not in formats:
                    continue
                try:
                    data = render_letter(letter, fmt=fmt, demo=demo)
                except PdfConversionError as exc:
                    raise CommandError(str(exc)) from exc
                path = out / f"documents-{name}.{fmt}"
                path.write_bytes(data)
                self.stdout.write(str(path))
        if "xlsx" in formats:
            path = out / "documents-indicators.xlsx"
            path.write_bytes(
                indicator_workbook(
                    [
                        dataclasses.replace(
                            indicator_table(), title="ผลการดำเนินงานตามตัวชี้วัด รายอำเภอ"
                        )
                    ],
                    title="ผลการดำเนินงานป้องกันและปราบปรามแก๊งคอลเซ็นเตอร์ จังหวัดสกลนคร",
                    period=(dt.date(2025, 6, 1), dt.date(2025, 6, 30)),
                    sheet_names=["รายอำเภอ"],
                    demo=demo,
                )
            )
            self.stdout.write(str(path))
