"""The request type of views and API functions that only a signed-in user reaches.

`login_required` (and the API's token or session auth) guarantees that `request.user` is a
`User`, which `HttpRequest` cannot say (its user may be an `AnonymousUser`). Annotating such a
view's request as `AuthedHttpRequest` lets mypy check what the view does with the user; a view
that anonymous visitors reach keeps `HttpRequest` and checks `is_authenticated` itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from sodsong.accounts.models import User


class AuthedHttpRequest(HttpRequest):
    """A request whose user signed in (never instantiated: an annotation for type checks)."""

    user: User
    htmx: HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """Any request, with the `htmx` details django-htmx's middleware adds."""

    htmx: HtmxDetails
