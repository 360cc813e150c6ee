"""Who is acting right now: set per request by the middleware, or by a management command.

A contextvar (not a thread-local) so it is correct under threads and async alike."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    user_id: int | None = None
    email: str = ""
    ip_address: str | None = None
    request_path: str = ""
    # Retention anonymises personal data: the trail records which fields changed but must
    # not copy the values it is erasing into the (longer-kept) trail.
    hide_values: bool = False


SYSTEM = Actor(email="systeem")
_actor: ContextVar[Actor] = ContextVar("bos_audit_actor", default=SYSTEM)


def current_actor() -> Actor:
    return _actor.get()


@contextmanager
def acting_as(actor: Actor) -> Iterator[Actor]:
    token = _actor.set(actor)
    try:
        yield actor
    finally:
        _actor.reset(token)


@contextmanager
def hidden_values() -> Iterator[None]:
    """Record changes without their old and new values (used when anonymising)."""
    actor = current_actor()
    token = _actor.set(
        Actor(
            user_id=actor.user_id,
            email=actor.email,
            ip_address=actor.ip_address,
            request_path=actor.request_path,
            hide_values=True,
        )
    )
    try:
        yield
    finally:
        _actor.reset(token)
