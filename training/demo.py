"""Demo data for this app, called by `manage.py seed_demo` after the employee register exists.

Institutions, a catalogue, past and upcoming sessions, enrolments with attendance and results,
certificates, external learning and feedback, with a realistic JP spread (many PNS well under 20).
Deterministic for a given seed; idempotent: a second run changes nothing.
"""

import random
from datetime import datetime, time, timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from employees import events
from employees.models import Employee, User
from employees.ranks import age_on, golongan_at_least

from . import rules
from .ledger import jp_rebuild
from .models import (
    Attendance,
    Certificate,
    Enrollment,
    ExternalLearning,
    Feedback,
    Institution,
    TrainingProgram,
    TrainingSession,
)
from .services import CODE_ALPHABET

INSTITUTIONS = [
    ("Lembaga Administrasi Negara (LAN RI)", "lan", "PKS/LAN/017/2024", (2024, 1, 15), (2027, 1, 14)),
    ("BPSDM Provinsi Papua Barat Daya", "bpsdm", "PKS/BPSDM-PBD/03/2025", (2025, 3, 1), (2028, 2, 28)),
    ("Universitas Muhammadiyah Sorong", "universitas", "PKS/UNIMUDA/11/2022", (2022, 6, 1), (2025, 5, 31)),
    ("Universitas Papua", "universitas", "PKS/UNIPA/08/2025", (2025, 8, 1), (2028, 7, 31)),
    ("ASN Unggul (platform daring)", "daring", "", None, None),
]

# title, kind, competence, route, method, jp, institution index, leadership level, other fields (prerequisites,
# the functional position of a functional training)
CATALOGUE = [
    ("Pelayanan Publik Digital", "teknis", "teknis", "klasikal", "bimtek", 16, 1, "", {}),
    ("Manajemen Proyek Pemerintahan", "seminar", "manajerial", "klasikal", "lokakarya", 24, 3, "", {}),
    ("Literasi Digital ASN", "teknis", "teknis", "nonklasikal", "e_learning", 8, 4, "", {}),
    ("Penyusunan SKP dan Manajemen Kinerja", "teknis", "manajerial", "klasikal", "bimtek", 12, 1, "", {}),
    ("Wawasan Kebangsaan dan Budaya Papua", "seminar", "sosial_kultural", "klasikal", "seminar", 6, 2, "", {}),
    ("Coaching Kinerja bagi Atasan", "teknis", "manajerial", "nonklasikal", "coaching", 10, 3, "", {}),
    ("Pelatihan Dasar CPNS (Latsar)", "kepemimpinan", "kepemimpinan", "klasikal", "pelatihan", 288, 1, "latsar", {}),
    ("Pelatihan Kepemimpinan Pengawas (PKP)", "kepemimpinan", "kepemimpinan", "klasikal", "pelatihan", 310, 1, "pkp",
     {"required_position_types": ["pengawas", "pelaksana", "fungsional"], "min_golongan": "III/a"}),
    ("Pelatihan Kepemimpinan Administrator (PKA)", "kepemimpinan", "kepemimpinan", "klasikal", "pelatihan", 360, 0,
     "pka", {"required_position_types": ["administrator", "pengawas"], "min_golongan": "III/c"}),
    ("Pelatihan Kepemimpinan Nasional Tingkat II (PKN II)", "kepemimpinan", "kepemimpinan", "klasikal", "pelatihan",
     420, 0, "pkn2",
     {"min_golongan": "IV/a", "max_age": 55, "required_position_types": ["jpt_pratama", "administrator"]}),
    ("Pelatihan Fungsional Guru", "fungsional", "fungsional", "klasikal", "pelatihan", 40, 3, "",
     {"functional_position": "Guru", "required_position_types": ["fungsional"]}),
    ("Pelatihan Fungsional Perawat", "fungsional", "fungsional", "klasikal", "pelatihan", 40, 1, "",
     {"functional_position": "Perawat", "required_position_types": ["fungsional"]}),
    ("Pelatihan Fungsional Analis Kebijakan", "fungsional", "fungsional", "klasikal", "pelatihan", 60, 0, "",
     {"functional_position": "Analis Kebijakan", "required_position_types": ["fungsional"]}),
]  # fmt: skip
FUNCTIONAL = [row[0] for row in CATALOGUE if row[1] == "fungsional"]

SMALL = ("Pelayanan Publik Digital", "Manajemen Proyek Pemerintahan", "Penyusunan SKP dan Manajemen Kinerja",
         "Wawasan Kebangsaan dan Budaya Papua", "Coaching Kinerja bagi Atasan", "Literasi Digital ASN")  # fmt: skip


def seed(*, stdout, today, seed: int) -> None:
    """Idempotent: a second run changes nothing."""
    rng = random.Random(seed * 7919 + 5)
    with transaction.atomic():
        programs = _catalogue()
        if Enrollment.objects.filter(session__program__in=list(programs.values())).exists():
            stdout.write("Pelatihan: data demo sudah ada, dilewati.")
            return
        past, upcoming = _sessions(programs, today)
        hr = User.objects.filter(username="hr").first() or User.objects.filter(is_superuser=True).first()
        if hr is None:
            stdout.write("Pelatihan: tidak ada akun hr/admin, data demo dilewati.")
            return
        completed = _past_enrolments(rng, past, programs, hr, today)
        _upcoming_enrolments(rng, upcoming, hr, today)
        certs = _certificates(rng, completed, hr)
        reports = _external(rng, hr, today)
        _feedback(rng, completed)
        jp_rebuild()  # the rows above were bulk-inserted
    stdout.write(
        f"Pelatihan: {len(INSTITUTIONS)} lembaga, {len(programs)} program, {len(past) + len(upcoming)} sesi, "
        f"{len(completed)} peserta selesai, {certs} sertifikat, {reports} laporan mandiri."
    )


def _catalogue() -> dict[str, TrainingProgram]:
    institutions = []
    for name, kind, number, start, end in INSTITUTIONS:
        inst, _ = Institution.objects.get_or_create(
            name=name,
            defaults={
                "kind": kind, "agreement_number": number,
                "agreement_start": start and timezone.datetime(*start).date(),
                "agreement_end": end and timezone.datetime(*end).date(),
            },
        )  # fmt: skip
        institutions.append(inst)
    programs = {}
    for title, kind, competence, route, method, jp, inst, level, extra in CATALOGUE:
        program, _ = TrainingProgram.objects.get_or_create(
            title=title,
            institution=institutions[inst],
            defaults={
                "kind": kind, "competence_type": competence, "route": route, "method": method, "jp": jp,
                "leadership_level": level, **extra,
            },
        )  # fmt: skip
        programs[title] = program
    pka = programs["Pelatihan Kepemimpinan Administrator (PKA)"]
    if pka.required_program_id is None:
        pka.required_program = programs["Pelatihan Kepemimpinan Pengawas (PKP)"]
        pka.save(update_fields=["required_program"])
    return programs


def _session(program, name, start, days, capacity, status, deadline=None):
    session, _ = TrainingSession.objects.get_or_create(
        program=program,
        name=name,
        defaults={
            "start_date": start, "end_date": start + timedelta(days=days - 1), "capacity": capacity,
            "registration_deadline": deadline or start - timedelta(days=3), "status": status,
            "place": "" if program.route == "nonklasikal" else "Aula BKPSDM Kota Sorong",
            "online_url": "https://asn-unggul.example.go.id/kelas" if program.route == "nonklasikal" else "",
        },
    )  # fmt: skip
    return session


def _sessions(programs, today):
    """Past small sessions one week apart (no clashes), leadership courses, and upcoming batches."""
    past = []
    year = today.year
    for i in range(16):
        title = SMALL[i % len(SMALL)]
        start = today - timedelta(days=14 + 9 * i)
        capacity = 2000 if title == "Literasi Digital ASN" else 250
        past.append(_session(programs[title], f"Angkatan {i // len(SMALL) + 1} {start.year}", start, 3, capacity,
                             TrainingSession.Status.FINISHED))  # fmt: skip
    for title in ("Pelatihan Kepemimpinan Pengawas (PKP)", "Pelatihan Kepemimpinan Administrator (PKA)",
                  "Pelatihan Dasar CPNS (Latsar)", *FUNCTIONAL):  # fmt: skip
        start = today - timedelta(days=200)
        capacity = 300 if title in FUNCTIONAL else 40
        past.append(
            _session(programs[title], f"Angkatan I {start.year}", start, 5, capacity, TrainingSession.Status.FINISHED)
        )
    upcoming = [
        _session(programs["Pelayanan Publik Digital"], f"Angkatan Khusus {year}", today + timedelta(days=2), 3, 30,
                 TrainingSession.Status.OPEN, deadline=today + timedelta(days=1)),
        _session(programs["Manajemen Proyek Pemerintahan"], f"Angkatan Akhir {year}", today + timedelta(days=21), 3,
                 25, TrainingSession.Status.OPEN, deadline=today + timedelta(days=14)),
        _session(programs["Pelatihan Kepemimpinan Pengawas (PKP)"], f"Angkatan II {year}", today + timedelta(days=40),
                 5, 2, TrainingSession.Status.OPEN, deadline=today + timedelta(days=30)),
        _session(programs["Pelatihan Kepemimpinan Nasional Tingkat II (PKN II)"], f"Angkatan I {year + 1}",
                 today + timedelta(days=60), 5, 10, TrainingSession.Status.PLANNED,
                 deadline=today + timedelta(days=45)),
    ]  # fmt: skip
    return past, upcoming


def _past_enrolments(rng, past, programs, hr, today):
    """A JP spread: about a third of PNS with no training this year, the rest with one to three sessions."""
    small = [s for s in past if s.program.kind in ("teknis", "seminar")]
    functional = [s for s in past if s.program.kind == "fungsional"]
    staff = list(
        Employee.objects.active().order_by("id").values_list("pk", "employment_type", "position_type", "golongan",
                                                             "birth_date", "user__username", "position_title")
    )  # fmt: skip
    seats = {s.pk: s.capacity for s in past}
    rows = []
    for pk, kind, position, golongan, born, username, title in staff:
        # about half of the guru, perawat and analis kebijakan have the functional training of their position
        own = [
            s for s in functional
            if rules.functional_training_matches(position_title=title,
                                                 functional_position=s.program.functional_position)
        ]  # fmt: skip
        if own and rng.random() < 0.5 and seats[own[0].pk] > 0:
            seats[own[0].pk] -= 1
            rows.append((own[0], pk))
        if username == "pegawai":
            k = 1
        elif username in ("hr", "kepala", "atasan"):
            k = 2
        else:
            k = rng.choices([0, 1, 2, 3], weights=[32, 36, 22, 10])[0]
        for session in rng.sample(small, k):
            if seats[session.pk] > 0:
                seats[session.pk] -= 1
                rows.append((session, pk))
        level = {"pengawas": "pkp", "administrator": "pka"}.get(position)
        if kind == "cpns":
            level = "latsar"
        if level and rng.random() < 0.5:
            session = next(s for s in past if s.program.leadership_level == level)
            ok = level != "pka" or golongan_at_least(golongan, "III/c")
            if ok and seats[session.pk] > 0 and age_on(born, session.start_date) < 56:
                seats[session.pk] -= 1
                rows.append((session, pk))
    decided = timezone.make_aware(datetime.combine(today - timedelta(days=30), time(9)))
    enrolments = [
        Enrollment(
            session=s, employee_id=pk, origin=Enrollment.Origin.HR, nominated_by=hr,
            status=Enrollment.Status.APPROVED, decided_by=hr, decided_at=decided,
            result=Enrollment.Result.COMPLETED if rng.random() < 0.93 else Enrollment.Result.NOT_COMPLETED,
            result_at=decided,
        )
        for s, pk in rows
    ]  # fmt: skip
    bulk_create_with_history(enrolments, Enrollment, batch_size=2000)
    created = list(
        Enrollment.objects.filter(session__in=past).select_related("session", "session__program", "employee")
    )
    Attendance.objects.bulk_create(
        [
            Attendance(enrollment=e, day=day, present=e.result == "completed" or rng.random() < 0.5, recorded_by=hr)
            for e in created
            for day in e.session.days()
        ],
        batch_size=5000,
    )
    return [e for e in created if e.result == Enrollment.Result.COMPLETED]


def _upcoming_enrolments(rng, upcoming, hr, today):
    users = {u.username: u for u in User.objects.filter(username__in=["pegawai", "atasan", "kepala", "kepala2"])}
    soon, late, pkp, _pkn = upcoming
    rows = []
    pegawai = Employee.objects.filter(user__username="pegawai").first()
    atasan = Employee.objects.filter(user__username="atasan").first()
    if pegawai:
        rows.append(Enrollment(session=late, employee=pegawai, origin="request", nominated_by=users["pegawai"]))
    if atasan:
        reports = list(Employee.objects.active().filter(supervisor=atasan).exclude(pk=getattr(pegawai, "pk", None))
                       .order_by("id")[:3])  # fmt: skip
        rows += [
            Enrollment(session=late, employee=e, origin="supervisor", nominated_by=users["atasan"]) for e in reports
        ]
    others = list(Employee.objects.active().filter(employment_type="pns").order_by("id")[:400])
    for e in rng.sample(others, min(20, len(others))):
        if pegawai and e.pk == pegawai.pk:
            continue
        rows.append(Enrollment(session=soon, employee=e, origin="hr", nominated_by=hr, status="approved",
                               decided_by=hr, decided_at=timezone.now()))  # fmt: skip
    pengawas = list(Employee.objects.active().filter(position_type="pengawas").order_by("id")[:4])
    for i, e in enumerate(pengawas):
        status = "approved" if i < 2 else "waitlisted"
        waitlisted_at = timezone.now() if status == "waitlisted" else None
        rows.append(Enrollment(session=pkp, employee=e, origin="hr", nominated_by=hr, status=status, decided_by=hr,
                               decided_at=timezone.now(), waitlisted_at=waitlisted_at))  # fmt: skip
    seen = set()
    rows = [r for r in rows if not ((r.session_id, r.employee_id) in seen or seen.add((r.session_id, r.employee_id)))]
    bulk_create_with_history(rows, Enrollment, batch_size=500)
    # nominations pending for a week, so the approver sees a reminder
    Enrollment.objects.filter(session=late, status="pending", origin="supervisor").update(
        created_at=timezone.now() - timedelta(days=7)
    )
    # the department head hears of each pending nomination, as after `enrollment_nominate`
    for pk in Enrollment.objects.filter(session=late, status="pending").values_list("pk", flat=True):
        events.publish("training.enrollment_nominated", enrollment_id=pk)


def _code(rng):
    raw = "".join(rng.choice(CODE_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def _certificates(rng, completed, hr) -> int:
    """Generated PDFs for the demo logins and a sample of others (PDFs are the slow part)."""
    from .pdf import certificate_pdf

    chosen = [e for e in completed if e.employee.user_id] + rng.sample(completed, min(40, len(completed)))
    certs, seen = [], set()
    for e in chosen:
        if e.pk in seen:
            continue
        seen.add(e.pk)
        code = _code(rng)
        path = default_storage.save(
            f"training/certificates/{e.session.end_date:%Y}/{code}.pdf",
            ContentFile(certificate_pdf(enrollment=e, code=code)),
        )
        certs.append(Certificate(enrollment=e, kind=Certificate.Kind.GENERATED, code=code, file=path, issued_by=hr))
    bulk_create_with_history(certs, Certificate, batch_size=500)
    return len(certs)


# title, provider, route, method, JP, kind, functional position
EXTERNAL = [
    ("Webinar Keamanan Siber untuk ASN", "BSSN", "nonklasikal", "seminar", 3, "seminar", ""),
    ("Kursus Daring Analisis Data dengan Spreadsheet", "ASN Unggul", "nonklasikal", "e_learning", 8, "teknis", ""),
    ("Seminar Nasional Pelayanan Kesehatan Primer", "Universitas Papua", "klasikal", "seminar", 6, "seminar", ""),
    ("Mentoring Penulisan Kebijakan", "Universitas Muhammadiyah Sorong", "nonklasikal", "mentoring", 4, "teknis", ""),
    ("Magang Pengelolaan Arsip Dinamis", "ANRI", "nonklasikal", "magang", 20, "seminar", ""),
    ("Bimtek Penyusunan Anggaran Berbasis Kinerja", "BPSDM Provinsi Papua Barat Daya", "klasikal", "bimtek", 24,
     "teknis", ""),
    ("Pelatihan Fungsional Pranata Komputer", "Pusdiklat BPS", "klasikal", "pelatihan", 40, "fungsional",
     "Pranata Komputer"),
    ("Kursus Bahasa Inggris untuk Pelayanan Publik", "Balai Bahasa Papua Barat", "klasikal", "kursus", 16, "seminar",
     ""),
    ("Lokakarya Penyusunan Standar Pelayanan", "Ombudsman RI Perwakilan Papua Barat", "klasikal", "lokakarya", 8,
     "seminar", ""),
]  # fmt: skip
# Leadership training done elsewhere and reported (post held, level, title, JP): a few holders of each post
LEADERSHIP_ELSEWHERE = [
    ("pengawas", "pkp", "Pelatihan Kepemimpinan Pengawas (PKP)", 310),
    ("administrator", "pka", "Pelatihan Kepemimpinan Administrator (PKA)", 360),
    ("jpt_pratama", "pkn2", "Pelatihan Kepemimpinan Nasional Tingkat II (PKN II)", 420),
]

EVIDENCE = b"%PDF-1.4\n% bukti kegiatan (demo)\n"


def _external(rng, hr, today) -> int:
    staff = list(Employee.objects.active().order_by("id").values_list("pk", flat=True))
    if not staff:
        return 0
    evidence = default_storage.save("training/external/demo/bukti-demo.pdf", ContentFile(EVIDENCE))
    rows = []
    for i, pk in enumerate(rng.sample(staff, min(len(staff), max(len(EXTERNAL), len(staff) // 8)))):
        # every kind of report at least once, then at random
        title, provider, route, method, jp, kind, position = EXTERNAL[i] if i < len(EXTERNAL) else rng.choice(EXTERNAL)
        end = today - timedelta(days=rng.randint(5, 120))
        status = rng.choices(["verified", "submitted", "rejected"], weights=[70, 25, 5])[0]
        rows.append(
            ExternalLearning(
                employee_id=pk, title=title, provider=provider, kind=kind, functional_position=position, route=route,
                method=method, start_date=end,
                end_date=end, jp=jp, evidence=evidence, status=status,
                verified_by=hr if status != "submitted" else None,
                verified_at=timezone.now() if status != "submitted" else None,
                reject_reason="Bukti tidak mencantumkan nama peserta." if status == "rejected" else "",
            )
        )  # fmt: skip
    rows += _leadership_elsewhere(rng, hr, today, evidence)
    ExternalLearning.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _leadership_elsewhere(rng, hr, today, evidence) -> list[ExternalLearning]:
    """Verified reports of PKP, PKA and PKN II taken at another institution, for up to two holders of each post."""
    rows = []
    for position_type, level, title, jp in LEADERSHIP_ELSEWHERE:
        holders = list(Employee.objects.active().filter(position_type=position_type).order_by("id")
                       .values_list("pk", flat=True))  # fmt: skip
        for pk in rng.sample(holders, min(2, len(holders))):
            end = today - timedelta(days=rng.randint(200, 900))
            rows.append(
                ExternalLearning(
                    employee_id=pk, title=title, provider="Lembaga Administrasi Negara", kind="kepemimpinan",
                    leadership_level=level, route="klasikal", method="pelatihan", start_date=end - timedelta(days=90),
                    end_date=end, jp=jp, evidence=evidence, status="verified", verified_by=hr,
                    verified_at=timezone.now(),
                )
            )  # fmt: skip
    return rows


COMMENTS = ["Materi sangat relevan dengan tugas.", "Narasumber menguasai materi.", "Waktu terlalu singkat.",
            "Perlu lebih banyak praktik.", "", ""]  # fmt: skip


def _feedback(rng, completed) -> None:
    rows = [
        Feedback(
            enrollment=e, rating=rng.choices([3, 4, 5, 2], weights=[25, 45, 25, 5])[0], comment=rng.choice(COMMENTS)
        )
        for e in completed
        if rng.random() < 0.3
    ]
    Feedback.objects.bulk_create(rows, batch_size=2000)
