"""Demo merit-system self-assessments: last year's and this year's, as BKPSDM would have filled them in."""

from datetime import date

from employees.models import User

from . import rules, services
from .models import MeritAssessment

# In 2024 no eastern Indonesian agency checked reached "Baik": last year II, this year a step closer.
RATINGS = {-1: (2, 2, 2, 2, 2, 2, 1, 2), 0: (3, 2, 2, 2, 3, 2, 2, 3)}
EVIDENCE = {
    "planning": "Rencana kebutuhan ASN lima tahun ditetapkan; analisis beban kerja belum untuk semua perangkat daerah.",
    "performance": "SKP dinilai di Sorong ASN; kurva organisasi diterapkan per perangkat daerah.",
    "information": "Data kepegawaian, SKP dan pelatihan dalam satu sistem.",
}


def seed(*, stdout, today: date, seed: int) -> None:
    if MeritAssessment.objects.exists():
        stdout.write("Sistem merit: data demo sudah ada, dilewati.")
        return
    hr = User.objects.filter(username="hr").first()
    if hr is None:
        return
    keys = [key for key, _ in rules.MERIT_ASPECTS]
    for offset, values in sorted(RATINGS.items()):
        services.merit_assessment_save(
            year=today.year + offset, scores=dict(zip(keys, values, strict=True)), evidence=EVIDENCE, by=hr
        )
    stdout.write(f"Sistem merit: penilaian mandiri {today.year - 1} dan {today.year}.")
