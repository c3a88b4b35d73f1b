"""Normalising names and text for search, and forgiving comparison. Pure, no Django.

Thai text typed on phones varies in ways that should not matter for finding a record: Thai or
Arabic digits, repeated or misordered vowels and tone marks (pythainlp's normalize), zero-width
characters, case and spacing.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

from pythainlp.util import normalize as thai_normalize

from sodsong.thai.digits import to_arabic_digits

# Thai vowel and tone marks are combining characters, not \w: keep the whole Thai block.
_NON_WORD = re.compile(r"[^\w\s\u0e00-\u0e7f]", re.UNICODE)
_SPACES = re.compile(r"\s+")


def normalize_text(text: str) -> str:
    if not text:
        return ""
    value = unicodedata.normalize("NFC", text)
    value = thai_normalize(value)
    value = to_arabic_digits(value).casefold()
    value = _NON_WORD.sub(" ", value)
    return _SPACES.sub(" ", value).strip()


def search_key(*parts: str) -> str:
    """One space-separated key of the normalised parts, for prefix search on any database."""
    words: list[str] = []
    for part in parts:
        words.extend(normalize_text(part).split())
    return " ".join(dict.fromkeys(words))


def similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()


def fuzzy_matches(query: str, key: str, *, threshold: float = 0.75) -> float:
    """A score for how well `query` matches `key` (0 when it does not): exact word or prefix first,
    then typo-tolerant similarity against each word and against the whole key."""
    q = normalize_text(query)
    if not q:
        return 0.0
    words = key.split()
    if q == key or q in words:
        return 1.0
    if key.startswith(q) or any(w.startswith(q) for w in words):
        return 0.95
    if len(q) >= 3 and q in key:
        return 0.9
    best = max([similarity(q, key), *(similarity(q, w) for w in words)])
    # Also compare against the key's prefix of the same length: typos in a partial word.
    best = max(best, similarity(q, key[: len(q)]))
    return best if best >= threshold else 0.0
