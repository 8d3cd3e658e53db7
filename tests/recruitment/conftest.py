import datetime
from pathlib import Path

import pytest

from employees.identifiers import build_nik
from recruitment import rounds
from recruitment.models import Applicant, Application, Formation, SelectionRound

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture
def casn(world):
    """A CASN (CPNS) round with one nurse formation in department A (quota 2) and one in department B."""
    rnd = rounds.round_create(
        by=world.hr, name="Seleksi CPNS Kota Sorong", year=2026, kind=SelectionRound.Kind.CASN,
        appointment_type=SelectionRound.AppointmentType.CPNS,
        appeal_opens=datetime.date.today() - datetime.timedelta(days=1),
        appeal_closes=datetime.date.today() + datetime.timedelta(days=2),
    )  # fmt: skip
    nurse = rounds.formation_create(
        rnd=rnd, by=world.hr, code="F-001", position="Perawat Ahli Pertama", unit=world.bidang_a, quota=2,
        category="umum", education_levels=["S1"], majors=["Keperawatan"], min_gpa=None, max_age=35,
        age_cutoff=datetime.date(2026, 8, 1),
    )  # fmt: skip
    teacher = rounds.formation_create(
        rnd=rnd, by=world.hr, code="F-002", position="Guru Ahli Pertama", unit=world.bidang_b, quota=1,
        category="papua",
    )  # fmt: skip
    return type("Casn", (), {"round": rnd, "nurse": nurse, "teacher": teacher})


_serial = iter(range(1, 10**6))


def make_app(formation: Formation, *, born=datetime.date(1996, 1, 1), male=True, oap="", gpa="3.50", scores=None,
             result="ms", number=None):  # fmt: skip
    serial = next(_serial)
    person = Applicant.objects.create(
        nik=build_nik(region="927101", birth_date=born, male=male, serial=serial % 9999 + 1),
        name=f"Pelamar {serial}", sex="L" if male else "P", birth_place="Sorong", birth_date=born,
        education_level="S1", major="Keperawatan", gpa=gpa, oap_category=oap,
    )  # fmt: skip
    twk, tiu, tkp, skb = scores or (None, None, None, None)
    return Application.objects.create(
        round=formation.round, formation=formation, applicant=person, registration_number=number or f"T-{serial:06d}",
        auto_result=result, twk=twk, tiu=tiu, tkp=tkp, skb=skb,
    )  # fmt: skip
