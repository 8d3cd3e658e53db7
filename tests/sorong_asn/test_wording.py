"""One Indonesian wording: "Bidang ini…" in forms and imports alike; the login error names the username once."""

from django.urls import reverse

from employees import importing


def test_wrong_password_message_says_username_once(client, world):
    response = client.post(reverse("login"), {"username": "pegawai", "password": "salah-sekali"})
    page = response.content.decode()
    assert "Masukkan nama pengguna dan kata sandi yang benar." in page
    assert "nama pengguna nama pengguna" not in page


def test_import_errors_use_the_forms_word_for_a_field(world):
    rows = [importing.HEADERS, ["198003152005031001", "9271011503800001", "", "", "", "L", "Sorong", "1980-03-15",
                                "PNS", "III/b", "Perawat", "Pelaksana", "", "Dinas Kesehatan", "", "S1"]]  # fmt: skip
    messages = [e.message for e in importing.validate_table(rows).errors]
    assert "Bidang ini tidak boleh kosong." in messages
    assert not [m for m in messages if m.startswith("Field ini")]


def test_admin_headings_are_indonesian(client, world):
    from tests.factories import UserFactory

    admin = UserFactory(username="admin-uji", is_staff=True, is_superuser=True)
    client.force_login(admin)
    page = client.get(reverse("admin:index")).content.decode()
    for heading in ("Kepegawaian", "Kinerja (SKP)", "Pengembangan kompetensi", "Rekrutmen", "Jadwal tugas",
                    "Tugas terjadwal", "Surel keluar"):  # fmt: skip
        assert heading in page, heading
    for english in ("Periodic Tasks", "Periodic tasks", ">Employees<", ">Performance<"):
        assert english not in page, english
