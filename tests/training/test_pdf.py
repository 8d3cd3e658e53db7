"""The certificate PDF prints typed names and titles as text, wrapped to fit the page."""

import pytest

from tests.employees.test_pdf import HOSTILE, read_pdf, squash
from training import services
from training.models import Institution, TrainingProgram

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("typed", HOSTILE)
def test_certificate_prints_typed_titles_as_text(world, session, typed):
    program = session.program
    TrainingProgram.objects.filter(pk=program.pk).update(title=typed[:200])
    Institution.objects.filter(pk=program.institution_id).update(name=typed[:200])
    enrollment = services.enrollment_nominate(session=session, employee=world.pegawai, by=world.hr)
    enrollment = services.enrollment_approve(enrollment=enrollment, by=world.user_kepala)
    services.enrollment_set_result(enrollment=enrollment, result="completed", by=world.hr)
    certificate = services.certificate_generate(enrollment=enrollment, by=world.hr)
    text, annotations, uri = read_pdf(certificate.file.read())
    assert not annotations and not uri
    assert squash(typed[:200]) in squash(text)


def test_a_long_title_stays_on_the_page(world, session):
    from io import BytesIO

    from pypdf import PdfReader

    TrainingProgram.objects.filter(pk=session.program_id).update(title="Pelatihan " + "Kepemimpinan " * 14)
    enrollment = services.enrollment_nominate(session=session, employee=world.pegawai, by=world.hr)
    enrollment = services.enrollment_approve(enrollment=enrollment, by=world.user_kepala)
    services.enrollment_set_result(enrollment=enrollment, result="completed", by=world.hr)
    page = PdfReader(BytesIO(services.certificate_generate(enrollment=enrollment, by=world.hr).file.read())).pages[0]
    starts = []
    page.extract_text(visitor_text=lambda text, cm, tm, *_: text.strip() and starts.append(tm[4] * cm[0] + cm[4]))
    assert starts and min(starts) >= 0 and max(starts) < float(page.mediabox.width)
