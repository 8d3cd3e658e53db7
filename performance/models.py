"""SKP appraisal (PermenPANRB 6/2022): periods, appraisals, goals, periodic and annual ratings, follow-up."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from employees.models import Employee, OrgUnit

from . import rules


class Rating(models.TextChoices):
    DI_ATAS = rules.DI_ATAS, _("Di atas ekspektasi")
    SESUAI = rules.SESUAI, _("Sesuai ekspektasi")
    DI_BAWAH = rules.DI_BAWAH, _("Di bawah ekspektasi")


class Predikat(models.TextChoices):
    SANGAT_BAIK = rules.SANGAT_BAIK, _("Sangat Baik")
    BAIK = rules.BAIK, _("Baik")
    BUTUH_PERBAIKAN = rules.BUTUH_PERBAIKAN, _("Butuh Perbaikan")
    KURANG = rules.KURANG, _("Kurang/Misconduct")
    SANGAT_KURANG = rules.SANGAT_KURANG, _("Sangat Kurang")


class Behaviour(models.TextChoices):
    """The seven BerAKHLAK core values."""

    BERORIENTASI_PELAYANAN = "berorientasi_pelayanan", _("Berorientasi Pelayanan")
    AKUNTABEL = "akuntabel", _("Akuntabel")
    KOMPETEN = "kompeten", _("Kompeten")
    HARMONIS = "harmonis", _("Harmonis")
    LOYAL = "loyal", _("Loyal")
    ADAPTIF = "adaptif", _("Adaptif")
    KOLABORATIF = "kolaboratif", _("Kolaboratif")


class JobStatus(models.TextChoices):
    """Where a background job started from a page stands; the page polls it."""

    NONE = "", _("Belum dijalankan")
    QUEUED = "queued", _("Dalam antrean")
    RUNNING = "running", _("Sedang berjalan")
    DONE = "done", _("Selesai")
    FAILED = "failed", _("Gagal")


class AppraisalPeriod(models.Model):
    class Cadence(models.TextChoices):
        MONTHLY = "monthly", _("Bulanan")
        QUARTERLY = "quarterly", _("Triwulanan")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        OPEN = "open", _("Dibuka")
        CLOSED = "closed", _("Ditutup")

    year = models.PositiveSmallIntegerField(_("tahun"))
    cadence = models.CharField(_("penilaian periodik"), max_length=10, choices=Cadence.choices)
    plan_due = models.DateField(_("batas penetapan SKP"))
    self_assessment_due = models.DateField(_("batas penilaian diri"))
    evaluation_due = models.DateField(_("batas evaluasi tahunan"))
    approval_due = models.DateField(_("batas persetujuan"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("dibuat oleh"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    opened_at = models.DateTimeField(_("dibuka"), null=True, blank=True)
    # opening creates one SKP per active employee on a Celery worker; the period page follows these
    opening_status = models.CharField(_("status pembukaan"), max_length=10, choices=JobStatus.choices, blank=True,
                                      default="")  # fmt: skip
    opening_message = models.CharField(_("pesan pembukaan"), max_length=500, blank=True)
    opening_started_at = models.DateTimeField(_("pembukaan diminta"), null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("periode penilaian")
        verbose_name_plural = _("periode penilaian")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["year"], name="performance_appraisalperiod_one_per_year"),
        ]

    def __str__(self):
        return _("Periode penilaian %(year)s") % {"year": self.year}


class PeriodicWindow(models.Model):
    """One monthly or quarterly evaluation of a period, with its two deadlines."""

    period = models.ForeignKey(AppraisalPeriod, verbose_name=_("periode"), on_delete=models.CASCADE,
                               related_name="windows")  # fmt: skip
    number = models.PositiveSmallIntegerField(_("ke"))
    label = models.CharField(_("nama"), max_length=40)
    ends = models.DateField(_("akhir periode"))
    realisation_due = models.DateField(_("batas realisasi"))
    rating_due = models.DateField(_("batas penilaian atasan"))

    class Meta:
        verbose_name = _("penilaian periodik")
        verbose_name_plural = _("penilaian periodik")
        ordering = ["period", "number"]
        constraints = [
            models.UniqueConstraint(fields=["period", "number"], name="performance_periodicwindow_unique"),
        ]

    def __str__(self):
        return f"{self.label} {self.period.year}"


class AppraisalQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Appraisals a user may see: those of employees in their scope (HR, head, supervisors, self),
        plus those they approve or decide an objection on (which may sit outside their department)."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_hr:
            return self
        emp = user.employee_or_none
        if emp is None:
            return self.none()
        scope = Employee.objects.visible_to(user).values("pk")
        return self.filter(
            Q(employee__in=scope) | Q(evaluator=emp) | Q(approver=emp) | Q(objection__decider=emp)
        ).distinct()

    def with_related(self):
        return self.select_related("period", "employee", "evaluator", "approver", "department", "employee__unit")


class Appraisal(models.Model):
    """The SKP of one employee for one period; the state moves only through services."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf rencana")
        PLAN_SUBMITTED = "plan_submitted", _("Rencana diajukan")
        PLAN_APPROVED = "plan_approved", _("Rencana disepakati")
        SELF_ASSESSED = "self_assessed", _("Penilaian diri diajukan")
        EVALUATED = "evaluated", _("Dinilai atasan")
        APPROVED = "approved", _("Disetujui")

    # period, evaluator and approver: no index of their own, each leads a composite index below
    # (every index is written for each of the 100,000 rows a period opens with)
    period = models.ForeignKey(AppraisalPeriod, verbose_name=_("periode"), on_delete=models.PROTECT,
                               related_name="appraisals", db_index=False)  # fmt: skip
    employee = models.ForeignKey(Employee, verbose_name=_("pegawai"), on_delete=models.PROTECT,
                                 related_name="appraisals")  # fmt: skip
    # Recorded when the period opens so that later transfers do not rewrite who evaluates and approves.
    department = models.ForeignKey(OrgUnit, verbose_name=_("perangkat daerah"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")  # fmt: skip
    evaluator = models.ForeignKey(Employee, verbose_name=_("pejabat penilai"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="appraisals_to_rate",
                                  db_index=False)  # fmt: skip
    approver = models.ForeignKey(Employee, verbose_name=_("pejabat yang menyetujui"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="appraisals_to_approve",
                                 db_index=False)  # fmt: skip
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    plan_comment = models.TextField(_("catatan atasan atas rencana"), blank=True)
    self_assessment = models.TextField(_("penilaian diri"), blank=True)
    results_rating = models.CharField(_("rating hasil kerja"), max_length=10, choices=Rating.choices, blank=True)
    behaviour_rating = models.CharField(_("rating perilaku kerja"), max_length=10, choices=Rating.choices,
                                        blank=True)  # fmt: skip
    behaviour_ratings = models.JSONField(_("rating per perilaku BerAKHLAK"), default=dict, blank=True)
    feedback = models.TextField(_("umpan balik atasan"), blank=True)
    predikat = models.CharField(_("predikat"), max_length=20, choices=Predikat.choices, blank=True)
    credit_points = models.DecimalField(_("angka kredit"), max_digits=8, decimal_places=4, null=True, blank=True)
    rated_by = models.ForeignKey(Employee, verbose_name=_("dinilai oleh"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+", db_index=False)  # fmt: skip
    returned_reason = models.TextField(_("alasan dikembalikan"), blank=True)
    approved_by = models.ForeignKey(Employee, verbose_name=_("disetujui oleh"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+", db_index=False)  # fmt: skip
    approved_at = models.DateTimeField(_("disetujui"), null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)
    # History is read by appraisal (its id), never by these columns: no index to write per row.
    history = HistoricalRecords(
        excluded_fields=["updated_at"],
        no_db_index=["period", "employee", "department", "evaluator", "approver", "rated_by", "approved_by"],
    )

    objects = AppraisalQuerySet.as_manager()

    class Meta:
        verbose_name = _("SKP")
        verbose_name_plural = _("SKP")
        ordering = ["-period__year", "employee__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["period", "employee"], name="performance_appraisal_one_per_period"),
        ]
        indexes = [
            # "Tim saya" and the evaluator reminders
            models.Index(fields=["evaluator", "status"], name="performance_appr_eval_idx"),
            # "Persetujuan" and the approver reminders
            models.Index(fields=["approver", "status"], name="performance_appr_approver_idx"),
            # HR overview per department and the curve spread
            models.Index(fields=["period", "department", "status"], name="performance_appr_dept_idx"),
            # the last change in a period, which keys the cached progress counts
            models.Index(fields=["period", "updated_at"], name="performance_appr_changed_idx"),
            # who rated / approved: empty when a period opens, so only the filled rows are indexed
            models.Index(fields=["rated_by"], name="performance_appr_rateby_idx",
                         condition=Q(rated_by__isnull=False)),
            models.Index(fields=["approved_by"], name="performance_appr_apprby_idx",
                         condition=Q(approved_by__isnull=False)),
        ]  # fmt: skip

    BADGES = {"approved": "text-bg-success", "evaluated": "text-bg-primary", "draft": "text-bg-secondary"}

    @property
    def status_label(self):
        """Enum lookup: get_status_display() rebuilds the choice list on every call (slow on long lists)."""
        return self.Status(self.status).label

    @property
    def status_badge(self) -> str:
        return self.BADGES.get(self.status, "text-bg-info")

    def __str__(self):
        return f"SKP {self.period.year} · {self.employee}"

    @property
    def is_frozen(self) -> bool:
        return self.status == self.Status.APPROVED

    @property
    def plan_editable(self) -> bool:
        return self.status == self.Status.DRAFT


class PerformanceGoal(models.Model):
    """A result row of the SKP (Rencana Hasil Kerja with its indicator and target)."""

    class Kind(models.TextChoices):
        UTAMA = "utama", _("Utama")
        TAMBAHAN = "tambahan", _("Tambahan")

    class Aspect(models.TextChoices):
        KUANTITAS = "kuantitas", _("Kuantitas")
        KUALITAS = "kualitas", _("Kualitas")
        WAKTU = "waktu", _("Waktu")
        BIAYA = "biaya", _("Biaya")

    # Aspects whose target is a number (count, months, rupiah); kualitas may be described in words.
    NUMERIC_ASPECTS = (Aspect.KUANTITAS, Aspect.WAKTU, Aspect.BIAYA)

    appraisal = models.ForeignKey(Appraisal, verbose_name=_("SKP"), on_delete=models.CASCADE, related_name="goals")
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices, default=Kind.UTAMA)
    supports = models.ForeignKey(
        "self", verbose_name=_("hasil kerja atasan yang diintervensi"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="supported_by",
    )  # fmt: skip
    plan = models.TextField(_("rencana hasil kerja"))
    aspect = models.CharField(_("aspek"), max_length=10, choices=Aspect.choices)
    indicator = models.CharField(_("indikator kinerja individu"), max_length=300)
    target = models.CharField(_("target"), max_length=60)
    target_unit = models.CharField(_("satuan"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hasil kerja SKP")
        verbose_name_plural = _("hasil kerja SKP")
        ordering = ["appraisal", "kind", "id"]

    def __str__(self):
        return self.plan[:80]


class PeriodicEvaluation(models.Model):
    """Realisation by the employee and the evaluator's rating for one monthly/quarterly window."""

    appraisal = models.ForeignKey(Appraisal, verbose_name=_("SKP"), on_delete=models.CASCADE,
                                  related_name="evaluations")  # fmt: skip
    window = models.ForeignKey(PeriodicWindow, verbose_name=_("periode"), on_delete=models.PROTECT,
                               related_name="evaluations")  # fmt: skip
    realisation = models.TextField(_("realisasi"), blank=True)
    # per result row: {"<goal id>": "what was achieved against its target"}
    goal_realisations = models.JSONField(_("realisasi per hasil kerja"), default=dict, blank=True)
    realised_at = models.DateTimeField(_("realisasi dicatat"), null=True, blank=True)
    feedback = models.TextField(_("umpan balik"), blank=True)
    results_rating = models.CharField(_("rating hasil kerja"), max_length=10, choices=Rating.choices, blank=True)
    behaviour_rating = models.CharField(_("rating perilaku kerja"), max_length=10, choices=Rating.choices,
                                        blank=True)  # fmt: skip
    behaviour_ratings = models.JSONField(_("rating per perilaku BerAKHLAK"), default=dict, blank=True)
    rated_by = models.ForeignKey(Employee, verbose_name=_("dinilai oleh"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")  # fmt: skip
    rated_at = models.DateTimeField(_("dinilai"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evaluasi periodik")
        verbose_name_plural = _("evaluasi periodik")
        ordering = ["appraisal", "window__number"]
        constraints = [
            models.UniqueConstraint(fields=["appraisal", "window"], name="performance_periodicevaluation_unique"),
        ]

    def __str__(self):
        return f"{self.appraisal} · {self.window.label}"


def evidence_path(instance, filename):
    return f"kinerja/bukti/{instance.evaluation.appraisal_id}/{filename}"


class Evidence(models.Model):
    """An evidence file for a periodic realisation; private, served only through a checked view."""

    evaluation = models.ForeignKey(PeriodicEvaluation, verbose_name=_("evaluasi"), on_delete=models.CASCADE,
                                   related_name="evidence")  # fmt: skip
    file = models.FileField(_("berkas"), upload_to=evidence_path)
    original_name = models.CharField(_("nama berkas"), max_length=255)
    content_type = models.CharField(_("jenis"), max_length=100)
    size = models.PositiveIntegerField(_("ukuran (bita)"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("diunggah oleh"),
                                    on_delete=models.PROTECT, related_name="+")  # fmt: skip
    uploaded_at = models.DateTimeField(_("diunggah"), auto_now_add=True)

    class Meta:
        verbose_name = _("bukti dukung")
        verbose_name_plural = _("bukti dukung")
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.original_name


# What each recorded step says in the history (the stored `action` is a stable key, not shown)
ACTION_LABELS = {
    "ajukan-rencana": _("mengajukan rencana SKP"),
    "sepakati-rencana": _("menyepakati rencana SKP"),
    "kembalikan-rencana": _("mengembalikan rencana SKP untuk diperbaiki"),
    "penilaian-diri": _("mengajukan penilaian diri"),
    "nilai-tahunan": _("memberi penilaian tahunan"),
    "setujui": _("menyetujui SKP"),
    "kembalikan-ke-penilai": _("mengembalikan penilaian kepada pejabat penilai"),
    "keberatan": _("mengajukan keberatan"),
    "keberatan-upheld": _("memutus keberatan: diterima"),
    "keberatan-rejected": _("memutus keberatan: ditolak"),
}


class Transition(models.Model):
    """Who moved an appraisal from which state to which, when, and why."""

    appraisal = models.ForeignKey(Appraisal, verbose_name=_("SKP"), on_delete=models.CASCADE,
                                  related_name="transitions")  # fmt: skip
    action = models.CharField(_("tindakan"), max_length=40)
    from_status = models.CharField(_("dari"), max_length=20, blank=True)
    to_status = models.CharField(_("ke"), max_length=20, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("oleh"), null=True, blank=True,
                           on_delete=models.PROTECT, related_name="+")  # fmt: skip
    at = models.DateTimeField(_("waktu"), auto_now_add=True)
    comment = models.TextField(_("catatan"), blank=True)

    class Meta:
        verbose_name = _("riwayat tindakan")
        verbose_name_plural = _("riwayat tindakan")
        ordering = ["appraisal", "at", "id"]

    def __str__(self):
        return f"{self.action} · {self.at:%Y-%m-%d %H:%M}"

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS.get(self.action, self.action))

    @property
    def by_name(self) -> str:
        """The person, by name (the login only when the account has no name); "sistem" for automatic steps."""
        if self.by is None:
            return str(_("sistem"))
        return self.by.get_full_name() or self.by.username


class Objection(models.Model):
    """Keberatan against an approved result; decided once, finally, by the evaluator's superior."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("Menunggu keputusan")
        UPHELD = "upheld", _("Diterima")
        REJECTED = "rejected", _("Ditolak")

    appraisal = models.OneToOneField(Appraisal, verbose_name=_("SKP"), on_delete=models.CASCADE,
                                     related_name="objection")  # fmt: skip
    reason = models.TextField(_("alasan keberatan"))
    lodged_at = models.DateTimeField(_("diajukan"), auto_now_add=True)
    decider = models.ForeignKey(Employee, verbose_name=_("pejabat yang memutus"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="objections_to_decide")  # fmt: skip
    decision = models.CharField(_("keputusan"), max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decision_note = models.TextField(_("pertimbangan keputusan"), blank=True)
    previous_predikat = models.CharField(_("predikat semula"), max_length=20, choices=Predikat.choices, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("diputus oleh"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")  # fmt: skip
    decided_at = models.DateTimeField(_("diputus"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("keberatan")
        verbose_name_plural = _("keberatan")
        ordering = ["-lodged_at"]
        indexes = [
            # the decider's inbox and reminders
            models.Index(fields=["decider", "decision"], name="performance_obj_inbox_idx"),
        ]

    def __str__(self):
        return f"{self.appraisal} · {self.get_decision_display()}"


class OrganisationCurve(models.Model):
    """The department's own predikat for a period, set by HR; it limits the spread of its employees'."""

    class UnitPredikat(models.TextChoices):
        ISTIMEWA = rules.ISTIMEWA, _("Istimewa")
        BAIK = rules.BAIK, _("Baik")
        BUTUH_PERBAIKAN = rules.BUTUH_PERBAIKAN, _("Butuh Perbaikan")
        KURANG = rules.KURANG, _("Kurang")
        SANGAT_KURANG = rules.SANGAT_KURANG, _("Sangat Kurang")

    period = models.ForeignKey(AppraisalPeriod, verbose_name=_("periode"), on_delete=models.CASCADE,
                               related_name="curves")  # fmt: skip
    department = models.ForeignKey(OrgUnit, verbose_name=_("perangkat daerah"), on_delete=models.CASCADE,
                                   related_name="+")  # fmt: skip
    unit_predikat = models.CharField(_("predikat kinerja organisasi"), max_length=20, choices=UnitPredikat.choices)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("ditetapkan oleh"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("kurva distribusi organisasi")
        verbose_name_plural = _("kurva distribusi organisasi")
        constraints = [
            models.UniqueConstraint(fields=["period", "department"], name="performance_organisationcurve_unique"),
        ]

    def __str__(self):
        return f"{self.department} {self.period.year}: {self.get_unit_predikat_display()}"


class Recognition(models.Model):
    """Follow-up for Sangat Baik; two years running puts the employee in the talent pool."""

    appraisal = models.OneToOneField(Appraisal, verbose_name=_("SKP"), on_delete=models.CASCADE,
                                     related_name="recognition")  # fmt: skip
    employee = models.ForeignKey(Employee, verbose_name=_("pegawai"), on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("tahun"))
    talent_pool = models.BooleanField(_("prioritas kelompok rencana suksesi (talent pool)"), default=False)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("penghargaan kinerja")
        verbose_name_plural = _("penghargaan kinerja")
        ordering = ["-year"]

    def __str__(self):
        return f"{self.employee} {self.year}"


class CoachingPlanQuerySet(models.QuerySet):
    def visible_to(self, user):
        """HR all; others the plans of employees in their scope (self, reports, department) or they run."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_hr:
            return self
        emp = user.employee_or_none
        if emp is None:
            return self.none()
        return self.filter(Q(employee__in=Employee.objects.visible_to(user).values("pk")) | Q(responsible=emp))


class CoachingPlan(models.Model):
    """Pembinaan for Butuh Perbaikan, Kurang and Sangat Kurang."""

    class Status(models.TextChoices):
        OPEN = "open", _("Berjalan")
        DONE = "done", _("Selesai")

    appraisal = models.OneToOneField(Appraisal, verbose_name=_("SKP"), on_delete=models.CASCADE,
                                     related_name="coaching_plan")  # fmt: skip
    employee = models.ForeignKey(Employee, verbose_name=_("pegawai"), on_delete=models.CASCADE, related_name="+")
    actions = models.TextField(_("langkah pembinaan"))
    responsible = models.ForeignKey(Employee, verbose_name=_("penanggung jawab"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    due_date = models.DateField(_("batas waktu"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    progress_note = models.TextField(_("catatan kemajuan"), blank=True)
    completed_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = CoachingPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("rencana pembinaan")
        verbose_name_plural = _("rencana pembinaan")
        ordering = ["due_date"]
        indexes = [
            # the follow-up list: open plans by due date
            models.Index(fields=["status", "due_date"], name="performance_coach_due_idx"),
        ]

    def __str__(self):
        return f"{self.employee} · {self.due_date}"


class DevelopmentNeed(models.Model):
    """A training need from a poor appraisal, read by the training app through `selectors.development_needs`."""

    appraisal = models.OneToOneField(Appraisal, verbose_name=_("SKP"), on_delete=models.CASCADE,
                                     related_name="development_need")  # fmt: skip
    employee = models.ForeignKey(Employee, verbose_name=_("pegawai"), on_delete=models.CASCADE, related_name="+")
    department = models.ForeignKey(OrgUnit, verbose_name=_("perangkat daerah"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")  # fmt: skip
    year = models.PositiveSmallIntegerField(_("tahun"))
    predikat = models.CharField(_("predikat"), max_length=20, choices=Predikat.choices)
    weak_aspects = models.JSONField(_("perilaku yang lemah"), default=list, blank=True)
    recommended_competence = models.CharField(_("kompetensi yang disarankan"), max_length=300)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("kebutuhan pengembangan")
        verbose_name_plural = _("kebutuhan pengembangan")
        ordering = ["-year", "employee_id"]
        indexes = [
            # development_needs(year=, department_id=) for the training plan
            models.Index(fields=["year", "department"], name="performance_need_year_idx"),
        ]

    def __str__(self):
        return f"{self.employee} {self.year}"
