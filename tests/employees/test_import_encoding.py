"""Imports read what Excel writes (UTF-8 with or without BOM, Windows-1252), say so when they cannot,
and stop reading a huge file as soon as it is known to be too long."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from employees import importing
from employees.models import ImportJob
from employees.spreadsheets import Spreadsheet
from recruitment import csvio

from .test_importing import DATA

pytestmark = pytest.mark.django_db

TEXT = (DATA / "employees_valid.csv").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "data",
    [TEXT.encode("utf-8"), TEXT.encode("utf-8-sig"), TEXT.replace("Sorong", "Sorong é").encode("cp1252")],
    ids=["utf-8", "utf-8 with BOM", "cp1252"],
)
def test_csv_in_each_encoding_excel_writes_is_read(world, data):
    rows = importing.read_table(data, "pegawai.csv")
    assert rows[0][0].startswith("NIP")  # the BOM is not part of the first header
    assert importing.validate_table(rows).errors == []


def test_undecodable_csv_gets_a_message_not_a_500(client, world):
    client.force_login(world.hr)
    upload = SimpleUploadedFile("pegawai.csv", b"NIP;Nama\n\x81\x8d;\x8f\x90\n")
    response = client.post(reverse("employees:import-start"), {"file": upload})
    assert response.status_code == 200
    assert "simpan ulang dari Excel sebagai" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_recruitment_csv_falls_back_to_cp1252_and_names_the_encoding_otherwise():
    report = csvio.Report()
    rows = csvio.read_rows("nik;nama\n9271010101900006;Andr\xe9\n".encode("cp1252"), ["nik", "nama"], report)
    assert report.ok and rows[0][1]["nama"] == "André"
    report = csvio.Report()
    assert csvio.read_rows(b"nik;nama\n\x81\x8d;x\n", ["nik", "nama"], report) == []
    assert "CSV UTF-8" in report.errors[0]["message"]


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_reading_stops_one_row_past_the_limit(world, monkeypatch, kind):
    monkeypatch.setattr(importing, "MAX_ROWS", 50)
    header = TEXT.splitlines()[0].split(";" if ";" in TEXT.splitlines()[0] else ",")
    body = [[f"1980031520050310{n:02d}"] + ["x"] * (len(header) - 1) for n in range(2000)]
    if kind == "xlsx":
        book = Spreadsheet()
        book.sheet("Pegawai", header).extend(body)
        data = book.to_bytes()
    else:
        data = "\n".join(",".join(r) for r in [header, *body]).encode()
    rows = importing.read_table(data, f"pegawai.{kind}")
    assert len(rows) == 1 + 51  # header, the limit, and the one row that proves the file too long
    result = importing.validate_table(rows)
    assert [e.message for e in result.errors] == ["Paling banyak 50 baris per berkas."]
