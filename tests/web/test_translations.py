"""The Thai catalogues are complete and compiled, and the interface is Thai first with English
on request. New strings fail here until they are translated: run scripts/messages, fill the
msgstr in the .po it names (sodsong/locale/th/LC_MESSAGES/django.po, or an app's own
sodsong/<app>/locale/th/...), run it again and commit both .po and .mo."""

from __future__ import annotations

import ast
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "sodsong"
CATALOGUES = sorted(PACKAGE.glob("**/locale/th/LC_MESSAGES/django.po"))


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str = ""
    msgctxt: str | None = None
    msgstrs: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0


def parse_po(text: str) -> list[Entry]:
    """A small .po reader: enough for Django's catalogues (context, plurals, flags, obsolete)."""
    entries: list[Entry] = []
    entry: Entry | None = None
    target: tuple[str, int] | None = None

    def start(lineno: int) -> Entry:
        nonlocal entry
        if entry is None or entry.msgstrs:
            entry = Entry(line=lineno)
            entries.append(entry)
        return entry

    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):  # blank or obsolete
            continue
        if line.startswith("#,"):
            start(lineno).flags |= {f.strip() for f in line[2:].split(",")}
            continue
        if line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            assert entry is not None and target is not None, f"line {lineno}: stray string"
            keyword, rest = "", line
        else:
            rest = rest.strip()
        value = ast.literal_eval(rest)
        if keyword == "msgctxt":
            start(lineno).msgctxt = value
            target = ("msgctxt", 0)
        elif keyword == "msgid":
            current = start(lineno)
            current.msgid = value
            target = ("msgid", 0)
        elif keyword == "msgid_plural":
            assert entry is not None
            entry.msgid_plural = value
            target = ("msgid_plural", 0)
        elif keyword.startswith("msgstr"):
            assert entry is not None
            index = int(keyword[7:-1]) if keyword.startswith("msgstr[") else 0
            entry.msgstrs[index] = value
            target = ("msgstr", index)
        elif keyword == "":
            assert entry is not None and target is not None
            kind, index = target
            if kind == "msgstr":
                entry.msgstrs[index] += value
            elif kind == "msgctxt":
                entry.msgctxt = (entry.msgctxt or "") + value
            else:
                setattr(entry, kind, getattr(entry, kind) + value)
        else:
            raise AssertionError(f"line {lineno}: cannot read {raw!r}")
    return entries


def _entries(po: Path) -> list[Entry]:
    return parse_po(po.read_text("utf-8"))


def _messages(po: Path) -> list[Entry]:
    return [e for e in _entries(po) if e.msgid]


each_catalogue = pytest.mark.parametrize(
    "po", CATALOGUES, ids=[str(p.relative_to(PACKAGE.parent)) for p in CATALOGUES]
)


def test_the_main_catalogue_exists_and_has_messages():
    main = PACKAGE / "locale" / "th" / "LC_MESSAGES" / "django.po"
    assert main in CATALOGUES
    assert len(_messages(main)) > 100


@each_catalogue
def test_every_message_has_a_thai_translation(po: Path):
    untranslated = [
        f"line {e.line}: {e.msgid!r}"
        for e in _messages(po)
        if not e.msgstrs or any(not s.strip() for s in e.msgstrs.values())
    ]
    assert not untranslated, f"translate these in {po}:\n" + "\n".join(untranslated)


@each_catalogue
def test_no_message_is_fuzzy(po: Path):
    fuzzy = [f"line {e.line}: {e.msgid!r}" for e in _entries(po) if "fuzzy" in e.flags]
    assert not fuzzy, f"check these in {po} and remove the fuzzy flag:\n" + "\n".join(fuzzy)


@each_catalogue
def test_placeholders_survive_translation(po: Path):
    pattern = re.compile(r"%\(\w+\)[sd]|\{\{\s*\w+\s*\}\}|<[^>]+>")
    wrong = [
        e.msgid
        for e in _messages(po)
        if e.msgstrs.get(0)  # untranslated ones fail the test above
        and sorted(pattern.findall(e.msgid)) != sorted(pattern.findall(e.msgstrs[0]))
    ]
    assert not wrong, wrong


@each_catalogue
def test_compiled_catalogue_matches_the_po(po: Path):
    """The .mo is committed; a stale one shows English on a machine without gettext."""
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"run scripts/messages to compile {mo}"
    with mo.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for e in _messages(po):
        if not e.msgstrs.get(0):
            continue  # untranslated: reported above
        if e.msgid_plural:
            got = compiled.ngettext(e.msgid, e.msgid_plural, 1)
        elif e.msgctxt is not None:
            got = compiled.pgettext(e.msgctxt, e.msgid)
        else:
            got = compiled.gettext(e.msgid)
        if got != e.msgstrs[0]:
            stale.append(e.msgid)
    assert not stale, f"run scripts/messages to recompile {mo}:\n" + "\n".join(stale)


def test_login_page_is_thai_by_default_and_english_after_the_switch(client):
    # No database: an anonymous login page and the language switch need none, so this test
    # does not wait for the demo province.
    page = client.get("/accounts/login/").content.decode()
    assert "เข้าสู่ระบบ" in page
    assert "Sign in" not in page

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    page = client.get("/accounts/login/").content.decode()
    assert "Sign in" in page
    assert "เข้าสู่ระบบ" not in page

    client.post("/i18n/setlang/", {"language": "th", "next": "/accounts/login/"})
    assert "เข้าสู่ระบบ" in client.get("/accounts/login/").content.decode()
