import copy

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from employees.models import Employee, OrgUnit

from . import scoring


def default_passing_grades():
    return copy.deepcopy(scoring.DEFAULT_PASSING_GRADES)


class Category(models.TextChoices):
    UMUM = "umum", _("Umum")
    CUMLAUDE = "cumlaude", _("Cumlaude")
    DIASPORA = "diaspora", _("Diaspora")
    DISABILITAS = "disabilitas", _("Disabilitas")
    PAPUA = "papua", _("Putra/putri Papua")


class StageKind(models.TextChoices):
    ADMIN = "admin", _("Seleksi administrasi")
    SKD = "skd", _("SKD")
    SKB = "skb", _("SKB")
    FINAL = "final", _("Nilai akhir integrasi")
    TRACK_RECORD = "track_record", _("Penelusuran rekam jejak")
    ASSESSMENT = "assessment", _("Uji kompetensi (asesmen)")
    PAPER = "paper", _("Penulisan makalah dan presentasi")
    INTERVIEW = "interview", _("Wawancara")


PANEL_STAGES = (StageKind.TRACK_RECORD, StageKind.ASSESSMENT, StageKind.PAPER, StageKind.INTERVIEW)


class SelectionRoundQuerySet(models.QuerySet):
    def visible_to(self, user):
        """HR: all rounds. Department heads: rounds with a formation in their department. Panel: their rounds."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_hr:
            return self
        scope = Q(stages__panel_members__user=user)
        department = user.headed_department
        if department is not None:
            scope |= Q(formations__unit__department_id=department.pk)
        return self.filter(scope).distinct()


class RankingStatus(models.TextChoices):
    NONE = "", _("Belum dijalankan")
    QUEUED = "queued", _("Dalam antrean")
    RUNNING = "running", _("Sedang berjalan")
    DONE = "done", _("Selesai")
    FAILED = "failed", _("Gagal")


class SelectionRound(models.Model):
    class Kind(models.TextChoices):
        CASN = "casn", _("CASN (SKD/SKB)")
        OPEN = "open", _("Seleksi terbuka JPT pratama")

    class AppointmentType(models.TextChoices):
        CPNS = "cpns", _("CPNS")
        PPPK = "pppk", _("PPPK")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        REGISTRATION = "registration", _("Pendaftaran")
        ADMIN = "admin", _("Seleksi administrasi")
        APPEAL = "appeal", _("Masa sanggah")
        SKD = "skd", _("SKD")
        SKB = "skb", _("SKB / seleksi lanjutan")
        FINAL = "final", _("Nilai akhir")
        ANNOUNCED = "announced", _("Diumumkan")

    PRESETS = {
        Kind.CASN: [StageKind.ADMIN, StageKind.SKD, StageKind.SKB, StageKind.FINAL],
        Kind.OPEN: [
            StageKind.ADMIN,
            StageKind.TRACK_RECORD,
            StageKind.ASSESSMENT,
            StageKind.PAPER,
            StageKind.INTERVIEW,
        ],
    }

    name = models.CharField(_("nama seleksi"), max_length=200)
    year = models.PositiveSmallIntegerField(_("tahun"))
    kind = models.CharField(_("jenis seleksi"), max_length=10, choices=Kind.choices)
    appointment_type = models.CharField(_("jenis pengadaan"), max_length=4, choices=AppointmentType.choices)
    status = models.CharField(_("tahap"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    public_registration = models.BooleanField(
        _("pendaftaran lewat formulir daerah"), default=False,
        help_text=_("Untuk seleksi yang diselenggarakan daerah sendiri; CASN nasional diimpor dari SSCASN."),
    )  # fmt: skip
    registration_opens = models.DateField(_("pendaftaran dibuka"), null=True, blank=True)
    registration_closes = models.DateField(_("pendaftaran ditutup"), null=True, blank=True)
    appeal_opens = models.DateField(_("masa sanggah mulai"), null=True, blank=True)
    appeal_closes = models.DateField(_("masa sanggah berakhir"), null=True, blank=True)
    # Rules as data (docs/rules.md: all numbers configurable per selection round).
    passing_grades = models.JSONField(_("nilai ambang SKD per kategori"), default=default_passing_grades)
    skb_multiplier = models.PositiveSmallIntegerField(
        _("kelipatan kuota ke SKB"), default=scoring.DEFAULT_SKB_MULTIPLIER
    )
    skd_weight = models.PositiveSmallIntegerField(_("bobot SKD (%)"), default=scoring.DEFAULT_SKD_WEIGHT)
    skb_weight = models.PositiveSmallIntegerField(_("bobot SKB (%)"), default=scoring.DEFAULT_SKB_WEIGHT)
    oap_share = models.PositiveSmallIntegerField(_("porsi OAP (%)"), default=scoring.DEFAULT_OAP_SHARE)
    optimalisasi = models.BooleanField(_("optimalisasi formasi kosong"), default=False)
    ranked_at = models.DateTimeField(_("terakhir diperingkat"), null=True, blank=True)
    # the ranking runs on a Celery worker; the round page follows these
    ranking_status = models.CharField(_("status pemeringkatan"), max_length=10, choices=RankingStatus.choices,
                                      blank=True, default="")  # fmt: skip
    ranking_message = models.CharField(_("pesan pemeringkatan"), max_length=500, blank=True)
    ranking_started_at = models.DateTimeField(_("pemeringkatan diminta"), null=True, blank=True)
    # publishing an announcement freezes every result on a worker too; same states as the ranking
    publish_status = models.CharField(_("status penerbitan"), max_length=10, choices=RankingStatus.choices,
                                      blank=True, default="")  # fmt: skip
    publish_message = models.CharField(_("pesan penerbitan"), max_length=500, blank=True)
    publish_started_at = models.DateTimeField(_("penerbitan diminta"), null=True, blank=True)
    publish_number = models.PositiveIntegerField(_("pengumuman terakhir diterbitkan"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("dibuat oleh"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)
    history = HistoricalRecords(
        excluded_fields=[
            "updated_at",
            "ranked_at",
            "ranking_status",
            "ranking_message",
            "ranking_started_at",
            "publish_status",
            "publish_message",
            "publish_started_at",
            "publish_number",
        ]  # fmt: skip
    )

    objects = SelectionRoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("seleksi")
        verbose_name_plural = _("seleksi")
        ordering = ["-year", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(skd_weight__lte=100) & Q(skb_weight__lte=100), name="recruitment_round_weights_percent"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.year})"

    @property
    def is_casn(self) -> bool:
        return self.kind == self.Kind.CASN

    def status_moves(self) -> list[str]:
        """Where HR may move the round from its stage: one step forward, or one back to correct a mistake.
        "Diumumkan" is reached only by publishing the final result, and is final."""
        flow = [s for s in self.Status.values if s != self.Status.ANNOUNCED]
        if self.status not in flow:
            return []
        at = flow.index(self.status)
        return [flow[i] for i in (at - 1, at + 1) if 0 <= i < len(flow)]

    def appeal_open_on(self, day) -> bool:
        return bool(self.appeal_opens and self.appeal_closes and self.appeal_opens <= day <= self.appeal_closes)

    @property
    def ranking_busy(self) -> bool:
        return self.ranking_status in (RankingStatus.QUEUED, RankingStatus.RUNNING)

    @property
    def announcement_stage(self) -> str:
        """The result an announcement would publish now: the administrative one until the tests start."""
        early = (self.Status.DRAFT, self.Status.REGISTRATION, self.Status.ADMIN, self.Status.APPEAL)
        return "admin" if self.status in early else "final"

    def registration_open_on(self, day) -> bool:
        return (
            self.public_registration
            and self.status == self.Status.REGISTRATION
            and (self.registration_opens is None or self.registration_opens <= day)
            and (self.registration_closes is None or day <= self.registration_closes)
        )


class SelectionStage(models.Model):
    round = models.ForeignKey(
        SelectionRound, verbose_name=_("seleksi"), on_delete=models.CASCADE, related_name="stages"
    )
    kind = models.CharField(_("tahap"), max_length=20, choices=StageKind.choices)
    order = models.PositiveSmallIntegerField(_("urutan"))

    class Meta:
        verbose_name = _("tahap seleksi")
        verbose_name_plural = _("tahap seleksi")
        ordering = ["round", "order"]
        constraints = [
            models.UniqueConstraint(fields=["round", "kind"], name="recruitment_stage_once_per_round"),
        ]

    def __str__(self):
        return f"{self.round} · {self.get_kind_display()}"

    @property
    def is_panel(self) -> bool:
        return self.kind in PANEL_STAGES


class PanelMember(models.Model):
    """A member of the selection committee (pansel) who scores one stage."""

    stage = models.ForeignKey(
        SelectionStage, verbose_name=_("tahap"), on_delete=models.CASCADE, related_name="panel_members"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("anggota pansel"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("anggota panitia seleksi")
        verbose_name_plural = _("anggota panitia seleksi")
        constraints = [
            models.UniqueConstraint(fields=["stage", "user"], name="recruitment_panelmember_once_per_stage"),
        ]

    def __str__(self):
        return f"{self.user} · {self.stage}"


class FormationQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_hr:
            return self
        scope = Q(round__stages__panel_members__user=user)
        department = user.headed_department
        if department is not None:
            scope |= Q(unit__department_id=department.pk)
        return self.filter(scope).distinct()


class Formation(models.Model):
    round = models.ForeignKey(
        SelectionRound, verbose_name=_("seleksi"), on_delete=models.CASCADE, related_name="formations"
    )
    code = models.CharField(_("kode formasi"), max_length=30)
    position = models.CharField(_("jabatan"), max_length=200)
    position_type = models.CharField(
        _("jenis jabatan"), max_length=20, choices=Employee.PositionType.choices,
        default=Employee.PositionType.FUNGSIONAL,
    )  # fmt: skip
    functional_level = models.CharField(
        _("jenjang fungsional"), max_length=20, choices=Employee.FunctionalLevel.choices, blank=True
    )
    unit = models.ForeignKey(OrgUnit, verbose_name=_("unit penempatan"), on_delete=models.PROTECT, related_name="+")
    quota = models.PositiveSmallIntegerField(_("kuota"))
    category = models.CharField(_("kategori"), max_length=12, choices=Category.choices, default=Category.UMUM)
    education_levels = models.JSONField(_("jenjang pendidikan"), default=list, blank=True)
    majors = models.JSONField(_("jurusan"), default=list, blank=True)
    min_gpa = models.DecimalField(_("IPK minimal"), max_digits=3, decimal_places=2, null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("batas usia"), null=True, blank=True)
    age_cutoff = models.DateField(_("usia dihitung pada"), null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    objects = FormationQuerySet.as_manager()

    class Meta:
        verbose_name = _("formasi")
        verbose_name_plural = _("formasi")
        ordering = ["round", "code"]
        constraints = [
            models.UniqueConstraint(fields=["round", "code"], name="recruitment_formation_code_unique"),
            models.CheckConstraint(condition=Q(quota__gte=1), name="recruitment_formation_quota_positive"),
        ]

    def __str__(self):
        return f"{self.code} · {self.position} ({self.get_category_display()})"


class Applicant(models.Model):
    """A person who applies, keyed by NIK; the same person may apply in later rounds."""

    nik = models.CharField(_("NIK"), max_length=16, unique=True)
    name = models.CharField(_("nama"), max_length=150)
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Employee.Sex.choices)
    birth_place = models.CharField(_("tempat lahir"), max_length=100)
    birth_date = models.DateField(_("tanggal lahir"))
    education_level = models.CharField(_("pendidikan"), max_length=3, choices=Employee.EducationLevel.choices)
    major = models.CharField(_("jurusan"), max_length=150, blank=True)
    gpa = models.DecimalField(_("IPK"), max_digits=3, decimal_places=2, null=True, blank=True)
    oap_category = models.CharField(_("kategori OAP"), max_length=3, choices=Employee.OapCategory.choices, blank=True)
    email = models.EmailField(_("surel"), blank=True)
    phone = models.CharField(_("telepon"), max_length=20, blank=True)
    address = models.TextField(_("alamat"), blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pelamar")
        verbose_name_plural = _("pelamar")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Outcome(models.TextChoices):
    PENDING = "pending", _("Dalam proses")
    TMS = "tms", _("Tidak memenuhi syarat")
    ABSENT = "absent", _("Tidak hadir / tanpa nilai")
    SKD_FAILED = "skd_failed", _("Tidak lulus nilai ambang SKD")
    SKB_CUT = "skb_cut", _("Tidak masuk 3× kuota ke SKB")
    NOT_SELECTED = "not_selected", _("Tidak lulus (di luar kuota)")
    PASSED = "passed", _("Lulus")
    PASSED_OPT = "passed_opt", _("Lulus optimalisasi")
    NOMINATED = "nominated", _("Diusulkan ke pejabat pembina kepegawaian")


class ApplicationQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_hr:
            return self
        department = user.headed_department
        if department is not None:
            return self.filter(formation__unit__department_id=department.pk)
        return self.none()


class Application(models.Model):
    class Source(models.TextChoices):
        IMPORT = "import", _("Impor SSCASN")
        FORM = "form", _("Formulir daerah")

    class Result(models.TextChoices):
        MS = "ms", _("Memenuhi syarat (MS)")
        TMS = "tms", _("Tidak memenuhi syarat (TMS)")

    class AppealDecision(models.TextChoices):
        ACCEPTED = "accepted", _("Diterima")
        REJECTED = "rejected", _("Ditolak")

    round = models.ForeignKey(
        SelectionRound, verbose_name=_("seleksi"), on_delete=models.CASCADE, related_name="applications",
        db_index=False,
    )  # fmt: skip
    formation = models.ForeignKey(
        Formation, verbose_name=_("formasi"), on_delete=models.PROTECT, related_name="applications"
    )
    applicant = models.ForeignKey(
        Applicant, verbose_name=_("pelamar"), on_delete=models.PROTECT, related_name="applications"
    )
    registration_number = models.CharField(_("nomor pendaftaran"), max_length=30, unique=True)
    source = models.CharField(_("sumber"), max_length=6, choices=Source.choices, default=Source.IMPORT)
    # What the person typed on the public form, kept with this application: a registration never
    # rewrites the stored Applicant (HR decides whether the stored identity should change).
    submitted = models.JSONField(_("data isian pelamar"), default=dict, blank=True, editable=False)
    # The applicant's secret for the status page and the appeal form: only a keyed hash is stored.
    access_code_hash = models.CharField(_("kode akses (hash)"), max_length=64, blank=True, editable=False)
    access_code_issued_at = models.DateTimeField(_("kode akses diterbitkan"), null=True, blank=True, editable=False)
    # Administrative selection: the automatic check, then the officer's decision (always with a reason).
    auto_result = models.CharField(_("hasil cek otomatis"), max_length=3, choices=Result.choices, blank=True)
    auto_reasons = models.JSONField(_("alasan cek otomatis"), default=list, blank=True)
    admin_result = models.CharField(_("hasil administrasi"), max_length=3, choices=Result.choices, blank=True)
    admin_reason = models.TextField(_("alasan petugas"), blank=True)
    admin_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("diputus oleh"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", db_index=False,
    )  # fmt: skip
    admin_decided_at = models.DateTimeField(_("diputus pada"), null=True, blank=True)
    appeal_text = models.TextField(_("isi sanggahan"), blank=True)
    appeal_filed_at = models.DateTimeField(_("sanggahan diajukan"), null=True, blank=True)
    appeal_decision = models.CharField(_("putusan sanggahan"), max_length=8, choices=AppealDecision.choices, blank=True)
    appeal_reason = models.TextField(_("alasan putusan sanggahan"), blank=True)
    appeal_decided_at = models.DateTimeField(_("sanggahan diputus"), null=True, blank=True)
    # Scores (CASN: SKD sub-tests and SKB; open selection: mean of the panel stage scores in final_score).
    twk = models.PositiveSmallIntegerField(_("TWK"), null=True, blank=True)
    tiu = models.PositiveSmallIntegerField(_("TIU"), null=True, blank=True)
    tkp = models.PositiveSmallIntegerField(_("TKP"), null=True, blank=True)
    skb = models.DecimalField(_("SKB"), max_digits=5, decimal_places=2, null=True, blank=True)
    # Derived by the ranking service; never typed.
    skd_total = models.PositiveSmallIntegerField(_("total SKD"), null=True, blank=True)
    skd_passed = models.BooleanField(_("lulus ambang SKD"), null=True, blank=True)
    final_score = models.DecimalField(_("nilai akhir"), max_digits=7, decimal_places=3, null=True, blank=True)
    rank = models.PositiveIntegerField(_("peringkat"), null=True, blank=True)
    outcome = models.CharField(_("hasil"), max_length=12, choices=Outcome.choices, default=Outcome.PENDING)
    explanation = models.TextField(_("penjelasan hasil"), blank=True)
    placed_formation = models.ForeignKey(
        Formation, verbose_name=_("formasi penempatan"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", db_index=False,
    )  # fmt: skip
    hired_employee = models.OneToOneField(
        Employee, verbose_name=_("pegawai"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    # every write but the ranking's bulk write-back (which stamps the round's ranked_at) moves this
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)
    history = HistoricalRecords(
        excluded_fields=["explanation", "rank", "skd_total", "skd_passed", "updated_at", "access_code_hash"]
    )

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("lamaran")
        verbose_name_plural = _("lamaran")
        ordering = ["formation", "rank", "registration_number"]
        constraints = [
            models.UniqueConstraint(fields=["round", "applicant"], name="recruitment_application_one_per_round"),
            models.CheckConstraint(
                condition=(Q(twk__isnull=True) | Q(twk__lte=150))
                & (Q(tiu__isnull=True) | Q(tiu__lte=175))
                & (Q(tkp__isnull=True) | Q(tkp__lte=225))
                & (Q(skb__isnull=True) | (Q(skb__gte=0) & Q(skb__lte=100))),
                name="recruitment_application_scores_in_range",
            ),
        ]
        # No index on the columns the ranking rewrites (rank, outcome, scores): with free space left in
        # each page (fillfactor, migration 0002) the bulk write-back stays a heap-only update.
        # The round is served by the unique (round, applicant) index; a formation by its FK index.
        indexes = [
            # the last change in a round, which keys the cached fairness figures
            models.Index(fields=["round", "updated_at"], name="recruitment_app_changed_idx"),
        ]

    def __str__(self):
        return self.registration_number

    @property
    def effective_result(self) -> str:
        """The administrative result that stands: the officer's decision, else the automatic check."""
        return self.admin_result or self.auto_result


def document_path(instance, filename):
    return f"recruitment/{instance.application.round_id}/{instance.application_id}/{instance.kind}-{filename}"


class ApplicationDocument(models.Model):
    class Kind(models.TextChoices):
        KTP = "ktp", _("KTP")
        IJAZAH = "ijazah", _("Ijazah")
        TRANSKRIP = "transkrip", _("Transkrip nilai")

    application = models.ForeignKey(
        Application, verbose_name=_("lamaran"), on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("jenis dokumen"), max_length=10, choices=Kind.choices)
    file = models.FileField(_("berkas"), upload_to=document_path)
    original_name = models.CharField(_("nama berkas"), max_length=255)
    size = models.PositiveIntegerField(_("ukuran (bita)"))
    uploaded_at = models.DateTimeField(_("diunggah"), auto_now_add=True)

    class Meta:
        verbose_name = _("dokumen lamaran")
        verbose_name_plural = _("dokumen lamaran")
        constraints = [
            models.UniqueConstraint(fields=["application", "kind"], name="recruitment_document_one_per_kind"),
        ]

    def __str__(self):
        return f"{self.application} · {self.get_kind_display()}"


class PanelScore(models.Model):
    """One panel member's conflict declaration and score for one candidate at one stage."""

    stage = models.ForeignKey(SelectionStage, verbose_name=_("tahap"), on_delete=models.CASCADE, related_name="scores")
    application = models.ForeignKey(
        Application, verbose_name=_("lamaran"), on_delete=models.CASCADE, related_name="panel_scores"
    )
    member = models.ForeignKey(PanelMember, verbose_name=_("anggota pansel"), on_delete=models.PROTECT)
    has_conflict = models.BooleanField(_("ada konflik kepentingan"))
    conflict_note = models.CharField(_("keterangan konflik"), max_length=300, blank=True)
    score = models.DecimalField(_("nilai"), max_digits=5, decimal_places=2, null=True, blank=True)
    declared_at = models.DateTimeField(_("dinyatakan"), auto_now_add=True)
    scored_at = models.DateTimeField(_("dinilai"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nilai pansel")
        verbose_name_plural = _("nilai pansel")
        constraints = [
            models.UniqueConstraint(fields=["stage", "application", "member"], name="recruitment_panelscore_once"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | (Q(score__gte=0) & Q(score__lte=100) & Q(has_conflict=False)),
                name="recruitment_panelscore_valid",
            ),
        ]

    def __str__(self):
        return f"{self.member} → {self.application}"


class Announcement(models.Model):
    """A frozen, published result list; a correction is a new announcement that replaces an older one."""

    class Stage(models.TextChoices):
        ADMIN = "admin", _("Hasil seleksi administrasi")
        FINAL = "final", _("Hasil akhir seleksi")

    number = models.PositiveIntegerField(_("nomor"), unique=True)
    round = models.ForeignKey(
        SelectionRound, verbose_name=_("seleksi"), on_delete=models.PROTECT, related_name="announcements"
    )
    stage = models.CharField(_("tahap"), max_length=6, choices=Stage.choices)
    title = models.CharField(_("judul"), max_length=250)
    content = models.TextField(_("isi (JSON beku)"), editable=False)
    checksum = models.CharField(_("SHA-256"), max_length=64, editable=False)
    replaces = models.OneToOneField(
        "self", verbose_name=_("menggantikan"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="replaced_by",
    )  # fmt: skip
    note = models.TextField(_("catatan perbaikan"), blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("diterbitkan oleh"), on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(_("diterbitkan"), auto_now_add=True)

    class Meta:
        verbose_name = _("pengumuman")
        verbose_name_plural = _("pengumuman")
        ordering = ["-number"]

    def __str__(self):
        return f"{self.number}. {self.title}"


class AnnouncementFormation(models.Model):
    """One formation of a published announcement, stored apart so a public page reads only its own
    rows: parsing a province-wide snapshot (100,000 rows) cost each worker tens of MB and half a second."""

    announcement = models.ForeignKey(
        Announcement, verbose_name=_("pengumuman"), on_delete=models.CASCADE, related_name="sections"
    )
    position = models.PositiveIntegerField(_("urutan"))
    code = models.CharField(_("kode formasi"), max_length=30)
    summary = models.JSONField(_("kepala formasi"), default=dict)
    applicants = models.PositiveIntegerField(_("peserta"))
    passed = models.PositiveIntegerField(_("lulus / memenuhi syarat"))
    results = models.TextField(_("hasil (JSON)"))

    class Meta:
        verbose_name = _("formasi dalam pengumuman")
        verbose_name_plural = _("formasi dalam pengumuman")
        ordering = ["announcement", "position"]
        constraints = [
            # one formation page looks its row up by (announcement, code)
            models.UniqueConstraint(fields=["announcement", "code"], name="recruitment_announcementformation_code"),
        ]

    def __str__(self):
        return f"{self.announcement.number} · {self.code}"
