"""Crashes: `scripts/check-hard crash [--database sqlite|postgresql] [--rows N] [--only NAME]`.

- `import-kill`: a 100,000-row import is committed by the job worker; the worker gets kill -9 in
  the middle. Checks: every row written is whole (the commit writes short chunks and resumes
  after them), the job shows failed after the worker restarts instead of "committing" forever,
  and a second commit resumes it to every good row once, with no duplicates.
- `report-kill`: the web process gets kill -9 while it renders a case summary (DOCX); after a
  restart every table has the rows it had (audit and sessions aside) and the app answers.
- `db-drop`: every database connection of the app is cut (pg_terminate_backend; the shared
  PostgreSQL of this machine is not restarted) during traffic: the app answers again without a
  restart of its own.
- `backup`: backup and restore round trip (`sodsong backup`/`restore` when they exist, else the
  SQLite online backup API or pg_dump/pg_restore, plus the media files): every table's row count
  and every attachment's SHA-256 identical.

Each prints one JSON line; the exit status is 1 when any check failed.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import csv
import hashlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

from benchmarks.hard.http import LiveHttp
from benchmarks.hard.server import Server, demo_server, pg_admin, pg_url, run

COUNT_CODE = """
import json
from django.apps import apps
from django.db import connection
out = {}
with connection.cursor() as c:
    for model in apps.get_models():
        table = model._meta.db_table
        if model._meta.proxy or not model._meta.managed or table in out:
            continue
        c.execute(f'SELECT COUNT(*) FROM "{table}"')
        out[table] = c.fetchone()[0]
print(json.dumps(out))
"""

DUPLICATES_CODE = """
import json
from django.db.models import Count
from sodsong.people.models import IdentityDocument
from sodsong.survey.models import Resident
dups = (IdentityDocument.objects.values("doc_type", "issuing_state", "number")
        .annotate(n=Count("id")).filter(n__gt=1).count())
print(json.dumps({"residents": Resident.all_objects.count(), "duplicate_documents": dups}))
"""

VILLAGES_CODE = """
import json
from sodsong.geo.models import Area
print(json.dumps(list(Area.objects.filter(level="village", code__startswith="47").order_by("code")
      .values_list("code", flat=True)[:200])))
"""

VOLATILE = {"audit_auditevent", "django_session", "accounts_apitoken", "core_recordversion"}


def counts(server: Server) -> dict[str, int]:
    return json.loads(server.python(COUNT_CODE).splitlines()[-1])


def _residents_csv(path: Path, rows: int, villages: list[str]) -> Path:
    from benchmarks.residents_import_columns import HEADERS, row_values

    rng = random.Random(rows)
    with path.open("w", newline="", encoding="utf-8-sig") as out:
        writer = csv.writer(out)
        writer.writerow(HEADERS)
        for index in range(rows):
            writer.writerow(row_values(index, rng, villages))
    return path


def _wait(predicate, timeout: float, step: float = 1.0):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    return None


def import_kill(server: Server, rows: int) -> dict:
    http = LiveHttp(server.url, server.password, server.tokens)
    villages = json.loads(server.python(VILLAGES_CODE).splitlines()[-1])
    file = _residents_csv(server.state / f"residents-{rows}.csv", rows, villages)
    before = json.loads(server.python(DUPLICATES_CODE).splitlines()[-1])
    upload = http.api(
        "province",
        "POST",
        "/api/v1/survey/imports",
        files={"file": (file.name, file.read_bytes(), "text/csv")},
        data={"mode": "good_rows"},
    )
    out: dict = {"scenario": "import-kill", "rows": rows, "upload_status": upload.status}
    if upload.status != 201:
        out["error"] = upload.text[:300]
        return out
    job = upload.json()["uuid"]

    def status() -> dict:
        return http.api("province", "GET", f"/api/v1/survey/imports/{job}", scope="read").json()

    previewed = _wait(
        lambda: status()["status"] not in ("validating", "uploaded") and status(), 900, 2
    )
    out["preview"] = (previewed or {}).get("status")
    commit = http.api("province", "POST", f"/api/v1/survey/imports/{job}/commit", json={})
    out["commit_status"] = commit.status
    # Kill once the commit has visibly started (progress moved, or a few seconds in).
    started = time.monotonic()
    _wait(
        lambda: (status().get("progress_done") or 0) > 0 or time.monotonic() - started > 8, 60, 0.5
    )
    assert server.worker is not None
    os.kill(server.worker.pid, signal.SIGKILL)
    server.worker.wait(timeout=30)
    server.worker = None
    out["killed_at"] = {k: status().get(k) for k in ("status", "progress_done", "progress_total")}
    after_kill = json.loads(server.python(DUPLICATES_CODE).splitlines()[-1])
    added = after_kill["residents"] - before["residents"]
    out["rows_after_kill"] = added
    # The commit writes in short chunks (issue 18, so a public tip never waits on SQLite's lock):
    # after a kill the chunks written stay, each row whole, and the commit resumes after them.
    # What must hold: the job does not stay "committing", and the rerun ends with every good row
    # once (no duplicates).
    server.start_worker()
    # The worker marks a job failed once its heartbeat is stale (SODSONG_JOB_STALE_SECONDS,
    # 60 s by default), at start and every minute.
    _wait(lambda: status().get("status") != "committing", 240, 5)
    out["after_worker_restart"] = status().get("status")
    out["job_failed_or_resumed"] = out["after_worker_restart"] not in ("committing",)
    rerun = http.api("province", "POST", f"/api/v1/survey/imports/{job}/commit", json={})
    out["rerun_status"] = rerun.status
    done = _wait(lambda: status()["status"] in ("done", "committed", "failed") and status(), 900, 3)
    out["rerun_final"] = (done or status()).get("status")
    final = json.loads(server.python(DUPLICATES_CODE).splitlines()[-1])
    out["rows_after_rerun"] = final["residents"] - before["residents"]
    out["duplicate_documents"] = final["duplicate_documents"] - before["duplicate_documents"]
    expected = rows - int((done or status()).get("error_rows") or 0)
    out["rows_expected"] = expected
    out["ok"] = bool(
        out["job_failed_or_resumed"]
        and out["rerun_final"] in ("done", "committed")
        and out["rows_after_rerun"] == expected
        and out["duplicate_documents"] == 0
    )
    return out


def report_kill(server: Server) -> dict:
    http = LiveHttp(server.url, server.password, server.tokens)
    cases = http.api("police", "GET", "/api/v1/cases?limit=50", scope="read").json()["items"]
    case = cases[0]["uuid"]
    http.get("police", f"/cases/{case}/")
    before = counts(server)
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pending = pool.submit(
            lambda: _swallow(
                lambda: http.post("police", f"/cases/{case}/summary.docx", {"purpose": "ประชุม"})
            )
        )
        time.sleep(0.4)
        server.stop_web(signal.SIGKILL)
        pending.result(timeout=120)
    server.start_web()
    after = counts(server)
    changed = {
        t: (before.get(t), n) for t, n in after.items() if before.get(t) != n and t not in VOLATILE
    }
    health = http.api(None, "GET", "/healthz").status
    again = http.post("police", f"/cases/{case}/summary.docx", {"purpose": "ประชุม"})
    return {
        "scenario": "report-kill",
        "tables_changed": changed,
        "healthz_after_restart": health,
        "report_after_restart": again.status,
        "ok": not changed and health == 200 and again.status == 200,
    }


def _swallow(call):  # type: ignore[no-untyped-def]
    try:
        return call()
    except Exception as exc:  # noqa: BLE001  (the connection dies with the process: expected)
        return exc


def db_drop(server: Server, seconds: int = 40) -> dict:
    if server.database != "postgresql":
        return {"scenario": "db-drop", "skipped": "PostgreSQL only"}
    http = LiveHttp(server.url, server.password, server.tokens)
    name = server.env["DATABASE_URL"].rsplit("/", 1)[-1]
    statuses: list[tuple[float, int]] = []
    start = time.monotonic()
    dropped = False
    while time.monotonic() - start < seconds:
        elapsed = time.monotonic() - start
        if not dropped and elapsed > seconds / 3:
            cut = "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '%s'"
            pg_admin(cut % name + " AND pid <> pg_backend_pid()")
            dropped = True
            cut_at = elapsed
        try:
            status = http.get("district", "/survey/residents/").status
        except Exception:  # noqa: BLE001
            status = 0
        statuses.append((elapsed, status))
        time.sleep(0.2)
    after_cut = [s for t, s in statuses if t > cut_at]
    failed = [s for s in after_cut if s != 200]
    last = [s for t, s in statuses if t > cut_at + 5]
    return {
        "scenario": "db-drop",
        "requests": len(statuses),
        "failed_after_cut": len(failed),
        "statuses_after_cut": sorted(set(after_cut)),
        "recovered_without_restart": bool(last) and all(s == 200 for s in last),
        "ok": bool(last) and all(s == 200 for s in last),
    }


def _sha256_tree(root: Path) -> dict[str, str]:
    out = {}
    for path in sorted(root.rglob("*")) if root.exists() else []:
        if path.is_file():
            out[str(path.relative_to(root))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def _attach_something(server: Server) -> None:
    """A public tip with a photo, so that the round trip has an attachment to carry."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, format="PNG")
    http = LiveHttp(server.url, server.password, server.tokens)
    http.web(
        None,
        "POST",
        "/tip/",
        {"description": "มีการเปิดบัญชีม้าที่บ้านเช่าหลังตลาด " * 2, "province": "47"},
        files={"files": ("photo.png", buffer.getvalue(), "image/png")},
    )


def backup_round_trip(server: Server) -> dict:
    help_text = subprocess.run(  # noqa: S603
        [server.web_command[0] if "sodsong" in server.web_command[0] else "sodsong", "help"],
        env=server.env,
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    media = server.state / "var" / "media"
    _attach_something(server)
    before = counts(server)
    files_before = _sha256_tree(media)
    restored = server.state / "restored"
    restored.mkdir(exist_ok=True)
    if "backup" in help_text.split() and "restore" in help_text.split():
        method = "sodsong backup / restore"
        archive = server.state / "backup.tar"
        server.manage("backup", str(archive))
        server.manage("restore", str(archive))
        after = counts(server)
        files_after = _sha256_tree(media)
    elif server.database == "sqlite":
        method = "SQLite online backup API + copy of the media files"
        source = sqlite3.connect(server.env["SODSONG_SQLITE_PATH"])
        target = sqlite3.connect(restored / "demo.sqlite3")
        source.backup(target)
        source.close()
        target.close()
        if media.exists():
            shutil.copytree(media, restored / "media")
        env = dict(server.env, SODSONG_SQLITE_PATH=str(restored / "demo.sqlite3"))
        twin = Server(server.url, "sqlite", env, server.state, server.log)
        after = counts(twin)
        files_after = _sha256_tree(restored / "media")
    else:
        method = "pg_dump -Fc / pg_restore into a fresh database + copy of the media files"
        name = server.env["DATABASE_URL"].rsplit("/", 1)[-1]
        copy = name + "_restored"
        dump = server.state / "backup.dump"
        run(["pg_dump", "-Fc", "-f", str(dump), server.env["DATABASE_URL"]], server.env, server.log)
        pg_admin(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')
        pg_admin(f'CREATE DATABASE "{copy}"')
        try:
            run(["pg_restore", "--no-owner", "-d", pg_url(copy), str(dump)], server.env, server.log)
            env = dict(server.env, DATABASE_URL=pg_url(copy))
            after = counts(Server(server.url, "postgresql", env, server.state, server.log))
        finally:
            pg_admin(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')
        if media.exists():
            shutil.copytree(media, restored / "media")
        files_after = _sha256_tree(restored / "media")
    differ = {t: (n, after.get(t)) for t, n in before.items() if after.get(t) != n}
    return {
        "scenario": "backup",
        "method": method,
        "tables": len(before),
        "rows": sum(before.values()),
        "files": len(files_before),
        "tables_differing": differ,
        "files_identical": files_before == files_after,
        "ok": not differ and files_before == files_after,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/check-hard crash")
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument(
        "--only", choices=("import-kill", "report-kill", "db-drop", "backup"), action="append"
    )
    args = parser.parse_args(argv)
    chosen = args.only or ["backup", "report-kill", "db-drop", "import-kill"]
    ok = True
    for name in chosen:
        web = "gunicorn" if name == "db-drop" else "runserver"
        with demo_server(database=args.database, web=web, worker=True, tag="crash") as server:
            try:
                if name == "import-kill":
                    result = import_kill(server, args.rows)
                elif name == "report-kill":
                    result = report_kill(server)
                elif name == "db-drop":
                    result = db_drop(server)
                else:
                    result = backup_round_trip(server)
            except Exception as exc:  # noqa: BLE001  (report and go on with the next scenario)
                result = {"scenario": name, "ok": False, "error": repr(exc)[:500]}
        result["database"] = args.database
        ok = ok and result.get("ok", True)
        print(json.dumps({"bench": "crash", **result}, ensure_ascii=False), flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
