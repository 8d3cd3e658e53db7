"""Queueing Celery work from services.

Every service that starts background work calls `enqueue(task, *args)` instead of
`transaction.on_commit(lambda: task.delay(...))`: the task is sent after the commit, and a broker
that cannot be reached is logged instead of turning a committed action into an error page.
Arguments must be JSON values (ids, strings), never model instances.
"""

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue(task, *args, countdown: int | None = None, **kwargs) -> None:
    """Send `task` with these arguments once the current transaction commits."""

    def send():
        try:
            task.apply_async(args=args, kwargs=kwargs, countdown=countdown)
        except Exception:
            logger.exception("Could not queue %s%r", task.name, args)

    transaction.on_commit(send)
