"""Bulk writing for the residents import: ids allocated up front, time-ordered UUIDs made in
bulk, and rows written without model instances.

- SQLite: multi-row `INSERT … VALUES (…), (…)` statements; the columns that are the same for
  every row (timestamps, empty defaults) are bound once per statement as numbered parameters
  (`?1`, `?2`, …) that every row refers to.
- PostgreSQL: `COPY … FROM STDIN` through psycopg 3.
- Any other database: one `executemany` per table.

Bulk writes bypass `save()`, so they bypass per-record history: the caller records one audit
event for the whole import.

The writes of an import can run on a thread of their own (`WriterThread`), in one transaction
on that thread's connection, while the caller reads and validates the next rows: psycopg
releases the GIL while PostgreSQL works in its own process, so the validation and the writing
overlap. (SQLite works inside this process, mostly holding the GIL while it binds values: there
the thread measured slower than writing inline, and the importer does not use it.)
"""

from __future__ import annotations

import contextlib
import contextvars
import itertools
import os
import queue
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from django.db import connection, transaction

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
        self._next_id: int | None = None

    # ids

    def allocate(self, count: int) -> range | list[int]:
        """`count` primary keys nobody else will take. PostgreSQL: from the table's sequence.
        SQLite: the import holds the write lock from its start (transaction mode IMMEDIATE), so
        the ids after the highest one used when it began are free; they are counted here rather
        than read again, because a `WriterThread`'s rows are not visible to the caller's
        connection until they commit. AUTOINCREMENT's sqlite_sequence follows explicit ids."""
        if count <= 0:
            return []
        if self.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                    [self.table, count],
                )
                return [row[0] for row in cursor.fetchall()]
        if self._next_id is None:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT MAX(id) FROM {self.quoted_table}")  # noqa: S608
                highest = cursor.fetchone()[0] or 0
                if self.vendor == "sqlite":
                    cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [self.table])
                    row = cursor.fetchone()
                    highest = max(highest, row[0] if row else 0)
            self._next_id = highest + 1
        first = self._next_id
        self._next_id += count
        return range(first, first + count)

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


# --- writing on a thread of its own -----------------------------------------------------------


class InlineWriter:
    """Runs each write at once on the caller's connection, inside the caller's transaction:
    for an import started inside an open transaction (a request, a test), whose rows must
    commit or roll back with it."""

    def chunk(self, step: Callable[..., Any], *args: Any) -> None:
        """One chunk's classification and writes (`ChunkedWriter` gives it a transaction)."""
        step(*args)

    def submit(self, write: Callable[..., Any], *args: Any) -> None:
        write(*args)

    def progress(self, report: Callable[..., Any], *args: Any) -> None:
        report(*args)

    def commit(self, last: Callable[[], Any] | None = None) -> None:
        if last is not None:
            last()


_COMMIT = object()
_ROLLBACK = object()


class ChunkedWriter(InlineWriter):
    """SQLite outside a transaction: each chunk of the import (its matching against the stored
    documents, its ids and its rows) is one short write transaction of its own, with
    `checkpoint` (the import's count of rows written) in the same transaction. SQLite has one
    writer at a time: a 100,000-row import in one transaction held every other writer (a public
    tip) out for a minute, while a chunk holds it well under a second. The import stays
    resumable: what committed is recorded with it, and a commit started again recognises the
    rows already written (`ImportJob.commit_started_at`). Progress commits at once: pages see
    it move."""

    def __init__(
        self,
        *,
        begin: Callable[[], Any] | None = None,
        checkpoint: Callable[[], Any] | None = None,
        atomic: Callable[[], Any] = transaction.atomic,
    ) -> None:
        self.begin = begin
        self.checkpoint = checkpoint
        self._atomic = atomic
        self.longest = 0.0  # seconds of the longest chunk transaction (benchmarks report it)

    def chunk(self, step: Callable[..., Any], *args: Any) -> None:
        started = time.monotonic()
        with self._atomic():  # BEGIN IMMEDIATE: the write lock, for this chunk only
            if self.begin is not None:
                self.begin()  # ids are counted again: others may have written since
            step(*args)
            if self.checkpoint is not None:
                self.checkpoint()
        self.longest = max(self.longest, time.monotonic() - started)

    def commit(self, last: Callable[[], Any] | None = None) -> None:
        if last is not None:
            with self._atomic():
                last()


class WriterThread:
    """Runs the writes handed to `submit`, in order, on a thread of its own inside one
    transaction on that thread's database connection; `commit(last)` runs `last` in the same
    transaction and commits it, anything else rolls it all back.

    The caller keeps its own connection for reads. It sees the data as it was committed when
    the import began, never the rows being written: callers track what they have written
    themselves. On SQLite the writer holds the database's write lock from the start
    (transaction mode IMMEDIATE), so nothing changes under the caller's reads and nobody else
    can take the ids counted by `BulkTable.allocate`; the caller's own writes (progress) go
    through the writer too, since a second writer would wait for the lock the import holds.

    At most `depth` writes wait in the queue: a fast reader does not pile up a whole file of
    rows in memory ahead of a slow database."""

    def __init__(self, *, depth: int = 2, atomic: Callable[[], Any] = transaction.atomic) -> None:
        self._queue: queue.Queue[Any] = queue.Queue(maxsize=depth)
        self._atomic = atomic
        self._error: BaseException | None = None
        self._started = threading.Event()
        self._finished = False
        # SQLite has one writer at a time, and the import is it.
        self.progress_on_writer = connection.vendor == "sqlite"
        # The thread runs in a copy of the caller's context: the acting user of the audit
        # trail (a context variable) is the caller's.
        context = contextvars.copy_context()
        self._thread = threading.Thread(
            target=context.run, args=(self._main,), name="sodsong-writer", daemon=True
        )
        self._thread.start()
        self._started.wait()
        if self._error is not None:  # the transaction could not begin
            self._finish(_ROLLBACK)
            self._raise_if_failed()

    # the caller's side

    def chunk(self, step: Callable[..., Any], *args: Any) -> None:
        step(*args)  # the classification on the caller's thread; its writes come to `submit`

    def submit(self, write: Callable[..., Any], *args: Any) -> None:
        self._raise_if_failed()
        self._queue.put((write, args))

    def progress(self, report: Callable[..., Any], *args: Any) -> None:
        if self.progress_on_writer:
            self.submit(report, *args)
        else:
            report(*args)  # on the caller's connection, committed at once: pages see it move

    def commit(self, last: Callable[[], Any] | None = None) -> None:
        """Runs `last` in the transaction, commits, and waits; raises the exception of a write
        that failed (nothing is committed then)."""
        if last is not None:
            self.submit(last)
        self._finish(_COMMIT)
        self._raise_if_failed()

    def rollback(self) -> None:
        self._finish(_ROLLBACK)

    def _finish(self, sentinel: object) -> None:
        if not self._finished:
            self._finished = True
            self._queue.put(sentinel)
            self._thread.join()

    def _raise_if_failed(self) -> None:
        # The write's own exception (an IntegrityError, say), its traceback from the writer.
        if self._error is not None:
            raise self._error

    # the writer's side

    def _main(self) -> None:
        try:
            with self._atomic():
                self._started.set()  # the transaction has begun (SQLite: the lock is held)
                while True:
                    item = self._queue.get()
                    if item is _COMMIT:
                        break
                    if item is _ROLLBACK:
                        raise _RolledBack
                    write, args = item
                    write(*args)
        except _RolledBack:
            pass
        except BaseException as exc:  # handed to the caller, which re-raises it
            self._error = exc
            self._started.set()  # a transaction that could not begin fails the constructor
            self._drain()
        finally:
            self._started.set()
            connection.close()

    def _drain(self) -> None:
        """After a failure, takes what the caller still submits (so that it never blocks on a
        full queue) until it commits or rolls back."""
        while True:
            item = self._queue.get()
            if item is _COMMIT or item is _ROLLBACK:
                return


class _RolledBack(Exception):
    pass


@contextlib.contextmanager
def import_writer(
    *, threaded: bool, chunked: bool = False, atomic: Callable[[], Any] = transaction.atomic
) -> Iterator[InlineWriter | WriterThread]:
    """The writer for one import, whose writes are all-or-nothing: a `WriterThread` when
    `threaded`, otherwise an `InlineWriter` inside a transaction of the caller's connection
    (a savepoint when the caller already has one open). Leaving the block by an exception, or
    without `commit`, rolls the writes back. `chunked`: a `ChunkedWriter`, one transaction
    per chunk, resumable rather than rolled back (SQLite outside a transaction)."""
    if chunked:
        yield ChunkedWriter(atomic=atomic)
        return
    if not threaded:
        with atomic():
            yield InlineWriter()
        return
    writer = WriterThread(atomic=atomic)
    try:
        yield writer
    finally:
        writer.rollback()  # no-op after commit
