"""Precision and recall of identifier extraction on the labelled set of Thai messages.

tests/thai/data/identifiers_labelled.jsonl: real SMS (ssivakorn, MIT), ordinary chat (Wisesight,
CC0), government news (thaigov, public domain) and synthetic tip texts, labelled by hand (see
SOURCE.txt there). A match is exact: same type, value, start and end. The floors below are what
the extractor reaches today with a margin; `heldout` rows were labelled after the extractor was
finished and were never tuned on, so their figures are the honest estimate.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

import pytest

from sodsong.thai.digits import to_arabic_digits
from sodsong.thai.identifiers import TYPES, extract_identifiers
from sodsong.thai.ids import is_valid_id13

DATA = Path(__file__).parent / "data" / "identifiers_labelled.jsonl"
BANKS = {"KBANK", "SCB", "KTB", "BBL", "BAY", "TTB", "GSB", "BAAC", "UOB", "CIMB", "KKP", "LHB",
         "TISCO", "GHB", "UNKNOWN"}  # fmt: skip

PRECISION_FLOOR = 0.95
RECALL_FLOOR = {"amount": 0.85}  # amounts written without a unit are often missed
RECALL_FLOOR_DEFAULT = 0.9


def rows(split: str | None = None) -> list[dict]:
    loaded = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]
    return [r for r in loaded if split is None or r["split"] == split]


def score(selected: list[dict]) -> dict[str, dict[str, float]]:
    tp, fp, fn = Counter(), Counter(), Counter()
    for row in selected:
        gold = {(e["type"], e["value"], e["start"], e["end"]) for e in row["expected"]}
        got = {(f.type, f.value, f.start, f.end) for f in extract_identifiers(row["text"])}
        for item in gold & got:
            tp[item[0]] += 1
        for item in got - gold:
            fp[item[0]] += 1
        for item in gold - got:
            fn[item[0]] += 1
    table = {}
    for kind in TYPES:
        found, labelled = tp[kind] + fp[kind], tp[kind] + fn[kind]
        table[kind] = {
            "precision": tp[kind] / found if found else 1.0,
            "recall": tp[kind] / labelled if labelled else 1.0,
            "labelled": labelled,
            "found": found,
        }
    return table


def report(title: str, table: dict[str, dict[str, float]]) -> str:
    lines = [title, f"{'type':<13} {'labelled':>8} {'found':>6} {'precision':>9} {'recall':>7}"]
    for kind, figures in table.items():
        lines.append(
            f"{kind:<13} {figures['labelled']:>8} {figures['found']:>6} "
            f"{figures['precision']:>9.3f} {figures['recall']:>7.3f}"
        )
    return "\n".join(lines)


# --- the labelled set itself is sound -----------------------------------------------------------

_VALUE = {
    "phone": re.compile(r"^(?:\+[1-9]\d{6,14}|1\d{2,3})$"),
    "bank_account": re.compile(r"^[A-Z]+:\d{9,15}$"),
    "promptpay": re.compile(r"^PP:(?:\+66\d{8,9}|\d{13}|\d{15})$"),
    "thai_id": re.compile(r"^\d{13}$"),
    "line_id": re.compile(r"^@?[a-z0-9._\-]{2,20}$"),
    "url": re.compile(r"^https?://[a-z0-9.\-]+(?::\d+)?(?:[/?#]\S*)?$"),
    "handle": re.compile(r"^@[a-z0-9_.]{2,30}$"),
    "amount": re.compile(r"^\d+(?:\.\d*[1-9])?$"),
    "date": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
}


def test_the_labelled_set_has_at_least_200_messages_from_every_source():
    loaded = rows()
    assert len(loaded) >= 200
    sources = Counter(r["source"].split(":")[0] for r in loaded)
    assert {"sms-ssivakorn", "chat-wisesight", "gov-news-thaigov", "synthetic"} <= set(sources)
    assert {r["split"] for r in loaded} == {"dev", "heldout"}
    labelled = Counter(e["type"] for r in loaded for e in r["expected"])
    assert all(labelled[kind] >= 5 for kind in TYPES), labelled


@pytest.mark.parametrize("row", rows(), ids=lambda r: r["text"][:30])
def test_every_label_is_an_exact_well_formed_span(row):
    text = row["text"]
    spans = sorted(row["expected"], key=lambda e: e["start"])
    for entry in spans:
        surface = text[entry["start"] : entry["end"]]
        assert surface and surface == surface.strip(), entry
        assert entry["type"] in TYPES and _VALUE[entry["type"]].match(entry["value"]), entry
        if entry["type"] == "bank_account":
            assert entry["value"].split(":")[0] in BANKS
        if entry["type"] in ("phone", "thai_id", "bank_account", "promptpay"):
            # The digits written are the value's digits (a phone's may add 0 / +66 / 00 in front).
            digits = re.sub(r"\D", "", to_arabic_digits(surface))
            number = entry["value"].split(":")[-1]
            if number.startswith("+"):
                assert digits.endswith(number[3:] if number.startswith("+66") else number[1:])
            else:
                assert digits == number, entry
        if entry["type"] == "thai_id":
            assert is_valid_id13(entry["value"])
    assert all(a["end"] <= b["start"] for a, b in zip(spans, spans[1:], strict=False))


# --- the figures --------------------------------------------------------------------------------


def test_precision_and_recall_per_type_reach_their_floors():
    table = score(rows())
    sys.stdout.write("\n" + report("identifiers: all labelled messages", table) + "\n")
    sys.stdout.write(report("identifiers: held-out messages only", score(rows("heldout"))) + "\n")
    for kind, figures in table.items():
        assert figures["precision"] >= PRECISION_FLOOR, (kind, figures)
        assert figures["recall"] >= RECALL_FLOOR.get(kind, RECALL_FLOOR_DEFAULT), (kind, figures)


def test_held_out_messages_are_read_nearly_as_well_overall():
    table = score(rows("heldout"))
    labelled = sum(f["labelled"] for f in table.values())
    found = sum(f["found"] for f in table.values())
    hits = sum(round(f["recall"] * f["labelled"]) for f in table.values())
    assert hits / found >= 0.95
    assert hits / labelled >= 0.85
