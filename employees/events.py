"""Domain events: a service announces what happened; other modules subscribe.

A feature service calls `publish("performance.appraisal_approved", appraisal_id=...)` inside its
transaction; subscribers run only after the commit, so a rolled-back action announces nothing.
Notifications and the SIASN outbox subscribe here instead of being written into the feature services,
which keeps the import rules (`employees` imports no feature app; no feature app imports `siasn`).

Payloads carry ids and plain values only, never model instances: a subscriber may queue a Celery task
with them. A failing subscriber is logged and does not stop the others.
"""

import logging
from collections import defaultdict
from collections.abc import Callable

from django.db import transaction

logger = logging.getLogger(__name__)

_subscribers: dict[str, list[Callable[..., None]]] = defaultdict(list)


def subscribe(event: str) -> Callable:
    """Decorator: call the function with the event's payload after each commit that published it."""

    def register(handler: Callable[..., None]) -> Callable[..., None]:
        if handler not in _subscribers[event]:
            _subscribers[event].append(handler)
        return handler

    return register


def publish(event: str, **payload) -> None:
    """Announce `event`; subscribers run once the surrounding transaction commits (at once outside one)."""
    transaction.on_commit(lambda: dispatch(event, **payload))


def dispatch(event: str, **payload) -> None:
    for handler in list(_subscribers.get(event, ())):
        try:
            handler(**payload)
        except Exception:
            logger.exception("Subscriber %s of %s failed", getattr(handler, "__name__", handler), event)
