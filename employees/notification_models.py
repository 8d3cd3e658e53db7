"""In-app notifications, the daily reminder log and the outgoing mail of the notifications."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """An in-app notification (the bell in the navigation)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("penerima"), on_delete=models.CASCADE, related_name="notifications"
    )
    title = models.CharField(_("judul"), max_length=200)
    body = models.TextField(_("isi"), blank=True)
    url = models.CharField(_("tautan"), max_length=500, blank=True)
    # the event this tells of ("performance.plan_submitted:41"); one notification per recipient and event
    key = models.CharField(_("kunci peristiwa"), max_length=200, blank=True, default="")
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    read_at = models.DateTimeField(_("dibaca"), null=True, blank=True)
    mailed_at = models.DateTimeField(_("dikirim lewat surel"), null=True, blank=True)

    class Meta:
        verbose_name = _("notifikasi")
        verbose_name_plural = _("notifikasi")
        ordering = ["-created_at"]
        indexes = [
            # unread count for the bell on every page
            models.Index(fields=["recipient", "read_at"], name="employees_notif_unread_idx"),
            # the daily digest: event notifications not yet mailed
            models.Index(
                fields=["recipient"], name="employees_notif_undigested_idx", condition=Q(mailed_at__isnull=True)
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"], condition=~Q(key=""), name="employees_notification_once_per_event"
            ),
        ]

    def __str__(self):
        return self.title


class ReminderLog(models.Model):
    """One digest per recipient, kind and day; the unique key is the lock that stops double sends."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu")
        SENDING = "sending", _("Sedang dikirim")
        SENT = "sent", _("Terkirim")
        FAILED = "failed", _("Gagal")

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("penerima"), on_delete=models.CASCADE)
    kind = models.CharField(_("jenis"), max_length=40)
    day = models.DateField(_("tanggal"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    claim = models.CharField(_("token klaim"), max_length=40, blank=True, db_index=True)
    subject = models.CharField(_("subjek"), max_length=200, blank=True)
    body = models.TextField(_("isi"), blank=True)
    html = models.TextField(_("isi HTML"), blank=True)
    # [text, link] per line: the HTML part is drawn from them when the mail is sent, on the worker
    items = models.JSONField(_("butir"), default=list, blank=True)
    url = models.CharField(_("tautan"), max_length=500, blank=True)
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    error = models.TextField(_("galat"), blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    sent_at = models.DateTimeField(_("terkirim"), null=True, blank=True)

    class Meta:
        verbose_name = _("log pengingat")
        verbose_name_plural = _("log pengingat")
        ordering = ["-day", "recipient_id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "kind", "day"], name="employees_reminderlog_once_per_day"),
        ]
        indexes = [  # the few digests left pending by an interrupted run, found without reading the log
            models.Index(fields=["kind", "day"], name="employees_reminderlog_pending", condition=Q(status="pending")),
        ]

    def __str__(self):
        return f"{self.kind} {self.day} → {self.recipient_id}"


class OutgoingMail(models.Model):
    """One e-mail sent at once for one event and recipient; the unique key stops a second send."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu")
        SENDING = "sending", _("Sedang dikirim")
        SENT = "sent", _("Terkirim")
        FAILED = "failed", _("Gagal")

    key = models.CharField(_("kunci"), max_length=220, unique=True)
    to = models.EmailField(_("kepada"))
    subject = models.CharField(_("subjek"), max_length=200)
    text = models.TextField(_("isi teks"))
    html = models.TextField(_("isi HTML"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    error = models.TextField(_("galat"), blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    sent_at = models.DateTimeField(_("terkirim"), null=True, blank=True)

    class Meta:
        verbose_name = _("surel keluar")
        verbose_name_plural = _("surel keluar")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.subject} → {self.to}"
