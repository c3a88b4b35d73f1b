"""Every hostile file to every upload of a live demo server: `scripts/check-hard hostile`.

    scripts/check-hard hostile [--database D] [--web gunicorn|runserver] [--only GROUP]
    scripts/check-hard hostile --replay-h5 [--times N]

The files are benchmarks/hard/hostile_files.py's catalogues: SHEETS to the residents import
(web form and API), LETTERS to the directive letter form and API, ATTACHMENTS to the public tip form and
API (whose files go through `attachment_store`, like every attachment). For each upload the table
shows the HTTP status, whether a Thai message names the refusal, the business rows before and
after (people, documents, residents, directives and their items, attachments, tips) and the peak
resident memory (VmHWM) of the server's processes so far. The last lines: whether the server
still answers, the checker's own peak, and the machine's load average.

`--replay-h5` is issue #17 H5 from the outside: the 6 KB sheet with a cell at XFD1048576
uploaded N times through the web form and the API while another client keeps asking for pages;
the server's processes must stay the same (no worker died and was replaced) and every other
request must be answered. Exit status 0 only when everything held.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.hard import hostile_files as hostile
from benchmarks.hard.http import LiveHttp
from benchmarks.hard.server import Server, demo_server

THAI = re.compile(r"[\u0e00-\u0e7f]")
ERROR_BLOCK = re.compile(
    r'class="[^"]*(?:error|alert|errorlist)[^"]*"[^>]*>(.*?)</(?:div|p|li|ul)', re.S
)
MODELS = (
    "people.Person",
    "people.IdentityDocument",
    "survey.Resident",
    "directives.Directive",
    "directives.DirectiveItem",
    "core.Attachment",
    "tips.Tip",
)
TABLES_CODE = """
import json
from django.apps import apps
print(json.dumps([apps.get_model(label)._meta.db_table for label in %r]))
"""


@dataclass
class Row:
    file: str
    endpoint: str
    status: int
    thai: bool
    before: int
    after: int
    peak_mib: float
    seconds: float
    message: str = ""

    @property
    def ok(self) -> bool:
        """Refused in Thai with nothing written: a 4xx, or a form page (200) or an import job
        (201/302) that failed with the message."""
        answered = 400 <= self.status < 500 or self.status in (200, 201, 302)
        return answered and self.thai and self.before == self.after


@dataclass
class Counter:
    server: Server
    tables: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.tables = json.loads(
            self.server.python(TABLES_CODE % (MODELS,)).strip().splitlines()[-1]
        )

    def total(self) -> int:
        # Table names come from the models' own metadata, not from input.
        sql = " + ".join(f'(SELECT COUNT(*) FROM "{t}")' for t in self.tables)  # noqa: S608
        if self.server.database == "sqlite":
            with sqlite3.connect(self.server.env["SODSONG_SQLITE_PATH"], timeout=30) as db:
                return int(db.execute(f"SELECT {sql}").fetchone()[0])  # noqa: S608
        import psycopg

        with psycopg.connect(self.server.env["DATABASE_URL"]) as db:
            return int(db.execute(f"SELECT {sql}").fetchone()[0])  # noqa: S608


def server_pids(server: Server) -> set[int]:
    """The web process and its children (gunicorn's workers; not the short-lived readers)."""
    assert server.web is not None
    pids = {server.web.pid}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        found = re.search(r"^PPid:\s+(\d+)", text, re.M)
        if found and int(found.group(1)) == server.web.pid:
            pids.add(int(status.parent.name))
    return pids


def peak_mib(pids: set[int]) -> float:
    peaks = []
    for pid in pids:
        try:
            text = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        found = re.search(r"^VmHWM:\s+(\d+) kB", text, re.M)
        if found:
            peaks.append(int(found.group(1)) / 1024)
    return max(peaks, default=0.0)


def _message(html: str) -> str:
    for block in ERROR_BLOCK.findall(html):
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", block)).strip()
        if THAI.search(text):
            return text
    return ""


def _api_message(resp: Any) -> str:
    try:
        body = resp.json()
    except ValueError:
        return ""
    if isinstance(body, dict):
        error = body.get("error") if isinstance(body.get("error"), dict) else {}
        return str(body.get("message") or error.get("message") or body.get("detail") or "")
    return ""


# --- the endpoints ------------------------------------------------------------------------------

Sender = Callable[[LiveHttp, str, bytes], tuple[int, str]]
_client_number = iter(range(10, 10_000))


def _import_result(http: LiveHttp, uuid: str) -> str:
    """The import job's Thai error once the worker has read (or refused) the file."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        job = http.api("headman", "GET", f"/api/v1/survey/imports/{uuid}", scope="read").json()
        if job.get("status") == "failed":
            return str((job.get("report") or {}).get("file_error", ""))
        if job.get("status") not in ("pending", "validating", "queued", "uploaded"):
            return f"status {job.get('status')}"
        time.sleep(0.5)
    return "no result within 120 s"


def sheet_web(http: LiveHttp, name: str, data: bytes) -> tuple[int, str]:
    resp = http.web(
        "headman",
        "POST",
        "/survey/import/",
        data={"mode": "good_rows"},
        files={"file": (name, data)},
    )
    if resp.status == 302 and "/survey/import/" in resp.location:
        uuid = resp.location.rstrip("/").rsplit("/", 1)[-1]
        message = _import_result(http, uuid)
        page = http.web("headman", "GET", resp.location)
        shown = _message(page.text) or (message if message in page.text else "")
        return resp.status, shown
    return resp.status, _message(resp.text)


def sheet_api(http: LiveHttp, name: str, data: bytes) -> tuple[int, str]:
    resp = http.api(
        "headman",
        "POST",
        "/api/v1/survey/imports",
        files={"file": (name, data)},
        data={"mode": "good_rows"},
    )
    if resp.status == 201:
        return resp.status, _import_result(http, resp.json()["uuid"])
    return resp.status, _api_message(resp)


def letter_web(http: LiveHttp, name: str, data: bytes) -> tuple[int, str]:
    resp = http.web(
        "province", "POST", "/directives/new/", data={"text": ""}, files={"letter": (name, data)}
    )
    return resp.status, _message(resp.text)


def letter_api(http: LiveHttp, name: str, data: bytes) -> tuple[int, str]:
    resp = http.api(
        "province", "POST", "/api/v1/directives/letters", files={"file": (name, data)}, data={}
    )
    return resp.status, _api_message(resp)


TIP = {"description": "มีคนมาจ้างชาวบ้านเปิดบัญชีธนาคาร", "province": "47"}


def _as_new_client() -> dict[str, str]:
    """The public tip line is rate-limited per client: each upload comes from its own address
    (the server trusts one proxy hop for this run)."""
    n = next(_client_number)
    return {"X-Forwarded-For": f"10.47.{n // 250}.{n % 250 + 1}"}


def tip_web(http: LiveHttp, name: str, data: bytes) -> tuple[int, str]:
    session = http._requests.Session()
    headers = _as_new_client()
    page = session.get(http.base + "/tip/", headers=headers, timeout=60)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    resp = session.post(
        http.base + "/tip/",
        data={**TIP, "csrfmiddlewaretoken": token.group(1) if token else ""},
        files={"files": (name, data)},
        headers={**headers, "Referer": http.base + "/tip/"},
        allow_redirects=False,
        timeout=120,
    )
    return resp.status_code, _message(resp.text)


def tip_api(http: LiveHttp, name: str, data: bytes) -> tuple[int, str]:
    resp = http._requests.post(
        http.base + "/api/v1/tips/public",
        data=TIP,
        files={"files": (name, data)},
        headers=_as_new_client(),
        timeout=120,
    )
    try:
        body = resp.json()
    except ValueError:
        return resp.status_code, ""
    error = body.get("error") if isinstance(body.get("error"), dict) else {}
    return resp.status_code, str(body.get("message") or error.get("message") or "")


ENDPOINTS: dict[str, list[tuple[str, Sender, list[hostile.Case]]]] = {
    "sheets": [
        ("web /survey/import/", sheet_web, hostile.SHEETS),
        ("api /api/v1/survey/imports", sheet_api, hostile.SHEETS),
    ],
    "letters": [
        ("web /directives/new/", letter_web, hostile.LETTERS),
        ("api /api/v1/directives/letters", letter_api, hostile.LETTERS),
    ],
    "attachments": [
        ("web /tip/", tip_web, hostile.ATTACHMENTS),
        ("api /api/v1/tips/public", tip_api, hostile.ATTACHMENTS),
    ],
}


def throw_all(server: Server, groups: list[str]) -> list[Row]:
    http = LiveHttp(server.url, server.password, server.tokens)
    counter = Counter(server)
    rows: list[Row] = []
    for group in groups:
        for endpoint, send, catalogue in ENDPOINTS[group]:
            for case, name, make in catalogue:
                data = make()
                before = counter.total()
                started = time.perf_counter()
                try:
                    status, message = send(http, name, data)
                except Exception as exc:  # noqa: BLE001 - a dropped connection is a finding
                    status, message = 0, f"{type(exc).__name__}: {exc}"[:200]
                seconds = time.perf_counter() - started
                after = counter.total()
                row = Row(
                    file=case,
                    endpoint=endpoint,
                    status=status,
                    thai=bool(THAI.search(message)),
                    before=before,
                    after=after,
                    peak_mib=peak_mib(server_pids(server)),
                    seconds=seconds,
                    message=message,
                )
                rows.append(row)
                print(_line(row), flush=True)
    return rows


def _line(row: Row) -> str:
    return (
        f"| {row.file} | {row.endpoint} | {row.status} | {'yes' if row.thai else 'NO'} "
        f"| {row.before} | {row.after} | {row.peak_mib:.0f} | {row.seconds:.2f} |"
    )


HEADER = (
    "| file | endpoint | status | Thai message | rows before | rows after | server peak MiB "
    "| seconds |\n|---|---|---|---|---|---|---|---|"
)


# --- #17 H5 from the outside ----------------------------------------------------------------------


def replay_h5(server: Server, times: int) -> dict[str, Any]:
    """The far-cell sheet `times` times through the web form and the API, while another client
    keeps reading pages and the API; the server's processes are counted before and after."""
    http = LiveHttp(server.url, server.password, server.tokens)
    data = hostile.far_cell()
    pids_before = server_pids(server)
    stop = threading.Event()
    answered = {"ok": 0, "failed": 0}

    def keep_asking() -> None:
        other = LiveHttp(server.url, server.password, server.tokens)
        while not stop.is_set():
            for persona, path, api in (
                ("district", "/", False),
                ("district", "/api/v1/people?limit=5", True),
                (None, "/healthz", False),
            ):
                try:
                    resp = (
                        other.api(persona, "GET", path, scope="read")
                        if api
                        else other.web(persona, "GET", path)
                    )
                    answered["ok" if resp.status == 200 else "failed"] += 1
                except Exception:  # noqa: BLE001 - a dropped connection is what H5 was
                    answered["failed"] += 1

    reader = threading.Thread(target=keep_asking, daemon=True)
    reader.start()
    uploads = []
    try:
        for _ in range(times):
            for endpoint, send in (("web", sheet_web), ("api", sheet_api)):
                status, message = send(http, "residents.xlsx", data)
                uploads.append(
                    {
                        "endpoint": endpoint,
                        "status": status,
                        "thai": bool(THAI.search(message)),
                        "message": message[:120],
                    }
                )
    finally:
        stop.set()
        reader.join(timeout=30)
    pids_after = server_pids(server)
    return {
        "uploads": uploads,
        "refused_in_thai": sum(u["thai"] for u in uploads),
        "other_requests_answered": answered["ok"],
        "other_requests_failed": answered["failed"],
        "server_processes_before": sorted(pids_before),
        "server_processes_after": sorted(pids_after),
        "server_survived": pids_before == pids_after and server.web.poll() is None,
        "server_peak_mib": round(peak_mib(pids_after), 1),
    }


def _django() -> None:
    """The file generators use the import template's columns: Django's settings, for this
    process only (the server has its own)."""
    from django.apps import apps

    if not apps.ready:
        import django

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sodsong.settings")
        os.environ.setdefault("SODSONG_TESTING", "1")
        django.setup()


def main(argv: list[str] | None = None) -> int:
    _django()
    parser = argparse.ArgumentParser(prog="scripts/check-hard hostile")
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--web", choices=("gunicorn", "runserver"), default="gunicorn")
    parser.add_argument("--only", choices=sorted(ENDPOINTS), action="append")
    parser.add_argument("--replay-h5", action="store_true")
    parser.add_argument("--times", type=int, default=5)
    args = parser.parse_args(argv)
    extra = {"SODSONG_TRUSTED_PROXY_HOPS": "1", "SODSONG_UPLOAD_READER_MEMORY_MB": "1024"}
    with demo_server(
        database=args.database, web=args.web, workers=2, worker=True, tag="hostile", extra_env=extra
    ) as server:
        if args.replay_h5:
            result = replay_h5(server, args.times)
            print(json.dumps(result, ensure_ascii=False))
            ok = (
                result["server_survived"]
                and result["other_requests_failed"] == 0
                and result["refused_in_thai"] == len(result["uploads"])
            )
            return 0 if ok else 1
        print(HEADER, flush=True)
        rows = throw_all(server, args.only or list(ENDPOINTS))
        alive = LiveHttp(server.url, server.password, server.tokens).get(None, "/healthz").status
        failed = [r for r in rows if not r.ok]
        summary = {
            "metric": "hostile_uploads_refused_in_thai_with_no_rows_written",
            "uploads": len(rows),
            "refused_in_thai": sum(r.thai for r in rows),
            "rows_written": sum(r.after - r.before for r in rows),
            "failed": [f"{r.file} via {r.endpoint}: {r.status} {r.message[:80]}" for r in failed],
            "server_alive_after": alive == 200,
            "server_peak_mib": max((r.peak_mib for r in rows), default=0),
            "checker_peak_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "database": args.database,
            "web": args.web,
            "load_average": [round(x, 2) for x in os.getloadavg()],
            "cpus": os.cpu_count(),
        }
        print(json.dumps(summary, ensure_ascii=False))
        return 0 if not failed and alive == 200 else 1


if __name__ == "__main__":
    raise SystemExit(main())
