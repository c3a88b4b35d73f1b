"""Field accuracy of the official-letter parser on the labelled letters.

Run: scripts/bench letters-accuracy [--folder tests/directives/letters]
Prints one JSON line per field: metric "accuracy:<field>", value in 0..1, with the number of
compared elements (letters for scalar fields; list elements for references, attachments,
directives and inconsistencies) and the letters that missed. Then "accuracy:all" over every
compared element. Scoring rules: sodsong/directives/letters/scoring.py.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from benchmarks.common import emit
from sodsong.directives.letters import parse_letter
from sodsong.directives.letters.scoring import score_folder

FOLDER = Path(__file__).resolve().parent.parent / "tests/directives/letters"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--folder", type=Path, default=FOLDER)
    args = parser.parse_args()
    right, total, misses = score_folder(args.folder, parse_letter)
    letters = len(list(args.folder.glob("letter_*.txt")))
    for name in total:
        emit(
            "letters-accuracy",
            f"accuracy:{name}",
            right[name] / total[name] if total[name] else 1.0,
            letters=letters,
            compared=total[name],
            missed=misses.get(name, []),
        )
    fields = [name for name in total if not name.startswith("directives.")]
    all_right = sum(right[name] for name in fields)
    all_total = sum(total[name] for name in fields)
    emit(
        "letters-accuracy",
        "accuracy:all",
        all_right / all_total,
        letters=letters,
        compared=all_total,
    )


if __name__ == "__main__":
    main()
