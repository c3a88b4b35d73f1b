"""Bulk writing for the residents import: ids allocated up front, time-ordered UUIDs made in
bulk, and rows written without model instances.

- SQLite: multi-row `INSERT … VALUES (…), (…)` statements; the columns that are the same for
  every row (timestamps, empty defaults) are bound once per statement as numbered parameters
  (`?1`, `?2`, …) that every row refers to.
- PostgreSQL: `COPY … FROM STDIN` through psycopg 3.
- Any other database: one `executemany` per table.

Bulk writes bypass `save()`, so they bypass per-record history: the caller records one audit
event for the whole import.
"""

from __future__ import annotations

import itertools
import os
import threading
import time
from collections.abc import Sequence
from typing import Any

from django.db import connection

# --- UUIDs ----------------------------------------------------------------------------------

_uuid_lock = threading.Lock()
_uuid_last = 0
_VARIANT_AND = int.from_bytes(b"\x3f" + b"\xff" * 7, "big")
_VARIANT_OR = int.from_bytes(b"\x80" + b"\x00" * 7, "big")
_COUNTER_HEX = [f"{i:03x}" for i in range(4096)]


def ordered_uuid_hex(count: int) -> list[str]:
    """`count` version-7 UUIDs (RFC 9562) as 32-character hex strings, in increasing order.

    48 bits of Unix time in milliseconds, the version, a 12-bit sub-millisecond counter (which
    carries into the time when it overflows, RFC 9562 §6.2 method 1) and 62 random bits. Sorted
    UUIDs keep the unique index on `uuid` appending at its end instead of writing all over it,
    which makes a large import markedly faster; the 62 random bits keep them unguessable.
    """
    global _uuid_last
    if count <= 0:
        return []
    with _uuid_lock:
        start = max(time.time_ns() // 1_000_000 << 12, _uuid_last + 1)
        _uuid_last = start + count - 1
    # The random low halves in one call: variant bits set on the whole buffer as one integer.
    size = 8 * count
    low = int.from_bytes(os.urandom(size), "big")
    and_mask = int.from_bytes(_VARIANT_AND.to_bytes(8, "big") * count, "big")
    or_mask = int.from_bytes(_VARIANT_OR.to_bytes(8, "big") * count, "big")
    low_hex = ((low & and_mask) | or_mask).to_bytes(size, "big").hex()
    lows = [low_hex[i : i + 16] for i in range(0, 2 * size, 16)]
    out: list[str] = []
    high, end = start, start + count
    while high < end:
        millis, counter = divmod(high, 4096)
        take = min(4096 - counter, end - high)
        prefix = f"{millis:012x}7"
        done = len(out)
        out.extend([prefix + _COUNTER_HEX[counter + j] + lows[done + j] for j in range(take)])
        high += take
    return out


def canonical_uuid(hex32: str) -> str:
    """The 8-4-4-4-12 form of a 32-character hex UUID (what `str(uuid.UUID(…))` gives)."""
    return f"{hex32[:8]}-{hex32[8:12]}-{hex32[12:16]}-{hex32[16:20]}-{hex32[20:]}"


# --- tables ---------------------------------------------------------------------------------


def sqlite_variable_limit() -> int:
    connection.ensure_connection()
    try:
        import sqlite3

        return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    except (AttributeError, ImportError):  # Python < 3.11: the compiled-in default since 3.32
        return 32766


class BulkTable:
    """Writes rows into one model's table. A row is a tuple: the primary key (from `allocate`)
    followed by the `varying` columns; every other concrete column gets the value in `constants`
    or the field's default, prepared for the database once."""

    ROWS_PER_STATEMENT = 500  # SQLite: measured best between 200 and 1,000

    def __init__(self, model: Any, varying: Sequence[str], constants: dict[str, Any]) -> None:
        self.model = model
        self.table = model._meta.db_table
        self.vendor = connection.vendor
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        by_attname = {f.attname: f for f in fields}
        missing = [name for name in varying if name not in by_attname]
        if missing:
            raise ValueError(f"{self.table}: unknown columns {missing}")
        fixed = [f for f in fields if f.attname not in varying]
        self.fixed_values: tuple[Any, ...] = tuple(
            f.get_db_prep_save(
                constants[f.attname] if f.attname in constants else f.get_default(), connection
            )
            for f in fixed
        )
        quote = connection.ops.quote_name
        self.varying_columns = ["id", *(by_attname[n].column for n in varying)]
        self.fixed_columns = [f.column for f in fixed]
        self.column_list = ", ".join(quote(c) for c in self.varying_columns + self.fixed_columns)
        self.quoted_table = quote(self.table)
        self._statements: dict[int, str] = {}

    # ids

    def allocate(self, count: int) -> range | list[int]:
        """`count` primary keys nobody else will take. PostgreSQL: from the table's sequence.
        SQLite: the import holds the write lock (transaction mode IMMEDIATE), so the ids after
        the highest one used are free; AUTOINCREMENT's sqlite_sequence follows explicit ids."""
        if count <= 0:
            return []
        with connection.cursor() as cursor:
            if self.vendor == "postgresql":
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                    [self.table, count],
                )
                return [row[0] for row in cursor.fetchall()]
            cursor.execute(f"SELECT MAX(id) FROM {self.quoted_table}")  # noqa: S608
            highest = cursor.fetchone()[0] or 0
            if self.vendor == "sqlite":
                cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [self.table])
                row = cursor.fetchone()
                highest = max(highest, row[0] if row else 0)
            return range(highest + 1, highest + 1 + count)

    # writing

    def insert(self, rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        if self.vendor == "sqlite":
            self._insert_sqlite(rows)
        elif self.vendor == "postgresql":
            self._insert_copy(rows)
        else:
            self._insert_executemany(rows)

    def _sqlite_statement(self, count: int) -> str:
        statement = self._statements.get(count)
        if statement is None:
            fixed = len(self.fixed_values)
            width = len(self.varying_columns)
            constants = ", ".join(f"?{i}" for i in range(1, fixed + 1))
            tuples = []
            for row in range(count):
                first = fixed + 1 + row * width
                numbered = ", ".join(f"?{i}" for i in range(first, first + width))
                tuples.append(f"({numbered}, {constants})" if constants else f"({numbered})")
            statement = f"INSERT INTO {self.quoted_table} ({self.column_list}) VALUES " + ", ".join(  # noqa: S608  (names from models)
                tuples
            )
            self._statements[count] = statement
        return statement

    def _insert_sqlite(self, rows: list[tuple[Any, ...]]) -> None:
        width = len(self.varying_columns)
        per = max(
            1,
            min(
                self.ROWS_PER_STATEMENT, (sqlite_variable_limit() - len(self.fixed_values)) // width
            ),
        )
        fixed = self.fixed_values
        chain = itertools.chain.from_iterable
        with connection.cursor() as cursor:
            for start in range(0, len(rows), per):
                part = rows[start : start + per]
                params = [*fixed, *chain(part)]
                cursor.execute(self._sqlite_statement(len(part)), params)

    def _insert_copy(self, rows: list[tuple[Any, ...]]) -> None:
        fixed = self.fixed_values
        sql = f"COPY {self.quoted_table} ({self.column_list}) FROM STDIN"
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            write = copy.write_row
            for row in rows:
                write((*row, *fixed))

    def _insert_executemany(self, rows: list[tuple[Any, ...]]) -> None:
        fixed = self.fixed_values
        placeholders = ", ".join(["%s"] * (len(self.varying_columns) + len(fixed)))
        sql = f"INSERT INTO {self.quoted_table} ({self.column_list}) VALUES ({placeholders})"  # noqa: S608
        with connection.cursor() as cursor:
            cursor.executemany(sql, [(*row, *fixed) for row in rows])
