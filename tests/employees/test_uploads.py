import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from employees.uploads import upload_check

PDF = b"%PDF-1.7 isi"


@pytest.mark.parametrize(
    "name, content, kwargs, expected",
    [
        ("ijazah.pdf", PDF, {}, ".pdf"),
        ("FOTO.JPG", b"\xff\xd8\xff\xe0 jpeg", {}, ".jpg"),
        ("laporan.xlsx", b"PK\x03\x04 zip", {"allowed": (".pdf", ".xlsx")}, ".xlsx"),
        ("tepat.pdf", b"%PDF" + b"0" * (5 * 1024 * 1024 - 4), {}, ".pdf"),  # exactly 5 MB is allowed
    ],
)
def test_accepted(name, content, kwargs, expected):
    assert upload_check(SimpleUploadedFile(name, content), **kwargs) == expected


@pytest.mark.parametrize(
    "upload, kwargs, message",
    [
        (None, {}, "wajib diunggah"),
        (SimpleUploadedFile("virus.exe", b"MZ"), {}, "tidak diterima: hanya PDF, JPG atau PNG"),
        (SimpleUploadedFile("tanpa-ekstensi", PDF), {}, "tidak diterima"),
        (SimpleUploadedFile("besar.pdf", b"%PDF" + b"0" * (5 * 1024 * 1024 - 3)), {}, "paling besar 5 MB"),
        (SimpleUploadedFile("besar.pdf", b"%PDF" + b"0" * (10 * 1024 * 1024)), {"max_mb": 10}, "terlalu besar"),
        (SimpleUploadedFile("palsu.pdf", b"MZ executable"), {}, "tidak sesuai dengan jenisnya (.pdf)"),
        (SimpleUploadedFile("palsu.docx", PDF), {"allowed": (".docx",)}, "tidak sesuai dengan jenisnya"),
    ],
)
def test_refused_with_a_clear_message(upload, kwargs, message):
    with pytest.raises(ValidationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        upload_check(upload, **kwargs)
