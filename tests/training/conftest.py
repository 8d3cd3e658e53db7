import datetime

import pytest
from django.utils import timezone

from training.models import Institution, TrainingProgram, TrainingSession


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def institution(db):
    return Institution.objects.create(
        name="BPSDM Provinsi Papua Barat Daya", kind=Institution.Kind.BPSDM, agreement_number="PKS/01/2026"
    )


@pytest.fixture
def make_program(institution):
    def make(**kwargs):
        defaults = dict(
            title=f"Pelayanan Publik Digital {TrainingProgram.objects.count() + 1}",
            kind=TrainingProgram.Kind.TECHNICAL,
            competence_type=TrainingProgram.CompetenceType.TEKNIS,
            route=TrainingProgram.Route.KLASIKAL,
            method=TrainingProgram.Method.BIMTEK,
            jp=12,
            institution=institution,
        )
        if kwargs.get("leadership_level"):
            defaults["kind"] = TrainingProgram.Kind.LEADERSHIP
        defaults.update(kwargs)
        return TrainingProgram.objects.create(**defaults)

    return make


@pytest.fixture
def program(make_program):
    return make_program()


@pytest.fixture
def make_session(program, today):
    def make(**kwargs):
        start = kwargs.pop("start", today + datetime.timedelta(days=10))
        defaults = dict(
            program=program,
            name=f"Angkatan {TrainingSession.objects.count() + 1}",
            start_date=start,
            end_date=start + datetime.timedelta(days=1),
            capacity=2,
            registration_deadline=start - datetime.timedelta(days=1),
            status=TrainingSession.Status.OPEN,
            place="Aula BKPSDM",
        )
        defaults.update(kwargs)
        return TrainingSession.objects.create(**defaults)

    return make


@pytest.fixture
def session(make_session):
    return make_session()
