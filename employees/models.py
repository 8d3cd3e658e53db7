from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.expressions import RawSQL
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from . import identifiers
from .ranks import EDUCATION_LEVELS, PNS_GOLONGAN, PPPK_GOLONGAN, pension_date, retirement_age
from .scope import remembered_ids

HR_GROUP = "hr"


class User(AbstractUser):
    class EmailMode(models.TextChoices):
        IMMEDIATE = "immediate", _("Segera, satu surel per pemberitahuan")
        DIGEST = "digest", _("Dalam ringkasan harian")

    email_mode = models.CharField(
        _("surel pemberitahuan"), max_length=10, choices=EmailMode.choices, default=EmailMode.DIGEST
    )

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    @cached_property
    def is_hr(self) -> bool:
        """HR officers (BKPSDM) and admins see every employee."""
        if not self.is_active:
            return False
        if self.is_superuser:
            return True
        emp = self.employee_or_none
        if emp is not None:  # answered by the same query as the employee
            return emp.in_hr_group
        return self.groups.filter(name=HR_GROUP).exists()

    @cached_property
    def employee_or_none(self):
        """The user's employee with what every page asks about its role, in one query: HR group membership,
        the top-level unit it heads and whether anyone reports to it (three queries per request before)."""
        in_group = User.groups.through.objects.filter(user_id=OuterRef("user_id"), group__name=HR_GROUP)
        heads = OrgUnit.objects.filter(head=OuterRef("pk"), parent__isnull=True).order_by("pk").values("pk")[:1]
        return (
            Employee.objects.filter(user=self)
            .select_related("unit")
            .annotate(
                in_hr_group=Exists(in_group),
                headed_department_id=Subquery(heads),
                has_reports=Exists(Employee.objects.filter(supervisor=OuterRef("pk"))),
            )
            .first()
        )

    @cached_property
    def headed_department(self):
        """The top-level unit this user heads (Kepala Perangkat Daerah), if any."""
        emp = self.employee_or_none
        if emp is None or emp.headed_department_id is None:
            return None
        return OrgUnit.objects.filter(pk=emp.headed_department_id).first()

    @cached_property
    def is_supervisor(self) -> bool:
        emp = self.employee_or_none
        return emp is not None and emp.has_reports


class OrgUnit(models.Model):
    class Kind(models.TextChoices):
        SEKRETARIAT = "sekretariat", _("Sekretariat")
        INSPEKTORAT = "inspektorat", _("Inspektorat")
        DINAS = "dinas", _("Dinas")
        BADAN = "badan", _("Badan")
        KANTOR = "kantor", _("Kantor")
        SATPOL = "satpol", _("Satuan Polisi Pamong Praja")
        RSUD = "rsud", _("Rumah Sakit Daerah")
        DISTRIK = "distrik", _("Distrik/Kecamatan")
        BAGIAN = "bagian", _("Bagian")
        BIDANG = "bidang", _("Bidang")
        SUBBAGIAN = "subbagian", _("Sub-bagian")
        SEKSI = "seksi", _("Seksi")
        UPTD = "uptd", _("UPTD")
        SEKOLAH = "sekolah", _("Sekolah")
        PUSKESMAS = "puskesmas", _("Puskesmas")
        KELURAHAN = "kelurahan", _("Kelurahan")

    name = models.CharField(_("nama unit"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("unit induk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # The top-level ancestor (perangkat daerah), kept in step on save so that a whole
    # department is one indexed filter instead of a walk up the tree.
    department = models.ForeignKey(
        "self",
        verbose_name=_("perangkat daerah"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    head = models.ForeignKey(
        "Employee",
        verbose_name=_("kepala unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="headed_units",
    )
    siasn_id = models.CharField(_("ID unor SIASN"), max_length=64, blank=True)
    head_position = models.CharField(_("nama jabatan kepala"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unit organisasi")
        verbose_name_plural = _("unit organisasi")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["siasn_id"], condition=~Q(siasn_id=""), name="employees_orgunit_siasn_id_unique"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_department(self) -> bool:
        return self.parent_id is None

    def save(self, *args, **kwargs):
        old_department = self.department_id
        self.department_id = self.parent.department_id if self.parent_id else self.pk
        super().save(*args, **kwargs)
        if self.department_id is None:  # a new top-level unit is its own department
            self.department_id = self.pk
            OrgUnit.objects.filter(pk=self.pk).update(department_id=self.pk)
        if old_department is not None and old_department != self.department_id:
            self._move_descendants()

    def clean(self):
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk:
                raise ValidationError({"parent": _("Unit induk tidak boleh unit itu sendiri atau bawahannya.")})
            ancestor = ancestor.parent

    def _move_descendants(self):
        frontier = [self.pk]
        while frontier:
            OrgUnit.objects.filter(parent_id__in=frontier).update(department_id=self.department_id)
            frontier = list(OrgUnit.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))


# One subquery for a user's whole scope: themself, their direct and indirect reports (recursive),
# and, for a department head, everyone in the department. A single IN (… UNION …) lets PostgreSQL
# hash the few thousand ids instead of evaluating an OR over every employee row.
SCOPE_SQL = """
WITH RECURSIVE reports(id) AS (
    SELECT id FROM employees_employee WHERE supervisor_id = %s
    UNION
    SELECT e.id FROM employees_employee e JOIN reports r ON e.supervisor_id = r.id
)
SELECT id FROM reports
UNION SELECT %s
UNION SELECT e.id FROM employees_employee e JOIN employees_orgunit u ON u.id = e.unit_id WHERE u.department_id = %s
"""


class FunctionalPosition(models.Model):
    """A jabatan fungsional (Guru, Dosen, Perawat …). Where a law sets the retirement age of the position
    at every level, it is recorded here and overrides the general BUP (PP 11/2017 Art. 239)."""

    name = models.CharField(_("nama jabatan fungsional"), max_length=150, unique=True)
    retirement_age = models.PositiveSmallIntegerField(
        _("BUP menurut undang-undang jabatan"),
        null=True,
        blank=True,
        validators=[MinValueValidator(50), MaxValueValidator(70)],
        help_text=_("Kosongkan bila BUP mengikuti jenjang (58/60/65)."),
    )
    legal_basis = models.CharField(_("dasar hukum"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("jabatan fungsional")
        verbose_name_plural = _("jabatan fungsional")
        ordering = ["name"]

    def __str__(self):
        return self.name


class EmployeeQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The one answer to "which employees may this user see" (docs/architecture.md).

        HR officers and admins: everyone. A department head: the whole department.
        A supervisor: direct and indirect reports. Everyone: themself.
        """
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_hr:
            return self
        emp = user.employee_or_none
        if emp is None:
            return self.none()
        department = user.headed_department
        # -1 matches no unit when the user heads no department
        params = (emp.pk, emp.pk, department.pk if department else -1)
        ids = remembered_ids(SCOPE_SQL, params)
        return self.filter(id__in=ids) if ids is not None else self.filter(id__in=RawSQL(SCOPE_SQL, params))

    def active(self):
        return self.filter(status=Employee.Status.AKTIF)

    def with_related(self):
        return self.select_related("unit", "unit__department", "supervisor", "functional_position")


class Employee(models.Model):
    class Sex(models.TextChoices):
        MALE = "L", _("Laki-laki")
        FEMALE = "P", _("Perempuan")

    class EmploymentType(models.TextChoices):
        PNS = "pns", _("PNS")
        CPNS = "cpns", _("CPNS")
        PPPK = "pppk", _("PPPK")

    class PositionType(models.TextChoices):
        JPT_UTAMA = "jpt_utama", _("JPT Utama")
        JPT_MADYA = "jpt_madya", _("JPT Madya")
        JPT_PRATAMA = "jpt_pratama", _("JPT Pratama")
        ADMINISTRATOR = "administrator", _("Administrator")
        PENGAWAS = "pengawas", _("Pengawas")
        PELAKSANA = "pelaksana", _("Pelaksana")
        FUNGSIONAL = "fungsional", _("Fungsional")

    class FunctionalLevel(models.TextChoices):
        AHLI_PERTAMA = "ahli_pertama", _("Ahli Pertama")
        AHLI_MUDA = "ahli_muda", _("Ahli Muda")
        AHLI_MADYA = "ahli_madya", _("Ahli Madya")
        AHLI_UTAMA = "ahli_utama", _("Ahli Utama")
        PEMULA = "pemula", _("Pemula")
        TERAMPIL = "terampil", _("Terampil")
        MAHIR = "mahir", _("Mahir")
        PENYELIA = "penyelia", _("Penyelia")

    class Status(models.TextChoices):
        AKTIF = "aktif", _("Aktif")
        CUTI = "cuti", _("Cuti")
        PENSIUN = "pensiun", _("Pensiun")
        BERHENTI = "berhenti", _("Berhenti")
        MENINGGAL = "meninggal", _("Meninggal")

    class OapCategory(models.TextChoices):
        I = "I", _("OAP I (kedua orang tua asli Papua)")  # noqa: E741
        II = "II", _("OAP II (salah satu orang tua asli Papua)")
        III = "III", _("Non-OAP (lahir/besar di Papua)")

    Golongan = models.TextChoices(
        "Golongan", [(g, g) for g in PNS_GOLONGAN] + [(g, g) for g in PPPK_GOLONGAN if g not in PNS_GOLONGAN]
    )
    EducationLevel = models.TextChoices("EducationLevel", [(e, e) for e in EDUCATION_LEVELS])

    # NIP for PNS/CPNS, NI PPPK for PPPK; empty until issued (a new hire from recruitment).
    nip = models.CharField(_("NIP / NI PPPK"), max_length=18, unique=True, null=True, blank=True)
    nik = models.CharField(_("NIK"), max_length=16, unique=True)
    front_title = models.CharField(_("gelar depan"), max_length=30, blank=True)
    name = models.CharField(_("nama"), max_length=150)
    back_title = models.CharField(_("gelar belakang"), max_length=60, blank=True)
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices)
    birth_place = models.CharField(_("tempat lahir"), max_length=100)
    birth_date = models.DateField(_("tanggal lahir"))
    employment_type = models.CharField(_("jenis kepegawaian"), max_length=4, choices=EmploymentType.choices)
    golongan = models.CharField(_("golongan"), max_length=5, choices=Golongan.choices)
    position_title = models.CharField(_("nama jabatan"), max_length=200)
    position_type = models.CharField(_("jenis jabatan"), max_length=20, choices=PositionType.choices)
    functional_level = models.CharField(
        _("jenjang fungsional"), max_length=20, choices=FunctionalLevel.choices, blank=True
    )
    functional_position = models.ForeignKey(
        FunctionalPosition,
        verbose_name=_("jabatan fungsional"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="employees",
    )
    unit = models.ForeignKey(OrgUnit, verbose_name=_("unit kerja"), on_delete=models.PROTECT, related_name="employees")
    supervisor = models.ForeignKey(
        "self",
        verbose_name=_("atasan langsung"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    education_level = models.CharField(_("pendidikan terakhir"), max_length=3, choices=EducationLevel.choices)
    education_major = models.CharField(_("jurusan"), max_length=150, blank=True)
    tmt_cpns = models.DateField(_("TMT CPNS"), null=True, blank=True)
    tmt_pns = models.DateField(_("TMT PNS"), null=True, blank=True)
    tmt_contract = models.DateField(
        _("TMT kontrak PPPK"),
        null=True,
        blank=True,
        help_text=_("Awal perjanjian kerja; tahun kontrak dihitung dari sini."),
    )
    tmt_golongan = models.DateField(_("TMT golongan"), null=True, blank=True)
    tmt_jabatan = models.DateField(_("TMT jabatan"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.AKTIF)
    oap_category = models.CharField(_("kategori OAP"), max_length=3, choices=OapCategory.choices, blank=True)
    email = models.EmailField(_("surel"), blank=True)
    phone = models.CharField(_("telepon"), max_length=20, blank=True)
    address = models.TextField(_("alamat"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("akun"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="employee",
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = EmployeeQuerySet.as_manager()

    class Meta:
        verbose_name = _("pegawai")
        verbose_name_plural = _("pegawai")
        ordering = ["name", "id"]
        indexes = [
            # employee list sorted by name within a filter; the default sort
            models.Index(fields=["name", "id"], name="employees_employee_name_idx"),
            # department scoping joins through unit; filter by status + type on the list
            models.Index(fields=["unit", "status"], name="employees_employee_unit_idx"),
            # with the id, counts of active PNS (the under-20-JP list) are answered from the index alone
            models.Index(fields=["status", "employment_type", "id"], name="employees_employee_type_idx"),
            # the dashboards' cache fingerprint (how many are active, and the last change) from the index alone
            models.Index(fields=["status", "updated_at"], name="employees_employee_changed_idx"),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        name = f"{self.front_title} {self.name}".strip()
        return f"{name}, {self.back_title}" if self.back_title else name

    # Enum lookups: O(1), unlike get_FOO_display(), which rebuilds and hashes the whole choice list
    # on every call (noticeable on a 50-row page).
    @property
    def employment_type_label(self):
        return self.EmploymentType(self.employment_type).label

    @property
    def status_label(self):
        return self.Status(self.status).label

    @property
    def retirement_age(self) -> int:
        """BUP of the employee's position; a functional position's own law wins (read the FK with
        `select_related("functional_position")`)."""
        position = self.functional_position
        ages = {position.name: position.retirement_age} if position and position.retirement_age else {}
        return retirement_age(self.position_type, self.functional_level, position.name if position else "", ages)

    @property
    def pension_date(self):
        return pension_date(self.birth_date, self.retirement_age)

    @property
    def nip_display(self) -> str:
        return identifiers.format_nip(self.nip)

    @property
    def nik_masked(self) -> str:
        return identifiers.mask_nik(self.nik)

    def clean(self):
        errors = {}
        if self.nik:
            try:
                identifiers.validate_nik(self.nik)
            except ValidationError as exc:
                errors["nik"] = exc.messages
        if self.nip:
            errors.update(self._nip_errors())
        if self.golongan:
            allowed = PPPK_GOLONGAN if self.employment_type == self.EmploymentType.PPPK else PNS_GOLONGAN
            if self.golongan not in allowed:
                errors["golongan"] = [_("Golongan %(g)s tidak berlaku untuk %(t)s.") % {
                    "g": self.golongan, "t": self.get_employment_type_display()}]  # fmt: skip
        if self.position_type == self.PositionType.FUNGSIONAL and not self.functional_level:
            errors["functional_level"] = [_("Jenjang wajib diisi untuk jabatan fungsional.")]
        if self.supervisor_id and self.supervisor_id == self.pk:
            errors["supervisor"] = [_("Pegawai tidak boleh menjadi atasannya sendiri.")]
        if errors:
            raise ValidationError(errors)

    def _nip_errors(self) -> dict:
        is_pppk = self.employment_type == self.EmploymentType.PPPK
        label = "NI PPPK" if is_pppk else "NIP"
        try:
            parsed = identifiers.parse_ni_pppk(self.nip) if is_pppk else identifiers.parse_nip(self.nip)
        except ValidationError as exc:
            return {"nip": exc.messages}
        self.nip = parsed.value
        problems = []
        if self.birth_date and parsed.birth_date != self.birth_date:
            problems.append(
                _("%(label)s menunjukkan tanggal lahir %(nip)s, tetapi tanggal lahir tercatat %(stored)s.")
                % {
                    "label": label,
                    "nip": parsed.birth_date.strftime("%d-%m-%Y"),
                    "stored": self.birth_date.strftime("%d-%m-%Y"),
                }  # fmt: skip
            )
        if self.sex and parsed.male != (self.sex == self.Sex.MALE):
            problems.append(
                _("%(label)s menunjukkan jenis kelamin %(nip)s, tetapi jenis kelamin tercatat %(stored)s.")
                % {
                    "label": label,
                    "nip": _("laki-laki") if parsed.male else _("perempuan"),
                    "stored": self.get_sex_display().lower(),
                }  # fmt: skip
            )
        return {"nip": problems} if problems else {}


class AccessLog(models.Model):
    """Who saw whose personal data or exported which list, and when (UU 27/2022)."""

    class What(models.TextChoices):
        NIK = "nik", _("NIK lengkap")
        BIRTH_DATE = "birth_date", _("Tanggal lahir")
        PERSONAL = "personal", _("Data pribadi lengkap")
        EXPORT = "export", _("Ekspor daftar")

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("oleh"), on_delete=models.PROTECT)
    employee = models.ForeignKey(Employee, verbose_name=_("pegawai"), null=True, blank=True, on_delete=models.SET_NULL)
    what = models.CharField(_("data"), max_length=20, choices=What.choices)
    detail = models.CharField(_("rincian"), max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(_("alamat IP"), null=True, blank=True)
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("log akses data pribadi")
        verbose_name_plural = _("log akses data pribadi")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.actor} · {self.get_what_display()}"


class DisciplinaryPenalty(models.Model):
    """A disciplinary penalty imposed on an employee (PP 94/2021), recorded by BKPSDM from the decree.

    Feeds the discipline dimension of the Indeks Profesionalitas ASN (`sorong_asn.rules`)."""

    class Level(models.IntegerChoices):
        RINGAN = 1, _("Ringan")
        SEDANG = 2, _("Sedang")
        BERAT = 3, _("Berat")

    employee = models.ForeignKey(
        Employee, verbose_name=_("pegawai"), on_delete=models.PROTECT, related_name="disciplinary_penalties"
    )
    level = models.PositiveSmallIntegerField(_("tingkat hukuman"), choices=Level.choices)
    decree_number = models.CharField(_("nomor keputusan"), max_length=100)
    decided_on = models.DateField(_("tanggal keputusan"))
    description = models.CharField(_("jenis hukuman"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dicatat oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("dicatat"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hukuman disiplin")
        verbose_name_plural = _("hukuman disiplin")
        ordering = ["-decided_on", "-id"]
        indexes = [
            # the worst penalty of an employee in a year (IP ASN)
            models.Index(fields=["employee", "decided_on"], name="employees_penalty_year_idx"),
        ]

    def __str__(self):
        return f"{self.employee} · {self.get_level_display()} ({self.decree_number})"


class ImportJob(models.Model):
    """An employee import: validated in a dry run, committed all-or-nothing by a Celery task."""

    class Status(models.TextChoices):
        VALIDATED = "validated", _("Sudah diperiksa")
        QUEUED = "queued", _("Dalam antrean")
        RUNNING = "running", _("Sedang diproses")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("oleh"), on_delete=models.PROTECT)
    file = models.FileField(_("berkas"), upload_to="imports/")
    original_name = models.CharField(_("nama berkas"), max_length=255)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.VALIDATED)
    total_rows = models.PositiveIntegerField(_("jumlah baris"), default=0)
    processed_rows = models.PositiveIntegerField(_("baris diproses"), default=0)
    created_count = models.PositiveIntegerField(_("pegawai dibuat"), default=0)
    errors = models.JSONField(_("galat"), default=list, blank=True)
    message = models.TextField(_("pesan"), blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)

    class Meta:
        verbose_name = _("impor pegawai")
        verbose_name_plural = _("impor pegawai")
        ordering = ["-created_at"]

    def __str__(self):
        return self.original_name

    @property
    def progress_percent(self) -> int:
        return int(self.processed_rows * 100 / self.total_rows) if self.total_rows else 0


# Background jobs, heartbeats, notifications and mail live in their own modules; imported here so Django
# registers them and `employees.models` stays the one place to import them from.
from .job_models import Heartbeat, Job  # noqa: E402,F401
from .notification_models import Notification, OutgoingMail, ReminderLog  # noqa: E402,F401
