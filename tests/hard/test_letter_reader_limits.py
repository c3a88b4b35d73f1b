"""Letters are read in a child process under a memory, CPU and wall-clock limit, and `pdftotext`
inherits the limits (issue #12 hostile files: pdftotext ran with no limit in the web process).
A stand-in `pdftotext` first on PATH shows what the real one would be allowed."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from benchmarks.hard import hostile_files as hostile
from sodsong.directives.letter_reader import LetterReadError, read_letter
from sodsong.directives.models import Directive

THAI = re.compile(r"[\u0e00-\u0e7f]")


def _fake_pdftotext(folder: Path, body: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    program = folder / "pdftotext"
    program.write_text("#!/bin/sh\n" + body + "\n")
    program.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}:/usr/bin:/bin")


def test_pdftotext_runs_under_the_readers_address_space_limit(tmp_path, monkeypatch) -> None:
    _fake_pdftotext(tmp_path, 'echo "limit $(ulimit -v) cpu $(ulimit -t)"', monkeypatch)
    text = read_letter(hostile.pdf(), "pdf", memory_mb=700, cpu_s=30, timeout_s=30)
    assert text.split() == ["limit", str(700 * 1024), "cpu", "30"], text


def test_a_pdftotext_that_hangs_is_killed_at_the_time_limit(tmp_path, monkeypatch) -> None:
    marker = tmp_path / "still-running"
    _fake_pdftotext(tmp_path, f"sleep 30; touch {marker}", monkeypatch)
    started = time.monotonic()
    with pytest.raises(LetterReadError) as failed:
        read_letter(hostile.pdf(), "pdf", memory_mb=700, cpu_s=30, timeout_s=2)
    assert failed.value.code == "timeout"
    assert time.monotonic() - started < 10
    time.sleep(0.5)
    assert not marker.exists()  # the whole process group went, pdftotext included


def test_a_reader_over_its_memory_limit_dies_alone(tmp_path, monkeypatch) -> None:
    """pdftotext answering with 400 MB of text: the child that collects it reaches its limit
    and dies alone; the caller gets "memory"."""
    _fake_pdftotext(tmp_path, "head -c 400000000 /dev/zero | tr '\\0' a", monkeypatch)
    with pytest.raises(LetterReadError) as failed:
        read_letter(hostile.pdf(), "pdf", memory_mb=256, cpu_s=30, timeout_s=30)
    assert failed.value.code == "memory"


def test_the_upload_form_says_so_in_thai_when_a_letter_takes_too_long(
    personas, login, settings, tmp_path, monkeypatch
) -> None:
    settings.LETTER_READER_TIMEOUT_S = 2
    _fake_pdftotext(tmp_path, "sleep 30", monkeypatch)
    before = Directive.objects.count()
    page = login(personas.province).post(
        "/directives/new/", {"letter": SimpleUploadedFile("letter.pdf", hostile.pdf())}
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "ใช้เวลานานเกินที่กำหนด" in html
    assert Directive.objects.count() == before


def test_real_pdftotext_reads_a_letter_within_the_limits() -> None:
    import shutil

    if not shutil.which("pdftotext"):
        pytest.skip("poppler's pdftotext is not installed")
    assert "Letter test" in read_letter(hostile.pdf(), "pdf")
