"""A letter's text read in a process of its own, under a memory, CPU and wall-clock limit
(issue #12 hostile files): `pdftotext` (poppler), pypdf and python-docx run there, never in the
web process, and `pdftotext` inherits the limits (`sodsong.core.isolated`).

    python -m sodsong.directives.letter_reader MEMORY_MB CPU_S KIND < letter

writes `{"text": …, "peak_kib": …}` or `{"error": "unsupported", "detail": …}`.
"""

from __future__ import annotations

import json
import sys

from sodsong.core.isolated import IsolatedError, limit_self, peak_kib, run_isolated

DEFAULT_MEMORY_MB = 1024
DEFAULT_CPU_S = 60
DEFAULT_TIMEOUT_S = 60.0


class LetterReadError(Exception):
    """code: unsupported (not a readable letter), too_large (the parser's limits), memory,
    timeout."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(code)
        self.code = code
        self.detail = detail


def read_letter(
    data: bytes,
    kind: str,
    *,
    memory_mb: int = DEFAULT_MEMORY_MB,
    cpu_s: int = DEFAULT_CPU_S,
    timeout_s: float = DEFAULT_TIMEOUT_S,
) -> str:
    """The text of a letter whose kind ("pdf", "docx" or "text") the upload checks decided."""
    try:
        result = run_isolated(
            "sodsong.directives.letter_reader",
            data,
            kind,
            memory_mb=memory_mb,
            cpu_s=cpu_s,
            timeout_s=timeout_s,
        )
    except IsolatedError as exc:
        code = exc.code if exc.code in ("memory", "timeout") else "unsupported"
        raise LetterReadError(code, exc.detail) from exc
    if "error" in result:
        code = "too_large" if result["error"] == "too_large" else "unsupported"
        raise LetterReadError(code, str(result.get("detail", "")))
    return str(result["text"])


def _child(memory_mb: int, cpu_s: int, kind: str) -> int:
    limit_self(memory_mb, cpu_s)
    data = sys.stdin.buffer.read()
    from sodsong.directives.letters import LetterFileTooLarge, UnsupportedLetterFile, text_from_file

    try:
        text = text_from_file(data, kind)
    except LetterFileTooLarge as exc:  # the parser's page and expansion limits, in Thai
        result = {"error": "too_large", "detail": str(exc)[:300]}
    except (UnsupportedLetterFile, UnicodeDecodeError) as exc:
        result = {"error": "unsupported", "detail": str(exc)[:300]}
    else:
        result = {"text": text, "peak_kib": peak_kib()}
    sys.stdout.buffer.write(json.dumps(result, ensure_ascii=False).encode("utf-8"))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(_child(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]))
