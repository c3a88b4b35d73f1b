"""One error path for refusals by the domain.

A service that refuses a request raises a `DomainError` (each app subclasses it: `CaseError`,
`TipError`, `SurveyError` …) with a message for the user, already translated (Thai first), a
machine `code` and, where the refusal is about particular fields, their messages. The API answers
every one in its single error body (`sodsong.api`: 422 unless the class says otherwise); an HTML
view shows it with `show_refusal`. `PermissionError` (what services raise when the acting user
may not do it) answers 403 in the API.

It is a `ValueError`, as the per-app errors were, so code that catches those still does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.forms import Form
    from django.http import HttpRequest


class DomainError(ValueError):
    """The request cannot be carried out; `message` is for the user.

    `code` is the machine code of the API's error body ("invalid" unless a subclass or the raiser
    says otherwise), `status` the HTTP status the API answers with, `fields` an optional mapping of
    a field name to its messages (the body's `details`)."""

    code: str = "invalid"
    status: int = 422

    def __init__(
        self,
        message: Any = "",
        *,
        code: str | None = None,
        fields: Mapping[str, str | Sequence[str]] | None = None,
    ) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code
        self.fields: dict[str, list[str]] | None = (
            {
                name: [str(errors)] if isinstance(errors, str) else [str(e) for e in errors]
                for name, errors in fields.items()
            }
            if fields
            else None
        )

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args and self.args[0] is not None else ""


def show_refusal(request: HttpRequest, exc: Exception, form: Form | None = None) -> None:
    """Show a refusal (a `DomainError`, or a `ValueError` a view also catches) on an HTML page:
    on the form when there is one (each field's messages on that field, the message above the
    form), else as a message on the next page."""
    message = str(exc)
    if form is None:
        from django.contrib import messages

        messages.error(request, message)
        return
    fields: dict[str, list[str]] = getattr(exc, "fields", None) or {}
    for name, errors in fields.items():
        for error in errors:
            form.add_error(name if name in form.fields else None, error)
    if message or not fields:
        form.add_error(None, message)
