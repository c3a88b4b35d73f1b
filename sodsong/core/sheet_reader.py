"""A spreadsheet read in a process of its own, under a memory and CPU limit (issue #17 H5).

python-calamine allocates a sheet's whole rectangle at once, and a Rust allocation that fails
aborts the process: run in the web process or the job worker, one hostile sheet took every
request in flight down with it. Here the reading runs in a child Python process that sets
`RLIMIT_AS` and `RLIMIT_CPU` on itself before importing the reader; if the limit is reached, only
the child dies and the caller gets `SheetReadError("memory")`.

The child streams the rows back on its standard output as JSON lines (plain data only: nothing
the child sends can become code in the parent, even if a file took the reader over):
`["head", rows]`, then `["rows", rows, fixes]` chunks, then `["end", peak_rss_kib]` or
`["error", code]`. Dates, which JSON cannot carry, travel as `fixes` (row index, column, kind,
ISO text) and are rebuilt by the parent.

This module imports nothing of Django: the child starts in about 0.1 s.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess  # noqa: S404 - our own module, run with a fixed argument list
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHUNK = 2000
MAX_CSV_COLUMNS = 1000
DEFAULT_MEMORY_MB = 3072
DEFAULT_CPU_S = 600


class SheetReadError(Exception):
    """code: unreadable, encoding, too_large, memory, timeout."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(code)
        self.code = code
        self.detail = detail


@dataclass
class SheetStream:
    total: int
    rows: Iterator[list[Any]]
    stats: dict[str, int] = field(default_factory=dict)  # peak_rss_kib once read to the end


def read_isolated(
    data: bytes, kind: str, *, memory_mb: int = DEFAULT_MEMORY_MB, cpu_s: int = DEFAULT_CPU_S
) -> SheetStream:
    """(number of data rows, rows header first) of an xlsx/xls/ods/csv file, read by a child
    process limited to `memory_mb` of address space and `cpu_s` of CPU."""
    root = str(Path(__file__).resolve().parents[2])
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["PYTHONPATH"] = root
    env["PYTHONHASHSEED"] = "0"
    child = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "sodsong.core.sheet_reader", kind, str(memory_mb), str(cpu_s)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        cwd=root,
    )
    assert child.stdin is not None and child.stdout is not None
    try:
        child.stdin.write(data)
        child.stdin.close()
    except BrokenPipeError:
        pass
    stats: dict[str, int] = {}

    def records() -> Iterator[list[Any]]:
        try:
            while True:
                line = child.stdout.readline()  # type: ignore[union-attr]
                try:
                    record = json.loads(line)
                except ValueError:
                    code = child.wait()
                    # Killed by a signal, or a MemoryError/abort: the limit was reached.
                    raise SheetReadError("memory" if code != 0 else "unreadable") from None
                if not isinstance(record, list) or not record:
                    raise SheetReadError("unreadable")
                yield record
                if record[0] in ("end", "error"):
                    return
        finally:
            child.stdout.close()  # type: ignore[union-attr]
            if child.poll() is None:
                child.kill()
            child.wait()

    stream = records()
    first = next(stream)
    if first[0] == "error":
        raise SheetReadError(first[1], first[2] if len(first) > 2 else "")
    total = int(first[1])

    def rows() -> Iterator[list[Any]]:
        for record in stream:
            if record[0] == "rows":
                chunk, fixes = record[1], record[2]
                for index, column, type_, text in fixes:
                    chunk[index][column] = _rebuild(type_, text)
                yield from chunk
            elif record[0] == "end":
                stats["peak_rss_kib"] = int(record[1])
            elif record[0] == "error":
                raise SheetReadError(record[1], record[2] if len(record) > 2 else "")

    return SheetStream(total=total, rows=rows(), stats=stats)


def _rebuild(type_: str, text: str) -> Any:
    if type_ == "datetime":
        return dt.datetime.fromisoformat(text)
    if type_ == "date":
        return dt.date.fromisoformat(text)
    if type_ == "time":
        return dt.time.fromisoformat(text)
    if type_ == "timedelta":
        return dt.timedelta(seconds=float(text))
    return text


# --- the child --------------------------------------------------------------------------------


def _limit(memory_mb: int, cpu_s: int) -> None:
    import resource

    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_s, cpu_s))


def _send(out: Any, record: tuple[Any, ...]) -> None:
    out.write(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")


def _plain(chunk: list[list[Any]]) -> tuple[list[list[Any]], list[tuple[int, int, str, str]]]:
    fixes = []
    for r, row in enumerate(chunk):
        for c, value in enumerate(row):
            kind = type(value)
            if kind is str or kind is float or kind is int or kind is bool or value is None:
                continue
            if isinstance(value, dt.datetime):
                fixes.append((r, c, "datetime", value.isoformat()))
            elif isinstance(value, dt.date):
                fixes.append((r, c, "date", value.isoformat()))
            elif isinstance(value, dt.time):
                fixes.append((r, c, "time", value.isoformat()))
            elif isinstance(value, dt.timedelta):
                fixes.append((r, c, "timedelta", str(value.total_seconds())))
            else:
                fixes.append((r, c, "str", str(value)))
            row[c] = None
    return chunk, fixes


def _csv_rows(data: bytes) -> tuple[int, Iterator[list[Any]]]:
    import csv

    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp874")  # Thai Windows (TIS-620 superset)
    del data
    csv.field_size_limit(65536)

    def rows() -> Iterator[list[Any]]:
        for row in csv.reader(io.StringIO(text)):
            if len(row) > MAX_CSV_COLUMNS:
                raise _TooLarge
            yield row

    return max(0, text.count("\n") - 1), rows()


class _TooLarge(Exception):
    pass


def _child(kind: str, memory_mb: int, cpu_s: int) -> int:
    _limit(memory_mb, cpu_s)
    out = sys.stdout.buffer
    data = sys.stdin.buffer.read()
    try:
        if kind == "csv":
            total, rows = _csv_rows(data)
        else:
            from python_calamine import CalamineWorkbook

            try:
                workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
                del data
                sheet = workbook.get_sheet_by_index(0)
            except MemoryError:
                raise
            except Exception as exc:  # noqa: BLE001 - calamine has its own error types
                _send(out, ("error", "unreadable", str(exc)[:200]))
                return 0
            total, rows = max(0, sheet.height - 1), sheet.iter_rows()
        _send(out, ("head", total))
        chunk: list[list[Any]] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= CHUNK:
                _send(out, ("rows", *_plain(chunk)))
                chunk = []
        if chunk:
            _send(out, ("rows", *_plain(chunk)))
    except UnicodeDecodeError:
        _send(out, ("error", "encoding"))
        return 0
    except (_TooLarge, MemoryError):
        _send(
            out,
            ("error", "too_large" if not isinstance(sys.exc_info()[1], MemoryError) else "memory"),
        )
        return 0
    except Exception as exc:  # noqa: BLE001 - csv.Error, calamine errors while iterating
        _send(out, ("error", "unreadable", str(exc)[:200]))
        return 0
    import resource

    _send(out, ("end", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(_child(sys.argv[1], int(sys.argv[2]), int(sys.argv[3])))
