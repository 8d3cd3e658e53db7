"""SIASN synchronisation: pasted SSO tokens, pulled units and people awaiting acceptance, the push outbox."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from employees.models import Employee, OrgUnit


class PastedToken(models.Model):
    """An SSO token copied from the SIASN site by HR, used instead of a password login; the newest wins."""

    token = models.TextField(_("token SSO"))
    expires_at = models.DateTimeField(_("kedaluwarsa"), null=True, blank=True)
    pasted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ditempel oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    pasted_at = models.DateTimeField(_("ditempel"), auto_now_add=True)

    class Meta:
        verbose_name = _("token SSO SIASN")
        verbose_name_plural = _("token SSO SIASN")
        ordering = ["-pasted_at", "-id"]

    def __str__(self):
        return f"{self.token[:12]}… ({self.pasted_at:%Y-%m-%d %H:%M})"

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()


class UnitFetch(models.Model):
    """One download of ref-unor, compared with the unit tree into `UnitChange` rows."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Dalam antrean")
        RUNNING = "running", _("Mengambil data")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("oleh"), on_delete=models.PROTECT)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    unit_count = models.PositiveIntegerField(_("jumlah unor"), default=0)
    message = models.TextField(_("pesan"), blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)

    class Meta:
        verbose_name = _("pengambilan unor SIASN")
        verbose_name_plural = _("pengambilan unor SIASN")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"ref-unor {self.created_at:%Y-%m-%d %H:%M}"


class UnitChange(models.Model):
    """One difference between SIASN's unit and ours, waiting for HR to accept it."""

    class Kind(models.TextChoices):
        NEW = "new", _("Baru")
        LINK = "link", _("Sama nama, belum tertaut")
        RENAMED = "renamed", _("Berganti nama")
        MOVED = "moved", _("Pindah induk")
        GONE = "gone", _("Tidak ada lagi di SIASN")

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu")
        ACCEPTED = "accepted", _("Diterima")

    fetch = models.ForeignKey(
        UnitFetch, verbose_name=_("pengambilan"), on_delete=models.CASCADE, related_name="changes"
    )
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    siasn_id = models.CharField(_("ID unor SIASN"), max_length=64)
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(_("nama di SIASN"), max_length=300, blank=True)
    head_position = models.CharField(_("nama jabatan kepala"), max_length=300, blank=True)
    parent_siasn_id = models.CharField(_("ID unor induk"), max_length=64, blank=True)
    parent_name = models.CharField(_("induk di SIASN"), max_length=300, blank=True)
    old_value = models.CharField(_("sekarang"), max_length=300, blank=True)
    depth = models.PositiveSmallIntegerField(_("kedalaman"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diterima oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accepted_at = models.DateTimeField(_("diterima"), null=True, blank=True)

    class Meta:
        verbose_name = _("perbedaan unit")
        verbose_name_plural = _("perbedaan unit")
        ordering = ["depth", "name", "id"]
        indexes = [
            # the difference page: pending rows of the latest fetch, parents first
            models.Index(fields=["fetch", "status", "depth"], name="siasn_unitchange_page_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.name or self.old_value}"


class PersonPull(models.Model):
    """One "Export Data ASN" file: its NIPs are fetched from data-utama by a Celery job, then compared."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Dalam antrean")
        RUNNING = "running", _("Mengambil data")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("oleh"), on_delete=models.PROTECT)
    original_name = models.CharField(_("nama berkas"), max_length=255)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(_("jumlah NIP"), default=0)
    done = models.PositiveIntegerField(_("sudah diambil"), default=0)
    message = models.TextField(_("pesan"), blank=True)
    accepting = models.BooleanField(_("sedang menerima semua"), default=False)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)

    class Meta:
        verbose_name = _("penarikan data pegawai SIASN")
        verbose_name_plural = _("penarikan data pegawai SIASN")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.original_name

    @property
    def progress_percent(self) -> int:
        return int(self.done * 100 / self.total) if self.total else 0

    @property
    def is_running(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


class PersonRow(models.Model):
    """One NIP of a pull; its status makes the job resumable (only waiting rows are fetched again)."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Menunggu")
        FETCHED = "fetched", _("Diambil")
        NOT_FOUND = "not_found", _("Tidak ditemukan di SIASN")
        FAILED = "failed", _("Gagal")

    pull = models.ForeignKey(PersonPull, verbose_name=_("penarikan"), on_delete=models.CASCADE, related_name="rows")
    nip = models.CharField(_("NIP"), max_length=18)
    employee = models.ForeignKey(
        Employee, verbose_name=_("pegawai"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.WAITING)
    data = models.JSONField(_("data-utama"), default=dict, blank=True)
    error = models.CharField(_("galat"), max_length=500, blank=True)
    change_count = models.PositiveIntegerField(_("perbedaan menunggu"), default=0)

    class Meta:
        verbose_name = _("NIP penarikan")
        verbose_name_plural = _("NIP penarikan")
        ordering = ["pull", "nip"]
        constraints = [models.UniqueConstraint(fields=["pull", "nip"], name="siasn_personrow_once_per_pull")]
        indexes = [
            # the job picks the waiting rows; the page lists people with pending differences
            models.Index(fields=["pull", "status"], name="siasn_personrow_status_idx"),
            models.Index(fields=["pull", "change_count", "nip"], name="siasn_personrow_changes_idx"),
        ]

    def __str__(self):
        return self.nip


class PersonChange(models.Model):
    """One field of one person where SIASN differs from the register (or a whole new person)."""

    NEW_PERSON = "__new__"

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu")
        ACCEPTED = "accepted", _("Diterima")

    row = models.ForeignKey(PersonRow, verbose_name=_("NIP"), on_delete=models.CASCADE, related_name="changes")
    field = models.CharField(_("kolom"), max_length=40)
    label = models.CharField(_("nama kolom"), max_length=60)
    old_display = models.CharField(_("di Sorong ASN"), max_length=300, blank=True)
    new_display = models.CharField(_("di SIASN"), max_length=300, blank=True)
    new_value = models.JSONField(_("nilai baru"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    error = models.CharField(_("galat penerimaan"), max_length=500, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diterima oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accepted_at = models.DateTimeField(_("diterima"), null=True, blank=True)

    class Meta:
        verbose_name = _("perbedaan data pegawai")
        verbose_name_plural = _("perbedaan data pegawai")
        ordering = ["row", "id"]
        constraints = [models.UniqueConstraint(fields=["row", "field"], name="siasn_personchange_once_per_field")]

    def __str__(self):
        return f"{self.row.nip} {self.label}"


class Person(models.Model):
    """The SIASN PNS id (data-utama `id`) of an employee, needed by every write."""

    employee = models.OneToOneField(
        Employee, verbose_name=_("pegawai"), on_delete=models.CASCADE, related_name="siasn_person"
    )
    pns_id = models.CharField(_("ID PNS SIASN"), max_length=64)
    fetched_at = models.DateTimeField(_("diambil"), auto_now=True)

    class Meta:
        verbose_name = _("ID PNS SIASN")
        verbose_name_plural = _("ID PNS SIASN")

    def __str__(self):
        return self.pns_id


class OutboxItem(models.Model):
    """One record to be written to SIASN: one row per (kind, record), whatever the number of events or retries."""

    class Kind(models.TextChoices):
        SKP = "skp", _("SKP tahunan")
        TRAINING = "training", _("Pelatihan")

    class Status(models.TextChoices):
        WAITING = "waiting", _("Menunggu")
        SENDING = "sending", _("Sedang dikirim")
        SENT = "sent", _("Terkirim")
        FAILED = "failed", _("Gagal")

    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    record_id = models.PositiveBigIntegerField(_("ID catatan"))
    employee = models.ForeignKey(
        Employee, verbose_name=_("pegawai"), on_delete=models.CASCADE, related_name="siasn_outbox"
    )
    label = models.CharField(_("catatan"), max_length=300)
    endpoint = models.CharField(_("alamat"), max_length=40, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.WAITING)
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    siasn_id = models.CharField(_("ID riwayat SIASN"), max_length=64, blank=True)
    document_sent = models.BooleanField(_("dokumen terkirim"), default=False)
    payload = models.JSONField(_("data terakhir dikirim"), null=True, blank=True)
    last_error = models.TextField(_("galat terakhir"), blank=True)
    raw_answer = models.TextField(_("jawaban SIASN"), blank=True)
    next_attempt_at = models.DateTimeField(_("percobaan berikutnya"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("mulai dikirim"), null=True, blank=True)
    sent_at = models.DateTimeField(_("terkirim"), null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        verbose_name = _("antrean kirim SIASN")
        verbose_name_plural = _("antrean kirim SIASN")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "record_id"], name="siasn_outboxitem_once_per_record"),
        ]
        indexes = [
            # the sweep: waiting or failed rows whose next attempt is due
            models.Index(fields=["status", "next_attempt_at"], name="siasn_outbox_due_idx"),
            # the profile: one employee's rows
            models.Index(fields=["employee", "kind"], name="siasn_outbox_employee_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.label}"

    BADGES = {"sent": "text-bg-success", "failed": "text-bg-danger", "sending": "text-bg-info"}

    @property
    def status_badge(self) -> str:
        return self.BADGES.get(self.status, "text-bg-secondary")
