"""The training selector the IP ASN reads (Peraturan BKN 8/2019 Art. 8(3)): one row per indicator, in one query."""

from datetime import date

import pytest

from employees.models import Employee
from tests.factories import EmployeeFactory
from training import selectors
from training.ledger import jp_rebuild
from training.models import Enrollment, ExternalLearning, TrainingProgram, TrainingSession

YEAR = 2026


@pytest.fixture
def record(world, institution):
    """`record(employee, kind, jp=…, end=…, **fields)`: a completed session (or, with `report=True`, a report in
    the given status) of that kind for the employee."""

    def make(employee, kind, *, jp=8, end=date(YEAR, 5, 1), report=False, status="verified", result="completed",
             **fields):  # fmt: skip
        if report:
            return ExternalLearning.objects.create(
                employee=employee, title="Laporan", provider="LAN", kind=kind, route="nonklasikal", method="seminar",
                start_date=end, end_date=end, jp=jp, evidence="x.pdf", status=status, **fields,
            )  # fmt: skip
        program = TrainingProgram.objects.create(
            title=f"Program {TrainingProgram.objects.count() + 1}", kind=kind, competence_type="teknis",
            route="klasikal", method="pelatihan", jp=jp, institution=institution, **fields,
        )  # fmt: skip
        session = TrainingSession.objects.create(
            program=program, name="Angkatan I", start_date=end, end_date=end, capacity=50, registration_deadline=end,
            status="finished",
        )  # fmt: skip
        return Enrollment.objects.create(session=session, employee=employee, origin="hr", nominated_by=world.hr,
                                         status="approved", result=result)  # fmt: skip

    return make


def indicators(employee):
    jp_rebuild()  # the records above were created directly; services refresh the ledger as they go
    row = selectors.with_training_indicators(Employee.objects.filter(pk=employee.pk), year=YEAR).get()
    return row.leadership_done, row.functional_done, row.technical_jp, row.seminar_count


@pytest.mark.parametrize(
    "position_type, level, report, done",
    [
        ("pengawas", "pkp", False, True),  # the training of the post held
        ("pengawas", "pkp", True, True),  # … also when reported and verified
        ("administrator", "pkn2", False, True),  # a higher level covers a lower post
        ("administrator", "pkp", False, False),  # a lower level does not
        ("jpt_pratama", "pka", True, False),
        ("jpt_pratama", "pkn2", True, True),
        ("pengawas", "latsar", False, False),  # Latsar is not the leadership training of any post
    ],
)
def test_leadership_training_of_the_post_held(world, record, position_type, level, report, done):
    employee = EmployeeFactory(unit=world.bidang_a, position_type=position_type)
    record(employee, "kepemimpinan", leadership_level=level, end=date(2019, 3, 1), report=report)  # any year counts
    assert indicators(employee)[0] is done


def test_leadership_and_functional_do_not_apply_to_a_pelaksana(world, record):
    record(world.pegawai, "kepemimpinan", leadership_level="pkp")
    assert indicators(world.pegawai)[:2] == (None, None)


@pytest.mark.parametrize(
    "title, trained, report, done",
    [
        ("Perawat Ahli Pertama", "Perawat", False, True),
        ("Perawat Ahli Pertama", "perawat", True, True),  # case does not matter
        ("Perawat Ahli Pertama", "Bidan", False, False),  # another position's training
        ("Analis Kebijakan Ahli Muda", "Analis Kebijakan", True, True),
    ],
)
def test_functional_training_of_the_position_held(world, record, title, trained, report, done):
    employee = EmployeeFactory(unit=world.bidang_a, position_type="fungsional", functional_level="ahli_pertama",
                               position_title=title)  # fmt: skip
    record(employee, "fungsional", functional_position=trained, report=report, end=date(2020, 3, 1))
    assert indicators(employee)[:2] == (None, done)


def test_technical_jp_and_seminars_of_the_year(world, record):
    p = world.pegawai
    record(p, "teknis", jp=12)
    record(p, "teknis", jp=6, report=True)
    record(p, "teknis", jp=40, end=date(YEAR - 1, 12, 31))  # another year
    record(p, "teknis", jp=40, result="not_completed")  # not completed
    record(p, "teknis", jp=40, report=True, status="submitted")  # not verified
    record(p, "seminar", jp=40)  # a seminar's JP is not technical JP …
    record(p, "seminar", jp=3, report=True)  # … but each seminar counts
    record(p, "seminar", jp=3, report=True, status="rejected")
    record(p, "fungsional", jp=40, functional_position="Guru")
    assert indicators(p)[2:] == (18, 2)
    assert indicators(world.pegawai2)[2:] == (0, 0)


def test_the_ledger_follows_a_verified_report_and_a_programme_s_kind(world, record, institution):
    """The IP ASN reads technical JP and seminars from the JP ledger: the services keep it current."""
    from training import services
    from training.forms import ProgramForm

    p = world.pegawai
    report = record(p, "seminar", jp=3, report=True, status="submitted")
    services.external_learning_verify(report=report, by=world.hr, approve=True)
    row = selectors.with_training_indicators(Employee.objects.filter(pk=p.pk), year=YEAR).get()
    assert (row.technical_jp, row.seminar_count) == (0, 1)
    enrollment = record(p, "seminar", jp=12)
    jp_rebuild()
    program = enrollment.session.program
    form = ProgramForm(data={**ProgramForm(instance=program).initial, "kind": "teknis"}, instance=program)
    assert form.is_valid(), form.errors
    services.program_save(form=form, by=world.hr)  # now technical: its 12 JP count as technical JP
    row = selectors.with_training_indicators(Employee.objects.filter(pk=p.pk), year=YEAR).get()
    assert (row.technical_jp, row.seminar_count) == (12, 1)


def test_one_query_whatever_the_number_of_employees(world, record, django_assert_num_queries):
    for _ in range(5):
        employee = EmployeeFactory(unit=world.bidang_a, position_type="fungsional", functional_level="ahli_muda",
                                   position_title="Guru Ahli Muda")  # fmt: skip
        record(employee, "fungsional", functional_position="Guru")
        record(employee, "seminar")
    jp_rebuild()
    with django_assert_num_queries(1):
        rows = list(selectors.with_training_indicators(Employee.objects.all(), year=YEAR))
    assert sum(1 for r in rows if r.functional_done) == 5 and sum(r.seminar_count for r in rows) == 5
