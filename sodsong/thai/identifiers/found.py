"""What the extraction finds: the types, and one identifier with its span."""

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
