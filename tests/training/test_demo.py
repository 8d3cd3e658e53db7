import io
import time

from django.utils import timezone

from tests.factories import EmployeeFactory
from training import demo, selectors
from training.models import Certificate, Enrollment, ExternalLearning, Feedback, TrainingProgram, TrainingSession


def counts():
    return [
        m.objects.count()
        for m in (TrainingProgram, TrainingSession, Enrollment, Certificate, ExternalLearning, Feedback)
    ]


def test_demo_seed_is_deterministic_idempotent_and_spread(world):
    for i in range(60):
        EmployeeFactory(
            unit=world.bidang_a if i % 2 else world.bidang_b, position_type="pengawas" if i % 10 == 0 else "pelaksana"
        )
    today = timezone.localdate()
    out = io.StringIO()
    started = time.monotonic()
    demo.seed(stdout=out, today=today, seed=1)
    elapsed = time.monotonic() - started
    first = counts()
    assert "Pelatihan:" in out.getvalue() and elapsed < 20
    titles = set(TrainingProgram.objects.values_list("title", flat=True))
    assert {"Pelayanan Publik Digital", "Manajemen Proyek Pemerintahan", "Pelatihan Dasar CPNS (Latsar)"} <= titles
    assert any("PKP" in t for t in titles) and any("PKA" in t for t in titles) and any("PKN II" in t for t in titles)
    assert TrainingSession.objects.filter(start_date__gt=today).exists()
    assert TrainingSession.objects.filter(end_date__lt=today).exists()
    assert Certificate.objects.filter(enrollment__employee=world.pegawai).exists()
    under = list(selectors.below_minimum_jp(selectors.under_minimum_scope(user=world.hr), year=today.year))
    assert under and any(e.jp == 0 for e in under)
    demo.seed(stdout=io.StringIO(), today=today, seed=1)
    assert counts() == first


def test_demo_has_every_kind_of_learning_and_functional_training_reaches_its_position(world):
    for i in range(40):
        EmployeeFactory(unit=world.bidang_a, position_type="fungsional", functional_level="ahli_pertama",
                        position_title="Guru Ahli Pertama" if i % 2 else "Perawat Ahli Pertama")  # fmt: skip
    for position_type in ("pengawas", "administrator", "jpt_pratama"):
        EmployeeFactory(unit=world.bidang_a, position_type=position_type)
    today = timezone.localdate()
    demo.seed(stdout=io.StringIO(), today=today, seed=1)
    kinds = set(TrainingProgram.objects.values_list("kind", flat=True))
    assert kinds == {"kepemimpinan", "fungsional", "teknis", "seminar"}
    every_kind = {"kepemimpinan", "fungsional", "teknis", "seminar"}
    assert set(ExternalLearning.objects.values_list("kind", flat=True)) == every_kind  # reports carry the kind too
    methods = set(TrainingProgram.objects.filter(kind="seminar").values_list("method", flat=True))
    methods |= set(ExternalLearning.objects.filter(kind="seminar").values_list("method", flat=True))
    assert {"seminar", "lokakarya", "magang", "kursus"} <= methods  # seminar, workshop, internship, course
    levels = set(TrainingProgram.objects.values_list("leadership_level", flat=True))
    levels |= set(ExternalLearning.objects.values_list("leadership_level", flat=True))
    assert {"pkp", "pka", "pkn2"} <= levels
    functional = Enrollment.objects.filter(session__program__kind="fungsional", result="completed")
    assert functional.exists()
    for title, position in functional.values_list("employee__position_title", "session__program__functional_position"):
        assert title.startswith(position)  # only the training of the position held
    rows = selectors.with_training_indicators(world.pegawai.__class__.objects.active(), year=today.year)
    assert any(r.functional_done for r in rows) and any(r.seminar_count for r in rows)
