"""Hand-off notifications of the shared core: an import finished → the HR officer who started it."""

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .events import subscribe
from .models import ImportJob
from .notify import notify


@subscribe("employees.import_finished")
def import_finished(*, job_id):
    job = ImportJob.objects.get(pk=job_id)
    with translation.override("id"):
        notify(
            key=f"employees.import_finished:{job_id}",
            user_ids=[job.created_by_id],
            title=_("Impor pegawai %(file)s: %(status)s")
            % {"file": job.original_name, "status": job.get_status_display().lower()},
            body=job.message,
            url=reverse("employees:import-detail", args=[job_id]),
        )
