"""The same-schema floor of the residents-import benchmark (issue 12).

python-calamine reads the sheet; each row is turned into exactly the rows the import writes
(person, identity documents, resident, residence, TM.30 notification, phone: the tables and
columns of `sodsong.survey.importing.writer.NewRowsWriter`, with the same constant columns), and
they are written raw into the same tables of a copy of the same migrated database, with the same
constraints and indexes: `executemany` on SQLite (journal WAL, synchronous=NORMAL,
foreign_keys=ON, as the application's connection), `COPY` on PostgreSQL (psycopg 3
`cursor.copy`), in one transaction.

Nothing is validated: the cells are converted by the shortest code that gives the stored values
of the benchmark's file (Buddhist-era dates split on "/", the template's Thai labels looked up in
the import's own tables, Thai mobile numbers to E.164), so the floor is what writing these rows
costs on this schema, with nothing checked.

The column lists, the constant values and the lookup tables come from a Django process
(`build_spec`); the floor itself runs without Django (`write_floor`), like a bare script would.
tests/survey/test_benchmark_floor.py checks on a tiny file that it writes the same rows, table
by table, as the import.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Iterable, Iterator
from typing import Any

# The import's tables, in the order it writes them (`NewRowsWriter._tables`).
TABLES = ("person", "document", "resident", "residence", "tm30", "phone")
BATCH = 5000  # rows of the file per round of writes (the import's chunk)


# --- the spec: built in a Django process ------------------------------------------------------


def build_spec(*, user_id: int | None, area_codes: tuple[str, ...] = ("",)) -> dict[str, Any]:
    """What the floor needs from the application, read once: each table's name, columns and
    constant values exactly as the import's writer prepares them, the village codes' ids, and the
    template's labels."""
    from django.db import connection
    from django.utils import timezone

    from sodsong.geo.models import Area, Level
    from sodsong.people.models import DocumentType
    from sodsong.survey.bulk import InlineWriter
    from sodsong.survey.importing.template import DOC_TYPES, SEXES, STATUSES
    from sodsong.survey.importing.writer import NewRowsWriter
    from sodsong.survey.models import Tm30Status

    writer = NewRowsWriter(
        user=None, now=timezone.now(), today=timezone.localdate(), writer=InlineWriter()
    )
    tables = writer._tables()
    return {
        "vendor": connection.vendor,
        "tables": {
            key: {
                "table": tables[key].table,
                "columns": [*tables[key].varying_columns, *tables[key].fixed_columns],
                # Plain values (a choices member is a str subclass of the application's).
                "fixed": tuple(
                    str(v) if isinstance(v, str) else v for v in tables[key].fixed_values
                ),
            }
            for key in TABLES
        },
        "villages": dict(
            Area.objects.filter(level=Level.VILLAGE)
            .filter(code__startswith=area_codes[0])
            .values_list("code", "pk")
        ),
        "sexes": {k: str(v) for k, v in SEXES.items()},
        "doc_types": {k: str(v) for k, v in DOC_TYPES.items()},
        "statuses": {k: str(v) for k, v in STATUSES.items()},
        "visa": str(DocumentType.VISA),
        "work_permit": str(DocumentType.WORK_PERMIT),
        "tm30": {s.name: str(s.value) for s in Tm30Status},
        "user_id": user_id,
        "today": timezone.localdate(),
    }


# --- converting the cells, without validation -------------------------------------------------


@functools.lru_cache(maxsize=65536)
def _date(text: str) -> dt.date | None:
    """dd/mm/yyyy, Buddhist era."""
    if not text:
        return None
    day, month, year = text.split("/")
    return dt.date(int(year) - 543, int(month), int(day))


@functools.lru_cache(maxsize=4096)
def _birth(text: str) -> tuple[int | None, int | None]:
    """A year (C.E.) or mm/yyyy (B.E.): (year, month)."""
    if not text:
        return None, None
    if "/" in text:
        month, year = text.split("/")
        return int(year) - 543, int(month)
    return int(text), None


def _text(value: Any) -> str:
    return "" if value is None else str(value)


class _Ids:
    """Ids after the highest in each table, and unique, increasing 32-hex UUIDs."""

    def __init__(self, start: dict[str, int]) -> None:
        self.next = dict(start)
        self._uuid = int.from_bytes(os.urandom(16), "big") >> 8 << 8  # room to count

    def take(self, key: str) -> int:
        value = self.next[key]
        self.next[key] = value + 1
        return value

    def uuid(self) -> str:
        self._uuid += 1
        return f"{self._uuid & (2**128 - 1):032x}"


def rows_for(cells: list[Any], spec: dict[str, Any], ids: _Ids, sqlite: bool) -> dict[str, list]:
    """The rows one file row becomes, as the import writes them (varying columns only)."""
    out: dict[str, list] = {key: [] for key in TABLES}
    _rows_into(out, cells, spec, ids, sqlite)
    return out


def _rows_into(
    out: dict[str, list], cells: list[Any], spec: dict[str, Any], ids: _Ids, sqlite: bool
) -> None:
    c = [_text(v) for v in cells] + [""] * (25 - len(cells))
    (
        village,
        house_no,
        given_latin,
        family_latin,
        given_th,
        family_th,
        sex,
        birth,
        nationality,
        doc_type,
        doc_state,
        doc_number,
        doc_expires,
        visa_type,
        visa_number,
        visa_expires,
        wp_number,
        employer,
        wp_expires,
        occupation,
        phone,
        moved_in,
        tm30_on,
        tm30_ref,
        status,
    ) = c[:25]

    def day(value: dt.date | None) -> Any:
        return value.isoformat() if sqlite and value is not None else value

    user_id = spec["user_id"]
    area_id = spec["villages"][village]
    person_id = ids.take("person")
    year, month = _birth(birth)
    words = " ".join(p for p in (given_th, family_th, given_latin, family_latin) if p)
    out["person"].append(
        (
            person_id,
            ids.uuid(),
            area_id,
            given_th,
            family_th,
            given_latin,
            family_latin,
            year,
            month,
            None,
            spec["sexes"][sex],
            nationality,
            " ".join(dict.fromkeys(words.casefold().split())),
            user_id,
        )
    )
    documents = out["document"]
    documents.append(
        (
            ids.take("document"),
            ids.uuid(),
            person_id,
            spec["doc_types"][doc_type],
            doc_state,
            doc_number,
            day(_date(doc_expires)),
            "",
            "",
        )
    )
    if visa_number:
        documents.append(
            (
                ids.take("document"),
                ids.uuid(),
                person_id,
                spec["visa"],
                "THA",
                visa_number,
                day(_date(visa_expires)),
                visa_type,
                "",
            )
        )
    if wp_number:
        documents.append(
            (
                ids.take("document"),
                ids.uuid(),
                person_id,
                spec["work_permit"],
                "THA",
                wp_number,
                day(_date(wp_expires)),
                "",
                employer,
            )
        )
    resident_id = ids.take("resident")
    out["resident"].append(
        (
            resident_id,
            ids.uuid(),
            person_id,
            area_id,
            occupation,
            spec["statuses"][status],
            user_id,
        )
    )
    moved = _date(moved_in)
    notified = _date(tm30_on)
    tm30 = spec["tm30"]
    if notified is not None:
        state = tm30["LATE"] if moved and (notified - moved).days > 1 else tm30["ON_TIME"]
    elif moved is not None and (spec["today"] - moved).days <= 1:
        state = tm30["DUE"]
    else:
        state = tm30["MISSING"]
    residence_id = ids.take("residence")
    out["residence"].append(
        (residence_id, ids.uuid(), resident_id, area_id, house_no, day(moved), state)
    )
    if notified is not None:
        out["tm30"].append((ids.take("tm30"), ids.uuid(), residence_id, day(notified), tm30_ref))
    if phone:
        number = "+66" + phone[1:] if phone.startswith("0") else phone
        out["phone"].append((ids.take("phone"), ids.uuid(), resident_id, number))


# --- writing ----------------------------------------------------------------------------------


def _first_ids(cursor: Any, spec: dict[str, Any]) -> dict[str, int]:
    start = {}
    for key in TABLES:
        cursor.execute(f'SELECT MAX(id) FROM "{spec["tables"][key]["table"]}"')  # noqa: S608
        start[key] = (cursor.fetchone()[0] or 0) + 1
    if spec["vendor"] == "sqlite":
        for key in TABLES:
            cursor.execute(
                "SELECT seq FROM sqlite_sequence WHERE name = ?", (spec["tables"][key]["table"],)
            )
            row = cursor.fetchone()
            start[key] = max(start[key], (row[0] if row else 0) + 1)
    return start


def write_floor(conn: Any, spec: dict[str, Any], rows: Iterable[list[Any]]) -> dict[str, int]:
    """Writes the rows of `rows` (header first) through the DB-API connection `conn`, in the
    caller's transaction; returns the rows written per table."""
    sqlite = spec["vendor"] == "sqlite"
    cursor = conn.cursor()
    ids = _Ids(_first_ids(cursor, spec))
    tables = spec["tables"]
    statements = {}
    for key in TABLES:
        table = tables[key]
        columns = ", ".join(f'"{c}"' for c in table["columns"])
        if sqlite:
            marks = ", ".join("?" * len(table["columns"]))
            statements[key] = f'INSERT INTO "{table["table"]}" ({columns}) VALUES ({marks})'  # noqa: S608
        else:
            statements[key] = f'COPY "{table["table"]}" ({columns}) FROM STDIN'
    written = dict.fromkeys(TABLES, 0)
    iterator: Iterator[list[Any]] = iter(rows)
    next(iterator, None)  # the header
    while True:
        batch: dict[str, list] = {key: [] for key in TABLES}
        count = 0
        for cells in iterator:
            _rows_into(batch, cells, spec, ids, sqlite)
            count += 1
            if count >= BATCH:
                break
        if not count:
            break
        for key in TABLES:
            fixed = tables[key]["fixed"]
            part = batch[key]
            if not part:
                continue
            if sqlite:
                cursor.executemany(statements[key], [(*row, *fixed) for row in part])
            else:
                with cursor.copy(statements[key]) as copy:
                    write = copy.write_row
                    for row in part:
                        write((*row, *fixed))
            written[key] += len(part)
        if count < BATCH:
            break
    if not sqlite:  # the sequences follow the explicit ids, as the import's nextval() leaves them
        for key in TABLES:
            if written[key]:
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)",
                    (tables[key]["table"], ids.next[key] - 1),
                )
    return written


def run_floor(file: str, spec: dict[str, Any], database: str) -> dict[str, int]:
    """The measured floor: read with python-calamine and written in one transaction into
    `database` (a SQLite path, or a PostgreSQL URL)."""
    from python_calamine import CalamineWorkbook

    if spec["vendor"] == "sqlite":
        import sqlite3

        conn = sqlite3.connect(database, isolation_level=None)
        for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON"):
            conn.execute(f"PRAGMA {pragma}")
        conn.execute("BEGIN IMMEDIATE")
    else:
        import psycopg

        conn = psycopg.connect(database)  # a transaction begins with the first statement
    with open(file, "rb") as handle:
        sheet = CalamineWorkbook.from_filelike(handle).get_sheet_by_index(0)
        written = write_floor(conn, spec, sheet.iter_rows())
    if spec["vendor"] == "sqlite":
        conn.execute("COMMIT")
    else:
        conn.commit()  # the deferred foreign keys are checked here
    conn.close()
    return written
