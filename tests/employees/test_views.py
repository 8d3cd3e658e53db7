import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from employees.models import AccessLog, Employee
from tests.factories import EmployeeFactory, OrgUnitFactory

LIST = reverse("employees:employee-list")
EXPORT = reverse("employees:employee-export")


def names_in(response):
    return {e.name for e in response.context["page_obj"]}


def detail(employee):
    return reverse("employees:employee-detail", args=[employee.pk])


def test_anonymous_is_sent_to_login(client, world):
    for url in (LIST, EXPORT, detail(world.pegawai), reverse("employees:unit-tree")):
        response = client.get(url)
        assert response.status_code == 302 and "/masuk/" in response.url


def test_search_by_part_of_name_case_insensitive(client, world):
    client.force_login(world.hr)
    assert names_in(client.get(LIST, {"q": "lestar"})) == {"Dewi Lestari"}
    assert names_in(client.get(LIST, {"q": "AGUS wij"})) == {"Agus Wijaya"}


def test_search_by_nip_with_or_without_spaces(client, world):
    client.force_login(world.hr)
    nip = world.pegawai_b.nip
    grouped = f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"
    assert names_in(client.get(LIST, {"q": grouped})) == {"Frans Wanma"}
    assert names_in(client.get(LIST, {"q": nip})) == {"Frans Wanma"}
    assert "Frans Wanma" in names_in(client.get(LIST, {"q": nip[:8]}))


def test_filters_unit_type_golongan_position_status(client, world):
    client.force_login(world.hr)
    EmployeeFactory(name="Naomi Kalami", male=False, unit=world.bidang_b, employment_type="pppk", status="cuti")
    assert names_in(client.get(LIST, {"unit": world.dept_a.pk})) == {
        "Yohanis Kambuaya", "Agus Wijaya", "Dewi Lestari", "Petrus Sapisa",
    }  # fmt: skip
    assert names_in(client.get(LIST, {"unit": world.bidang_a.pk})) == {"Agus Wijaya", "Dewi Lestari", "Petrus Sapisa"}
    assert names_in(client.get(LIST, {"employment_type": "pppk"})) == {"Naomi Kalami"}
    assert names_in(client.get(LIST, {"status": "cuti"})) == {"Naomi Kalami"}
    assert names_in(client.get(LIST, {"golongan": "IV/b"})) == {"Yohanis Kambuaya", "Maria Mambrasar"}
    assert names_in(client.get(LIST, {"position_type": "administrator"})) == {"Agus Wijaya"}


def test_sort_is_whitelisted(client, world):
    client.force_login(world.hr)
    rows = list(client.get(LIST, {"sort": "-golongan"}).context["page_obj"])
    assert rows[0].golongan == "IV/b"
    assert client.get(LIST, {"sort": "nik; drop table"}).context["page_obj"].paginator.count == 0  # invalid: ignored


def test_unit_filter_offers_only_visible_units(client, world):
    client.force_login(world.user_kepala)
    units = set(client.get(LIST).context["filter"].filters["unit"].queryset)
    assert world.dept_a in units and world.bidang_a in units
    assert world.dept_b not in units and world.bidang_b not in units
    # choosing another department's unit is refused, not answered
    assert client.get(LIST, {"unit": world.dept_b.pk}).context["page_obj"].paginator.count == 0


def test_head_of_other_department_never_sees_the_row(client, world):
    client.force_login(world.user_kepala2)
    assert names_in(client.get(LIST)) == {"Maria Mambrasar", "Frans Wanma"}
    assert names_in(client.get(LIST, {"q": world.pegawai.nip})) == set()
    assert client.get(detail(world.pegawai)).status_code == 404
    book = load_workbook(io.BytesIO(client.get(EXPORT).content))
    exported = {row[2] for row in book.active.iter_rows(min_row=2, values_only=True)}
    assert exported == {"Maria Mambrasar", "Frans Wanma"}


def test_head_sees_own_department_and_employee_only_self(client, world):
    client.force_login(world.user_kepala)
    assert client.get(detail(world.pegawai)).status_code == 200
    assert client.get(detail(world.pegawai_b)).status_code == 404
    client.force_login(world.user_pegawai)
    assert names_in(client.get(LIST)) == {"Dewi Lestari"}
    assert client.get(detail(world.pegawai2)).status_code == 404
    assert client.get(detail(world.pegawai)).status_code == 200


def test_nik_masked_for_head_full_for_hr_and_self(client, world):
    nik = world.pegawai.nik
    client.force_login(world.user_kepala)
    page = client.get(detail(world.pegawai)).content.decode()
    assert nik not in page and world.pegawai.nik_masked in page
    assert not AccessLog.objects.exists()
    client.force_login(world.user_pegawai)
    assert nik in client.get(detail(world.pegawai)).content.decode()
    assert not AccessLog.objects.exists()  # one's own data is not logged
    client.force_login(world.hr)
    assert nik in client.get(detail(world.pegawai)).content.decode()
    log = AccessLog.objects.get()
    assert (log.actor, log.employee, log.what) == (world.hr, world.pegawai, AccessLog.What.PERSONAL)


def test_list_masks_nik_for_everyone(client, world):
    client.force_login(world.hr)
    page = client.get(LIST).content.decode()
    assert world.pegawai.nik not in page and world.pegawai.nik_masked in page


def test_export_masks_nik_unless_hr_and_is_logged(client, world):
    client.force_login(world.user_kepala)
    response = client.get(EXPORT, {"q": "Dewi"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    row = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=2, values_only=True))
    assert [r[1] for r in row] == [world.pegawai.nik_masked]
    log = AccessLog.objects.get()
    assert log.what == AccessLog.What.EXPORT and "q=Dewi" in log.detail and log.actor == world.user_kepala
    client.force_login(world.hr)
    row = list(
        load_workbook(io.BytesIO(client.get(EXPORT, {"q": "Dewi"}).content)).active.iter_rows(
            min_row=2, values_only=True
        )
    )
    assert [r[1] for r in row] == [world.pegawai.nik]
    assert AccessLog.objects.filter(what=AccessLog.What.EXPORT).count() == 2


def test_history_visible_to_hr_only(client, world):
    client.force_login(world.hr)
    url = reverse("employees:employee-update", args=[world.pegawai.pk])
    data = form_data(world.pegawai, phone="081299990000")
    assert client.post(url, data).status_code == 302
    page = client.get(detail(world.pegawai)).content.decode()
    assert "Riwayat perubahan" in page and "telepon" in page
    client.force_login(world.user_kepala)
    assert "Riwayat perubahan" not in client.get(detail(world.pegawai)).content.decode()


def form_data(employee, **changes):
    fields = [
        "nip", "nik", "front_title", "name", "back_title", "sex", "birth_place", "birth_date", "employment_type",
        "golongan", "position_title", "position_type", "functional_level", "education_level", "education_major",
        "tmt_cpns", "tmt_pns", "tmt_golongan", "tmt_jabatan", "status", "oap_category", "email", "phone", "address",
    ]  # fmt: skip
    data = {f: getattr(employee, f) or "" for f in fields}
    data["unit"] = employee.unit_id
    data["supervisor_nip"] = employee.supervisor.nip if employee.supervisor_id else ""
    data.update(changes)
    return data


def test_create_and_edit_only_for_hr(client, world):
    create = reverse("employees:employee-create")
    edit = reverse("employees:employee-update", args=[world.pegawai.pk])
    for user in (world.user_kepala, world.user_pegawai):
        client.force_login(user)
        assert client.get(create).status_code == 403
        assert client.get(edit).status_code == 403
        assert client.post(edit, form_data(world.pegawai, name="Diganti")).status_code == 403
    client.force_login(world.user_kepala2)
    assert client.get(edit).status_code == 404
    world.pegawai.refresh_from_db()
    assert world.pegawai.name == "Dewi Lestari"
    client.force_login(world.hr)
    assert client.get(create).status_code == 200
    assert client.get(edit).status_code == 200


def test_hr_creates_employee(client, world):
    client.force_login(world.hr)
    new = EmployeeFactory.build(name="Elsye Korwa", male=False, unit=world.bidang_a, supervisor=world.atasan)
    response = client.post(reverse("employees:employee-create"), form_data(new))
    created = Employee.objects.get(name="Elsye Korwa")
    assert response.url == detail(created)
    assert created.supervisor == world.atasan
    assert created.history.get().history_user == world.hr


def test_bad_nip_gives_field_message_and_saves_nothing(client, world):
    client.force_login(world.hr)
    new = EmployeeFactory.build(name="Elsye Korwa", male=False, unit=world.bidang_a)
    data = form_data(new, birth_date="1970-01-01")
    response = client.post(reverse("employees:employee-create"), data)
    assert response.status_code == 200
    assert "menunjukkan tanggal lahir" in " ".join(response.context["form"].errors["nip"])
    assert not Employee.objects.filter(name="Elsye Korwa").exists()
    data = form_data(new, nip="12345")
    response = client.post(reverse("employees:employee-create"), data)
    assert "harus 18 digit" in " ".join(response.context["form"].errors["nip"])
    edit = reverse("employees:employee-update", args=[world.pegawai.pk])
    response = client.post(edit, form_data(world.pegawai, sex="L", name="Diganti"))
    assert "menunjukkan jenis kelamin perempuan" in " ".join(response.context["form"].errors["nip"])
    world.pegawai.refresh_from_db()
    assert (world.pegawai.name, world.pegawai.sex) == ("Dewi Lestari", "P")


def test_unknown_supervisor_nip_is_a_field_error(client, world):
    client.force_login(world.hr)
    response = client.post(
        reverse("employees:employee-update", args=[world.pegawai.pk]),
        form_data(world.pegawai, supervisor_nip="199901012020011999"),
    )
    assert "Tidak ada pegawai dengan NIP" in " ".join(response.context["form"].errors["supervisor_nip"])


@pytest.mark.parametrize("size", [20, 500])
def test_list_query_count_is_fixed(client, world, django_assert_max_num_queries, size):
    unit = OrgUnitFactory(name="Bidang Besar", kind="bidang", parent=world.dept_a)
    EmployeeFactory.create_batch(size - 6, unit=unit, supervisor=world.atasan)
    for user in (world.hr, world.user_kepala, world.user_atasan):
        client.force_login(user)
        with django_assert_max_num_queries(15):
            response = client.get(LIST, {"sort": "golongan", "unit": world.dept_a.pk})
        assert response.status_code == 200


def test_unit_tree_counts_and_highlights_own_department(client, world, django_assert_max_num_queries):
    client.force_login(world.user_kepala)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("employees:unit-tree"))
    page = response.content.decode()
    roots = {n.unit.name: n for n in response.context["roots"]}
    assert roots["Dinas Kesehatan"].total == 4 and roots["Dinas Pendidikan dan Kebudayaan"].total == 2
    assert response.context["own_department_id"] == world.dept_a.pk
    assert "Perangkat daerah Anda" in page and "Yohanis Kambuaya" in page


def test_home_per_role(client, world):
    client.force_login(world.hr)
    assert client.get("/").context["hr_total"] == 6
    client.force_login(world.user_kepala)
    response = client.get("/")
    assert response.context["dept_total"] == 4 and "hr_total" not in response.context
    client.force_login(world.user_atasan)
    assert {e.name for e in client.get("/").context["team"]} == {"Dewi Lestari", "Petrus Sapisa"}
    client.force_login(world.user_pegawai)
    response = client.get("/")
    assert response.context["own"] == world.pegawai and "team" not in response.context


def test_notifications_page(client, world, django_assert_max_num_queries):
    from employees.models import Notification

    for n in range(35):  # more than a page (30)
        Notification.objects.create(recipient=world.user_pegawai, title=f"Pengingat {n}", body="Segera ajukan.")
    Notification.objects.create(recipient=world.user_pegawai, title="SKP belum diajukan", body="Segera ajukan.")
    Notification.objects.create(recipient=world.user_atasan, title="Milik atasan")
    client.force_login(world.user_pegawai)
    with django_assert_max_num_queries(10):
        page = client.get(reverse("employees:notification-list")).content.decode()
    assert "SKP belum diajukan" in page and "Milik atasan" not in page
    assert page.count(">Baru</span>") == 30  # shown as new once …
    assert "Baru</span>" not in client.get(reverse("employees:notification-list")).content.decode()  # … then read
    assert Notification.objects.filter(recipient=world.user_pegawai, read_at__isnull=True).count() == 6  # page 2
    assert Notification.objects.filter(recipient=world.user_atasan, read_at__isnull=True).count() == 1


def test_unknown_url_is_404_in_site_layout(client, world):
    client.force_login(world.user_pegawai)
    response = client.get("/tidak-ada-halaman/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Halaman tidak ditemukan" in page and "navbar" in page


def test_profile_shows_the_bup_of_a_guru_and_the_pension_date_only_with_full_data(client, world):
    from datetime import date

    from employees.models import FunctionalPosition

    guru = FunctionalPosition.objects.get(name="Guru")  # seeded by the migration with its law's 60
    teacher = world.pegawai
    teacher.position_type, teacher.functional_level, teacher.functional_position = "fungsional", "ahli_pertama", guru
    teacher.employment_type, teacher.birth_date = "pns", date(1980, 3, 15)
    teacher.save()
    client.force_login(world.user_pegawai)
    page = client.get(detail(teacher)).content.decode()
    assert "Guru" in page and "60 tahun" in page and "pensiun mulai 1 April 2040" in page
    client.force_login(world.user_kepala)
    page = client.get(detail(teacher)).content.decode()
    assert "60 tahun" in page and "2040" not in page  # the pension date would give the birth month away
