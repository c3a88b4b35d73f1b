"""`sodsong backup [ARCHIVE]`: both databases and the attachment files in one archive."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from sodsong.core.backup import BackupError, backup, default_archive


class Command(BaseCommand):
    help = (
        "Writes one archive (.tar.gz) with the database (SQLite: online backup API; PostgreSQL: "
        "pg_dump), the SQLite job queue and the attachment files, with a manifest and SHA-256 "
        "checksums. Safe while the app runs."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("archive", nargs="?", help="default: var/backups/sodsong-<time>.tar.gz")

    def handle(self, *args: Any, **options: Any) -> None:
        archive = Path(options["archive"]) if options["archive"] else default_archive()
        try:
            manifest = backup(archive)
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        size = sum(entry["size"] for entry in manifest["files"])
        self.stdout.write(
            f"{archive}: {manifest['database']} database, {len(manifest['files'])} files, "
            f"{size / 1e6:.1f} MB before compression"
        )
