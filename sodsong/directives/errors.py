"""The error the directives services raise for the user, shared by its service modules."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from sodsong.core.errors import DomainError


class DirectiveError(DomainError):
    """The request cannot be carried out; the message is for the user."""


def _require(condition: bool) -> None:
    if not condition:
        raise PermissionDenied
