"""The JP ledger follows every change that moves JP, and a full rebuild gives the same rows."""

import datetime
from collections import defaultdict

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import model_to_dict
from django_celery_beat.models import PeriodicTask

from training import selectors, services
from training.forms import ProgramForm, SessionForm
from training.ledger import jp_rebuild, jp_refresh
from training.models import Enrollment, ExternalLearning, JpLedger
from training.tasks import jp_ledger_rebuild_task

PDF = b"%PDF-1.4\n%test\n"


def ledger_rows():
    return {(r.employee_id, r.year): (r.jp_sessions, r.jp_external, r.jp) for r in JpLedger.objects.all()}


def summed_from_sources():
    """The same figures added up in Python, row by row, straight from the sources."""
    totals = defaultdict(lambda: [0, 0])
    for e in Enrollment.objects.filter(status="approved", result="completed").select_related("session__program"):
        totals[e.employee_id, e.session.end_date.year][0] += e.session.program.jp
    for r in ExternalLearning.objects.filter(status="verified"):
        totals[r.employee_id, r.end_date.year][1] += r.jp
    return {key: (s, x, s + x) for key, (s, x) in totals.items()}


def complete(session, employee, world):
    e = services.enrollment_nominate(
        session=session, employee=employee, by=world.hr, today=session.registration_deadline
    )
    e = services.enrollment_approve(enrollment=e, by=world.user_kepala)
    return services.enrollment_set_result(enrollment=e, result="completed", by=world.hr)


def verified_report(world, employee, jp, end):
    report = services.external_learning_submit(
        employee=employee, by=employee.user, evidence=SimpleUploadedFile("bukti.pdf", PDF), title="Kursus daring",
        provider="ASN Unggul", kind="teknis", route="nonklasikal", method="e_learning",
        start_date=end, end_date=end, jp=jp,
    )  # fmt: skip
    return services.external_learning_verify(report=report, by=world.hr, approve=True)


@pytest.fixture
def history(world, make_session, today):
    """Two completed sessions for pegawai, one for atasan, a verified report and a rejected one."""
    first = make_session(
        start=today - datetime.timedelta(days=20), registration_deadline=today - datetime.timedelta(days=30)
    )
    second = make_session(
        start=today - datetime.timedelta(days=10), registration_deadline=today - datetime.timedelta(days=30)
    )
    complete(first, world.pegawai, world)
    complete(second, world.pegawai, world)
    complete(first, world.atasan, world)
    verified_report(world, world.pegawai, 5, today)
    report = services.external_learning_submit(
        employee=world.pegawai, by=world.pegawai.user, evidence=SimpleUploadedFile("b.pdf", PDF), title="Lain",
        provider="X", kind="teknis", route="nonklasikal", method="e_learning", start_date=today, end_date=today, jp=40,
    )  # fmt: skip
    services.external_learning_verify(report=report, by=world.hr, approve=False, reason="Bukti tidak terbaca")
    return first, second


def test_services_keep_the_ledger_equal_to_the_sources(world, history, today):
    year = history[0].end_date.year
    assert ledger_rows() == summed_from_sources()
    assert ledger_rows()[world.pegawai.pk, year][:2] == (24, 5 if today.year == year else 0)
    assert selectors.employee_jp(employee_id=world.atasan.pk, year=year) == {
        "jp_sessions": 12, "jp_external": 0, "jp": 12,
    }  # fmt: skip


def test_a_full_rebuild_gives_the_same_rows(world, history):
    before = ledger_rows()
    JpLedger.objects.update(jp=0, jp_sessions=0, jp_external=0)
    assert jp_rebuild() == len(before)
    assert ledger_rows() == before


def test_editing_the_programme_jp_moves_everyone_who_completed_it(world, history, program):
    data = model_to_dict(program)
    data.update(jp=30, institution=program.institution_id)
    data = {k: v for k, v in data.items() if v is not None}
    form = ProgramForm(data=data, instance=program)
    assert form.is_valid(), form.errors
    services.program_save(form=form, by=world.hr)
    year = history[0].end_date.year
    assert ledger_rows()[world.atasan.pk, year][0] == 30
    assert ledger_rows() == summed_from_sources()


def test_moving_a_session_into_another_year_moves_its_jp(world, history):
    session = history[1]
    new_end = session.end_date.replace(year=session.end_date.year + 1)
    data = model_to_dict(session)
    data.update(start_date=new_end, end_date=new_end, program=session.program_id, online_url="")
    form = SessionForm(data=data, instance=session)
    assert form.is_valid(), form.errors
    services.session_save(form=form, by=world.hr)
    assert ledger_rows()[world.pegawai.pk, new_end.year][0] == 12
    assert ledger_rows() == summed_from_sources()


def test_the_under_20_list_reads_the_ledger(world, history):
    year = history[0].end_date.year
    scope = selectors.under_minimum_scope(user=world.hr)
    names = {e.name: e.jp for e in selectors.below_minimum_jp(scope, year=year)}
    assert names[world.atasan.name] == 12
    assert world.pegawai.name not in names or names[world.pegawai.name] < 20
    assert selectors.count_below_minimum_jp(scope, year=year) == len(names)
    complete(history[1], world.atasan, world)  # 24 JP: off the list
    names = {e.name for e in selectors.below_minimum_jp(scope, year=year)}
    assert world.atasan.name not in names
    assert selectors.count_below_minimum_jp(scope, year=year) == len(names)


def test_an_admin_edit_recomputes_the_employee(world, history, admin_client):
    enrollment = Enrollment.objects.filter(employee=world.atasan).get()
    year = enrollment.session.end_date.year
    data = model_to_dict(enrollment)
    data = {k: v for k, v in data.items() if v is not None}
    data["result"] = "not_completed"
    response = admin_client.post(f"/admin/training/enrollment/{enrollment.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert (world.atasan.pk, year) not in ledger_rows()
    assert selectors.employee_jp(employee_id=world.atasan.pk, year=year)["jp"] == 0


def test_refresh_of_nobody_writes_nothing(world, history):
    before = ledger_rows()
    jp_refresh(employee_ids=[])
    assert ledger_rows() == before


def test_nightly_rebuild_is_scheduled_and_runs(world, history):
    task = PeriodicTask.objects.get(task="training.tasks.jp_ledger_rebuild_task")
    assert (task.crontab.hour, task.crontab.minute, str(task.crontab.timezone)) == ("2", "0", "Asia/Jayapura")
    JpLedger.objects.all().delete()
    assert jp_ledger_rebuild_task.apply().get() == len(summed_from_sources())
    assert ledger_rows() == summed_from_sources()
