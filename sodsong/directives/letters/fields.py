"""The fields of the letters contract that `parse_letter` returns (shared/data/letters/README.md)."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field


def squash(text: str) -> str:
    """The text on one line, runs of white space made one space."""
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class Attachment:
    text: str
    count: int | None = None
    unit: str | None = None


@dataclass
class Directive:
    ref: str | None
    text: str
    actors: list[str] = field(default_factory=list)
    deadline: str | None = None
    report_back: bool = False


@dataclass
class ParsedLetter:
    kind: str = "external"
    urgency: str | None = None
    urgent_by: str | None = None
    secrecy: str | None = None
    number: str | None = None
    circular: bool = False
    issuer_code: str | None = None
    running_no: int | None = None
    date: str | None = None
    date_be_text: str | None = None
    month_year_only: bool = False
    from_unit: str | None = None
    subject: str | None = None
    to: str | None = None
    references: list[str] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    directives: list[Directive] = field(default_factory=list)
    closing: str | None = None
    signatory_rank: str | None = None
    signatory_name: str | None = None
    signatory_position: str | None = None
    acting_for: str | None = None
    contact_unit: str | None = None
    phone: str | None = None
    email: str | None = None
    inconsistencies: list[str] = field(default_factory=list)
    is_directive: bool = False

    def to_dict(self) -> dict:
        return asdict(self)

    def to_json(self, *, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)
