"""Writes of identifiers and their mentions. Every identifier is stored once, normalised."""

from __future__ import annotations

import re
import uuid as uuid_module
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from sodsong.core.errors import DomainError
from sodsong.entities.models import (
    LINKABLE_TYPES,
    Identifier,
    IdentifierMention,
    IdentifierType,
    SourceType,
)
from sodsong.thai.digits import to_arabic_digits

_SPACES = re.compile(r"[\s\-().]")


class IdentifierError(DomainError):
    """The identifier cannot be recorded; the message is for the user."""


@dataclass(frozen=True)
class FoundSpan:
    """What the extraction engine found (same fields as sodsong.thai.identifiers.Found)."""

    type: str
    value: str
    start: int | None = None
    end: int | None = None


def normalize_identifier(type: str, value: str) -> str:
    """A light, idempotent normalisation for values typed by hand. Values that come from the
    extraction engine are already normalised and pass through unchanged."""
    text = to_arabic_digits(value).strip()
    if type == IdentifierType.PHONE:
        compact = _SPACES.sub("", text)
        if compact.startswith("00"):
            compact = "+" + compact[2:]
        if compact.startswith("0") and len(compact) in (9, 10) and compact.isdigit():
            compact = "+66" + compact[1:]
        if not re.fullmatch(r"\+?\d{3,15}", compact):
            raise IdentifierError(_("This is not a phone number."))
        return compact
    if type == IdentifierType.BANK_ACCOUNT:
        bank, _sep, digits = text.upper().rpartition(":")
        digits = _SPACES.sub("", digits)
        if not digits.isdigit() or not 6 <= len(digits) <= 16:
            raise IdentifierError(_("A bank account number has 6–16 digits."))
        return f"{(bank.strip() or 'UNKNOWN')}:{digits}"
    if type == IdentifierType.THAI_ID:
        from sodsong.thai.ids import is_valid_id13, normalize_id13

        digits = normalize_id13(text)
        if not is_valid_id13(digits):
            raise IdentifierError(_("The 13-digit number is not valid (check digit)."))
        return digits
    if type == IdentifierType.PROMPTPAY:
        body = text.upper().removeprefix("PP:")
        compact = _SPACES.sub("", body)
        if compact.startswith("0") and len(compact) == 10:
            compact = "+66" + compact[1:]
        return "PP:" + compact
    if type in (IdentifierType.LINE_ID, IdentifierType.HANDLE):
        compact = text.replace(" ", "").lower()
        if type == IdentifierType.HANDLE and not compact.startswith("@"):
            compact = "@" + compact
        if len(compact) < 2:
            raise IdentifierError(_("The value is too short."))
        return compact
    if type in IdentifierType.values:
        if not text:
            raise IdentifierError(_("The value is empty."))
        return text[:300]
    raise IdentifierError(_("Unknown identifier type."))


@transaction.atomic
def identifier_get_or_create(*, type: str, value: str, normalised: bool = False) -> Identifier:
    clean = value if normalised else normalize_identifier(type, value)
    found = Identifier.objects.filter(type=type, value=clean).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return Identifier.objects.create(type=type, value=clean)
    except IntegrityError:  # created meanwhile by a concurrent request
        return Identifier.objects.get(type=type, value=clean)


@transaction.atomic
def mention_record(
    *,
    type: str,
    value: str,
    source_type: str,
    source_uuid: uuid_module.UUID | str,
    area_code: str,
    start: int | None = None,
    end: int | None = None,
    normalised: bool = False,
) -> IdentifierMention:
    """Records that `value` appears in a source. Recording the same span twice changes nothing."""
    if source_type not in SourceType.values:
        raise IdentifierError(_("Unknown source type."))
    identifier = identifier_get_or_create(type=type, value=value, normalised=normalised)
    existing = IdentifierMention.objects.filter(
        identifier=identifier, source_type=source_type, source_uuid=source_uuid, start=start
    ).first()
    if existing is not None:
        return existing
    return IdentifierMention.objects.create(
        identifier=identifier,
        source_type=source_type,
        source_uuid=source_uuid,
        area_code=area_code,
        start=start,
        end=end,
    )


def extract_spans(text: str) -> list[FoundSpan]:
    """The identifiers in `text`, through the shared extraction engine; linkable types only."""
    from sodsong.thai.identifiers import extract_identifiers

    return [
        FoundSpan(type=f.type, value=f.value, start=f.start, end=f.end)
        for f in extract_identifiers(text or "")
        if f.type in LINKABLE_TYPES
    ]


@transaction.atomic
def mentions_from_text(
    *,
    text: str,
    source_type: str,
    source_uuid: uuid_module.UUID | str,
    area_code: str,
    offset: int = 0,
) -> list[IdentifierMention]:
    """Extracts identifiers from a source's text and records each span as a mention."""
    mentions = []
    for found in extract_spans(text):
        try:
            mentions.append(
                mention_record(
                    type=found.type,
                    value=found.value,
                    source_type=source_type,
                    source_uuid=source_uuid,
                    area_code=area_code,
                    start=None if found.start is None else found.start + offset,
                    end=None if found.end is None else found.end + offset,
                    normalised=True,
                )
            )
        except IdentifierError:
            continue  # the engine found something our own checks refuse: leave it out
    return mentions


@transaction.atomic
def mentions_move_area(
    *, source_type: str, source_uuid: uuid_module.UUID | str, area_code: str
) -> int:
    return IdentifierMention.objects.filter(
        source_type=source_type, source_uuid=source_uuid
    ).update(area_code=area_code)


@transaction.atomic
def mentions_delete_for_sources(
    *, source_type: str, source_uuids: Iterable[uuid_module.UUID]
) -> int:
    """Removes the mentions of purged sources, then identifiers nobody mentions any more."""
    uuids = list(source_uuids)
    if not uuids:
        return 0
    mentions = IdentifierMention.objects.filter(source_type=source_type, source_uuid__in=uuids)
    identifier_ids = set(mentions.values_list("identifier_id", flat=True))
    count = 0
    for mention in mentions:
        mention.delete()
        count += 1
    for identifier in Identifier.objects.filter(pk__in=identifier_ids, mentions__isnull=True):
        identifier.delete()
    return count
