"""`sodsong parse-letter` and the other read-only commands run outside demo mode without
SODSONG_SECRET_KEY (issue #20); a command that serves or writes still refuses to start."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

LETTER = Path(__file__).parent / "letters" / "circular_2567_online_crime.txt"


def _run(*args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SODSONG_", "_SODSONG_"))}
    env["SODSONG_VAR_DIR"] = str(tmp_path)
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "sodsong", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )


def test_parse_letter_runs_without_a_secret_key_outside_demo_mode(tmp_path):
    done = _run("parse-letter", str(LETTER), "--json", tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    data = json.loads(done.stdout)
    assert [d["ref"] for d in data["directives"]] == ["๑", "๒"]


def test_a_command_that_touches_data_still_needs_the_key(tmp_path):
    done = _run("check", tmp_path=tmp_path)
    assert done.returncode != 0
    assert "SODSONG_SECRET_KEY" in done.stderr
