"""Background jobs written in the caller's transaction, and the heartbeats of the worker and beat.

Kept out of `models.py` (imported from there) so the register's models stay readable on their own.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    """One queued call of a Celery task: saved with the action that asked for it, sent after the commit.

    A job waits while the broker cannot be reached and is sent again by the sweep; the worker claims it
    with a conditional update, so a job queued or delivered twice runs once."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("menunggu worker")
        QUEUED = "queued", _("dalam antrean")
        RUNNING = "running", _("berjalan")
        DONE = "done", _("selesai")
        FAILED = "failed", _("gagal")

    ACTIVE = (Status.WAITING, Status.QUEUED, Status.RUNNING)

    task = models.CharField(_("tugas"), max_length=200)
    args = models.JSONField(_("argumen"), default=list, blank=True)
    kwargs = models.JSONField(_("argumen bernama"), default=dict, blank=True)
    key = models.CharField(_("kunci"), max_length=200, help_text=_("Satu pekerjaan aktif per kunci."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.WAITING)
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    max_attempts = models.PositiveSmallIntegerField(_("percobaan paling banyak"), default=4)
    last_error = models.TextField(_("galat terakhir"), blank=True)
    run_after = models.DateTimeField(_("dijalankan mulai"), null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    queued_at = models.DateTimeField(_("dikirim ke antrean"), null=True, blank=True)
    started_at = models.DateTimeField(_("mulai"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("oleh"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    class Meta:
        verbose_name = _("pekerjaan latar belakang")
        verbose_name_plural = _("pekerjaan latar belakang")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["key"],
                condition=Q(status__in=["waiting", "queued", "running"]),
                name="employees_job_one_active_per_key",
            )
        ]
        indexes = [
            # the sweep and the HR banner: waiting, queued and running jobs by age
            models.Index(fields=["status", "created_at"], name="employees_job_status_idx"),
        ]

    def __str__(self):
        return f"{self.task} #{self.pk} ({self.get_status_display()})"


class Heartbeat(models.Model):
    """When the beat scheduler last ticked and the worker last finished a task, for the health page."""

    BEAT = "beat"
    WORKER = "worker"

    name = models.CharField(_("nama"), max_length=20, unique=True)
    at = models.DateTimeField(_("terakhir"), null=True, blank=True)

    class Meta:
        verbose_name = _("detak proses")
        verbose_name_plural = _("detak proses")

    def __str__(self):
        return f"{self.name}: {self.at}"
