import datetime
import io
import re

import pytest

from recruitment import access, demo
from recruitment.models import Announcement, Application, PanelScore, SelectionRound

pytestmark = pytest.mark.django_db


def test_demo_is_deterministic_and_idempotent(world):
    today = datetime.date(2026, 11, 29)
    out = io.StringIO()
    demo.seed(stdout=out, today=today, seed=42)
    said = re.search(r"nomor pendaftaran (\S+), kode akses (\S+) ", out.getvalue())
    shown = Application.objects.get(registration_number=said[1])
    assert access.code_matches(shown, said[2])
    counts = (SelectionRound.objects.count(), Application.objects.count(), PanelScore.objects.count(),
              Announcement.objects.count())  # fmt: skip
    assert counts[0] == 3 and counts[1] >= 300 and counts[3] == 1
    casn = SelectionRound.objects.get(kind="casn", public_registration=False)
    public = SelectionRound.objects.get(public_registration=True, status="registration")
    assert public.registration_open_on(today) and public.formations.count() == 2
    assert casn.formations.values("category").distinct().count() >= 4
    assert Application.objects.filter(round=casn, final_score__isnull=False).exists()
    assert Application.objects.filter(round=casn, outcome="passed").exists()
    jpt = SelectionRound.objects.get(kind="open")
    assert Application.objects.filter(round=jpt, outcome="nominated").count() == 3
    first = list(Application.objects.order_by("registration_number").values_list("registration_number", "final_score"))
    out = io.StringIO()
    demo.seed(stdout=out, today=today, seed=42)
    assert said[0] in out.getvalue()  # the same number and code on every run
    assert counts == (SelectionRound.objects.count(), Application.objects.count(), PanelScore.objects.count(),
                      Announcement.objects.count())  # fmt: skip
    assert first == list(Application.objects.order_by("registration_number").values_list("registration_number",
                                                                                            "final_score"))  # fmt: skip


def test_demo_skips_without_register(db):
    out = io.StringIO()
    demo.seed(stdout=out, today=datetime.date(2026, 11, 29), seed=1)
    assert "lewati" in out.getvalue() and SelectionRound.objects.count() == 0
