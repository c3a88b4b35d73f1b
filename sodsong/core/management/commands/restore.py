"""`sodsong restore ARCHIVE`: the databases and attachment files of a `sodsong backup`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from sodsong.core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Checks an archive of `sodsong backup` against its manifest, then replaces the database, "
        "the SQLite job queue and the attachment files with it. Stop the web processes and the "
        "worker first."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("archive")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args: Any, **options: Any) -> None:
        archive = Path(options["archive"])
        if not archive.is_file():
            raise CommandError(f"no such archive: {archive}")
        if not options["yes"] and sys.stdin.isatty():
            answer = input("This replaces the current data with the archive's. Type yes: ")
            if answer.strip().lower() != "yes":
                raise CommandError("not restored")
        try:
            manifest = restore(archive)
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"restored {archive} (made {manifest['created_at']}): {len(manifest['files'])} files"
        )
        if manifest.get("previous_media_kept_at"):
            self.stdout.write(
                f"the previous attachment folder is kept at {manifest['previous_media_kept_at']}"
            )
