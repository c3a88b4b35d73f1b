"""Shared helpers for benchmarks: JSON-line output and peak-memory measurement."""

from __future__ import annotations

import json
import resource
import sys
from typing import Any


def emit(
    bench: str, metric: str, value: float, baseline: float | None = None, **extra: Any
) -> None:
    ratio = round(value / baseline, 3) if baseline else None
    line = {
        "bench": bench,
        "metric": metric,
        "value": round(value, 3),
        "baseline": baseline,
        "ratio": ratio,
    }
    line.update(extra)
    sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
