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
        matched_ids = set()
        new_rows: list[RowResult] = []
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
            if owner is not None:
                v["_person_id"] = owner
                matched_ids.add(owner)
                continue
            taken = [k for k in extra_keys if k in existing or k in self.seen]
            if taken:
                r.errors.append(
                    (
                        "visa_number" if taken[0][0] == DocumentType.VISA else "work_permit_number",
                        _("This document already belongs to a recorded person."),
                    )
                )
                self._error(r)
                continue
            for k in extra_keys:
                self.seen[k] = r.number
            new_rows.append(r)
        if matched_ids:
            self._classify_matches([r for r in results if "_person_id" in r.values], matched_ids)
        out.new += len(new_rows)
        if self.write and new_rows:
            self._write(new_rows)

    def _classify_matches(self, rows: list[RowResult], person_ids: set[int]) -> None:
        """Rows whose document is already recorded: compared with the stored person only when
        the importer may see him (issue #17 item 7). A document held by someone out of reach
        (another area, a compartment, a removed record) is an error row that names nobody."""
        from sodsong.people.selectors import person_queryset

        out = self.outcome
        visible = set(
            person_queryset(user=self.user)
            .filter(pk__in=person_ids)
            .values_list("pk", flat=True)
            .order_by()
        )
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
            if record[0] not in visible:
                r.errors.append(
                    (
                        "doc_number",
                        _(
                            "This document cannot be recorded here: it is already recorded "
                            "elsewhere. Ask the district office to check it."
                        ),
                    )
                )
                self._error(r)
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
