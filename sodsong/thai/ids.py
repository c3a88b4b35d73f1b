"""The 13-digit identification number (เลขประจำตัว 13 หลัก). Pure, no Django.

The first digit is the registration type: 1–5 Thai nationals, 6 foreigners in temporary or
irregular stay, 7 their children born in Thailand, 8 permanent residents and naturalised Thais,
0 stateless people and migrant-worker registrations. The last digit is a mod-11 checksum.
"""

from __future__ import annotations

import re

from sodsong.thai.digits import to_arabic_digits

_SEPARATORS = re.compile(r"[\s\-]")


def normalize_id13(text: str) -> str:
    return _SEPARATORS.sub("", to_arabic_digits(text))


def id13_checksum(first12: str) -> int:
    total = sum(int(d) * (13 - i) for i, d in enumerate(first12))
    return (11 - total % 11) % 10


def is_valid_id13(text: str) -> bool:
    digits = normalize_id13(text)
    if len(digits) != 13 or not digits.isdigit() or digits[0] == "9":
        return False
    return id13_checksum(digits[:12]) == int(digits[12])


def is_non_thai_id13(text: str) -> bool:
    """A valid number of the kinds given to non-Thais (first digit 0, 6, 7 or 8)."""
    digits = normalize_id13(text)
    return is_valid_id13(digits) and digits[0] in "0678"
