"""Two officers saving the same case or resident at the same moment on SQLite as it is deployed (a
file in WAL mode, each thread with its own connection): `scripts/bench concurrency` in small,
in a child process with its own fresh database. The suite's in-memory SQLite cannot show this
(it locks tables instead of waiting), and tests/cases/test_concurrency.py runs the same pairs
in-process on PostgreSQL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_concurrent_pairs_on_a_sqlite_file_lose_nothing(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["SODSONG_BENCH_DIR"] = str(tmp_path)
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "benchmarks.concurrency", "--database", "sqlite"]
        + ["--pairs", "9", "--parallel", "3", "--naive"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    lines = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    figures = {(line["way"], line["metric"]): line for line in lines}
    assert set(figures) == {
        (way, f"{domain}_lost_updates")
        for way in ("naive", "sodsong")
        for domain in ("cases", "residents")
    }
    for domain in ("cases", "residents"):
        # Saved the old way the pairs lose updates: the race is real ...
        assert figures[("naive", f"{domain}_lost_updates")]["value"] > 0
        # ... and none is lost now, none fails, and same-field saves are refused, not lost.
        now = figures[("sodsong", f"{domain}_lost_updates")]
        assert (now["value"], now["errors"]) == (0, 0), now
        assert now["conflicts"] > 0
