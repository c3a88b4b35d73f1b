"""One pass over a residents sheet: every row validated, matched on its document key against the
stored documents, and classified as new, unchanged, conflict or error; the new rows written by
`writer` when the pass writes."""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from sodsong.people.models import DocumentType, IdentityDocument, Person
from sodsong.survey.bulk import (
    InlineWriter,
    WriterThread,
)
from sodsong.survey.importing.reading import ImportFileError, header_map
from sodsong.survey.importing.template import EXAMPLE_DOC_NUMBER, HEADER
from sodsong.survey.importing.validation import RowResult, RowValidator
from sodsong.survey.importing.writer import NewRowsWriter

CHUNK = 5000
REPORT_LIMIT = 500


COMPARED = (
    "given_name_latin",
    "family_name_latin",
    "given_name_th",
    "family_name_th",
    "birth_year",
    "birth_month",
    "birth_day",
    "sex",
    "nationality",
)


@dataclass
class ImportOutcome:
    total: int = 0
    new: int = 0
    unchanged: int = 0
    conflicts: int = 0
    errors: int = 0
    created_person_uuids: list[str] = field(default_factory=list)
    # The people in the importer's reach whom the rows were compared with (audited).
    compared_person_uuids: list[str] = field(default_factory=list)
    error_report: list[dict[str, Any]] = field(default_factory=list)
    conflict_report: list[dict[str, Any]] = field(default_factory=list)
    rejected: list[tuple[list[Any], str]] = field(default_factory=list)
    header: list[Any] = field(default_factory=list)
    missing_columns: list[str] = field(default_factory=list)


def _existing_documents(
    keys: set[tuple[str, str, str]],
) -> dict[tuple[str, str, str], int]:
    """{(type, issuing state, number): person id} of the stored documents (removed ones
    included) with one of these keys. One query per document type, issuing state and 5,000
    numbers, so that the unique index on the key serves it."""
    from django.db import connection

    by_kind: dict[tuple[str, str], list[str]] = {}
    for doc_type, state, number in keys:
        by_kind.setdefault((doc_type, state), []).append(number)
    existing: dict[tuple[str, str, str], int] = {}
    table = connection.ops.quote_name(IdentityDocument._meta.db_table)
    with connection.cursor() as cursor:
        for (doc_type, state), numbers in by_kind.items():
            for start in range(0, len(numbers), 5000):
                part = numbers[start : start + 5000]
                cursor.execute(
                    f"SELECT number, person_id FROM {table} "  # noqa: S608
                    "WHERE doc_type = %s AND issuing_state = %s "
                    f"AND number IN ({', '.join(['%s'] * len(part))})",
                    [doc_type, state, *part],
                )
                for number, person_id in cursor.fetchall():
                    existing[(doc_type, state, number)] = person_id
    return existing


class Importer:
    """One pass over a file: validate, classify (new / unchanged / conflict / error), and write
    the new rows when `write` is true."""

    def __init__(
        self,
        *,
        user: Any,
        write: bool,
        keep_rejected: bool = False,
        progress: Callable[[int], None] | None = None,
        chunk: int = CHUNK,
        writer: InlineWriter | WriterThread | None = None,
        now: dt.datetime | None = None,
    ) -> None:
        self.user = user
        self.write = write
        self.writer = writer or InlineWriter()
        self.keep_rejected = keep_rejected
        self.progress = progress
        self.chunk = chunk
        self.validator = RowValidator(user)
        self.seen: dict[tuple[str, str, str], int] = {}
        self.outcome = ImportOutcome()
        # The `created_at` of every row written: the commit's start, kept on the ImportJob, so
        # that a commit started again finds the rows an earlier attempt wrote (`_classify_matches`).
        self.now = now or timezone.now()
        self.rows_writer = NewRowsWriter(
            user=user, now=self.now, today=self.validator.today, writer=self.writer
        )

    def run(self, rows: Iterator[list[Any]]) -> ImportOutcome:
        # The rows of a chunk are many small objects without reference cycles: the cyclic
        # garbage collector would only walk them over and over (≈10 % of an import).
        collecting = gc.isenabled()
        gc.disable()
        try:
            return self._run(rows)
        finally:
            if collecting:
                gc.enable()

    def _run(self, rows: Iterator[list[Any]]) -> ImportOutcome:
        iterator = iter(rows)
        header = next(iterator, None)
        if header is None:
            raise ImportFileError(_("The file is empty."))
        self.outcome.header = list(header)
        self.columns = header_map(list(header))
        required = ("village_code", "doc_type", "doc_number")
        missing = [HEADER[k] for k in required if k not in self.columns]
        if missing or not ({"given_name_latin", "given_name_th"} & set(self.columns)):
            raise ImportFileError(
                _("The file does not have the template's columns. Missing: %(cols)s")
                % {"cols": ", ".join(missing) or HEADER["given_name_latin"]}
            )
        if self.progress:
            self.writer.progress(self.progress, 0)
        batch: list[tuple[int, list[Any]]] = []
        example_at = self.columns.get("doc_number")
        number = 1
        for raw in iterator:
            number += 1
            if not any(raw) and all(c is None or c == "" for c in raw):
                continue  # an empty row (0 and False are values)
            if (
                example_at is not None
                and example_at < len(raw)
                and raw[example_at] == EXAMPLE_DOC_NUMBER
            ):
                continue  # the template's example row
            batch.append((number, raw))
            if len(batch) >= self.chunk:
                self._chunk(batch)
                batch = []
        if batch:
            self._chunk(batch)
        return self.outcome

    def _reject(self, row: RowResult, reason: str) -> None:
        if self.keep_rejected:
            self.outcome.rejected.append((row.raw, reason))

    def _error(self, row: RowResult) -> None:
        out = self.outcome
        out.errors += 1
        for column, message in row.errors:
            if len(out.error_report) < REPORT_LIMIT:
                out.error_report.append(
                    {"row": row.number, "column": HEADER.get(column, column), "message": message}
                )
        self._reject(row, row.reason)

    def _chunk(self, batch: list[tuple[int, list[Any]]]) -> None:
        validate = self.validator.validate
        columns = self.columns
        # Validation (most of the time) reads only; the matching and the writes that follow are
        # one short transaction per chunk with a `ChunkedWriter`, so that the matching sees
        # what other writers committed and nobody writes in between.
        results = [validate(n, raw, columns) for n, raw in batch]
        self.writer.chunk(self._classify, results)
        if self.progress:
            self.writer.progress(self.progress, self.outcome.total)

    def _classify(self, results: list[RowResult]) -> None:
        out = self.outcome
        # Keys of every document the rows carry, to find who already holds them.
        keys: set[tuple[str, str, str]] = set()
        for r in results:
            if r.errors:
                continue
            v = r.values
            keys.add((v["doc_type"], v["doc_state"], v["doc_number"]))
            if v["visa_number"]:
                keys.add((DocumentType.VISA, "THA", v["visa_number"]))
            if v["work_permit_number"]:
                keys.add((DocumentType.WORK_PERMIT, "THA", v["work_permit_number"]))
        existing = _existing_documents(keys)
        # Holders of these documents whom the importer may see (#17 M7): a row is compared only
        # with them. A document held by anyone else (another area, a compartment, a removed
        # record) is treated as a number nobody holds (#17 C1): the row is new, its person is
        # recorded without that document and the match is flagged for someone who may see both.
        visible = self._visible(set(existing.values()))
        matched_ids = set()
        new_rows: list[RowResult] = []
        held: list[RowResult] = []
        for r in results:
            out.total += 1
            if r.errors:
                self._error(r)
                continue
            v = r.values
            key = (v["doc_type"], v["doc_state"], v["doc_number"])
            extra_keys = []
            if v["visa_number"]:
                extra_keys.append((DocumentType.VISA, "THA", v["visa_number"]))
            if v["work_permit_number"]:
                extra_keys.append((DocumentType.WORK_PERMIT, "THA", v["work_permit_number"]))
            first = self.seen.get(key)
            if first is not None:
                r.errors.append(
                    (
                        "doc_number",
                        _("The same document appears twice in the file (row %(row)d).")
                        % {"row": first},
                    )
                )
                self._error(r)
                continue
            self.seen[key] = r.number
            owner = existing.get(key)
            hidden: list[tuple[int, tuple[str, str, str]]] = []
            if owner is not None and owner in visible:
                v["_person_id"] = owner
                matched_ids.add(owner)
                continue
            if owner is not None:
                hidden.append((owner, key))
            taken = [
                k
                for k in extra_keys
                if k in self.seen or (k in existing and existing[k] in visible)
            ]
            if taken:
                r.errors.append(
                    (
                        "visa_number" if taken[0][0] == DocumentType.VISA else "work_permit_number",
                        _("This document already belongs to a recorded person."),
                    )
                )
                self._error(r)
                continue
            hidden.extend((existing[k], k) for k in extra_keys if k in existing)
            for k in extra_keys:
                self.seen[k] = r.number
            if hidden:
                v["_held_elsewhere"] = hidden
                held.append(r)
            new_rows.append(r)
        if held:
            new_rows = self._without_rows_written_before(new_rows, held)
        if matched_ids:
            self._classify_matches([r for r in results if "_person_id" in r.values], matched_ids)
        out.new += len(new_rows)
        if self.write and new_rows:
            self._write(new_rows)

    def _visible(self, person_ids: set[int]) -> set[int]:
        """The people among these whom the importer may see as the registry."""
        from sodsong.people.selectors import person_queryset

        if not person_ids:
            return set()
        return set(
            person_queryset(user=self.user)
            .filter(pk__in=person_ids)
            .values_list("pk", flat=True)
            .order_by()
        )

    def _without_rows_written_before(
        self, rows: list[RowResult], held: list[RowResult]
    ) -> list[RowResult]:
        """A commit started again (its worker died) finds a row with a document held elsewhere
        by its flag, since the row's person does not carry the document: the flag made by this
        same commit (the new person's `created_at` is the commit's stamp) counts as a new row
        already in place."""
        if not self.write:
            return rows
        from sodsong.people.models import PossibleDuplicate

        wanted = {(owner, key) for r in held for owner, key in r.values["_held_elsewhere"]}
        done = {
            (owner, (doc_type, state, number)): uuid
            for owner, doc_type, state, number, uuid in PossibleDuplicate.objects.filter(
                existing_id__in={owner for owner, _key in wanted},
                candidate__created_at=self.now,
                created_by_id=getattr(self.user, "pk", None),
            ).values_list("existing_id", "doc_type", "issuing_state", "number", "candidate__uuid")
        }
        if not done:
            return rows
        kept = []
        for r in rows:
            found = [done[h] for h in r.values.get("_held_elsewhere", ()) if h in done]
            if found:
                self.outcome.new += 1
                self.outcome.created_person_uuids.append(str(found[0]))
                continue
            kept.append(r)
        return kept

    def _classify_matches(self, rows: list[RowResult], person_ids: set[int]) -> None:
        """Rows whose document is held by someone the importer may see (issue #17 item 7, the
        others are new rows, `_classify`): compared with the stored person."""
        out = self.outcome
        stored = {
            row[0]: row
            for row in Person.all_objects.filter(pk__in=person_ids).values_list(
                "pk", *COMPARED, "area__code", "created_at", "uuid"
            )
        }
        ours = len(COMPARED) + 2
        for r in rows:
            v = r.values
            record = stored.get(v["_person_id"])
            if record is None:
                continue
            if record[ours] == self.now:
                # Written by an earlier attempt of this same commit (its worker died): a new row
                # of this import, already in place.
                out.new += 1
                self.outcome.created_person_uuids.append(str(record[-1]))
                continue
            out.compared_person_uuids.append(str(record[-1]))
            differing = [
                HEADER.get(name if not name.startswith("birth") else "birth_date", name)
                for i, name in enumerate(COMPARED, start=1)
                if (record[i] or "") != (v[name] or "")
            ]
            if record[len(COMPARED) + 1] != v["village_code"]:
                differing.append(HEADER["village_code"])
            differing = list(dict.fromkeys(differing))
            if not differing:
                out.unchanged += 1
                continue
            out.conflicts += 1
            if len(out.conflict_report) < REPORT_LIMIT:
                out.conflict_report.append(
                    {"row": r.number, "person": str(record[-1]), "fields": differing}
                )
            self._reject(
                r,
                _("Differs from the stored record (%(fields)s): resolve it on the record.")
                % {"fields": ", ".join(differing)},
            )

    def _write(self, rows: list[RowResult]) -> None:
        self.outcome.created_person_uuids.extend(self.rows_writer.write(rows))
