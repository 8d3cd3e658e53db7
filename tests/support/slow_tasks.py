"""A task for the worker-killed test, loaded into a real worker process with `celery worker -I`."""

import time
from pathlib import Path

from celery import shared_task
from django.db import transaction


@shared_task(name="tests.rename_slowly")
def rename_slowly(employee_id: int, name: str, marker: str):
    """Rename in one transaction; while `<marker>.hold` exists it stays inside it (to be killed there)."""
    from employees.models import Employee

    with transaction.atomic():
        Employee.objects.filter(pk=employee_id).update(name=name)
        Path(marker).write_text("inside the transaction")
        while Path(marker + ".hold").exists():
            time.sleep(0.2)
