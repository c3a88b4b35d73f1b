"""Field accuracy of the official-letter parser on the labelled letters.

Run: scripts/bench letters-accuracy [--folder tests/directives/letters]
Prints one JSON line per field: metric "accuracy:<field>", value in 0..1, with the number of
compared elements (letters for scalar fields; list elements for references, attachments,
directives and inconsistencies) and the letters that missed. Then "accuracy:all" over every
compared element. Scoring rules: sodsong/directives/letters/scoring.py.

Two splits are reported apart: "tuned" (every letter the parser was developed against, the
circular of June 2024 included) and "held-out" (letters 25–27, written with hand gold after the
parser was frozen, and kept frozen: their gold is never edited to follow the parser). The
figures of each split come with the split's name: `accuracy:all:tuned`, `accuracy:all:held-out`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from benchmarks.common import emit
from sodsong.directives.letters import parse_letter
from sodsong.directives.letters.scoring import score_folder

FOLDER = Path(__file__).resolve().parent.parent / "tests/directives/letters"


HELD_OUT = ("letter_25", "letter_26", "letter_27")


def _score(folder: Path, names: list[str]):  # type: ignore[no-untyped-def]
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            for suffix in (".txt", ".json"):
                (Path(tmp) / f"letter_{name}{suffix}").write_bytes(
                    (folder / f"{name}{suffix}").read_bytes()
                )
        return score_folder(Path(tmp), parse_letter)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--folder", type=Path, default=FOLDER)
    args = parser.parse_args()
    names = sorted(p.stem for p in args.folder.glob("*.txt") if p.with_suffix(".json").exists())
    splits = {
        "tuned": [n for n in names if n not in HELD_OUT],
        "held-out": [n for n in names if n in HELD_OUT],
    }
    for split, members in splits.items():
        if members:
            _report(args.folder, members, split)


def _report(folder: Path, names: list[str], split: str) -> None:
    right, total, misses = _score(folder, names)
    letters = len(names)
    for name in total:
        emit(
            "letters-accuracy",
            f"accuracy:{name}:{split}",
            right[name] / total[name] if total[name] else 1.0,
            letters=letters,
            compared=total[name],
            missed=[m.removeprefix("letter_") for m in misses.get(name, [])],
        )
    fields = [name for name in total if not name.startswith("directives.")]
    all_right = sum(right[name] for name in fields)
    all_total = sum(total[name] for name in fields)
    emit(
        "letters-accuracy",
        f"accuracy:all:{split}",
        all_right / all_total,
        letters=letters,
        compared=all_total,
        right=all_right,
    )


if __name__ == "__main__":
    main()
