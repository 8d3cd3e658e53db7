"""Demo data for the Kota Sorong government (shared DEMO.md hints): realistic, not authoritative.

Deterministic (`random.Random(seed)`), bulk inserts, and idempotent: when the demo exists, only the
demo logins' password is reset.
"""

import random
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.db.models import F
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from .identifiers import build_ni_pppk, build_nik, build_nip
from .models import HR_GROUP, DisciplinaryPenalty, Employee, FunctionalPosition, OrgUnit, User
from .ranks import PNS_GOLONGAN

DEFAULT_PASSWORD = "sorong-demo-2026"
LOGINS = ["admin", "hr", "kepala", "kepala2", "atasan", "pegawai"]
ROLES = {
    "admin": "Admin sistem (superuser)",
    "hr": "Petugas BKPSDM (semua pegawai, impor, ekspor)",
    "kepala": "Kepala Dinas Kesehatan (seluruh dinas)",
    "kepala2": "Kepala Dinas Pendidikan dan Kebudayaan",
    "atasan": "Kepala Bidang di Dinas Kesehatan (timnya)",
    "pegawai": "Pegawai, bawahan atasan (profil sendiri)",
}

K = OrgUnit.Kind
GENERIC_BIDANG = [
    "Bidang Perencanaan dan Program", "Bidang Pelayanan", "Bidang Pengembangan", "Bidang Pengawasan dan Pengendalian",
    "Bidang Data dan Informasi", "Bidang Pembinaan",
]  # fmt: skip
# (name, kind, sub-units as (name, kind))
DEPARTMENTS = [
    ("Sekretariat Daerah", K.SEKRETARIAT, [
        ("Bagian Pemerintahan", K.BAGIAN), ("Bagian Hukum", K.BAGIAN), ("Bagian Organisasi", K.BAGIAN),
        ("Bagian Umum", K.BAGIAN)]),
    ("Sekretariat DPRD", K.SEKRETARIAT, [("Bagian Umum dan Keuangan", K.BAGIAN), ("Bagian Persidangan", K.BAGIAN)]),
    ("Inspektorat", K.INSPEKTORAT, [("Sekretariat Inspektorat", K.SEKRETARIAT), ("Inspektur Pembantu I", K.BIDANG),
                                   ("Inspektur Pembantu II", K.BIDANG)]),
    ("Badan Perencanaan Pembangunan Daerah", K.BADAN, 3),
    ("Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", K.BADAN, [
        ("Sekretariat BKPSDM", K.SEKRETARIAT), ("Bidang Pengadaan dan Informasi Kepegawaian", K.BIDANG),
        ("Bidang Mutasi dan Promosi", K.BIDANG), ("Bidang Pengembangan Kompetensi", K.BIDANG)]),
    ("Badan Pengelolaan Keuangan dan Aset Daerah", K.BADAN, 3),
    ("Badan Pendapatan Daerah", K.BADAN, 2),
    ("Badan Penanggulangan Bencana Daerah", K.BADAN, 2),
    ("Badan Kesatuan Bangsa dan Politik", K.BADAN, 2),
    ("Dinas Pendidikan dan Kebudayaan", K.DINAS, [
        ("Sekretariat Dinas Pendidikan dan Kebudayaan", K.SEKRETARIAT), ("Bidang Pembinaan PAUD", K.BIDANG),
        ("Bidang Pembinaan Sekolah Dasar", K.BIDANG), ("Bidang Pembinaan SMP", K.BIDANG),
        ("Bidang Kebudayaan", K.BIDANG)]
        + [(f"SD Negeri {n} Kota Sorong", K.SEKOLAH) for n in range(1, 9)]
        + [(f"SMP Negeri {n} Kota Sorong", K.SEKOLAH) for n in range(1, 5)]),
    ("Dinas Kesehatan", K.DINAS, [
        ("Bidang Pelayanan Kesehatan", K.BIDANG), ("Sekretariat Dinas Kesehatan", K.SEKRETARIAT),
        ("Bidang Kesehatan Masyarakat", K.BIDANG), ("Bidang Pencegahan dan Pengendalian Penyakit", K.BIDANG)]
        + [(f"Puskesmas {n}", K.PUSKESMAS) for n in (
            "Remu", "Klasaman", "Malawei", "Sorong Barat", "Saoka", "Klawuyuk", "Malaingkedi", "Kampung Baru")]),
    ("Dinas Pekerjaan Umum dan Penataan Ruang", K.DINAS, 3),
    ("Dinas Perumahan Rakyat dan Kawasan Permukiman", K.DINAS, 2),
    ("Dinas Sosial", K.DINAS, 2),
    ("Dinas Tenaga Kerja", K.DINAS, 2),
    ("Dinas Pemberdayaan Perempuan dan Perlindungan Anak", K.DINAS, 2),
    ("Dinas Lingkungan Hidup", K.DINAS, 3),
    ("Dinas Kependudukan dan Pencatatan Sipil", K.DINAS, 2),
    ("Dinas Perhubungan", K.DINAS, 3),
    ("Dinas Komunikasi dan Informatika", K.DINAS, 2),
    ("Dinas Koperasi dan UKM", K.DINAS, 2),
    ("Dinas Penanaman Modal dan PTSP", K.DINAS, 2),
    ("Dinas Pemuda dan Olahraga", K.DINAS, 2),
    ("Dinas Pariwisata", K.DINAS, 2),
    ("Dinas Perpustakaan dan Kearsipan", K.DINAS, 2),
    ("Dinas Perikanan", K.DINAS, 2),
    ("Dinas Ketahanan Pangan dan Pertanian", K.DINAS, 3),
    ("Dinas Perindustrian dan Perdagangan", K.DINAS, 2),
    ("Satuan Polisi Pamong Praja", K.SATPOL, [
        ("Sekretariat Satpol PP", K.SEKRETARIAT), ("Bidang Penegakan Perda", K.BIDANG),
        ("Bidang Ketertiban Umum", K.BIDANG)]),
    ("Rumah Sakit Umum Daerah Kota Sorong", K.RSUD, [
        ("Bagian Umum RSUD", K.BAGIAN), ("Bidang Pelayanan Medis", K.BIDANG), ("Bidang Keperawatan", K.BIDANG)]),
] + [
    (f"Distrik {d}", K.DISTRIK, [
        (f"Sekretariat Distrik {d}", K.SEKRETARIAT), (f"Seksi Pemerintahan Distrik {d}", K.SEKSI)])
    for d in ("Sorong", "Sorong Barat", "Sorong Timur", "Sorong Utara", "Sorong Kepulauan", "Sorong Manoi",
              "Sorong Kota", "Klaurung", "Malaimsimsa", "Maladum Mes")
]  # fmt: skip
# Share of the staff: schools and puskesmas make these two the largest (DEMO.md).
WEIGHT = {"Dinas Pendidikan dan Kebudayaan": 30.0, "Dinas Kesehatan": 18.0, "Rumah Sakit Umum Daerah Kota Sorong": 8.0}

MALE = ["Budi", "Agus", "Yohanis", "Yance", "Petrus", "Frans", "Markus", "Hendrik", "Daniel", "Yosias", "Andi",
        "Rudi", "Bambang", "Eko", "Hendra", "Arief", "Musa", "Simon", "Yakob", "Obed", "Yulius", "Septinus", "Marthen",
        "Ruben", "Herman", "Fransiskus", "Muhammad", "Ahmad", "Rahmat", "Ismail"]  # fmt: skip
FEMALE = ["Siti", "Dewi", "Maria", "Agustina", "Elsye", "Naomi", "Yuliana", "Martha", "Ruth", "Ester", "Sri", "Rina",
          "Fitri", "Nur", "Wahyuni", "Yohana", "Debora", "Selfina", "Adolfina", "Herlina", "Susan", "Ratna", "Lestari",
          "Ani", "Mariana", "Yosina", "Kristina", "Magdalena", "Putri", "Indah"]  # fmt: skip
PAPUAN = ["Kambuaya", "Mambrasar", "Kareth", "Rumbiak", "Sapisa", "Wanma", "Korwa", "Kalami", "Malak", "Osok",
          "Sagrim", "Kalagison", "Mayor", "Rumbewas", "Ayomi", "Msen", "Fonataba", "Klasin", "Mobalen",
          "Sawor"]  # fmt: skip
NUSANTARA = ["Santoso", "Rahmawati", "Wijaya", "Lestari", "Saputra", "Hidayat", "Nugroho", "Siregar", "Pattiasina",
             "Latuconsina", "Tanjung", "Manurung", "Pratama", "Kurniawan", "Setiawan", "Sitorus", "Rumere", "Sahetapy",
             "Hasibuan", "Wulandari"]  # fmt: skip
GENERAL_S1 = ["S.E.", "S.H.", "S.Kom.", "S.Sos.", "S.IP.", "S.T.", "S.AP."]
PELAKSANA = ["Pengadministrasi Perkantoran", "Pengelola Keuangan", "Penata Layanan Operasional",
             "Pengelola Data dan Informasi", "Operator Layanan Operasional", "Pengadministrasi Umum"]  # fmt: skip
FUNGSIONAL = ["Analis Kebijakan", "Perencana", "Auditor", "Arsiparis", "Pranata Komputer", "Analis SDM Aparatur"]
ENTRY_GOLONGAN = {"SMA": "II/a", "D3": "II/c", "S1": "III/a", "D4": "III/a", "S2": "III/b", "S3": "III/c"}
PPPK_GOLONGAN = {"SMA": "V", "D3": "VII", "S1": "IX", "D4": "IX", "S2": "X", "S3": "XI"}
ENTRY_AGE = {"SMA": (19, 27), "D3": (21, 30), "S1": (23, 33), "D4": (23, 33), "S2": (26, 36), "S3": (30, 38)}
CAP = {"SMA": "III/b", "D3": "III/d", "S1": "IV/b", "D4": "IV/b", "S2": "IV/c", "S3": "IV/d"}
LEVEL_OF = {
    "III/a": "ahli_pertama", "III/b": "ahli_pertama", "III/c": "ahli_muda", "III/d": "ahli_muda",
    "IV/a": "ahli_madya", "IV/b": "ahli_madya", "IV/c": "ahli_madya", "IV/d": "ahli_utama", "IV/e": "ahli_utama",
    "IX": "ahli_pertama", "X": "ahli_muda", "XI": "ahli_madya",
}  # fmt: skip
SKILL_LEVEL = {"II/a": "pemula", "II/b": "pemula", "II/c": "terampil", "II/d": "terampil", "III/a": "mahir",
               "III/b": "mahir", "III/c": "penyelia", "III/d": "penyelia", "V": "pemula",
               "VII": "terampil"}  # fmt: skip
# Non-Papuans born or raised in Papua are OAP category III; the rest have none.
NON_PAPUAN_OAP = ["", "", "III"]
OAP = ["I", "II", "III"]
STREETS = ["Basuki Rahmat", "Ahmad Yani", "Sungai Maruni", "Kurana", "Jenderal Sudirman", "Pendidikan", "Malibela"]
LEVEL_LABEL = dict(Employee.FunctionalLevel.choices)


class _Builder:
    def __init__(self, rng: random.Random, today: date):
        self.rng = rng
        self.today = today
        self.nips: set[str] = set()
        self.niks: set[str] = set()
        self.serial = 0
        self.positions: dict[str, FunctionalPosition] = {}

    def functional_position(self, name: str) -> FunctionalPosition:
        """The reference row of a jabatan fungsional (Guru and Dosen come with their law's BUP)."""
        if name not in self.positions:
            self.positions[name] = FunctionalPosition.objects.get_or_create(name=name)[0]
        return self.positions[name]

    def person(self, *, unit: OrgUnit, role: str, supervisor=None, min_age=22, max_age=58) -> Employee:
        rng = self.rng
        male = rng.random() < 0.52
        papuan = rng.random() < 0.45
        name = f"{rng.choice(MALE if male else FEMALE)} {rng.choice(PAPUAN if papuan else NUSANTARA)}"
        age = rng.randint(min_age, max_age)
        born = self.today - timedelta(days=age * 365 + rng.randint(0, 364))
        dept = unit.name if unit.parent_id is None else unit.parent.name
        education, profession = self._profession(role, dept, unit)
        pppk = role == "staff" and rng.random() < 0.2
        employee = Employee(
            name=name, sex="L" if male else "P", birth_date=born, unit=unit, supervisor=supervisor,
            birth_place=rng.choice(["Sorong", "Sorong", "Manokwari", "Jayapura", "Biak", "Fakfak", "Ambon", "Makassar",
                                    "Teminabuan", "Raja Ampat", "Manado", "Kupang"]),
            education_level=education, status=Employee.Status.AKTIF,
            oap_category=rng.choices(OAP, weights=[5, 3, 2])[0] if papuan else rng.choice(NON_PAPUAN_OAP),
            phone=f"08{rng.randint(1100000000, 1399999999)}",
            address=f"Jl. {rng.choice(STREETS)} No. {rng.randint(1, 120)}, Kota Sorong",
        )  # fmt: skip
        entry_low, entry_high = ENTRY_AGE[education]
        if pppk:
            self._pppk(employee, education, age)
        else:
            self._pns(employee, education, born, age, entry_low, entry_high, role)
        self._position(employee, role, profession, unit)
        region = f"9271{rng.randint(1, 10):02d}"
        nik = build_nik(region=region, birth_date=born, male=male, serial=rng.randint(1, 9999))
        while nik in self.niks:
            nik = build_nik(region=region, birth_date=born, male=male, serial=rng.randint(1, 9999))
        self.niks.add(nik)
        employee.nik = nik
        employee.front_title, employee.back_title = self._titles(education, profession)
        first = name.split()[0].lower()
        employee.email = f"{first}.{name.split()[-1].lower()}{rng.randint(1, 99)}@sorongkota.go.id"
        return employee

    def _profession(self, role, dept, unit):
        rng = self.rng
        if role in ("sekda", "head"):
            return rng.choice(["S2", "S2", "S2", "S3"]), "structural"
        if role == "subhead":
            return rng.choice(["S1", "S2", "S2"]), "structural"
        if unit.kind == K.SEKOLAH or (dept.startswith("Dinas Pendidikan") and rng.random() < 0.3):
            return rng.choice(["S1"] * 8 + ["S2", "D4"]), "guru"
        if (
            unit.kind == K.PUSKESMAS
            or dept.startswith("Rumah Sakit")
            or (dept == "Dinas Kesehatan" and rng.random() < 0.4)
        ):
            profession = rng.choice(["perawat", "perawat", "bidan", "dokter", "analis", "farmasi", "kesmas"])
            education = {"perawat": rng.choice(["D3", "S1"]), "bidan": rng.choice(["D3", "D4"]), "dokter": "S1",
                         "analis": "D3", "farmasi": rng.choice(["D3", "S1"]), "kesmas": "S1"}[profession]  # fmt: skip
            return education, profession
        education = rng.choice(["SMA", "SMA", "D3", "S1", "S1", "S1", "S1", "S2"])
        return education, ("fungsional" if education in ("S1", "S2") and rng.random() < 0.4 else "pelaksana")

    def _pns(self, employee, education, born, age, low, high, role):
        rng = self.rng
        tmt = date(born.year + rng.randint(low, high), rng.randint(1, 12), 1)
        # The latest intake (TMT 1 March) is still CPNS; so is anyone who entered in the last two years.
        latest = date(self.today.year - (0 if self.today.month >= 7 else 1), 3, 1)
        cpns = role == "staff" and age <= 35 and rng.random() < 0.05
        if cpns:
            tmt = latest
        elif tmt > date(self.today.year - 2, 1, 1):  # too recent for a PNS: entered a few years earlier
            tmt = max(date(born.year + 19, 1, 1), date(self.today.year - rng.randint(3, 5), rng.randint(1, 12), 1))
        self.serial = self.serial % 999 + 1
        nip = build_nip(birth_date=born, tmt_cpns=tmt, male=employee.sex == "L", serial=self.serial)
        while nip in self.nips:
            self.serial = self.serial % 999 + 1
            nip = build_nip(birth_date=born, tmt_cpns=tmt, male=employee.sex == "L", serial=self.serial)
        self.nips.add(nip)
        years = (self.today - tmt).days // 365
        steps = years // 4 + (2 if role in ("sekda", "head") else 1 if role == "subhead" else 0)
        start = PNS_GOLONGAN.index(ENTRY_GOLONGAN[education])
        cap = PNS_GOLONGAN.index("IV/d" if role == "sekda" else "IV/c" if role == "head" else CAP[education])
        employee.golongan = ENTRY_GOLONGAN[education] if cpns else PNS_GOLONGAN[min(start + steps, max(cap, start))]
        employee.employment_type = Employee.EmploymentType.CPNS if cpns else Employee.EmploymentType.PNS
        employee.nip = nip
        employee.tmt_cpns = tmt
        employee.tmt_pns = None if cpns else date(tmt.year + 1, tmt.month, 1)
        employee.tmt_golongan = (
            tmt if cpns else min(date(max(tmt.year + 1, self.today.year - rng.randint(0, 3)), 4, 1), self.today)
        )
        jabatan = date(max(tmt.year + 1, self.today.year - rng.randint(0, 6)), rng.choice([1, 4, 7, 10]), 1)
        employee.tmt_jabatan = tmt if cpns else min(jabatan, self.today)

    def _pppk(self, employee, education, age):
        rng = self.rng
        year = rng.randint(
            max(2019, employee.birth_date.year + 20), self.today.year - (0 if self.today.month > 3 else 1)
        )
        self.serial = self.serial % 999 + 1
        nip = build_ni_pppk(
            birth_date=employee.birth_date, appointment_year=year, male=employee.sex == "L", serial=self.serial
        )
        while nip in self.nips:
            self.serial = self.serial % 999 + 1
            nip = build_ni_pppk(
                birth_date=employee.birth_date, appointment_year=year, male=employee.sex == "L", serial=self.serial
            )
        self.nips.add(nip)
        employee.nip = nip
        employee.employment_type = Employee.EmploymentType.PPPK
        employee.golongan = PPPK_GOLONGAN[education]
        employee.tmt_golongan = employee.tmt_jabatan = date(year, 4, 1)

    def _position(self, employee, role, profession, unit):
        g = employee.golongan
        if role == "sekda":
            employee.position_type, employee.position_title = "jpt_madya", "Sekretaris Daerah Kota Sorong"
        elif role == "head" and unit.name in ("Sekretariat DPRD", "Inspektorat"):
            title = "Sekretaris DPRD" if unit.name == "Sekretariat DPRD" else "Inspektur"
            employee.position_type, employee.position_title = "jpt_pratama", title
        elif role == "head":
            if unit.kind == K.DISTRIK:
                employee.position_type, employee.position_title = "administrator", f"Kepala {unit.name}"
            else:
                employee.position_type = "jpt_pratama"
                employee.position_title = unit.head_position or f"Kepala {unit.name}"
        elif role == "subhead":
            if unit.kind in (K.SEKOLAH, K.PUSKESMAS):
                employee.position_type = "pengawas"
                employee.position_title = f"Kepala {unit.name}"
            elif unit.kind == K.SEKSI:
                employee.position_type, employee.position_title = "pengawas", f"Kepala {unit.name}"
            elif unit.kind == K.SEKRETARIAT:
                employee.position_type, employee.position_title = "administrator", f"Sekretaris {unit.parent.name}"
            else:
                employee.position_type, employee.position_title = "administrator", f"Kepala {unit.name}"
        else:
            base = {"guru": "Guru", "perawat": "Perawat", "bidan": "Bidan", "dokter": "Dokter",
                    "analis": "Pranata Laboratorium Kesehatan",
                    "farmasi": "Apoteker" if employee.education_level == "S1" else "Asisten Apoteker",
                    "kesmas": "Penyuluh Kesehatan Masyarakat"}.get(profession)  # fmt: skip
            if base is None and profession == "fungsional":
                base = self.rng.choice(FUNGSIONAL)
            if base is None:
                employee.position_type, employee.position_title = "pelaksana", self.rng.choice(PELAKSANA)
                return
            skilled = employee.education_level in ("SMA", "D3")
            level = (SKILL_LEVEL if skilled else LEVEL_OF).get(g) or ("terampil" if skilled else "ahli_pertama")
            employee.position_type, employee.functional_level = "fungsional", level
            employee.position_title = f"{base} {LEVEL_LABEL[level]}"
            employee.functional_position = self.functional_position(base)

    def _titles(self, education, profession):
        rng = self.rng
        if education in ("SMA",):
            return "", ""
        if profession == "dokter":
            return "dr.", ""
        if education == "D3":
            return "", {
                "perawat": "A.Md.Kep.",
                "bidan": "A.Md.Keb.",
                "analis": "A.Md.AK.",
                "farmasi": "A.Md.Farm.",
            }.get(profession, "A.Md.")
        s1 = {"guru": "S.Pd.", "perawat": "S.Kep., Ns.", "bidan": "S.Tr.Keb.", "farmasi": "S.Farm., Apt.",
              "kesmas": "S.KM."}.get(profession) or rng.choice(GENERAL_S1)  # fmt: skip
        if education == "S2":
            return rng.choice(["", "", "Drs." if rng.random() < 0.2 else "Ir." if rng.random() < 0.2 else ""]), (
                f"{s1}, {rng.choice(['M.Si.', 'M.Pd.', 'M.Kes.', 'M.M.', 'M.AP.'])}"
            )
        if education == "S3":
            return "Dr.", f"{s1}, M.Si."
        return "", s1


def seed(*, stdout, count: int, password: str, seed: int) -> None:
    """Build the Kota Sorong government with `count` employees (at least one head per unit); idempotent."""
    if User.objects.filter(username="hr").exists() and Employee.objects.exists():
        hashed = make_password(password)
        User.objects.filter(username__in=LOGINS).update(password=hashed)
        stdout.write("Data demo pegawai sudah ada; hanya kata sandi akun demo yang diatur ulang.")
        return
    rng = random.Random(seed)
    today = timezone.localdate()
    builder = _Builder(rng, today)

    departments, subunits = _units()
    sekda_unit = departments[0]
    sekda = builder.person(unit=sekda_unit, role="sekda", min_age=48, max_age=57)
    _save([sekda])
    heads = [builder.person(unit=d, role="head", supervisor=sekda, min_age=42, max_age=58) for d in departments[1:]]
    _save(heads)
    head_of = {sekda_unit.pk: sekda} | {h.unit_id: h for h in heads}
    subheads = [builder.person(unit=u, role="subhead", supervisor=head_of[u.department_id], min_age=35, max_age=57)
                for u in subunits]  # fmt: skip
    _save(subheads)
    subhead_of = {s.unit_id: s for s in subheads}

    staff_units = _staff_units(subunits, max(count - 1 - len(heads) - len(subheads), 0), rng)
    staff = [builder.person(unit=u, role="staff", supervisor=subhead_of[u.pk]) for u in staff_units]
    _save(staff)
    for unit in [*departments, *subunits]:
        unit.head = head_of.get(unit.pk) if unit.parent_id is None else subhead_of[unit.pk]
    OrgUnit.objects.bulk_update([*departments, *subunits], ["head"], batch_size=500)

    _logins(password=password, departments=departments, subunits=subunits, head_of=head_of, subhead_of=subhead_of,
            staff=staff)  # fmt: skip
    _penalties(rng, staff, today)
    stdout.write(
        f"Data demo pegawai: {len(departments)} perangkat daerah, {len(subunits)} unit di bawahnya, "
        f"{Employee.objects.count()} pegawai."
    )


def _penalties(rng: random.Random, staff: list[Employee], today) -> None:
    """A handful of recent disciplinary penalties (the discipline dimension of the IP ASN)."""
    kinds = [(1, "Teguran tertulis"), (1, "Pernyataan tidak puas secara tertulis"), (2, "Pemotongan tunjangan kinerja")]
    chosen = rng.sample(staff, min(6, len(staff)))
    DisciplinaryPenalty.objects.bulk_create(
        DisciplinaryPenalty(
            employee=employee, level=kinds[n % 3][0], description=kinds[n % 3][1],
            decided_on=today - timedelta(days=7 * n + 7), decree_number=f"800.1.6/{n + 11}/BKPSDM/{today.year}",
        )
        for n, employee in enumerate(chosen)
    )  # fmt: skip


def _save(employees: list[Employee]) -> None:
    created = bulk_create_with_history(employees, Employee, batch_size=1000)
    for original, saved in zip(employees, created, strict=True):
        original.pk = saved.pk


def _units() -> tuple[list[OrgUnit], list[OrgUnit]]:
    departments = [OrgUnit(name=name, kind=kind) for name, kind, _subs in DEPARTMENTS]
    OrgUnit.objects.bulk_create(departments)
    OrgUnit.objects.filter(pk__in=[d.pk for d in departments]).update(department_id=F("id"))
    subunits = []
    for dept, (_name, _kind, subs) in zip(departments, DEPARTMENTS, strict=True):
        dept.department_id = dept.pk
        if isinstance(subs, int):
            short = dept.name.split(" ", 1)[1] if " " in dept.name else dept.name
            subs = [(f"Sekretariat {short}", K.SEKRETARIAT)] + [
                (f"{b} {short}", K.BIDANG) for b in GENERIC_BIDANG[:subs]
            ]
        for name, kind in subs:
            subunits.append(OrgUnit(name=name, kind=kind, parent=dept, department_id=dept.pk))
    OrgUnit.objects.bulk_create(subunits)
    for unit in subunits:
        unit.department = unit.parent
    return departments, subunits


def _staff_units(subunits: list[OrgUnit], count: int, rng: random.Random) -> list[OrgUnit]:
    weights = []
    per_dept: dict[int, int] = {}
    for u in subunits:
        per_dept[u.department_id] = per_dept.get(u.department_id, 0) + 1
    for u in subunits:
        share = WEIGHT.get(u.parent.name, 1.0) / per_dept[u.department_id]
        if u.kind in (K.SEKOLAH, K.PUSKESMAS):
            share *= 1.6
        weights.append(share)
    # The demo logins need staff under the first bidang of Dinas Kesehatan and in BKPSDM.
    fixed = [u for u in subunits if u.name in ("Bidang Pelayanan Kesehatan", "Bidang Mutasi dan Promosi")] * 2
    return fixed + rng.choices(subunits, weights=weights, k=max(count - len(fixed), 0))


def _logins(*, password, departments, subunits, head_of, subhead_of, staff):
    by_name = {u.name: u for u in [*departments, *subunits]}
    kesehatan, pendidikan = by_name["Dinas Kesehatan"], by_name["Dinas Pendidikan dan Kebudayaan"]
    bidang = by_name["Bidang Pelayanan Kesehatan"]
    bkpsdm = by_name["Bidang Mutasi dan Promosi"]
    people = {
        "kepala": head_of[kesehatan.pk],
        "kepala2": head_of[pendidikan.pk],
        "atasan": subhead_of[bidang.pk],
        "pegawai": next(e for e in staff if e.unit_id == bidang.pk),
        "hr": next(e for e in staff if e.unit_id == bkpsdm.pk),
    }
    hashed = make_password(password)
    User.objects.create(
        username="admin", first_name="Admin", last_name="Sistem", email="admin@sorongkota.go.id",
        is_superuser=True, is_staff=True, password=hashed,
    )  # fmt: skip
    group, _ = Group.objects.get_or_create(name=HR_GROUP)
    for username, employee in people.items():
        first, _, last = employee.name.partition(" ")
        user = User.objects.create(
            username=username, first_name=first, last_name=last, email=employee.email, password=hashed,
            is_staff=username == "hr",
        )  # fmt: skip
        if username == "hr":
            user.groups.add(group)
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label="employees")
                .exclude(content_type__model__in=["user", "reminderlog"])
                .exclude(codename__startswith="delete_")
            )
        Employee.objects.filter(pk=employee.pk).update(user=user)


def print_logins(*, stdout, password: str) -> None:
    stdout.write("")
    stdout.write("Akun demo — HANYA UNTUK DEMO, jangan dipakai di server produksi:")
    stdout.write(f"  {'pengguna':<10} {'peran':<50} kata sandi")
    stdout.write(f"  {'-' * 10} {'-' * 50} {'-' * len(password)}")
    for username in LOGINS:
        stdout.write(f"  {username:<10} {ROLES[username]:<50} {password}")
    stdout.write("")
