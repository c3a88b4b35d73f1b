"""Serves the Sarabun web font (OFL) from the installed fontpkg-sarabun package as static files
under `web/fonts/`, so the font is self-hosted without copying binaries into the repository."""

from __future__ import annotations

from pathlib import Path

import fontpkg_sarabun
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

PREFIX = "web/fonts"
FONT_DIR = Path(fontpkg_sarabun.__file__).parent / "files"
LICENSE_FILE = Path(fontpkg_sarabun.__file__).parent / "LICENSE"
SERVED = ("Sarabun-Regular.ttf", "Sarabun-Bold.ttf", "Sarabun-SemiBold.ttf")


class SarabunFinder(BaseFinder):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.storage = FileSystemStorage(location=str(FONT_DIR))
        self.storage.prefix = PREFIX  # type: ignore[attr-defined]

    def check(self, **kwargs):
        return []

    def find(self, path: str, find_all: bool = False, **kwargs):
        name = path.removeprefix(PREFIX + "/")
        if path.startswith(PREFIX + "/") and name in SERVED:
            found = str(FONT_DIR / name)
            return [found] if find_all else found
        if path == PREFIX + "/OFL.txt":
            return [str(LICENSE_FILE)] if find_all else str(LICENSE_FILE)
        return [] if find_all else None

    def list(self, ignore_patterns):
        for name in SERVED:
            yield name, self.storage
