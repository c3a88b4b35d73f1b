"""scripts/mypy-baseline: errors are counted per file, a file may not gain errors, a lower count
passes (and is reported so the baseline can shrink). mypy itself is not run here."""

from __future__ import annotations

import importlib.machinery
import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "mypy-baseline"


def _load():
    loader = importlib.machinery.SourceFileLoader("mypy_baseline", str(SCRIPT))
    spec = importlib.util.spec_from_loader("mypy_baseline", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def test_errors_are_counted_per_file_and_notes_are_not():
    script = _load()
    lines = [
        "sodsong/a.py:3: error: Incompatible types  [assignment]",
        'sodsong/a.py:9:5: error: Item "None" has no attribute "end"  [union-attr]',
        'sodsong/b/c.py:1: error: Unused "type: ignore" comment  [unused-ignore]',
        'sodsong/a.py:10: note: "x" defined here',
    ]
    assert script.count(lines) == {"sodsong/a.py": 2, "sodsong/b/c.py": 1}


def test_a_file_above_its_baseline_fails_and_a_lower_count_is_reported(tmp_path, monkeypatch):
    script = _load()
    monkeypatch.setattr(script, "BASELINE", tmp_path / "mypy-baseline.txt")
    script.write_baseline({"sodsong/a.py": 2, "sodsong/b.py": 1})
    baseline = script.read_baseline()
    assert baseline == {"sodsong/a.py": 2, "sodsong/b.py": 1}

    worse, better = script.compare({"sodsong/a.py": 3, "sodsong/new.py": 1}, baseline)
    assert worse == {"sodsong/a.py": 3, "sodsong/new.py": 1}  # a new file starts at zero
    assert better == {"sodsong/b.py": 0}

    worse, better = script.compare({"sodsong/a.py": 1, "sodsong/b.py": 1}, baseline)
    assert worse == {}
    assert better == {"sodsong/a.py": 1}
