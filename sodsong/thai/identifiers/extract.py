"""Putting the finders together: every candidate, overlaps resolved by the most specific type."""

from __future__ import annotations

from sodsong.thai.amounts import find_amounts
from sodsong.thai.digits import to_arabic_digits
from sodsong.thai.identifiers.context import _keywords
from sodsong.thai.identifiers.dates import _dates
from sodsong.thai.identifiers.found import Found
from sodsong.thai.identifiers.numbers import _numbers
from sodsong.thai.identifiers.online import _EMAIL, _handles, _line_ids, _url_value, _urls

# When two candidates overlap, the more specific type wins (then the longer span).
_RANK = {
    "url": 0,
    "promptpay": 1,
    "bank_account": 2,
    "thai_id": 3,
    "date": 4,
    "phone": 5,
    "line_id": 6,
    "handle": 7,
    "amount": 8,
}


def _rank(found: Found) -> int:
    # A short code (1599) that is also read as an amount (ราคา 1599) is the amount.
    if found.type == "phone" and not found.value.startswith("+"):
        return len(_RANK)
    return _RANK[found.type]


def _resolve(candidates: list[Found]) -> list[Found]:
    chosen: list[Found] = []
    ordered = sorted(candidates, key=lambda f: (_rank(f), -(f.end - f.start), f.start))
    for candidate in ordered:
        if candidate.end <= candidate.start:
            continue
        if any(candidate.start < c.end and c.start < candidate.end for c in chosen):
            continue
        chosen.append(candidate)
    return sorted(chosen, key=lambda f: f.start)


def extract_identifiers(text: str) -> list[Found]:
    """Every identifier in `text`, one per span, most specific type only, in text order."""
    if not text:
        return []
    arabic = to_arabic_digits(text)  # same length: offsets carry over
    emails = [(m.start(), m.end()) for m in _EMAIL.finditer(arabic)]
    keywords = _keywords(arabic)
    candidates: list[Found] = []
    candidates += [
        Found("url", _url_value(text[u.start : u.end]), u.start, u.end)
        for u in _urls(arabic, emails)
    ]
    candidates += _dates(arabic)
    candidates += _numbers(arabic, keywords)
    candidates += _line_ids(arabic)
    candidates += [h for h in _handles(arabic) if not any(s <= h.start < e for s, e in emails)]
    candidates += [Found("amount", value, start, end) for start, end, value in find_amounts(text)]
    return _resolve(candidates)
