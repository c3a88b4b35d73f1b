"""Issue 19, "every letter in ../shared/data/letters/ parses to its gold fields": each letter of the
shared folder is read from there (not from the copy under tests/directives/letters) and compared
with the gold file beside it. The copies the rest of the suite uses must stay byte-for-byte the
same, so a letter added or corrected in the shared folder cannot pass unnoticed here and fail in
the copy (or the other way round). Skipped where the shared folder is not beside the checkout
(a bare clone in CI); the copies then carry the same letters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sodsong.directives.letters import parse_letter

from .test_letter_parser import LETTERS, assert_matches_gold

_REPO = Path(__file__).resolve().parents[2]
SHARED = next(
    (
        base / "shared/data/letters"
        for base in (_REPO.parent, _REPO.parent.parent)
        if (base / "shared/data/letters/README.md").is_file()
    ),
    None,
)
SHARED_LETTERS = sorted(SHARED.glob("*.txt")) if SHARED else []

needs_shared = pytest.mark.skipif(
    SHARED is None, reason="shared/data/letters is not beside the checkout"
)


@needs_shared
def test_the_shared_folder_holds_the_circular_and_the_written_letters():
    names = {path.stem for path in SHARED_LETTERS}
    assert "circular_2567_online_crime" in names
    assert len(names) >= 5


@needs_shared
@pytest.mark.parametrize("path", SHARED_LETTERS, ids=[p.stem for p in SHARED_LETTERS])
def test_each_shared_letter_parses_to_its_gold_fields(path):
    gold_path = path.with_suffix(".json")
    assert gold_path.is_file(), f"{path.name} has no gold file"
    expected = json.loads(gold_path.read_text(encoding="utf-8"))
    assert_matches_gold(parse_letter(path.read_text(encoding="utf-8")).to_dict(), expected)


@needs_shared
@pytest.mark.parametrize("path", SHARED_LETTERS, ids=[p.stem for p in SHARED_LETTERS])
def test_the_suites_copy_of_each_shared_letter_is_the_same(path):
    for shared in (path, path.with_suffix(".json")):
        copy = LETTERS / shared.name
        assert copy.is_file(), f"{shared.name} is not copied into tests/directives/letters"
        assert copy.read_bytes() == shared.read_bytes(), f"{shared.name} differs from its copy"
