"""Precision and recall of identifier extraction per type on the labelled Thai messages.

Run: scripts/bench identifiers-accuracy [--split dev|heldout]
Prints one JSON line per type and figure: metric "precision:<type>" / "recall:<type>", value in
0..1, with the counts (labelled, found) alongside. A match is exact (type, value, start, end).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from benchmarks.common import emit
from sodsong.thai.identifiers import TYPES, extract_identifiers

DATA = Path(__file__).resolve().parent.parent / "tests/thai/data/identifiers_labelled.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", choices=["dev", "heldout"], default=None)
    args = parser.parse_args()
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]
    rows = [r for r in rows if args.split is None or r["split"] == args.split]
    tp, fp, fn = Counter(), Counter(), Counter()
    for row in rows:
        gold = {(e["type"], e["value"], e["start"], e["end"]) for e in row["expected"]}
        got = {(f.type, f.value, f.start, f.end) for f in extract_identifiers(row["text"])}
        tp.update(item[0] for item in gold & got)
        fp.update(item[0] for item in got - gold)
        fn.update(item[0] for item in gold - got)
    split = args.split or "all"
    for kind in TYPES:
        found, labelled = tp[kind] + fp[kind], tp[kind] + fn[kind]
        precision = tp[kind] / found if found else 1.0
        recall = tp[kind] / labelled if labelled else 1.0
        extra = {"split": split, "messages": len(rows), "labelled": labelled, "found": found}
        emit("identifiers-accuracy", f"precision:{kind}", precision, **extra)
        emit("identifiers-accuracy", f"recall:{kind}", recall, **extra)


if __name__ == "__main__":
    main()
