"""The official SKP PDF prints what was typed as text, whatever it contains."""

import pytest

from performance.pdf import appraisal_pdf_bytes
from tests.employees.test_pdf import HOSTILE, read_pdf, squash

from .conftest import add_goal, appraisal_of, drive

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("typed", HOSTILE)
def test_skp_pdf_prints_typed_goal_text_as_text(world, period, typed):
    appraisal = appraisal_of(period, world.pegawai)
    add_goal(appraisal, world.user_pegawai, plan=typed, indicator=typed)
    appraisal = drive(world, appraisal, "approved")
    text, annotations, uri = read_pdf(appraisal_pdf_bytes(appraisal))
    assert not annotations and not uri
    assert squash(typed) in squash(text)
