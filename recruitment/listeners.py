"""Subscribers of domain events published by `employees` (loaded by the app config)."""

from employees.events import subscribe
from employees.jobs import JOB_FAILED


@subscribe(JOB_FAILED)
def ranking_gave_up(*, task: str, args: list, kwargs: dict) -> None:
    from .ranking import round_rank_abandon

    if task == "recruitment.tasks.round_rank_task":
        round_rank_abandon(round_id=args[0])
