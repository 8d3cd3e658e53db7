"""The employee list's HR tools: sortable headers, filter chips, page size and columns remembered,
selection of rows (or of everything the filter matches) for an export."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from employees.models import AccessLog
from tests.factories import EmployeeFactory, OrgUnitFactory

LIST = reverse("employees:employee-list")
EXPORT_SELECTION = reverse("employees:employee-export-selection")
COLUMNS = reverse("employees:employee-columns")


def exported_names(response) -> set[str]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return {row[2] for row in sheet.iter_rows(min_row=2, values_only=True)}


def test_sort_headers_link_to_the_other_direction_and_carry_aria_sort(client, world):
    client.force_login(world.hr)
    response = client.get(LIST, {"sort": "-nip", "status": "aktif"})
    headers = response.context["sort_headers"]
    assert headers["nip"]["aria_sort"] == "descending" and "sort=nip" in headers["nip"]["url"]
    assert headers["name"]["aria_sort"] == "none" and "status=aktif" in headers["name"]["url"]
    assert 'aria-sort="descending"' in response.content.decode()
    names = [e.name for e in client.get(LIST, {"sort": "-name"}).context["page_obj"]]
    assert names == sorted(names, reverse=True)


def test_filter_chips_show_each_active_filter_with_a_link_that_removes_it(client, world):
    client.force_login(world.hr)
    response = client.get(LIST, {"q": "lestari", "employment_type": "pns", "unit": world.dept_a.pk, "page": "1"})
    chips = {c["label"]: c for c in response.context["chips"]}
    assert chips["Jenis kepegawaian"]["value"] == "PNS"
    assert chips["Unit"]["value"] == "Dinas Kesehatan"
    removal = chips["Jenis kepegawaian"]["remove_url"]
    assert "employment_type" not in removal and "q=lestari" in removal and "page" not in removal
    assert client.get(LIST, {"sort": "name"}).context["chips"] == []  # the sort is not a filter


def test_page_size_is_chosen_and_remembered_and_bad_sizes_are_ignored(client, world):
    unit = OrgUnitFactory(name="Bidang Besar", kind="bidang", parent=world.dept_a)
    EmployeeFactory.create_batch(30, unit=unit)
    client.force_login(world.hr)
    assert len(client.get(LIST).context["page_obj"]) == 36  # default 50
    assert len(client.get(LIST, {"per_page": "25"}).context["page_obj"]) == 25
    assert len(client.get(LIST).context["page_obj"]) == 25  # remembered
    assert len(client.get(LIST, {"per_page": "100000"}).context["page_obj"]) == 25  # not a choice


def test_column_chooser_is_remembered(client, world):
    client.force_login(world.hr)
    response = client.post(COLUMNS, {"columns": ["golongan", "unit", "bogus"], "query": "status=aktif"})
    assert response.status_code == 302 and response.url == f"{LIST}?status=aktif"
    page = client.get(LIST)
    assert page.context["columns"] == ["golongan", "unit"]
    html = page.content.decode()
    assert "NI PPPK</a></th>" not in html and ">Gol.</a></th>" in html
    assert client.get(COLUMNS).status_code == 405


def test_export_of_ticked_rows(client, world):
    client.force_login(world.hr)
    response = client.post(EXPORT_SELECTION, {"ids": [world.pegawai.pk, world.pegawai_b.pk], "query": ""})
    assert response.status_code == 200
    assert exported_names(response) == {"Dewi Lestari", "Frans Wanma"}
    log = AccessLog.objects.get(what=AccessLog.What.EXPORT)
    assert log.actor == world.hr and "pilihan 2 pegawai" in log.detail


def test_export_of_everyone_matching_the_filter(client, world):
    client.force_login(world.user_kepala)
    response = client.post(EXPORT_SELECTION, {"all_matching": "1", "query": "q=a"})
    names = exported_names(response)
    assert names and all("a" in n.lower() for n in names)
    assert "Frans Wanma" not in names and "Maria Mambrasar" not in names  # the other department


def test_a_head_cannot_select_people_outside_the_department(client, world):
    client.force_login(world.user_kepala)
    response = client.post(EXPORT_SELECTION, {"ids": [world.pegawai.pk, world.pegawai_b.pk], "query": "q=x"})
    assert response.status_code == 302 and response.url == f"{LIST}?q=x"
    assert not AccessLog.objects.filter(what=AccessLog.What.EXPORT).exists()
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["1 pegawai yang dipilih tidak ada atau di luar wewenang Anda; tidak ada yang diproses."]


def test_nothing_selected_gets_a_message(client, world):
    client.force_login(world.hr)
    response = client.post(EXPORT_SELECTION, {"ids": ["abc"], "query": ""}, follow=True)
    assert "Pilih sedikitnya satu pegawai." in response.content.decode()


@pytest.mark.parametrize("size", [20, 400])
def test_list_with_every_tool_keeps_a_fixed_query_count(client, world, django_assert_max_num_queries, size):
    unit = OrgUnitFactory(name="Bidang Besar", kind="bidang", parent=world.dept_a)
    EmployeeFactory.create_batch(size, unit=unit, supervisor=world.atasan)
    for user in (world.hr, world.user_kepala, world.user_atasan):
        client.force_login(user)
        client.post(COLUMNS, {"columns": ["nip", "golongan", "unit"]})
        client.get(LIST, {"per_page": "100"})
        with django_assert_max_num_queries(12):
            response = client.get(LIST, {"sort": "-golongan", "unit": unit.pk, "employment_type": "pns"})
        assert response.status_code == 200 and response.context["chips"]


def test_garbage_posts_get_a_message_never_an_error(client, world):
    client.force_login(world.hr)
    for data in ({"query": "a=\r\nLocation: //evil", "all_matching": "1"}, {"ids": ["1; DROP"], "query": "%%%"}, {}):
        response = client.post(EXPORT_SELECTION, data)
        assert response.status_code in (200, 302)
        if response.status_code == 302:
            assert response.url.startswith(LIST) and "\n" not in response.url
    response = client.post(COLUMNS, {"columns": ["<script>"], "query": "x=\n"})
    assert response.status_code == 302 and "\n" not in response.url
