"""Field accuracy of the letter parser against gold files (used by the tests and the benchmark).

Exact match after normalisation (NFC, Thai digits to Arabic, runs of whitespace to one space).
Lists are compared element by element: a letter contributes max(len(gold), len(parsed)) elements
to the field, each right or wrong. Directives are also scored per sub-field
(`directives.ref`, `directives.actors`, …), and `inconsistencies` by the kind of each note (the
part before ":"), as sorted lists.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

from sodsong.thai.digits import to_arabic_digits

FIELDS = (
    "kind",
    "urgency",
    "urgent_by",
    "secrecy",
    "number",
    "circular",
    "issuer_code",
    "running_no",
    "date",
    "date_be_text",
    "month_year_only",
    "from_unit",
    "subject",
    "to",
    "references",
    "attachments",
    "directives",
    "closing",
    "signatory_name",
    "signatory_position",
    "acting_for",
    "contact_unit",
    "phone",
    "email",
    "inconsistencies",
    "is_directive",
)
DIRECTIVE_FIELDS = ("ref", "text", "actors", "deadline", "report_back")


# The circular's gold (shared/data/letters) notes its damage in prose: each note's parser kind.
PROSE_NOTES = {
    "header names Songkhla": "province_mismatch",
    "postal code 57000": "postcode_mismatch",
    "'มว' in the date line": "damaged_date",
    "'ตรววจ' should read": "doubled_character",
    "'เต็ดขาด' should read": "misspelt_word",
    "'ในการนี้...' page-break": "page_break_artefact",
}


def note_kind(note: str) -> str:
    """The kind of a parser note (the part before ":"), or of a gold note written in prose."""
    for start, kind in PROSE_NOTES.items():
        if note.startswith(start):
            return kind
    return note.split(":", 1)[0]


def normalise(value: object) -> object:
    if isinstance(value, str):
        text = to_arabic_digits(unicodedata.normalize("NFC", value))
        return re.sub(r"\s+", " ", text).strip()
    if isinstance(value, list):
        return [normalise(item) for item in value]
    if isinstance(value, dict):
        return {key: normalise(item) for key, item in value.items()}
    return value


def _elements(gold: list, got: list) -> tuple[int, int]:
    total = max(len(gold), len(got))
    right = sum(1 for a, b in zip(gold, got, strict=False) if a == b)
    return right, total


def score_letter(gold: dict, got: dict) -> dict[str, tuple[int, int]]:
    """{field: (right, total)} for one letter."""
    scores: dict[str, tuple[int, int]] = {}
    for name in FIELDS:
        if name not in gold:
            continue  # a gold file that leaves a field out (the circular's is_directive)
        g, p = gold.get(name), got.get(name)
        if name == "directives":
            # Only the sub-fields the gold gives (the circular's gold has no item text).
            keys = [k for k in DIRECTIVE_FIELDS if all(k in d for d in g or [])]
            g = [{k: d.get(k) for k in keys} for d in g or []]
            p = [{k: d.get(k) for k in keys} for d in p or []]
            scores[name] = _elements(normalise(g), normalise(p))  # type: ignore[arg-type]
            for sub in keys:
                scores[f"directives.{sub}"] = _elements(
                    normalise([d[sub] for d in g]),  # type: ignore[arg-type]
                    normalise([d[sub] for d in p]),  # type: ignore[arg-type]
                )
        elif name == "inconsistencies":
            kinds_g = sorted(note_kind(str(note)) for note in g or [])
            kinds_p = sorted(note_kind(str(note)) for note in p or [])
            if not kinds_g and not kinds_p:
                scores[name] = (1, 1)
            else:
                scores[name] = _elements(kinds_g, kinds_p)
        elif isinstance(g, list) or isinstance(p, list):
            g, p = normalise(g or []), normalise(p or [])
            scores[name] = (1, 1) if not g and not p else _elements(g, p)  # type: ignore[arg-type]
        else:
            scores[name] = (int(normalise(g) == normalise(p)), 1)
    return scores


def score_folder(folder: Path, parse) -> tuple[Counter, Counter, dict[str, list[str]]]:  # noqa: ANN001
    """Right and total per field over every letter_NN.txt with its .json, and the misses."""
    import json

    right: Counter = Counter()
    total: Counter = Counter()
    misses: dict[str, list[str]] = {}
    for path in sorted(folder.glob("letter_*.txt")):
        gold = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        got = parse(path.read_text(encoding="utf-8")).to_dict()
        for name, (r, t) in score_letter(gold, got).items():
            right[name] += r
            total[name] += t
            if r < t:
                misses.setdefault(name, []).append(path.stem)
    return right, total, misses
