"""`sodsong backup` and `sodsong restore` (issue 18): a round trip of the SQLite database (taken
while another connection keeps writing), the job queue and the attachment files, checked
against the manifest; a tampered archive is refused before anything is touched."""

from __future__ import annotations

import hashlib
import io
import sqlite3
import tarfile
import threading
from pathlib import Path

import pytest
from django.core.management import call_command

from sodsong.core import backup as backup_module
from sodsong.core.backup import BackupError

pytestmark = pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")


def _make_db(path: Path, rows: int) -> None:
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
    con.executemany("INSERT INTO t (v) VALUES (?)", [(f"row {i}",) for i in range(rows)])
    con.commit()
    con.close()


def _count(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT COUNT(*) FROM t").fetchone()[0]
    finally:
        con.close()


def _tree(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def live(tmp_path, settings):  # type: ignore[no-untyped-def]
    """A SQLite database file, a SQLite job queue and an attachment folder of their own."""
    db, queue, media = tmp_path / "app.sqlite3", tmp_path / "jobs.sqlite3", tmp_path / "media"
    _make_db(db, 20_000)
    _make_db(queue, 10)
    (media / "aa").mkdir(parents=True)
    (media / "aa" / "photo.png").write_bytes(b"\x89PNG" + bytes(range(256)) * 40)
    (media / "letter.pdf").write_bytes(b"%PDF-1.4 " * 100)
    settings.DATABASES = {**settings.DATABASES}
    settings.DATABASES["default"] = {
        **settings.DATABASES["default"],
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(db),
    }
    settings.HUEY = {"huey_class": "huey.SqliteHuey", "filename": str(queue), "immediate": True}
    settings.STORAGES = {
        **settings.STORAGES,
        "attachments": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(media)},
        },
    }
    return db, queue, media


def test_a_round_trip_restores_every_row_and_file_taken_while_writes_go_on(live, tmp_path):
    db, queue, media = live
    stop = threading.Event()

    def keep_writing() -> None:  # another process of the app, writing during the backup
        con = sqlite3.connect(db, timeout=30)
        while not stop.is_set():
            con.execute("INSERT INTO t (v) VALUES ('during')")
            con.commit()
        con.close()

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        archive = tmp_path / "out" / "backup.tar.gz"
        call_command("backup", str(archive))
    finally:
        stop.set()
        writer.join()
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        copied = tmp_path / "copied.sqlite3"
        copied.write_bytes(tar.extractfile("db/sodsong.sqlite3").read())  # type: ignore[union-attr]
    assert {"manifest.json", "db/sodsong.sqlite3", "db/jobs.sqlite3"} <= set(names)
    assert "media/aa/photo.png" in names
    rows_in_backup = _count(copied)
    assert rows_in_backup >= 20_000  # a consistent snapshot: every row committed before it
    files_before = _tree(media)

    # Things change after the backup: rows and files added, removed.
    con = sqlite3.connect(db)
    con.execute("DELETE FROM t WHERE id < 100")
    con.commit()
    con.close()
    (media / "letter.pdf").unlink()
    (media / "new.txt").write_text("after")

    call_command("restore", str(archive), "--yes")
    assert _count(db) == rows_in_backup
    assert _count(queue) == 10
    assert _tree(media) == files_before
    kept = [p for p in media.parent.iterdir() if p.name.startswith("media.before-restore-")]
    assert len(kept) == 1 and (kept[0] / "new.txt").exists()


def test_a_tampered_archive_is_refused_before_anything_changes(live, tmp_path):
    db, _queue, media = live
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive))
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(archive) as src, tarfile.open(tampered, "w:gz") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read()  # type: ignore[union-attr]
            if member.name == "media/letter.pdf":
                data = b"%PDF-1.4 changed"
                member.size = len(data)
            dst.addfile(member, io.BytesIO(data))
    con = sqlite3.connect(db)
    con.execute("DELETE FROM t")
    con.commit()
    con.close()
    with pytest.raises(BackupError, match="checksum"):
        backup_module.restore(tampered)
    assert _count(db) == 0  # untouched
    assert (media / "letter.pdf").read_bytes().startswith(b"%PDF-1.4 %PDF")
