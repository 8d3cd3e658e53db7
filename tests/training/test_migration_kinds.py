"""Records made before the kind existed get one from what they already say (migration training/0004)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE, AFTER = [("training", "0003_jp_ledger")], [("training", "0004_learning_kind")]


@pytest.mark.django_db(transaction=True)
def test_backfill_gives_every_programme_and_report_its_kind(world):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Institution, Program = old.get_model("training", "Institution"), old.get_model("training", "TrainingProgram")
    External = old.get_model("training", "ExternalLearning")
    institution = Institution.objects.create(name="BPSDM", kind="bpsdm")
    rows = [  # title: competence type, method, leadership level
        ("PKA", "kepemimpinan", "pelatihan", "pka"), ("Diklat Fungsional Guru", "fungsional", "pelatihan", ""),
        ("Lokakarya Anggaran", "manajerial", "lokakarya", ""), ("Bimtek SKP", "manajerial", "bimtek", ""),
        ("Kursus Bahasa", "sosial_kultural", "kursus", ""),
    ]  # fmt: skip
    for title, competence, method, level in rows:
        Program.objects.create(title=title, competence_type=competence, route="klasikal", method=method, jp=10,
                               institution=institution, leadership_level=level)  # fmt: skip
    for title, method in (("Webinar", "seminar"), ("Magang", "magang"), ("E-learning", "e_learning")):
        External.objects.create(employee_id=world.pegawai.pk, title=title, provider="LAN", route="nonklasikal",
                                method=method, start_date="2026-01-05", end_date="2026-01-05", jp=3,
                                evidence="x.pdf")  # fmt: skip
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    programs = dict(new.get_model("training", "TrainingProgram").objects.values_list("title", "kind"))
    assert programs == {"PKA": "kepemimpinan", "Diklat Fungsional Guru": "fungsional", "Lokakarya Anggaran": "seminar",
                        "Bimtek SKP": "teknis", "Kursus Bahasa": "seminar"}  # fmt: skip
    reports = dict(new.get_model("training", "ExternalLearning").objects.values_list("title", "kind"))
    assert reports == {"Webinar": "seminar", "Magang": "seminar", "E-learning": "teknis"}
    # back to the latest schema, so the tests that follow see every later migration (0005's ledger columns)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
