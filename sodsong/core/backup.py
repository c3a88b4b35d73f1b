"""`sodsong backup` and `sodsong restore` (issue 18): one archive with both databases and the
attachment files, a manifest and the SHA-256 of every member.

- SQLite (the embedded default): the application database and the job queue under var/ are
  copied with SQLite's online backup API, a consistent snapshot taken while the app and the
  worker keep running (writers wait at most a moment per step).
- PostgreSQL: `pg_dump -Fc` of the database; the job queue is Redis there (its own persistence).
- The attachment files of the filesystem store (S3 has its own versioning: not in the archive).

`restore` checks every member against the manifest before it touches anything, then replaces
the databases (SQLite: through the backup API again; PostgreSQL: `pg_restore --clean`) and the
attachment folder (the previous one is kept beside it, renamed, until the operator removes it).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections

FORMAT = "sodsong-backup/1"
MANIFEST = "manifest.json"
PAGES_PER_STEP = 1024  # online backup: 4 MiB a step, the lock released between steps


class BackupError(Exception):
    pass


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _sqlite_copy(source: Path, target: Path) -> None:
    """A consistent copy of a live SQLite database (WAL included), step by step."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst, pages=PAGES_PER_STEP, sleep=0.005)
    finally:
        dst.close()
        src.close()


def _sqlite_restore(source: Path, target: Path) -> None:
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target, timeout=60)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} is not installed (PostgreSQL's client tools)")
    return found


def _pg_env(db: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _media_root() -> Path | None:
    store = settings.STORAGES.get("attachments", {})
    if not store.get("BACKEND", "").endswith("FileSystemStorage"):
        return None
    location = store.get("OPTIONS", {}).get("location")
    return Path(location) if location else None


def _queue_file() -> Path | None:
    huey = getattr(settings, "HUEY", {})
    if huey.get("huey_class") == "huey.SqliteHuey" and huey.get("filename"):
        return Path(huey["filename"])
    return None


def _vendor(db: dict[str, Any]) -> str:
    """The database kind named by the settings (not by an open connection, so that the settings
    decide which database is copied)."""
    engine = db.get("ENGINE", "")
    if "sqlite" in engine:
        return "sqlite"
    if "postgres" in engine:
        return "postgresql"
    return engine


def default_archive() -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return Path(settings.VAR_DIR) / "backups" / f"sodsong-{stamp}.tar.gz"


def backup(archive: Path) -> dict[str, Any]:
    """Writes the archive; returns its manifest."""
    db = settings.DATABASES["default"]
    vendor = _vendor(db)
    archive.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="sodsong-backup-", dir=archive.parent) as work:
        stage = Path(work)
        (stage / "db").mkdir()
        members: list[tuple[str, Path]] = []
        if vendor == "sqlite":
            _sqlite_copy(Path(db["NAME"]), stage / "db" / "sodsong.sqlite3")
            members.append(("db/sodsong.sqlite3", stage / "db" / "sodsong.sqlite3"))
        elif vendor == "postgresql":
            args, env = _pg_env(db)
            dump = stage / "db" / "sodsong.pgdump"
            command = [_tool("pg_dump"), "-Fc", "--no-owner", "-f", str(dump), *args]
            subprocess.run(command, env=env, check=True)  # noqa: S603  (settings, not input)
            members.append(("db/sodsong.pgdump", dump))
        else:
            raise BackupError(f"unsupported database: {vendor}")
        queue = _queue_file()
        if queue is not None and queue.exists():
            _sqlite_copy(queue, stage / "db" / "jobs.sqlite3")
            members.append(("db/jobs.sqlite3", stage / "db" / "jobs.sqlite3"))
        media = _media_root()
        media_files: list[tuple[str, Path]] = []
        if media is not None and media.exists():
            for path in sorted(media.rglob("*")):
                if path.is_file() and not path.is_symlink():
                    media_files.append(("media/" + path.relative_to(media).as_posix(), path))
        entries = [
            {"name": name, "size": path.stat().st_size, "sha256": _sha256(path)}
            for name, path in [*members, *media_files]
        ]
        manifest = {
            "format": FORMAT,
            "created_at": dt.datetime.now(dt.UTC).isoformat(),
            "database": vendor,
            "queue": queue is not None,
            "media": media is not None,
            "files": entries,
        }
        (stage / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False))
        partial = archive.with_name(archive.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(stage / MANIFEST, arcname=MANIFEST)
            for name, path in [*members, *media_files]:
                tar.add(path, arcname=name, recursive=False)
        partial.replace(archive)  # never a half-written archive under the final name
    return manifest


def _safe_members(tar: tarfile.TarFile) -> list[tarfile.TarInfo]:
    out = []
    for member in tar.getmembers():
        name = member.name
        if name.startswith("/") or ".." in Path(name).parts or not (member.isfile()):
            raise BackupError(f"unexpected member in the archive: {name!r}")
        out.append(member)
    return out


def verify(archive: Path, into: Path) -> dict[str, Any]:
    """Extracts the archive into `into` and checks every file against the manifest."""
    with tarfile.open(archive, "r:*") as tar:
        members = _safe_members(tar)
        tar.extractall(into, members=members, filter="data")
    manifest_path = into / MANIFEST
    if not manifest_path.exists():
        raise BackupError("the archive has no manifest")
    manifest = json.loads(manifest_path.read_text())
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown archive format: {manifest.get('format')!r}")
    listed = {entry["name"] for entry in manifest["files"]}
    present = {m.name for m in members} - {MANIFEST}
    if listed != present:
        raise BackupError(f"files missing or extra: {sorted(listed ^ present)[:5]}")
    for entry in manifest["files"]:
        if _sha256(into / entry["name"]) != entry["sha256"]:
            raise BackupError(f"checksum mismatch: {entry['name']}")
    return manifest


def restore(archive: Path) -> dict[str, Any]:
    """Replaces the databases and the attachment files with the archive's (after checking it).
    Stop the web processes and the worker first."""
    db = settings.DATABASES["default"]
    vendor = _vendor(db)
    with tempfile.TemporaryDirectory(prefix="sodsong-restore-") as work:
        stage = Path(work)
        manifest = verify(archive, stage)
        if manifest["database"] != vendor:
            raise BackupError(
                f"the archive holds a {manifest['database']} database, this one is {vendor}"
            )
        connections.close_all()
        if vendor == "sqlite":
            _sqlite_restore(stage / "db" / "sodsong.sqlite3", Path(db["NAME"]))
        else:
            args, env = _pg_env(db)
            subprocess.run(  # noqa: S603
                [
                    _tool("pg_restore"),
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--single-transaction",
                    *args,
                    str(stage / "db" / "sodsong.pgdump"),
                ],
                env=env,
                check=True,
            )
        queue = _queue_file()
        if queue is not None and (stage / "db" / "jobs.sqlite3").exists():
            queue.parent.mkdir(parents=True, exist_ok=True)
            _sqlite_restore(stage / "db" / "jobs.sqlite3", queue)
        media = _media_root()
        if media is not None and manifest.get("media"):
            restored = stage / "media"
            restored.mkdir(exist_ok=True)
            if media.exists() and any(media.iterdir()):
                stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
                kept = media.with_name(f"{media.name}.before-restore-{stamp}")
                media.rename(kept)
                manifest["previous_media_kept_at"] = str(kept)
            elif media.exists():
                media.rmdir()
            media.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(restored), str(media))
    return manifest
