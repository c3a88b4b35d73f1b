"""`sodsong extract-identifiers`: identifiers in the text read on standard input, as JSON."""

import dataclasses
import json
import sys

from django.core.management.base import BaseCommand

from sodsong.thai.identifiers import extract_identifiers


class Command(BaseCommand):
    help = (
        "Reads Thai free text on standard input and prints a JSON list of the identifiers in it: "
        '{"type", "value", "start", "end"}, one entry per span (offsets in characters).'
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--indent", type=int, default=None, help="indent the JSON (default: one line)"
        )

    def handle(self, *args, **options):
        text = sys.stdin.read()
        found = [dataclasses.asdict(item) for item in extract_identifiers(text)]
        self.stdout.write(json.dumps(found, ensure_ascii=False, indent=options["indent"]))
