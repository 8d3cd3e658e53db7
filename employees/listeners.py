"""Subscribers of domain events inside `employees` (loaded by the app config, so the worker has them too)."""

from .events import subscribe
from .jobs import JOB_FAILED


@subscribe(JOB_FAILED)
def import_job_gave_up(*, task: str, args: list, kwargs: dict) -> None:
    from .services import import_job_abandon

    if task == "employees.tasks.import_job_run_task":
        import_job_abandon(job_id=args[0])
