"""Identifiers pulled from Thai free text (phones, bank accounts, PromptPay, IDs, LINE IDs, URLs,
handles, amounts, dates), each with its span. Pure functions, no Django.

Interface (stable; other modules import it):
    extract_identifiers(text) -> list[Found]   one entry per span, the most specific type only
"""

from __future__ import annotations

from dataclasses import dataclass

TYPES = (
    "phone",
    "bank_account",
    "promptpay",
    "thai_id",
    "line_id",
    "url",
    "handle",
    "amount",
    "date",
)


@dataclass(frozen=True)
class Found:
    type: str
    value: str
    start: int
    end: int


def extract_identifiers(text: str) -> list[Found]:
    return []
