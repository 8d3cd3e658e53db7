"""Thin Celery tasks of the SIASN synchronisation; each calls a service and is safe to run twice."""

from celery import current_app, shared_task


@shared_task
def unit_fetch_task(fetch_id: int):
    from .services import unit_fetch_run

    unit_fetch_run(fetch_id=fetch_id)


@shared_task
def person_pull_task(pull_id: int):
    from .services import person_pull_run

    person_pull_run(pull_id=pull_id)


@shared_task
def person_accept_all_task(pull_id: int, user_id: int):
    from .services import person_pull_accept_all

    person_pull_accept_all(pull_id=pull_id, user_id=user_id)


@shared_task
def unit_accept_all_task(user_id: int):
    from employees.models import User

    from .services import unit_changes_accept_all

    unit_changes_accept_all(by=User.objects.get(pk=user_id))


@shared_task
def outbox_send_task(item_id: int):
    """Send one outbox row; a transient failure is tried again after its back-off (the sweep also catches it)."""
    from .models import OutboxItem
    from .outbox import _queue, outbox_send

    item = outbox_send(item_id=item_id)
    if item.status == OutboxItem.Status.FAILED and item.next_attempt_at and not current_app.conf.task_always_eager:
        delay = max(1, int((item.next_attempt_at - item.updated_at).total_seconds()))
        _queue(item.pk, countdown=delay)


@shared_task
def outbox_sweep_task():
    from .outbox import outbox_sweep

    return outbox_sweep()
