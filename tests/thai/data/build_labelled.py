"""Builds identifiers_labelled.jsonl from the hand-labelled source identifiers_labelled.src.tsv.

Each source line is `source<TAB>split<TAB>text`, where every identifier is marked in place as
`[[type=value|surface]]`; the builder strips the marks and records each one's exact character
offsets into the plain text. `split` is `dev` (messages the extractor was tuned on) or `heldout`
(labelled after the extractor was finished and never tuned on). Run from the repository root:

    .venv/bin/python tests/thai/data/build_labelled.py
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).parent
SOURCE = HERE / "identifiers_labelled.src.tsv"
TARGET = HERE / "identifiers_labelled.jsonl"
MARK = re.compile(r"\[\[(?P<type>[a-z_]+)=(?P<value>[^|\]]*)\|(?P<surface>.+?)\]\]")


def parse(line: str) -> dict:
    source, split, marked = line.split("\t", 2)
    text_parts: list[str] = []
    expected = []
    position = 0
    length = 0
    for match in MARK.finditer(marked):
        before = marked[position : match.start()]
        text_parts.append(before)
        length += len(before)
        surface = match.group("surface")
        expected.append(
            {
                "type": match.group("type"),
                "value": match.group("value"),
                "start": length,
                "end": length + len(surface),
            }
        )
        text_parts.append(surface)
        length += len(surface)
        position = match.end()
    text_parts.append(marked[position:])
    text = "".join(text_parts)
    if "[[" in text or "]]" in text:
        raise ValueError(f"unclosed mark: {marked!r}")
    return {"text": text, "source": source, "split": split, "expected": expected}


def main() -> int:
    rows = [parse(line) for line in SOURCE.read_text(encoding="utf-8").splitlines() if line.strip()]
    with TARGET.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    sys.stdout.write(f"{len(rows)} messages, {sum(len(r['expected']) for r in rows)} identifiers\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
