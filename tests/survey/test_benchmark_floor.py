"""The residents-import benchmark's same-schema floor writes what the import writes: the same
rows, table by table, with the same values (ids, UUIDs, timestamps and the links between the
six tables aside), so that the comparison with it stays fair (issue 12)."""

import random
import sys
from collections import Counter
from pathlib import Path

from django.db import connection, transaction

from sodsong.people.models import IdentityDocument, Person
from sodsong.survey.importing.importer import Importer
from sodsong.survey.models import Residence, Resident, ResidentPhone, Tm30Notification

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # benchmarks/ is not installed
from benchmarks.residents_import_columns import HEADERS, row_values  # noqa: E402
from benchmarks.residents_import_floor import TABLES, build_spec, write_floor  # noqa: E402

MODELS = dict(
    zip(
        TABLES,
        (Person, IdentityDocument, Resident, Residence, Tm30Notification, ResidentPhone),
        strict=True,
    )
)
SKIPPED = {"id", "uuid", "created_at", "updated_at"}


class _Undo(Exception):
    pass


def _snapshot() -> dict[str, Counter]:
    """Every row of the six tables, without what differs by construction."""
    snapshot = {}
    for key, model in MODELS.items():
        names = [
            f.attname
            for f in model._meta.concrete_fields
            if f.attname not in SKIPPED
            and not (f.is_relation and f.related_model in MODELS.values())
        ]
        snapshot[key] = Counter(model._base_manager.values_list(*names))
    return snapshot


def _written(before: dict[str, Counter], after: dict[str, Counter]) -> dict[str, Counter]:
    return {key: after[key] - before[key] for key in TABLES}


def test_floor_writes_the_same_rows_as_the_import(personas, village):
    rng = random.Random(12)
    rows = [HEADERS, *(row_values(index, rng, [village.code]) for index in range(40))]
    before = _snapshot()

    with transaction.atomic():  # undone afterwards: the floor writes the same documents
        outcome = Importer(user=personas.headman, write=True).run(iter(rows))
        assert (outcome.new, outcome.errors) == (40, 0)
        imported = _written(before, _snapshot())
        transaction.set_rollback(True)
    assert _snapshot() == before

    spec = build_spec(user_id=personas.headman.pk)
    with transaction.atomic():
        connection.ensure_connection()
        counts = write_floor(connection.connection, spec, iter(rows))
        floor = _written(before, _snapshot())
        transaction.set_rollback(True)

    assert {key: sum(imported[key].values()) for key in TABLES} == counts
    assert counts["person"] == counts["resident"] == counts["residence"] == 40
    assert all(counts[key] for key in TABLES)  # every table has rows in this file
    assert floor == imported
