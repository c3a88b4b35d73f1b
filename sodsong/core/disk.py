"""Is the disk under the data full? For `/healthz` (issue 18): it answers "disk full" while the
folders that hold the SQLite databases, the job queue and the attachments have less free space
than `SODSONG_DISK_MIN_FREE_MB` (default 64 MiB)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from django.conf import settings


def data_folders() -> list[Path]:
    folders: list[Path] = [Path(settings.VAR_DIR)]
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3") and str(db["NAME"]) != ":memory:":
        folders.append(Path(db["NAME"]).parent)
    location = settings.STORAGES.get("attachments", {}).get("OPTIONS", {}).get("location")
    if location:
        folders.append(Path(location))
    return list(dict.fromkeys(folders))


def disk_full() -> list[str]:
    """The data folders with less free space than the minimum (empty when all is well)."""
    minimum = int(os.environ.get("SODSONG_DISK_MIN_FREE_MB", "64")) * 1024 * 1024
    full = []
    for folder in data_folders():
        probe = folder
        while not probe.exists() and probe != probe.parent:
            probe = probe.parent
        try:
            free = shutil.disk_usage(probe).free
        except OSError:
            continue
        if free < minimum:
            full.append(str(folder))
    return full
