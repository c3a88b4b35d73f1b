"""The lock files match pyproject.toml (issue #21, Dependencies): every requirement pinned with
its hashes, runtime apart from test, the runtime pins the same in both. A requirement added to
pyproject.toml without `scripts/lock` fails here, not on a fresh clone's install."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", re.M)


def _name(requirement: str) -> str:
    bare = re.split(r"[\[<>=!~;\s]", requirement, maxsplit=1)[0]
    return re.sub(r"[-_.]+", "-", bare).lower()


def _lock(name: str) -> tuple[dict[str, str], str]:
    text = (ROOT / name).read_text()
    pins = {re.sub(r"[-_.]+", "-", m.group(1)).lower(): m.group(2) for m in PIN.finditer(text)}
    return pins, text


def _entries(text: str) -> list[str]:
    """One entry a package: its pin line and the continuation lines after it."""
    return re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[-1])


def test_every_requirement_is_pinned_with_hashes() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    runtime, runtime_text = _lock("requirements.lock")
    test, test_text = _lock("requirements-test.lock")
    for requirement in [*project["dependencies"], *extras["s3"]]:
        assert _name(requirement) in runtime, f"{requirement}: run scripts/lock"
    for requirement in [*project["dependencies"], *[r for e in extras.values() for r in e]]:
        assert _name(requirement) in test, f"{requirement}: run scripts/lock"
    assert "boto3" in runtime  # the s3 extra is locked for the server
    assert "pytest" not in runtime and "locust" not in runtime  # test apart from runtime
    for package, version in runtime.items():
        assert test.get(package) == version, f"{package}: run scripts/lock"
    for text in (runtime_text, test_text):
        for entry in _entries(text):
            if PIN.match(entry):
                assert "--hash=sha256:" in entry, entry.splitlines()[0]


def test_unused_packages_are_gone() -> None:
    runtime, _ = _lock("requirements.lock")
    test, _ = _lock("requirements-test.lock")
    for package in ("python-stdnum", "factory-boy"):
        assert package not in runtime and package not in test
