"""Public tips while SQLite is busy (issue 18 goals): 0 failed tips and p99 under 2 s while a
large import commits and while every indicator is refreshed, on the embedded default.

`scripts/check-hard busy [--rows N] [--only import|refresh] [--rate R]` starts a demo server as
docs/operations.md runs it (gunicorn, 3 workers, and `sodsong worker`) on SQLite, then sends a
public tip through the API every 1/R seconds from its own client address (X-Forwarded-For, with
SODSONG_TRUSTED_PROXY_HOPS=1, so the per-address rate limit sees many citizens, as in life) for as
long as the busy work runs. Each tip is counted as accepted (201), refused with the Thai "busy,
try again" message (503 with a message: not lost, the sender is told), or failed (anything else,
or no answer within 30 s). One JSON line per scenario, after a quiet minute of tips alone on the
same machine as the baseline (`p99_vs_quiet`): this machine is shared and its load moves.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import threading
import time

import requests

from benchmarks.hard.crash import VILLAGES_CODE, _residents_csv, _wait
from benchmarks.hard.http import LiveHttp
from benchmarks.hard.server import Server, demo_server

REFRESH_CODE = """
from sodsong.indicators.tasks import refresh_all_indicators
refresh_all_indicators.call_local()
print("refreshed")
"""


class TipSender(threading.Thread):
    """Sends tips at a steady rate until stopped; keeps each answer's status and latency."""

    def __init__(self, url: str, rate: float) -> None:
        super().__init__(daemon=True)
        self.url = url
        self.interval = 1.0 / rate
        self.stop = threading.Event()
        self.results: list[tuple[str, float]] = []

    def run(self) -> None:
        session = requests.Session()
        sent = 0
        while not self.stop.is_set():
            sent += 1
            started = time.monotonic()
            outcome = "failed"
            try:
                response = session.post(
                    self.url + "/api/v1/tips/public",
                    data={
                        "description": "มีคนต่างชาติเช่าบ้านหลายหลัง ใช้โทรศัพท์หลายเครื่องตลอดคืน "
                        f"ครั้งที่ {sent}",
                        "province": "47",
                        "place_text": "บ้านหลังที่สามจากวัด",
                    },
                    headers={
                        "X-Forwarded-For": f"10.{sent // 65536 % 256}.{sent // 256 % 256}.{sent % 256}"
                    },
                    timeout=30,
                )
                if response.status_code == 201:
                    outcome = "accepted"
                elif response.status_code == 503 and "message" in response.text:
                    outcome = "refused_busy"
            except requests.RequestException:
                outcome = "failed"
            elapsed = time.monotonic() - started
            self.results.append((outcome, elapsed))
            self.stop.wait(max(0.0, self.interval - elapsed))


def _summary(scenario: str, sender: TipSender, busy_seconds: float, extra: dict) -> dict:
    latencies = sorted(elapsed for _outcome, elapsed in sender.results)
    outcomes = [outcome for outcome, _elapsed in sender.results]

    def quantile(q: float) -> float:
        if not latencies:
            return 0.0
        return round(latencies[min(len(latencies) - 1, int(q * len(latencies)))], 3)

    out = {
        "bench": "busy",
        "scenario": scenario,
        "database": "sqlite",
        "busy_seconds": round(busy_seconds, 1),
        "tips_sent": len(outcomes),
        "accepted": outcomes.count("accepted"),
        "refused_busy": outcomes.count("refused_busy"),
        "failed": outcomes.count("failed"),
        "p50_s": round(statistics.median(latencies), 3) if latencies else 0.0,
        "p99_s": quantile(0.99),
        "max_s": round(latencies[-1], 3) if latencies else 0.0,
        **extra,
    }
    out["goal_met"] = out["failed"] == 0 and out["refused_busy"] == 0 and out["p99_s"] < 2.0
    return out


def during_import(server: Server, rows: int, rate: float) -> dict:
    http = LiveHttp(server.url, server.password, server.tokens)
    villages = json.loads(server.python(VILLAGES_CODE).splitlines()[-1])
    file = _residents_csv(server.state / f"residents-{rows}.csv", rows, villages)
    upload = http.api(
        "province",
        "POST",
        "/api/v1/survey/imports",
        files={"file": (file.name, file.read_bytes(), "text/csv")},
        data={"mode": "good_rows"},
    )
    if upload.status != 201:
        return {"bench": "busy", "scenario": "import", "error": upload.text[:300]}
    job = upload.json()["uuid"]

    def status() -> dict:
        return http.api("province", "GET", f"/api/v1/survey/imports/{job}", scope="read").json()

    _wait(lambda: status()["status"] not in ("validating", "uploaded"), 1800, 2)
    sender = TipSender(server.url, rate)
    sender.start()
    started = time.monotonic()
    http.api("province", "POST", f"/api/v1/survey/imports/{job}/commit", json={})
    final = _wait(
        lambda: status()["status"] in ("done", "committed", "failed") and status(), 3600, 2
    )
    busy = time.monotonic() - started
    sender.stop.set()
    sender.join()
    return _summary("import", sender, busy, {"rows": rows, "import": (final or {}).get("status")})


def quiet(server: Server, rate: float, seconds: float = 60.0) -> dict:
    """The baseline of the same run: tips with nothing else written, on the same machine load, so
    a p99 over the goal can be told apart from a machine that is busy with other work."""
    sender = TipSender(server.url, rate)
    sender.start()
    time.sleep(seconds)
    sender.stop.set()
    sender.join()
    return _summary("quiet (baseline)", sender, seconds, {})


def during_refresh(server: Server, rate: float) -> dict:
    sender = TipSender(server.url, rate)
    sender.start()
    started = time.monotonic()
    server.python(REFRESH_CODE, timeout=3600)
    busy = time.monotonic() - started
    sender.stop.set()
    sender.join()
    return _summary("refresh", sender, busy, {})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/check-hard busy")
    parser.add_argument("--rows", type=int, default=250_000)
    parser.add_argument("--rate", type=float, default=2.0, help="tips per second")
    parser.add_argument("--only", choices=("import", "refresh"), action="append")
    args = parser.parse_args(argv)
    chosen = args.only or ["refresh", "import"]
    ok = True
    with demo_server(
        database="sqlite",
        web="gunicorn",
        worker=True,
        tag="busy",
        extra_env={"SODSONG_TRUSTED_PROXY_HOPS": "1"},
    ) as server:
        baseline = quiet(server, args.rate)
        print(json.dumps(baseline, ensure_ascii=False), flush=True)
        for name in chosen:
            result = (
                during_import(server, args.rows, args.rate)
                if name == "import"
                else during_refresh(server, args.rate)
            )
            result["p99_vs_quiet"] = round(result["p99_s"] / max(baseline["p99_s"], 0.001), 2)
            result["load_average"] = round(os.getloadavg()[0], 1)
            ok = ok and bool(result.get("goal_met"))
            print(json.dumps(result, ensure_ascii=False), flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
