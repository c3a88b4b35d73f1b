"""Writing an import's new rows: person, documents, resident, residence, TM.30 notification and
phone as bulk inserts (`sodsong.survey.bulk`), without model instances."""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any

from sodsong.people.matching import flag_held_elsewhere
from sodsong.people.models import DocumentType, IdentityDocument, Person
from sodsong.people.services import DocumentInput
from sodsong.survey.bulk import (
    BulkTable,
    InlineWriter,
    WriterThread,
    canonical_uuid,
    ordered_uuid_hex,
)
from sodsong.survey.importing.validation import RowResult
from sodsong.survey.models import (
    Residence,
    Resident,
    ResidentPhone,
    Tm30Notification,
    tm30_status_for,
)
from sodsong.survey.services import SOURCE
from sodsong.thai.text import normalize_text


class NewRowsWriter:
    """Builds the rows of the new people of each chunk and hands them to the import's writer
    (inline, or a thread of its own on PostgreSQL)."""

    def __init__(
        self, *, user: Any, now: dt.datetime, today: dt.date, writer: InlineWriter | WriterThread
    ) -> None:
        self.user = user
        self.now = now
        self.today = today
        self.writer = writer

    def write(self, rows: list[RowResult]) -> list[str]:
        """Writes the new rows of a chunk table by table (`sodsong.survey.bulk`), without model
        instances: ids and UUIDs are allocated up front so that the rows of one person can refer
        to one another. The rows are built here and written by the import's writer (on
        PostgreSQL on a thread of its own, while this one validates the next chunk). Returns the
        UUIDs of the people created."""
        tables = self._tables()
        batches: list[tuple[BulkTable, list[tuple[Any, ...]]]] = []

        def insert(table: BulkTable, rows: list[tuple[Any, ...]]) -> None:
            batches.append((table, rows))

        user_id = getattr(self.user, "pk", None)
        sqlite = self.sqlite
        today = self.today
        values = [r.values for r in rows]
        count = len(values)
        person_ids = tables["person"].allocate(count)
        # A document held by someone out of the importer's reach stays off the new person
        # (#17 C1): the row is flagged instead (`_flag_held_elsewhere`).
        held = {
            (pk, key[0])
            for pk, v in zip(person_ids, values, strict=True)
            for _owner, key in v.get("_held_elsewhere", ())
        }
        with_document = [
            (pk, v)
            for pk, v in zip(person_ids, values, strict=True)
            if (pk, v["doc_type"]) not in held
        ]
        with_visa = [
            (pk, v)
            for pk, v in zip(person_ids, values, strict=True)
            if v["visa_number"] and (pk, DocumentType.VISA) not in held
        ]
        with_permit = [
            (pk, v)
            for pk, v in zip(person_ids, values, strict=True)
            if v["work_permit_number"] and (pk, DocumentType.WORK_PERMIT) not in held
        ]
        with_phone = sum(1 for v in values if v["phone"])
        notified = sum(1 for v in values if v["tm30_notified_on"])
        documents_count = len(with_document) + len(with_visa) + len(with_permit)
        # person, resident and residence: one each per row; then documents, TM.30s and phones.
        uuids = iter(ordered_uuid_hex(3 * count + documents_count + notified + with_phone))

        def day(value: dt.date | None) -> Any:
            return value.isoformat() if sqlite and value is not None else value

        person_uuids = [next(uuids) for _ in range(count)]
        insert(
            tables["person"],
            [
                (
                    pk,
                    uid,
                    v["area_id"],
                    v["given_name_th"],
                    v["family_name_th"],
                    v["given_name_latin"],
                    v["family_name_latin"],
                    v["birth_year"],
                    v["birth_month"],
                    v["birth_day"],
                    v["sex"],
                    v["nationality"],
                    _search_key(
                        v["given_name_th"],
                        v["family_name_th"],
                        v["given_name_latin"],
                        v["family_name_latin"],
                    ),
                    user_id,
                )
                for pk, uid, v in zip(person_ids, person_uuids, values, strict=True)
            ],
        )
        document_ids = iter(tables["document"].allocate(documents_count))
        documents = [
            (
                next(document_ids),
                next(uuids),
                pk,
                v["doc_type"],
                v["doc_state"],
                v["doc_number"],
                day(v["doc_expires_on"]),
                "",
                "",
            )
            for pk, v in with_document
        ]
        documents.extend(
            (
                next(document_ids),
                next(uuids),
                pk,
                DocumentType.VISA,
                "THA",
                v["visa_number"],
                day(v["visa_expires_on"]),
                v["visa_type"],
                "",
            )
            for pk, v in with_visa
        )
        documents.extend(
            (
                next(document_ids),
                next(uuids),
                pk,
                DocumentType.WORK_PERMIT,
                "THA",
                v["work_permit_number"],
                day(v["work_permit_expires_on"]),
                "",
                v["employer"],
            )
            for pk, v in with_permit
        )
        insert(tables["document"], documents)
        resident_ids = tables["resident"].allocate(count)
        insert(
            tables["resident"],
            [
                (rid, next(uuids), pk, v["area_id"], v["occupation"], v["status"], user_id)
                for rid, pk, v in zip(resident_ids, person_ids, values, strict=True)
            ],
        )
        residence_ids = tables["residence"].allocate(count)
        insert(
            tables["residence"],
            [
                (
                    sid,
                    next(uuids),
                    rid,
                    v["area_id"],
                    v["house_no"],
                    day(v["moved_in_on"]),
                    tm30_status_for(v["moved_in_on"], v["tm30_notified_on"], today),
                )
                for sid, rid, v in zip(residence_ids, resident_ids, values, strict=True)
            ],
        )
        notification_ids = iter(tables["tm30"].allocate(notified))
        insert(
            tables["tm30"],
            [
                (
                    next(notification_ids),
                    next(uuids),
                    sid,
                    day(v["tm30_notified_on"]),
                    v["tm30_reference"],
                )
                for sid, v in zip(residence_ids, values, strict=True)
                if v["tm30_notified_on"]
            ],
        )
        phone_ids = iter(tables["phone"].allocate(with_phone))
        insert(
            tables["phone"],
            [
                (next(phone_ids), next(uuids), rid, v["phone"])
                for rid, v in zip(resident_ids, values, strict=True)
                if v["phone"]
            ],
        )
        self.writer.submit(_insert_batches, batches)
        flags = [
            (owner, pk, DocumentInput(doc_type=key[0], issuing_state=key[1], number=key[2]))
            for pk, v in zip(person_ids, values, strict=True)
            for owner, key in v.get("_held_elsewhere", ())
        ]
        if flags:
            # After the people they name, in the same transaction (the writer's queue is ordered).
            self.writer.submit(functools.partial(flag_held_elsewhere, user=self.user, held=flags))
        return [canonical_uuid(uid) for uid in person_uuids]

    def recount_ids(self) -> None:
        """At the start of each chunk's own transaction (`ChunkedWriter`): the free ids are
        counted again, since other writers may have taken some since the last chunk."""
        for table in getattr(self, "_bulk_tables", {}).values():
            table._next_id = None

    def _tables(self) -> dict[str, BulkTable]:
        if not hasattr(self, "_bulk_tables"):
            from django.db import connection

            now = self.now
            common = {"created_at": now, "updated_at": now}
            self.sqlite = connection.vendor == "sqlite"
            self._bulk_tables = {
                "person": BulkTable(
                    Person,
                    (
                        "uuid",
                        "area_id",
                        "given_name_th",
                        "family_name_th",
                        "given_name_latin",
                        "family_name_latin",
                        "birth_year",
                        "birth_month",
                        "birth_day",
                        "sex",
                        "nationality",
                        "search_key",
                        "created_by_id",
                    ),
                    {**common, "source": SOURCE},
                ),
                "document": BulkTable(
                    IdentityDocument,
                    (
                        "uuid",
                        "person_id",
                        "doc_type",
                        "issuing_state",
                        "number",
                        "expires_on",
                        "subtype",
                        "issuer_detail",
                    ),
                    common,
                ),
                "resident": BulkTable(
                    Resident,
                    ("uuid", "person_id", "area_id", "occupation", "status", "created_by_id"),
                    common,
                ),
                "residence": BulkTable(
                    Residence,
                    ("uuid", "resident_id", "area_id", "house_no", "moved_in_on", "tm30_status"),
                    common,
                ),
                "tm30": BulkTable(
                    Tm30Notification,
                    ("uuid", "residence_id", "notified_on", "reference"),
                    common,
                ),
                "phone": BulkTable(ResidentPhone, ("uuid", "resident_id", "number"), common),
            }
        return self._bulk_tables


def _insert_batches(batches: list[tuple[BulkTable, list[tuple[Any, ...]]]]) -> None:
    for table, rows in batches:
        table.insert(rows)


_ASCII_WORD = re.compile(r"[^\w\s]")
_SPACES = re.compile(r"\s+")


@functools.lru_cache(maxsize=65536)
def _normalize_part(text: str) -> str:
    if text.isascii():
        # What normalize_text does to ASCII text, without pythainlp's Thai-specific passes.
        return _SPACES.sub(" ", _ASCII_WORD.sub(" ", text.casefold())).strip()
    return normalize_text(text)


def _search_key(*parts: str) -> str:
    """The same key as `sodsong.thai.text.search_key` (checked by a test), computed faster for
    the Latin names that most rows carry and cached for repeated names."""
    words: list[str] = []
    for part in parts:
        if part:
            words.extend(_normalize_part(part).split())
    return " ".join(dict.fromkeys(words))
