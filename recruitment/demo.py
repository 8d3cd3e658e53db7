"""Demo data for this app, called by `manage.py seed_demo` after the employee register exists.

One CASN round in progress (a few hundred applicants with scores, ranked) and one open selection
for a senior post with panel scores and a published announcement. Bulk inserts, deterministic for
a seed, idempotent: the rounds are found by name and a second run changes nothing.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from employees.identifiers import build_nik
from employees.models import OrgUnit, User

from . import access, ranking, rounds, services
from .eligibility import OAP_CATEGORIES
from .models import Applicant, Application, Category, Formation, PanelMember, PanelScore, SelectionRound

FIRST_MALE = ["Yohanis", "Yance", "Petrus", "Frans", "Budi", "Agus", "Markus", "Daniel", "Rizky", "Andi", "Herman"]
FIRST_FEMALE = ["Maria", "Agustina", "Elsye", "Naomi", "Siti", "Dewi", "Yuliana", "Ruth", "Nur", "Fitri", "Debora"]
LAST = ["Kambuaya", "Mambrasar", "Kareth", "Rumbiak", "Sapisa", "Wanma", "Korwa", "Kalami", "Santoso", "Rahmawati",
        "Wijaya", "Lestari", "Sroyer", "Fatem", "Malibela", "Osok", "Ulim", "Klasibin"]  # fmt: skip
MAJORS = {"Perawat": "Keperawatan", "Guru": "Pendidikan Matematika", "Analis": "Administrasi Publik",
          "Pranata": "Teknik Informatika", "Dokter": "Pendidikan Dokter"}  # fmt: skip


def _person(rng: random.Random, serial: int, *, major: str, region: str = "927102") -> Applicant:
    male = rng.random() < 0.5
    born = date(1988, 1, 1) + timedelta(days=rng.randrange(0, 13 * 365))
    first = rng.choice(FIRST_MALE if male else FIRST_FEMALE)
    return Applicant(
        nik=build_nik(region=region, birth_date=born, male=male, serial=serial % 9999 + 1),
        name=f"{first} {rng.choice(LAST)}", sex="L" if male else "P", birth_place="Sorong", birth_date=born,
        education_level="S1", major=major, gpa=Decimal(rng.randrange(275, 400)) / 100,
        oap_category=rng.choice(["I", "I", "II", "III", "", ""]),
    )  # fmt: skip


def generate_applications(*, rnd: SelectionRound, count: int, seed: int, prefix: str, with_scores: bool = True,
                          region: str = "927102") -> int:  # fmt: skip
    """Bulk-insert `count` imported applications spread over the round's formations (demo and benchmark)."""
    rng = random.Random(seed)
    formations = list(Formation.objects.filter(round=rnd).order_by("code"))
    people, apps = [], []
    for i in range(count):
        formation = formations[i % len(formations)]
        major = next((m for key, m in MAJORS.items() if formation.position.startswith(key)), "Administrasi Publik")
        person = _person(rng, i, major=major, region=f"{int(region) + i // 9999:06d}")
        if formation.category == Category.PAPUA and person.oap_category not in OAP_CATEGORIES:
            person.oap_category = "I"
        people.append(person)
        scores = {}
        if with_scores and rng.random() > 0.05:  # a few did not sit the SKD
            scores = dict(twk=rng.randrange(40, 150, 5), tiu=rng.randrange(50, 175, 5), tkp=rng.randrange(130, 225))
            if rng.random() > 0.1:
                scores["skb"] = Decimal(rng.randrange(4000, 9800)) / 100
        apps.append((formation, person, f"{prefix}{i + 1:06d}", scores))
    Applicant.objects.bulk_create(people, batch_size=5000)
    by_nik = dict(Applicant.objects.filter(nik__in=[p.nik for p in people]).values_list("nik", "pk"))
    objs = []
    for formation, person, number, scores in apps:
        app = Application(
            round=rnd, formation=formation, applicant_id=by_nik[person.nik], registration_number=number,
            source=Application.Source.IMPORT, **scores,
        )  # fmt: skip
        person.pk = by_nik[person.nik]
        app.applicant = person
        services._auto_check(app)
        objs.append(app)
    Application.objects.bulk_create(objs, batch_size=5000)
    return len(objs)


def _departments():
    return list(OrgUnit.objects.filter(parent__isnull=True).order_by("pk"))


S = SelectionRound.Status


@transaction.atomic
def _casn(*, stdout, today, seed, hr, units):
    name = f"Seleksi CPNS Pemerintah Kota Sorong {today.year}"
    if SelectionRound.objects.filter(name=name).exists():
        return
    rnd = rounds.round_create(
        by=hr, name=name, year=today.year, kind=SelectionRound.Kind.CASN,
        appointment_type=SelectionRound.AppointmentType.CPNS, optimalisasi=True,
        appeal_opens=today - timedelta(days=2), appeal_closes=today + timedelta(days=5),
    )  # fmt: skip
    cutoff = date(today.year, 8, 1)
    plan = [
        ("F-001", "Perawat Ahli Pertama", "umum", 3),
        ("F-002", "Perawat Ahli Pertama", "papua", 2),
        ("F-003", "Guru Ahli Pertama", "umum", 4),
        ("F-004", "Analis Kebijakan Ahli Pertama", "cumlaude", 1),
        ("F-005", "Pranata Komputer Ahli Pertama", "disabilitas", 1),
        ("F-006", "Dokter Ahli Pertama", "diaspora", 1),
    ]
    for index, (code, position, category, quota) in enumerate(plan):
        major = next((m for key, m in MAJORS.items() if position.startswith(key)), "")
        rounds.formation_create(
            rnd=rnd, by=hr, code=code, position=position, unit=units[index % len(units)], quota=quota,
            category=category, education_levels=["S1", "D4"], majors=[major], max_age=35, age_cutoff=cutoff,
            functional_level="ahli_pertama",
        )  # fmt: skip
    count = generate_applications(rnd=rnd, count=320, seed=seed, prefix=f"{today.year}82710")
    for status in (S.REGISTRATION, S.ADMIN, S.APPEAL, S.SKD, S.SKB):  # one stage at a time, as HR would
        rounds.round_set_status(rnd=rnd, by=hr, status=status)
    ranking.round_rank(rnd=rnd, by=hr)
    stdout.write(f"Rekrutmen: seleksi CASN dengan {count} pelamar di {len(plan)} formasi.")


@transaction.atomic
def _open_selection(*, stdout, today, seed, hr, units, panel):
    name = f"Seleksi Terbuka JPT Pratama Kepala {units[0].name}"
    if SelectionRound.objects.filter(name=name).exists():
        return
    rnd = rounds.round_create(
        by=hr, name=name, year=today.year, kind=SelectionRound.Kind.OPEN,
        appointment_type=SelectionRound.AppointmentType.CPNS,
        appeal_opens=today - timedelta(days=20), appeal_closes=today - timedelta(days=15),
    )  # fmt: skip
    rounds.formation_create(
        rnd=rnd, by=hr, code="JPT-01", position=f"Kepala {units[0].name}", unit=units[0], quota=1, category="umum",
        position_type="jpt_pratama", education_levels=["S2", "S3"], max_age=56, age_cutoff=today,
    )  # fmt: skip
    generate_applications(rnd=rnd, count=6, seed=seed + 1, prefix=f"JPT{today.year}-", with_scores=False,
                          region="927103")  # fmt: skip
    Applicant.objects.filter(applications__round=rnd).update(education_level="S2", major="Administrasi Publik")
    services.round_check_all(rnd=rnd, by=hr)
    rng = random.Random(seed)
    stages = list(rnd.stages.exclude(kind="admin"))
    members = [PanelMember(stage=s, user=u) for s in stages for u in panel]
    PanelMember.objects.bulk_create(members)
    apps = list(Application.objects.filter(round=rnd).order_by("registration_number"))
    scores = []
    for member in members:
        for index, app in enumerate(apps):
            # one member declares a conflict with one candidate: that score is excluded
            conflict = member.user == panel[-1] and index == 0
            score = None if conflict else Decimal(rng.randrange(6000, 9500)) / 100
            scores.append(PanelScore(stage=member.stage, application=app, member=member, has_conflict=conflict,
                                     conflict_note="Masih keluarga" if conflict else "", score=score,
                                     scored_at=None if conflict else timezone.now()))  # fmt: skip
    PanelScore.objects.bulk_create(scores)
    ranking.round_rank(rnd=rnd, by=hr)
    services.announcement_publish(rnd=rnd, stage="final", by=hr)
    stdout.write(f"Rekrutmen: seleksi terbuka JPT dengan {len(apps)} peserta dan pengumuman hasil.")


@transaction.atomic
def _public_registration(*, stdout, today, hr, units):
    """A round taking registrations on the public site, so the front door has one to show."""
    name = f"Seleksi PPPK Tenaga Kesehatan Kota Sorong {today.year}"
    if SelectionRound.objects.filter(name=name).exists():
        return
    rnd = rounds.round_create(
        by=hr, name=name, year=today.year, kind=SelectionRound.Kind.CASN,
        appointment_type=SelectionRound.AppointmentType.PPPK, public_registration=True,
        registration_opens=today - timedelta(days=3), registration_closes=today + timedelta(days=14),
    )  # fmt: skip
    for code, position in (("P-001", "Perawat Ahli Pertama"), ("P-002", "Bidan Terampil")):
        rounds.formation_create(rnd=rnd, by=hr, code=code, position=position, unit=units[0], quota=2,
                                  category="umum", education_levels=["D3", "S1"])  # fmt: skip
    rounds.round_set_status(rnd=rnd, by=hr, status=SelectionRound.Status.REGISTRATION)
    stdout.write("Rekrutmen: satu seleksi PPPK membuka pendaftaran daring.")


def seed(*, stdout, today, seed: int) -> None:
    """Idempotent: a second run changes nothing."""
    hr = User.objects.filter(username="hr").first()
    units = _departments()
    if hr is None or not units:
        stdout.write("Rekrutmen: lewati demo (belum ada pengguna hr atau perangkat daerah).")
        return
    panel = [u for u in User.objects.filter(username__in=["kepala", "kepala2", "admin"]).order_by("username")]
    leaf_units = list(OrgUnit.objects.filter(parent__in=units[:4]).order_by("pk")[:6]) or units
    _casn(stdout=stdout, today=today, seed=seed, hr=hr, units=leaf_units)
    _status_access(stdout=stdout, seed=seed)
    if panel:
        _open_selection(stdout=stdout, today=today, seed=seed, hr=hr, units=units, panel=panel)
    _public_registration(stdout=stdout, today=today, hr=hr, units=leaf_units)


def _status_access(*, stdout, seed: int) -> None:
    """Give one CASN applicant a known access code and say how to open their status page (every run)."""
    app = (
        Application.objects.filter(round__kind=SelectionRound.Kind.CASN, final_score__isnull=False)
        .order_by("registration_number")
        .first()
    )
    if app is None:
        return
    rng = random.Random(seed)
    code = "".join(rng.choice(access.ALPHABET) for _ in range(access.LENGTH))
    if not access.code_matches(app, code):
        Application.objects.filter(pk=app.pk).update(
            access_code_hash=access.code_hash(app.pk, code), access_code_issued_at=timezone.now()
        )
    stdout.write(
        f"Rekrutmen: status pelamar di /rekrutmen/status/ — nomor pendaftaran {app.registration_number}, "
        f"kode akses {access.display(code)} (kode demo)."
    )
