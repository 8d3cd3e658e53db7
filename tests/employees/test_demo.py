import io

from django.core.management import call_command
from django.db.models import Count

from employees import demo
from employees.models import Employee, OrgUnit, User


def counts():
    return (OrgUnit.objects.count(), Employee.objects.count(), User.objects.count(), Employee.history.count())


def test_seed_is_deterministic_valid_and_idempotent(db):
    out = io.StringIO()
    demo.seed(stdout=out, count=250, password="demo-rahasia-1", seed=7)
    first = counts()
    assert first[1] == 250
    demo.seed(stdout=out, count=250, password="demo-rahasia-2", seed=7)
    assert counts() == first
    assert User.objects.get(username="pegawai").check_password("demo-rahasia-2")
    for employee in Employee.objects.select_related("unit")[:250]:
        employee.full_clean()  # NIP/NIK agree with birth date and sex; golongan fits the type


def test_demo_logins_have_their_roles(db):
    demo.seed(stdout=io.StringIO(), count=250, password="demo-rahasia-1", seed=7)
    users = {u.username: u for u in User.objects.filter(username__in=demo.LOGINS)}
    assert users["admin"].is_superuser and users["admin"].is_staff
    assert users["hr"].is_hr and users["hr"].is_staff
    assert "Badan Kepegawaian" in users["hr"].employee_or_none.unit.department.name
    assert users["kepala"].headed_department.name == "Dinas Kesehatan"
    assert users["kepala2"].headed_department.name == "Dinas Pendidikan dan Kebudayaan"
    atasan, pegawai = users["atasan"].employee_or_none, users["pegawai"].employee_or_none
    assert atasan.supervisor == users["kepala"].employee_or_none and users["atasan"].is_supervisor
    assert pegawai.supervisor == atasan
    assert all(u.first_name and u.email for u in users.values())
    sekda = Employee.objects.get(position_title="Sekretaris Daerah Kota Sorong")
    assert sekda.supervisor is None
    departments = OrgUnit.objects.filter(parent=None).exclude(head=sekda)
    assert departments.count() == 39 and not departments.filter(head=None).exists()
    assert set(departments.values_list("head__supervisor", flat=True)) == {sekda.pk}
    types = dict(Employee.objects.values_list("employment_type").annotate(n=Count("id")))
    assert types["pppk"] > 0 and types["pns"] > types["pppk"]


def test_seed_demo_command_prints_logins(db):
    out = io.StringIO()
    call_command("seed_demo", "--employees", "250", "--password", "demo-rahasia-9", stdout=out)
    text = out.getvalue()
    assert "HANYA UNTUK DEMO" in text and "demo-rahasia-9" in text and "kepala2" in text


def test_demo_logins_find_notifications_from_the_first_run(db, django_capture_on_commit_callbacks):
    from employees.models import Notification

    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", "--employees", "250", stdout=io.StringIO())
    for login in ("pegawai", "atasan", "kepala"):
        user = User.objects.get(username=login)
        assert Notification.objects.filter(recipient=user, read_at=None).exclude(key="").exists(), login
    kepala = Notification.objects.filter(recipient__username="kepala").values_list("title", flat=True)
    assert any("menunggu persetujuan Anda" in t for t in kepala)
    assert any("menunggu keputusan Anda" in t for t in kepala)  # a training nomination
    before = Notification.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", "--employees", "250", stdout=io.StringIO())
    assert Notification.objects.count() == before  # idempotent


def test_demo_teachers_are_guru_with_their_law_s_retirement_age(db):
    demo.seed(stdout=io.StringIO(), count=250, password="demo-rahasia-1", seed=7)
    teachers = Employee.objects.filter(functional_position__name="Guru").select_related("functional_position")
    assert teachers.count() >= 10
    assert {t.retirement_age for t in teachers} == {60}  # Guru Ahli Pertama included, where the general BUP is 58
    assert teachers.filter(functional_level="ahli_pertama").exists()
