"""The outbox listens to the feature apps' domain events (`employees.events`); they never import `siasn`."""

from employees.events import subscribe

from .models import OutboxItem
from .outbox import outbox_record


@subscribe("performance.appraisal_approved")
def appraisal_approved(*, appraisal_id: int, by_id: int | None = None, **_):
    outbox_record(kind=OutboxItem.Kind.SKP, record_id=appraisal_id)


@subscribe("training.certificate_issued")
def certificate_issued(*, enrollment_id: int, certificate_id: int | None = None, by_id: int | None = None, **_):
    outbox_record(kind=OutboxItem.Kind.TRAINING, record_id=enrollment_id)
