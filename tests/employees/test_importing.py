import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from employees import importing, services
from employees.models import Employee, ImportJob
from tests.conftest import wait_for

DATA = Path(__file__).resolve().parent.parent / "data"


def table(path):
    return importing.read_table(path.read_bytes(), path.name)


def errors_of(result):
    return {(e.row, e.column) for e in result.errors}


def test_valid_csv_validates_without_errors(world):
    result = importing.validate_table(table(DATA / "employees_valid.csv"))
    assert result.errors == []
    assert result.total_rows == 3
    yance = result.employees[0]
    assert yance.nip == "198003152005031001"  # spaces removed
    assert yance.tmt_cpns.isoformat() == "2005-03-01"  # taken from the NIP when empty
    assert result.employees[1].birth_date.isoformat() == "1990-07-21"  # DD/MM/YYYY accepted


def test_error_report_names_row_and_column(world):
    result = importing.validate_table(table(DATA / "employees_one_bad_row.csv"))
    assert errors_of(result) == {(3, "NIP")}
    assert "menunjukkan tanggal lahir 21-07-1990" in result.errors[0].message


@pytest.mark.parametrize(
    "column, value, message",
    [
        ("NIK", "927101150380", "harus 16 digit"),
        ("Jenis Kelamin", "X", "Jenis kelamin 'X' tidak dikenal"),
        ("Tanggal Lahir", "15-Mar-1980", "tidak dikenali"),
        ("Golongan", "IX", "tidak berlaku untuk PNS"),
        ("Unit", "Dinas Antah Berantah", "tidak ditemukan"),
        ("NIP Atasan", "199901012020011999", "tidak terdaftar"),
        ("Pendidikan", "S4", "Pendidikan 'S4' tidak dikenal"),
        ("Surel", "bukan-surel", "email yang valid"),
        ("Nama", "", "kosong"),
    ],
)
def test_each_bad_cell_is_reported_at_its_column(world, column, value, message):
    rows = table(DATA / "employees_valid.csv")
    rows[1][importing.HEADERS.index(column)] = value
    result = importing.validate_table(rows)
    assert [(e.row, e.column) for e in result.errors] == [(2, column)], result.errors
    assert message.lower() in result.errors[0].message.lower()


def test_duplicates_in_file_and_in_register_are_reported(world):
    rows = table(DATA / "employees_valid.csv")
    rows.append(list(rows[1]))
    existing = list(rows[2])
    existing[0] = world.pegawai.nip
    rows[2] = existing
    result = importing.validate_table(rows)
    found = errors_of(result)
    assert (5, "NIP") in found and (5, "NIK") in found  # same as row 2
    assert (3, "NIP") in found  # already registered
    assert any("sudah ada di baris 2" in e.message for e in result.errors)


def test_missing_required_column_is_a_header_error(world):
    rows = table(DATA / "employees_valid.csv")
    index = importing.HEADERS.index("NIK")
    rows = [r[:index] + r[index + 1 :] for r in rows]
    result = importing.validate_table(rows)
    assert [(e.row, e.column) for e in result.errors] == [(1, "NIK")]


def test_supervisor_cycle_in_file_is_refused(world):
    rows = table(DATA / "employees_valid.csv")
    col = importing.HEADERS.index("NIP Atasan")
    rows[1][col] = "199007212015012002"  # Yance reports to Agustina, who reports to Yance
    result = importing.validate_table(rows)
    assert any("berputar" in e.message for e in result.errors)


def test_validation_queries_do_not_grow_with_rows(world, django_assert_max_num_queries):
    rows = table(DATA / "employees_valid.csv")
    with django_assert_max_num_queries(3):
        importing.validate_table(rows)


def upload(path):
    return SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/csv")


def test_file_with_one_bad_row_saves_nothing(world):
    before = Employee.objects.count()
    job = services.import_job_create(by=world.hr, upload=upload(DATA / "employees_one_bad_row.csv"))
    assert job.errors and job.errors[0]["row"] == 3
    assert services.import_job_queue(job=job, by=world.hr) is False
    assert Employee.objects.count() == before


def test_commit_creates_employees_with_supervisors_and_history(world, django_capture_on_commit_callbacks):
    job = services.import_job_create(by=world.hr, upload=upload(DATA / "employees_valid.csv"))
    assert job.errors == []
    with django_capture_on_commit_callbacks(execute=True):
        assert services.import_job_queue(job=job, by=world.hr)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.message
    assert (job.created_count, job.processed_rows) == (3, 3)
    yance = Employee.objects.get(nip="198003152005031001")
    agustina = Employee.objects.get(nip="199007212015012002")
    assert agustina.supervisor == yance
    assert agustina.unit == world.bidang_a
    assert agustina.history.get().history_user == world.hr
    # a second click or a retried task changes nothing
    assert services.import_job_queue(job=job, by=world.hr) is False
    services.import_job_run(job_id=job.pk)
    assert Employee.objects.filter(nip__in=[yance.nip, agustina.nip]).count() == 2


def test_register_changed_since_dry_run_fails_whole_commit(world, django_capture_on_commit_callbacks):
    job = services.import_job_create(by=world.hr, upload=upload(DATA / "employees_valid.csv"))
    services.employee_create(by=world.hr, data={**_data_of(job, 1), "unit": world.bidang_a})
    with django_capture_on_commit_callbacks(execute=True):
        services.import_job_queue(job=job, by=world.hr)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and job.processed_rows == 0
    assert not Employee.objects.filter(nip="198003152005031001").exists()


def _data_of(job, index):
    rows = importing.read_table(job.file.open("rb").read(), job.original_name)
    employee = importing.validate_table(rows).employees[index]
    fields = ["nip", "nik", "name", "sex", "birth_place", "birth_date", "employment_type", "golongan"]
    fields += ["position_title", "position_type", "functional_level", "education_level"]
    return {f: getattr(employee, f) for f in fields}


def test_xlsx_round_trip_from_template(world):
    from employees.exports import import_template_xlsx

    book = load_workbook(io.BytesIO(import_template_xlsx()))
    assert book.sheetnames == ["Pegawai", "Petunjuk"]
    sheet = book["Pegawai"]
    assert [c.value for c in sheet[1]] == importing.HEADERS
    # Fill the template with the valid rows and read it back as an upload would be.
    out = Workbook()
    for row in table(DATA / "employees_valid.csv"):
        out.active.append(row)
    buffer = io.BytesIO()
    out.save(buffer)
    result = importing.validate_table(importing.read_table(buffer.getvalue(), "pegawai.xlsx"))
    assert result.errors == []
    assert len(result.employees) == 3


def test_import_pages_for_hr_only(client, world):
    job = services.import_job_create(by=world.hr, upload=upload(DATA / "employees_valid.csv"))
    pages = [reverse("employees:import-start"), reverse("employees:import-template")]
    pages += [reverse(f"employees:import-{name}", args=[job.pk]) for name in ("detail", "progress")]
    for user, status in ((world.user_kepala, 403), (world.hr, 200)):
        client.force_login(user)
        for page in pages:
            assert client.get(page).status_code == status, page
    client.force_login(world.user_kepala)
    assert client.post(reverse("employees:import-commit", args=[job.pk])).status_code == 403
    job.refresh_from_db()
    assert job.status == ImportJob.Status.VALIDATED and not Employee.objects.filter(nip="198003152005031001").exists()


def test_import_flow_through_pages(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.hr)
    response = client.post(reverse("employees:import-start"), {"file": upload(DATA / "employees_one_bad_row.csv")})
    job = ImportJob.objects.get()
    assert response.url == reverse("employees:import-detail", args=[job.pk])
    page = client.get(response.url).content.decode()
    assert "menunjukkan tanggal lahir" in page and "Simpan" not in page.split("import-errors")[0].split("alert")[-1]
    response = client.post(reverse("employees:import-start"), {"file": upload(DATA / "employees_valid.csv")})
    job = ImportJob.objects.latest("pk")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("employees:import-commit", args=[job.pk]))
    progress = client.get(reverse("employees:import-progress", args=[job.pk])).content.decode()
    assert "3 / 3" in progress and "hx-trigger" not in progress  # done: polling stops


def test_import_refuses_other_file_types(client, world):
    client.force_login(world.hr)
    bad = SimpleUploadedFile("pegawai.pdf", b"%PDF-1.4", content_type="application/pdf")
    response = client.post(reverse("employees:import-start"), {"file": bad})
    assert "harus .xlsx atau .csv" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_management_command_reports_errors_and_exits_1(world, capsys):
    with pytest.raises(SystemExit) as exc:
        call_command("import_employees", str(DATA / "employees_one_bad_row.csv"), "--commit")
    assert exc.value.code == 1
    assert "Baris 3, kolom NIP" in capsys.readouterr().out
    assert not Employee.objects.filter(nip="198003152005031001").exists()


def test_management_command_commits(world, capsys):
    call_command("import_employees", str(DATA / "employees_valid.csv"))  # dry run
    assert not Employee.objects.filter(nip="198003152005031001").exists()
    call_command("import_employees", str(DATA / "employees_valid.csv"), "--commit")
    assert Employee.objects.filter(nip__in=["198003152005031001", "199512052023011003"]).count() == 2


@pytest.mark.celery_worker
def test_commit_runs_on_a_real_worker(celery_worker, world):
    """The queued commit goes through Redis to a worker; the page polls the job until it is done."""
    job = services.import_job_create(by=world.hr, upload=upload(DATA / "employees_valid.csv"))
    assert services.import_job_queue(job=job, by=world.hr)  # no surrounding transaction: queued on commit
    wait_for(lambda: ImportJob.objects.get(pk=job.pk).status in (ImportJob.Status.DONE, ImportJob.Status.FAILED))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.message
    assert (job.created_count, job.processed_rows) == (3, 3)
    assert Employee.objects.filter(nip="198003152005031001").exists()


@pytest.mark.django_db(transaction=True)
def test_import_with_the_broker_down_waits_says_so_and_runs_once_it_is_back(client, world, site_on_own_redis):
    from employees import jobs
    from employees.models import Job

    client.force_login(world.hr)
    client.post(reverse("employees:import-start"), {"file": upload(DATA / "employees_valid.csv")})
    job = ImportJob.objects.get()
    site_on_own_redis.stop()
    response = client.post(reverse("employees:import-commit", args=[job.pk]), follow=True)
    page = response.content.decode()
    assert response.status_code == 200 and "worker latar belakang sedang tidak dapat dihubungi" in page
    assert "Impor sudah tercatat dan menunggu worker latar belakang" in page
    assert ImportJob.objects.get(pk=job.pk).status == ImportJob.Status.QUEUED
    assert Job.objects.get().status == Job.Status.WAITING
    site_on_own_redis.start()
    from sorong_asn.celery import app

    app.conf.task_always_eager = True  # the worker's side, here in-process once the sweep sends it
    assert jobs.jobs_sweep()["sent"] == 1
    assert ImportJob.objects.get(pk=job.pk).status == ImportJob.Status.DONE
    assert Employee.objects.filter(nip="198003152005031001").count() == 1
    assert jobs.jobs_sweep()["sent"] == 0 and Job.objects.get().attempts == 1


def test_finished_import_tells_the_officer_who_started_it(world, django_capture_on_commit_callbacks):
    from employees.models import Notification

    job = services.import_job_create(by=world.hr, upload=upload(DATA / "employees_valid.csv"))
    with django_capture_on_commit_callbacks(execute=True):
        services.import_job_queue(job=job, by=world.hr)
    note = Notification.objects.get(recipient=world.hr)
    assert note.title == "Impor pegawai employees_valid.csv: selesai"
    assert note.body == "3 pegawai berhasil diimpor."
    assert note.url == reverse("employees:import-detail", args=[job.pk])


def test_an_unchanged_template_imports_nothing(world):
    from employees.exports import import_template_xlsx

    content = import_template_xlsx()
    sheet = load_workbook(io.BytesIO(content))["Pegawai"]
    assert "CONTOH" in sheet["A2"].comment.text and sheet["A2"].font.italic
    result = importing.validate_table(importing.read_table(content, "templat-impor-pegawai.xlsx"))
    assert not result.ok and result.employees == []
    assert [e.message for e in result.errors] == ["Tidak ada baris data (baris contoh dari templat dilewati)."]


def test_the_example_row_is_skipped_beside_real_rows(world):
    rows = table(DATA / "employees_valid.csv")
    example = {c.header: c.example for c in importing.COLUMNS}
    rows.insert(1, [example.get(h, "") for h in rows[0]])
    result = importing.validate_table(rows)
    assert result.errors == [] and len(result.employees) == 3 and result.total_rows == 3


@pytest.mark.parametrize(
    "nip, nik, example",
    [
        ("198609262015051001", "9271016609860001", True),
        ("19860926 201505 1 001", "9271 0166 0986 0001", True),  # grouped as people type it
        ("198609262015051001", "9271016609860002", False),  # a real NIK: a real row
        ("198003152005031001", "9271016609860001", False),
        ("", "", False),
    ],
)
def test_is_example_row(nip, nik, example):
    assert importing.is_example_row(nip, nik) is example


def test_unreadable_xlsx_is_a_clear_error(world):
    with pytest.raises(ValidationError, match="tidak dapat dibaca"):
        importing.read_table(b"PK\x03\x04 not really a workbook", "pegawai.xlsx")
