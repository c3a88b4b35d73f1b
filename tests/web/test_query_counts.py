"""Every list page and dashboard makes a number of queries that does not grow with its rows
(issue 21): the page is read once on the demo data, then the rows it listed are copied (same
area, same links) and the page is read again, with `django_assert_max_num_queries` holding it to
the first count. An N+1 (a query per row for its area, agency or person) fails here."""

from __future__ import annotations

import copy
import uuid

import pytest
from django.core.paginator import Page
from django.db import IntegrityError, connection, models, transaction
from django.db.models.base import ModelState
from django.db.models.query import QuerySet
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

COPIES = 4

PAGES = [
    ("district", "/"),
    ("headman", "/"),
    ("province", "/indicators/"),
    ("province", "/indicators/periods/"),
    ("district", "/tips/"),
    ("province", "/tips/designations/"),
    ("district", "/cases/"),
    ("police", "/cases/"),
    ("province", "/directives/"),
    ("district", "/directives/"),
    ("headman", "/directives/"),
    ("headman", "/survey/"),
    ("headman", "/survey/residents/"),
    ("district", "/survey/residents/"),
    ("headman", "/survey/visits/"),
    ("district", "/survey/rounds/"),
    ("district", "/people/"),
    ("district", "/awareness/"),
    ("province", "/awareness/topics/"),
    ("investigator2", "/misconduct/"),
    ("province", "/audit/"),
    ("province", "/accounts/users/"),
    ("province", "/jobs/"),
    ("headman", "/areas/"),
    ("province", "/documents/"),
    ("analyst", "/entities/"),
]


def _listed(response) -> list[models.Model]:  # type: ignore[no-untyped-def]
    """The model instances the page's context lists (querysets, pages, lists of rows)."""
    rows: list[models.Model] = []
    seen: set[tuple[type, object]] = set()
    for context in response.context or []:
        for layer in context.dicts:
            for value in layer.values():
                if isinstance(value, Page):
                    value = value.object_list
                if isinstance(value, QuerySet):
                    value = list(value[:COPIES])
                if not isinstance(value, list | tuple):
                    continue
                for item in value[:COPIES]:
                    if isinstance(item, models.Model) and (type(item), item.pk) not in seen:
                        seen.add((type(item), item.pk))
                        rows.append(item)
    return rows


def _unique_fields(model: type[models.Model]) -> set[str]:
    names = {f.name for f in model._meta.concrete_fields if f.unique and not f.primary_key}
    for group in model._meta.unique_together:
        names.update(group)
    for constraint in model._meta.constraints:
        names.update(getattr(constraint, "fields", ()) or ())
    return names


def _copy(row: models.Model, n: int, depth: int = 1) -> models.Model | None:
    """A copy of the row with fresh keys and unique values (a one-to-one or unique foreign key
    points to a copy of its target: a resident gets a copy of its person); None if the model
    cannot be copied generically."""
    model = type(row)
    if model._meta.parents:
        return None
    new = copy.copy(row)
    new._state = ModelState()
    unique = _unique_fields(model)
    for field in model._meta.concrete_fields:
        if field.primary_key:
            setattr(new, field.attname, None)
        elif isinstance(field, models.UUIDField) and (field.unique or field.name in unique):
            setattr(new, field.attname, uuid.uuid4())
        elif field.name in unique and isinstance(field, models.ForeignKey):
            target = getattr(row, field.name)
            twin = _copy(target, n, depth - 1) if target is not None and depth > 0 else None
            if twin is None:
                return None
            setattr(new, field.attname, twin.pk)
        elif field.name in unique and isinstance(field, models.CharField):
            value = getattr(row, field.attname) or ""
            suffix = f"~{n}{uuid.uuid4().hex[:4]}"
            setattr(new, field.attname, (value + suffix)[-field.max_length :])
    try:
        with transaction.atomic():
            model._base_manager.bulk_create([new])
    except IntegrityError:  # unique across foreign keys (one report per period and area)
        return None
    return new


def _count(client, url: str) -> tuple[int, object]:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries), response


@pytest.mark.parametrize(("persona", "url"), PAGES, ids=[f"{p}:{u}" for p, u in PAGES])
def test_a_list_page_makes_as_many_queries_with_more_rows(
    personas, login, persona, url, django_assert_max_num_queries
):
    client = login(getattr(personas, persona))
    client.get(url)  # warm: session, caches of the first request
    before, response = _count(client, url)
    copied = [c for n, row in enumerate(_listed(response)) for c in [_copy(row, n)] if c]
    with django_assert_max_num_queries(before):
        after = client.get(url)
    assert after.status_code == 200
    assert after.context is not None and copied is not None
