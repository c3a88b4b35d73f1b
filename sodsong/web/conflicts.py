"""The form side of optimistic concurrency (see `sodsong.core.concurrency`).

An edit form carries the version it was rendered from (`VersionField`) and, beside each field,
the value it was rendered with (`show_hidden_initial`), so that on submit the view knows which
fields the officer changed (`form.changed_data`) and writes only those. When the record moved on
meanwhile:

- if the other officer changed other fields, the officer's changes are applied on top of theirs;
- if both changed the same field, `conflict_for` lists, field by field, the officer's value and
  the current one, and the page shows the conflict form (`web/_conflict.html`): the officer picks
  one value per field and saves again against the current version.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms


class VersionField(forms.IntegerField):
    """The version of the record the form was rendered from (hidden). Optional, so that a form
    posted without it (an old page, a script) still writes only the fields it changes."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("widget", forms.HiddenInput)
        super().__init__(**kwargs)


def changed_values(form: forms.Form, names: tuple[str, ...]) -> dict[str, Any]:
    """The cleaned values of the fields among `names` that the officer changed."""
    return {name: form.cleaned_data[name] for name in names if name in form.changed_data}


@dataclass
class ConflictRow:
    name: str
    label: str
    yours: str
    yours_display: str
    current: str
    current_display: str


@dataclass
class Conflict:
    """What the conflict form needs: the rows to choose in, and the hidden values that post the
    rest of the form again on top of the current version."""

    action: str
    version: int
    rows: list[ConflictRow]
    hidden: list[tuple[str, str]] = field(default_factory=list)


def _display(form_field: forms.Field, value: str) -> str:
    choices = dict(getattr(form_field, "choices", ()) or ())
    shown = choices.get(value, value)
    return str(shown) if shown not in (None, "") else "—"


def conflict_for(
    form: forms.Form, names: tuple[str, ...], current: Any, action: str
) -> Conflict | None:
    """The fields both officers changed to different values, or None when the officer's
    changes touch only fields nobody else changed (they can then be applied as they are)."""
    rows: list[ConflictRow] = []
    hidden: list[tuple[str, str]] = []
    for name in names:
        form_field = form.fields[name]
        now = "" if getattr(current, name) is None else str(getattr(current, name))
        yours = str(form.cleaned_data.get(name) or "")
        if name in form.changed_data:
            # The value the officer's page showed (posted back beside the field).
            base = form.data.get(form.add_initial_prefix(name), "")
            if now != base and now != yours:
                rows.append(
                    ConflictRow(
                        name=name,
                        label=str(form_field.label or name),
                        yours=yours,
                        yours_display=_display(form_field, yours),
                        current=now,
                        current_display=_display(form_field, now),
                    )
                )
                hidden.append((form.add_initial_prefix(name), now))
                continue
            hidden.append((name, yours))
        else:
            hidden.append((name, now))
        hidden.append((form.add_initial_prefix(name), now))
    if not rows:
        return None
    return Conflict(action=action, version=current.version, rows=rows, hidden=hidden)
