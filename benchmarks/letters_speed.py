"""Speed of the official-letter parser on long and damaged text (issue #17 item 8).

Run: scripts/bench letters-speed
Prints one JSON line per figure (seconds, best of --repeat runs):
- `repair:109k-one-line`: `noise.repair` on one 109,000-character line with a doubled character
  every 56 characters (18 s before the repair was made linear);
- `parse:circular`: the June 2024 circular (3,900 characters), the everyday case;
- `parse:10000-lines`: a letter of 10,000 numbered item lines cut at 190,000 characters (did not
  finish in 120 s before);
- `parse:200k-chars`: the longest text accepted (MAX_LETTER_CHARS), made of the circular repeated;
- `refuse:over-limit`: text one character over the limit is refused without being read.
"""

from __future__ import annotations

import argparse
import contextlib
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.common import emit
from sodsong.directives.letters import MAX_LETTER_CHARS, LetterTooLong, parse_letter
from sodsong.directives.letters.noise import repair

LETTERS = Path(__file__).resolve().parent.parent / "tests/directives/letters"


def _best(work: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    circular = (LETTERS / "circular_2567_online_crime.txt").read_text(encoding="utf-8")
    one_line = ("ให้กำนันผู้ใหญ่บ้านตรววจสอบคนต่างด้าวในพื้นที่อย่างเคร่งครัด" * 2000)[:109_000]
    lines = "\n".join(
        f"                {n}. ให้ผู้ใหญ่บ้านตรวจสอบบ้านเลขที่ {n} ในหมู่บ้าน" for n in range(1, 10_001)
    )
    many = circular.replace("ในการนี้...", lines[:186_000], 1)
    longest = (circular * (MAX_LETTER_CHARS // len(circular) + 1))[:MAX_LETTER_CHARS]

    def over() -> None:
        with contextlib.suppress(LetterTooLong):
            parse_letter("ก" * (MAX_LETTER_CHARS + 1))

    figures = {
        "repair:109k-one-line": (lambda: repair(one_line), len(one_line)),
        "parse:circular": (lambda: parse_letter(circular), len(circular)),
        "parse:10000-lines": (lambda: parse_letter(many), len(many)),
        "parse:200k-chars": (lambda: parse_letter(longest), len(longest)),
        "refuse:over-limit": (over, MAX_LETTER_CHARS + 1),
    }
    for metric, (work, chars) in figures.items():
        emit("letters-speed", metric, _best(work, args.repeat), chars=chars, unit="s")


if __name__ == "__main__":
    main()
