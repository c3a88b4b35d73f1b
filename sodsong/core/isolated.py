"""A reader run in a process of its own, under a memory, CPU and wall-clock limit (issue #12
hostile files; the same idea as `sodsong.core.sheet_reader` for spreadsheets).

The child is a Python module run with `python -m MODULE MEMORY_MB CPU_S ARGS…`: it calls
`limit_self()` first, before it imports any reader, reads the file from its standard input and
writes one JSON object on its standard output. Limits set with `setrlimit` are inherited by
every program the child starts (poppler's `pdftotext` for PDF letters), so the program is bound
as well. The child runs in a session of its own: when the wall clock runs out, the whole group,
programs included, is killed. If a limit is reached only the child dies; the caller gets an
`IsolatedError` with the code "memory" or "timeout".

This module imports nothing of Django.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess  # noqa: S404 - our own modules, run with a fixed argument list
import sys
from pathlib import Path
from typing import Any

# What a child that reached its address-space limit leaves on its standard error.
_OUT_OF_MEMORY = ("MemoryError", "Cannot allocate memory", "std::bad_alloc", "out of memory")


class IsolatedError(Exception):
    """code: memory, timeout, failed."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(code)
        self.code = code
        self.detail = detail


def run_isolated(
    module: str,
    data: bytes,
    *args: str,
    memory_mb: int,
    cpu_s: int,
    timeout_s: float,
) -> dict[str, Any]:
    """The JSON object that `python -m module memory_mb cpu_s *args` writes after reading
    `data` from its standard input."""
    root = str(Path(__file__).resolve().parents[2])
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["PYTHONPATH"] = root
    child = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", module, str(memory_mb), str(cpu_s), *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=root,
        start_new_session=True,
    )
    try:
        out, err = child.communicate(data, timeout=timeout_s)
    except subprocess.TimeoutExpired:
        _kill_group(child)
        raise IsolatedError("timeout") from None
    finally:
        _kill_group(child)  # a program the child left behind goes with it
    try:
        result = json.loads(out)
    except ValueError:
        result = None
    if not isinstance(result, dict):
        # Killed by a signal (an allocation that failed aborts, SIGXCPU at the CPU limit) or a
        # MemoryError: a limit was reached. Any other failure is the file's.
        text = err.decode("utf-8", "replace")[-500:]
        if child.returncode == -signal.SIGXCPU:
            code = "timeout"
        elif child.returncode < 0 or any(sign in text for sign in _OUT_OF_MEMORY):
            code = "memory"
        else:
            code = "failed"
        raise IsolatedError(code, text)
    return result


def _kill_group(child: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(child.pid, signal.SIGKILL)
    with contextlib.suppress(Exception):
        child.kill()
    child.wait()


def limit_self(memory_mb: int, cpu_s: int) -> None:
    """In the child, before any reader is imported: its address space and CPU time, and those of
    every program it starts."""
    import resource

    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_s, cpu_s + 1))


def peak_kib() -> int:
    """The child's own peak resident memory and its finished programs' peak, in KiB."""
    import resource

    return max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    )
