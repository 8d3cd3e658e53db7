from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from employees.models import Employee, OrgUnit
from employees.ranks import PNS_GOLONGAN

from . import rules


class Institution(models.Model):
    """A partner that runs training (PerLAN 10/2018: LAN, BPSDM, universities, online platforms)."""

    class Kind(models.TextChoices):
        UNIVERSITY = "universitas", _("Perguruan tinggi")
        LAN = "lan", _("Lembaga Administrasi Negara")
        BPSDM = "bpsdm", _("BPSDM Provinsi")
        ONLINE = "daring", _("Platform daring")
        MINISTRY = "kementerian", _("Kementerian/lembaga")
        OTHER = "lainnya", _("Lainnya")

    name = models.CharField(_("nama lembaga"), max_length=200, unique=True)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    agreement_number = models.CharField(_("nomor perjanjian kerja sama"), max_length=100, blank=True)
    agreement_start = models.DateField(_("mulai perjanjian"), null=True, blank=True)
    agreement_end = models.DateField(_("akhir perjanjian"), null=True, blank=True)
    contact = models.CharField(_("kontak"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        verbose_name = _("lembaga mitra")
        verbose_name_plural = _("lembaga mitra")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(agreement_end__isnull=True)
                | Q(agreement_start__isnull=True)
                | Q(agreement_end__gte=models.F("agreement_start")),
                name="training_institution_agreement_dates",
            ),
        ]

    def __str__(self):
        return self.name

    def is_lapsed(self, on=None) -> bool:
        on = on or timezone.localdate()
        return self.agreement_end is not None and self.agreement_end < on

    @property
    def lapsed(self) -> bool:
        return self.is_lapsed()


class TrainingProgram(models.Model):
    """A programme in the catalogue; its prerequisites are data checked by `rules.prerequisite_failures`."""

    class CompetenceType(models.TextChoices):
        TEKNIS = "teknis", _("Teknis")
        MANAJERIAL = "manajerial", _("Manajerial")
        SOSIAL_KULTURAL = "sosial_kultural", _("Sosial kultural")
        FUNGSIONAL = "fungsional", _("Fungsional")
        KEPEMIMPINAN = "kepemimpinan", _("Kepemimpinan")

    class Route(models.TextChoices):
        KLASIKAL = "klasikal", _("Klasikal")
        NONKLASIKAL = "nonklasikal", _("Nonklasikal")

    class Method(models.TextChoices):
        COURSE = "kursus", _("Kursus")
        WORKSHOP = "lokakarya", _("Lokakarya")
        SEMINAR = "seminar", _("Seminar")
        BIMTEK = "bimtek", _("Bimbingan teknis")
        ELEARNING = "e_learning", _("E-learning")
        COACHING = "coaching", _("Coaching")
        MENTORING = "mentoring", _("Mentoring")
        INTERNSHIP = "magang", _("Magang")
        PELATIHAN = "pelatihan", _("Pelatihan struktural")

    class Kind(models.TextChoices):
        """The instrument's four kinds of competence development (Peraturan BKN 8/2019 Art. 8(3))."""

        LEADERSHIP = rules.LEADERSHIP, _("Pelatihan kepemimpinan (PKP/PKA/PKN, Latsar)")
        FUNCTIONAL = rules.FUNCTIONAL, _("Pelatihan fungsional")
        TECHNICAL = rules.TECHNICAL, _("Pelatihan teknis")
        SEMINAR = rules.SEMINAR, _("Seminar/lokakarya/magang/kursus")

    class LeadershipLevel(models.TextChoices):
        LATSAR = "latsar", _("Latsar CPNS")
        PKP = "pkp", _("Pelatihan Kepemimpinan Pengawas (PKP)")
        PKA = "pka", _("Pelatihan Kepemimpinan Administrator (PKA)")
        PKN2 = "pkn2", _("Pelatihan Kepemimpinan Nasional Tk. II")
        PKN1 = "pkn1", _("Pelatihan Kepemimpinan Nasional Tk. I")

    Golongan = models.TextChoices("Golongan", [(g, g) for g in PNS_GOLONGAN])

    title = models.CharField(_("judul"), max_length=200)
    kind = models.CharField(
        _("jenis pengembangan kompetensi"), max_length=12, choices=Kind.choices,
        help_text=_("Menentukan indikator Indeks Profesionalitas ASN yang dipenuhi."),
    )  # fmt: skip
    competence_type = models.CharField(_("jenis kompetensi"), max_length=20, choices=CompetenceType.choices)
    route = models.CharField(_("jalur"), max_length=12, choices=Route.choices)
    method = models.CharField(_("metode"), max_length=12, choices=Method.choices)
    jp = models.PositiveSmallIntegerField(
        _("JP"), validators=[MinValueValidator(1), MaxValueValidator(1000)], help_text=_("1 JP = 45 menit.")
    )
    institution = models.ForeignKey(
        Institution, verbose_name=_("penyelenggara"), on_delete=models.PROTECT, related_name="programs"
    )
    description = models.TextField(_("uraian"), blank=True)
    leadership_level = models.CharField(
        _("jenjang pelatihan kepemimpinan"), max_length=6, choices=LeadershipLevel.choices, blank=True
    )
    functional_position = models.CharField(
        _("jabatan fungsional"), max_length=100, blank=True,
        help_text=_("Untuk pelatihan fungsional: nama jabatannya, mis. Analis Kebijakan."),
    )  # fmt: skip
    target_position_types = models.JSONField(_("sasaran jenis jabatan"), default=list, blank=True)
    target_golongan = models.JSONField(_("sasaran golongan"), default=list, blank=True)
    # Prerequisites as data (e.g. PKN II: at least IV/a, at most 55 years old).
    min_golongan = models.CharField(_("golongan minimal"), max_length=5, choices=Golongan.choices, blank=True)
    max_age = models.PositiveSmallIntegerField(_("usia maksimal"), null=True, blank=True)
    required_position_types = models.JSONField(_("jenis jabatan yang disyaratkan"), default=list, blank=True)
    required_program = models.ForeignKey(
        "self", verbose_name=_("pelatihan yang harus sudah diselesaikan"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        verbose_name = _("program pelatihan")
        verbose_name_plural = _("program pelatihan")
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["title", "institution"], name="training_program_title_unique"),
            models.CheckConstraint(
                condition=Q(leadership_level="") | Q(kind=rules.LEADERSHIP), name="training_program_level_kind"
            ),
            models.CheckConstraint(
                condition=Q(functional_position="") | Q(kind=rules.FUNCTIONAL), name="training_program_position_kind"
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        errors = rules.kind_errors(
            kind=self.kind, leadership_level=self.leadership_level, functional_position=self.functional_position
        )
        if errors:
            raise ValidationError(errors)


class TrainingSession(models.Model):
    """One batch (angkatan) of a programme."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Direncanakan")
        OPEN = "open", _("Pendaftaran dibuka")
        RUNNING = "running", _("Berlangsung")
        FINISHED = "finished", _("Selesai")
        CANCELLED = "cancelled", _("Dibatalkan")

    program = models.ForeignKey(
        TrainingProgram, verbose_name=_("program"), on_delete=models.PROTECT, related_name="sessions"
    )
    name = models.CharField(_("angkatan"), max_length=100, help_text=_("Mis. Angkatan I 2026."))
    start_date = models.DateField(_("tanggal mulai"))
    end_date = models.DateField(_("tanggal selesai"))
    place = models.CharField(_("tempat"), max_length=200, blank=True)
    online_url = models.URLField(_("tautan daring"), blank=True)
    capacity = models.PositiveSmallIntegerField(_("kapasitas"), validators=[MinValueValidator(1)])
    registration_deadline = models.DateField(_("batas pendaftaran"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        verbose_name = _("sesi pelatihan")
        verbose_name_plural = _("sesi pelatihan")
        ordering = ["-start_date", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="training_session_dates"),
            models.CheckConstraint(
                condition=Q(registration_deadline__lte=models.F("end_date")), name="training_session_deadline"
            ),
        ]
        indexes = [
            # the reminder sweep: sessions starting within the next days
            models.Index(fields=["start_date", "status"], name="training_session_start_idx"),
        ]

    def __str__(self):
        return f"{self.program} — {self.name}"

    @property
    def is_closed(self) -> bool:
        return self.status in (self.Status.FINISHED, self.Status.CANCELLED)

    def days(self):
        day = self.start_date
        while day <= self.end_date:
            yield day
            day += timezone.timedelta(days=1)


class EnrollmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """HR: all; everyone else: enrolments of the employees they may see (self, reports, department)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_hr:
            return self
        return self.filter(employee__in=Employee.objects.visible_to(user))


class Enrollment(models.Model):
    class Origin(models.TextChoices):
        HR = "hr", _("Dinominasikan BKPSDM")
        SUPERVISOR = "supervisor", _("Dinominasikan atasan")
        REQUEST = "request", _("Permintaan pegawai")

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu persetujuan")
        APPROVED = "approved", _("Disetujui")
        WAITLISTED = "waitlisted", _("Daftar tunggu")
        DECLINED = "declined", _("Ditolak")
        CANCELLED = "cancelled", _("Dibatalkan")

    class Result(models.TextChoices):
        NONE = "", _("Belum ada")
        COMPLETED = "completed", _("Lulus/selesai")
        NOT_COMPLETED = "not_completed", _("Tidak selesai")

    ACTIVE = (Status.PENDING, Status.APPROVED, Status.WAITLISTED)

    session = models.ForeignKey(
        TrainingSession, verbose_name=_("sesi"), on_delete=models.PROTECT, related_name="enrollments"
    )
    employee = models.ForeignKey(
        Employee, verbose_name=_("pegawai"), on_delete=models.PROTECT, related_name="training_enrollments"
    )
    origin = models.CharField(_("asal"), max_length=10, choices=Origin.choices)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("diusulkan oleh"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("catatan usulan"), max_length=500, blank=True)
    warning = models.CharField(_("peringatan"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("diputuskan oleh"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    decided_at = models.DateTimeField(_("diputuskan"), null=True, blank=True)
    decline_reason = models.CharField(_("alasan penolakan"), max_length=500, blank=True)
    waitlisted_at = models.DateTimeField(_("masuk daftar tunggu"), null=True, blank=True)
    result = models.CharField(_("hasil"), max_length=15, choices=Result.choices, blank=True, default="")
    result_at = models.DateTimeField(_("hasil dicatat"), null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = EnrollmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("peserta pelatihan")
        verbose_name_plural = _("peserta pelatihan")
        ordering = ["session", "employee__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "employee"],
                condition=Q(status__in=["pending", "approved", "waitlisted"]),
                name="training_enrollment_once_per_session",
            ),
        ]
        indexes = [
            # JP per employee per year: completed enrolments of an employee
            models.Index(fields=["employee", "result", "status"], name="training_enrol_jp_idx"),
            # seats and the waitlist of a session
            models.Index(fields=["session", "status", "waitlisted_at"], name="training_enrol_seat_idx"),
        ]

    def __str__(self):
        return f"{self.employee} · {self.session}"


class Attendance(models.Model):
    enrollment = models.ForeignKey(
        Enrollment, verbose_name=_("peserta"), on_delete=models.CASCADE, related_name="attendances"
    )
    day = models.DateField(_("tanggal"))
    present = models.BooleanField(_("hadir"), default=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("dicatat oleh"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("dicatat"), auto_now=True)

    class Meta:
        verbose_name = _("kehadiran")
        verbose_name_plural = _("kehadiran")
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "day"], name="training_attendance_once_per_day"),
        ]

    def __str__(self):
        return f"{self.enrollment} {self.day}"


def certificate_path(instance, filename):
    return f"training/certificates/{timezone.now():%Y}/{instance.code}{filename[filename.rfind('.') :]}"


class Certificate(models.Model):
    class Kind(models.TextChoices):
        UPLOADED = "uploaded", _("Diunggah")
        GENERATED = "generated", _("Dibuat sistem")

    enrollment = models.OneToOneField(
        Enrollment, verbose_name=_("peserta"), on_delete=models.PROTECT, related_name="certificate"
    )
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    code = models.CharField(_("kode verifikasi"), max_length=20, unique=True)
    file = models.FileField(_("berkas"), upload_to=certificate_path, max_length=255)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("diterbitkan oleh"), on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(_("diterbitkan"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sertifikat")
        verbose_name_plural = _("sertifikat")
        ordering = ["-issued_at"]

    def __str__(self):
        return self.code


def evidence_path(instance, filename):
    return f"training/external/{timezone.now():%Y}/{instance.employee_id}-{filename}"


class ExternalLearningQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.is_hr:
            return self
        return self.filter(employee__in=Employee.objects.visible_to(user))


class ExternalLearning(models.Model):
    """Learning an employee did elsewhere; counts for JP once an HR officer verifies it."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Menunggu verifikasi")
        VERIFIED = "verified", _("Terverifikasi")
        REJECTED = "rejected", _("Ditolak")

    employee = models.ForeignKey(
        Employee, verbose_name=_("pegawai"), on_delete=models.PROTECT, related_name="external_learning"
    )
    title = models.CharField(_("judul kegiatan"), max_length=200)
    provider = models.CharField(_("penyelenggara"), max_length=200)
    kind = models.CharField(_("jenis pengembangan kompetensi"), max_length=12, choices=TrainingProgram.Kind.choices)
    leadership_level = models.CharField(
        _("jenjang pelatihan kepemimpinan"), max_length=6, choices=TrainingProgram.LeadershipLevel.choices,
        blank=True,
    )  # fmt: skip
    functional_position = models.CharField(
        _("jabatan fungsional"), max_length=100, blank=True,
        help_text=_("Untuk pelatihan fungsional: nama jabatannya, mis. Analis Kebijakan."),
    )  # fmt: skip
    route = models.CharField(_("jalur"), max_length=12, choices=TrainingProgram.Route.choices)
    method = models.CharField(_("metode"), max_length=12, choices=TrainingProgram.Method.choices)
    start_date = models.DateField(_("tanggal mulai"))
    end_date = models.DateField(_("tanggal selesai"))
    jp = models.PositiveSmallIntegerField(_("JP"), validators=[MinValueValidator(1), MaxValueValidator(500)])
    evidence = models.FileField(_("bukti"), upload_to=evidence_path, max_length=255)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("diverifikasi oleh"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    verified_at = models.DateTimeField(_("diverifikasi"), null=True, blank=True)
    reject_reason = models.CharField(_("alasan penolakan"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    objects = ExternalLearningQuerySet.as_manager()

    class Meta:
        verbose_name = _("pembelajaran mandiri")
        verbose_name_plural = _("pembelajaran mandiri")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="training_external_dates"),
            models.CheckConstraint(
                condition=Q(leadership_level="") | Q(kind=rules.LEADERSHIP), name="training_external_level_kind"
            ),
            models.CheckConstraint(
                condition=Q(functional_position="") | Q(kind=rules.FUNCTIONAL), name="training_external_position_kind"
            ),
        ]
        indexes = [
            # JP per employee per year: verified reports of an employee
            models.Index(fields=["employee", "status", "end_date"], name="training_external_jp_idx"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        errors = rules.kind_errors(
            kind=self.kind, leadership_level=self.leadership_level, functional_position=self.functional_position
        )
        if errors:
            raise ValidationError(errors)


class Feedback(models.Model):
    enrollment = models.OneToOneField(
        Enrollment, verbose_name=_("peserta"), on_delete=models.CASCADE, related_name="feedback"
    )
    rating = models.PositiveSmallIntegerField(_("nilai"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.TextField(_("komentar"), blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("umpan balik")
        verbose_name_plural = _("umpan balik")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(rating__gte=1, rating__lte=5), name="training_feedback_rating_range"),
        ]

    def __str__(self):
        return f"{self.enrollment} ({self.rating})"


class TrainingNeed(models.Model):
    """One line of a department's yearly training-needs plan."""

    class Source(models.TextChoices):
        PERFORMANCE = "kinerja", _("Hasil penilaian kinerja")
        LEADERSHIP = "kepemimpinan", _("Kesenjangan pelatihan kepemimpinan")

    year = models.PositiveSmallIntegerField(_("tahun"))
    department = models.ForeignKey(
        OrgUnit, verbose_name=_("perangkat daerah"), on_delete=models.PROTECT, related_name="+"
    )
    employee = models.ForeignKey(Employee, verbose_name=_("pegawai"), on_delete=models.CASCADE, related_name="+")
    source = models.CharField(_("sumber"), max_length=12, choices=Source.choices)
    description = models.CharField(_("kebutuhan"), max_length=500)
    leadership_level = models.CharField(
        _("jenjang kepemimpinan"), max_length=6, choices=TrainingProgram.LeadershipLevel.choices, blank=True
    )
    enrollment = models.ForeignKey(
        Enrollment, verbose_name=_("usulan peserta"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("kebutuhan pelatihan")
        verbose_name_plural = _("kebutuhan pelatihan")
        ordering = ["year", "department", "employee__name", "source"]
        constraints = [
            models.UniqueConstraint(fields=["year", "employee", "source"], name="training_need_once_per_year"),
        ]
        indexes = [
            # the plan page: one department, one year
            models.Index(fields=["department", "year"], name="training_need_plan_idx"),
        ]

    def __str__(self):
        return f"{self.year} {self.employee}: {self.description}"


class JpLedger(models.Model):
    """JP of one employee in one year, kept up to date from completed sessions and verified reports
    (`training.ledger`), so the under-20-JP lists and counts read one row per employee instead of
    summing every enrolment of a province on each request; also the technical JP and the number of
    seminars, workshops, internships and courses of the year, which the IP ASN reads."""

    employee = models.ForeignKey(
        Employee, verbose_name=_("pegawai"), on_delete=models.CASCADE, related_name="jp_ledger"
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    jp_sessions = models.PositiveIntegerField(_("JP pelatihan"), default=0)
    jp_external = models.PositiveIntegerField(_("JP mandiri"), default=0)
    jp = models.PositiveIntegerField(_("JP"), default=0)
    # what the competence dimension of the IP ASN reads (Peraturan BKN 8/2019 Art. 8(6) and (7)), kept here so
    # the index reads one row per employee instead of summing every training record
    jp_technical = models.PositiveIntegerField(_("JP pelatihan teknis"), default=0)
    seminars = models.PositiveIntegerField(_("seminar/lokakarya/magang/kursus"), default=0)
    refreshed_at = models.DateTimeField(_("dihitung"), auto_now=True)

    class Meta:
        verbose_name = _("rekap JP")
        verbose_name_plural = _("rekap JP")
        ordering = ["-year", "employee"]
        constraints = [
            models.UniqueConstraint(fields=["employee", "year"], name="training_jp_ledger_once"),
        ]
        indexes = [
            # who reached 20 JP in a year (the count of the under-20 list)
            models.Index(fields=["year", "jp", "employee"], name="training_jp_ledger_year_idx"),
        ]

    def __str__(self):
        return f"{self.employee_id} {self.year}: {self.jp} JP"
