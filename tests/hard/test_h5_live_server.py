"""Issue #17 H5 replayed from the outside: the 6 KB spreadsheet with one cell at XFD1048576 made
the reader allocate 512 GiB and abort the process, three times under gunicorn, with every request
in flight lost. Here it is uploaded several times through the web form and the API of a live
server run as docs/operations.md says (gunicorn, a job worker), while another client keeps
asking for pages and the API: every upload is refused in Thai, no gunicorn worker dies (the
server's processes are the same before and after) and every other request is answered.

It starts a real server on 127.0.0.1 (benchmarks/hard/server.py; the demo database is built once
and cached under var/hard/cache/), so it takes a minute or more the first time."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest


@pytest.mark.skipif(
    not (Path(sys.executable).parent / "gunicorn").exists() and not shutil.which("gunicorn"),
    reason="gunicorn is not installed (SODSONG_EXTRAS=prod or test)",
)
def test_the_far_cell_sheet_does_not_take_a_live_gunicorn_down() -> None:
    from benchmarks.hard.hostile import replay_h5
    from benchmarks.hard.server import demo_server

    with demo_server(web="gunicorn", workers=2, worker=True, tag="h5") as server:
        result = replay_h5(server, times=3)
    print(result)
    assert len(result["uploads"]) == 6
    assert result["refused_in_thai"] == 6, result["uploads"]
    assert all("XFD" in u["message"] for u in result["uploads"]), result["uploads"]
    assert result["server_survived"], result
    assert result["other_requests_failed"] == 0, result
    assert result["other_requests_answered"] > 0
