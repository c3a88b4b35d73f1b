"""Optimistic concurrency for records that officers edit: a version number, the row locked while
a change is applied, and only the changed fields written.

Two officers may open the same record and save it moments apart. Three rules keep both edits:

- A service never saves a record it read earlier as a whole: it locks the current row
  (`locked_fresh`, `SELECT … FOR UPDATE` on PostgreSQL; SQLite's `BEGIN IMMEDIATE` already holds
  the write lock for the whole transaction), applies the fields the request changes and writes
  those fields only (`save_fields`).
- Each save of a `Versioned` record adds one to its `version` in the database (`version + 1`, not
  a value computed in Python), so a form or an API client can say which version it started from.
- A request that names the version it started from (a hidden field in the form, `If-Match` on the
  API) is refused with `VersionConflict` when the record has moved on meanwhile; the caller shows
  both versions (the form) or answers 412 (the API).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.db import models
from django.db.models.expressions import Combinable
from django.utils.translation import gettext_lazy as _

M = TypeVar("M", bound=models.Model)


class VersionConflict(Exception):  # noqa: N818  (a domain outcome, not a programming error)
    """The record changed since the version the request started from. `current` is the record
    as it is now (locked, inside the caller's transaction)."""

    def __init__(self, current: Any, expected: int) -> None:
        super().__init__(f"version {expected} is stale: the record is at {current.version}")
        self.current = current
        self.expected = expected


class Versioned(models.Model):
    """A record officers edit: `version` goes up by one on every save."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    # The version is the record's own counter; its history numbers versions by itself.
    history_exclude: tuple[str, ...] = ("version",)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self._state.adding or self.pk is None:
            super().save(*args, **kwargs)
            return
        self.version = models.F("version") + 1
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "version"}
        super().save(*args, **kwargs)
        if isinstance(self.version, Combinable):
            self.refresh_from_db(fields=["version"])


def locked_fresh(instance: M) -> M:
    """The record as it is now in the database, locked until the transaction ends. Must be
    called inside `transaction.atomic`."""
    manager = getattr(type(instance), "all_objects", type(instance)._default_manager)
    return manager.select_for_update().get(pk=instance.pk)


def check_version(current: Any, expected: int | None) -> None:
    """Refuses a change started from an older version. `None`: the request named none (an API
    client without `If-Match`, an old form), and only its own fields will be written."""
    if expected is not None and current.version != expected:
        raise VersionConflict(current, expected)


def save_fields(instance: models.Model, fields: Iterable[str]) -> None:
    """Writes only `fields` (and `updated_at`, and the version through `Versioned.save`)."""
    names = set(fields)
    if not names:
        return
    if any(f.name == "updated_at" for f in instance._meta.concrete_fields):
        names.add("updated_at")
    instance.save(update_fields=names)


def sync(stale: models.Model, fresh: models.Model) -> None:
    """Copies the fresh record's values onto the instance the caller holds, so that what the
    caller renders or returns after the change is what the database holds."""
    for field in fresh._meta.concrete_fields:
        setattr(stale, field.attname, getattr(fresh, field.attname))
