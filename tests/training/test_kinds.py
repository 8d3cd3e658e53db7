"""Every learning record carries its kind; a leadership record its level, a functional one its position."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from training.models import ExternalLearning, TrainingProgram


@pytest.fixture
def login(client):
    def do(user):
        client.force_login(user)
        return client

    return do


def program_data(institution, **changes):
    return {"title": "Pelatihan Kepemimpinan Administrator", "kind": "kepemimpinan", "competence_type": "manajerial",
            "route": "klasikal", "method": "pelatihan", "jp": 360, "institution": institution.pk,
            "is_active": "on", "leadership_level": "pka"} | changes  # fmt: skip


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"leadership_level": ""}, "leadership_level", "Pilih jenjang pelatihan kepemimpinan."),
        ({"kind": "teknis"}, "leadership_level", "Jenjang kepemimpinan hanya untuk pelatihan kepemimpinan."),
        ({"kind": "fungsional", "leadership_level": ""}, "functional_position", "Isi nama jabatan fungsional"),
        ({"kind": "seminar", "leadership_level": "", "functional_position": "Guru"}, "functional_position",
         "Jabatan fungsional hanya untuk pelatihan fungsional."),
        ({"kind": ""}, "kind", "Bidang ini tidak boleh kosong."),
    ],
)  # fmt: skip
def test_programme_form_refuses_a_kind_without_what_it_needs(world, login, institution, changes, field, message):
    response = login(world.hr).post(reverse("training:program-create"), program_data(institution, **changes))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not TrainingProgram.objects.exists()


def test_programme_form_saves_a_functional_training_with_its_position(world, login, institution):
    data = program_data(institution, kind="fungsional", leadership_level="", functional_position="Perawat",
                        title="Pelatihan Fungsional Perawat")  # fmt: skip
    login(world.hr).post(reverse("training:program-create"), data)
    program = TrainingProgram.objects.get()
    assert (program.kind, program.functional_position) == ("fungsional", "Perawat")


def test_a_reported_leadership_training_needs_its_level(world, login):
    day = date(2026, 3, 1).isoformat()
    data = {"title": "PKP Angkatan II", "provider": "BPSDM Provinsi", "kind": "kepemimpinan", "route": "klasikal",
            "method": "pelatihan", "start_date": day, "end_date": day, "jp": 310,
            "evidence": SimpleUploadedFile("bukti.pdf", b"%PDF-1.4 x")}  # fmt: skip
    client = login(world.user_pegawai)
    response = client.post(reverse("training:external-list"), data)
    assert "Pilih jenjang pelatihan kepemimpinan." in response.content.decode()
    assert not ExternalLearning.objects.exists()
    data["evidence"] = SimpleUploadedFile("bukti.pdf", b"%PDF-1.4 x")
    client.post(reverse("training:external-list"), data | {"leadership_level": "pkp"})
    assert ExternalLearning.objects.get().leadership_level == "pkp"
