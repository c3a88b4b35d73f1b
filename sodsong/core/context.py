"""Who is acting right now, and why: carried through a request, a job or a command.

History and audit read it so that every change is attributed without threading the user through
every function. Services still take the actor explicitly; `acting_as` sets it for what they call.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, replace
from typing import Any


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    agency_id: int | None = None
    via: str = "web"  # web, api, job, command, system
    request_path: str = ""
    purpose: str = ""


SYSTEM = Actor(user_id=None, via="system")

_current: ContextVar[Actor] = ContextVar("sodsong_actor", default=SYSTEM)


def current_actor() -> Actor:
    return _current.get()


def actor_for(user: Any, *, via: str = "web", request_path: str = "", purpose: str = "") -> Actor:
    if user is None or not getattr(user, "is_authenticated", False):
        return Actor(user_id=None, via=via, request_path=request_path, purpose=purpose)
    return Actor(
        user_id=user.pk,
        agency_id=getattr(user, "agency_id", None),
        via=via,
        request_path=request_path,
        purpose=purpose,
    )


@contextlib.contextmanager
def acting_as(actor: Actor) -> Iterator[Actor]:
    token = _current.set(actor)
    try:
        yield actor
    finally:
        _current.reset(token)


@contextlib.contextmanager
def acting_for(user: Any) -> Iterator[Actor]:
    """Attributes what runs inside to `user`, keeping the channel, path and purpose: a selector
    called from a job, a command or a test audits as the user it read for, not as nobody."""
    actor = current_actor()
    user_id = getattr(user, "pk", None)
    if user_id is None or actor.user_id == user_id:
        yield actor
        return
    with acting_as(
        replace(actor, user_id=user_id, agency_id=getattr(user, "agency_id", None))
    ) as switched:
        yield switched
