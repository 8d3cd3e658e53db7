"""The merit-system self-assessment: BKPSDM fills it in, heads read it, the dashboard shows it at once."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sorong_asn import rules, services
from sorong_asn.models import MeritAssessment

ASPECTS = [key for key, _ in rules.MERIT_ASPECTS]


def form_data(year, *values, evidence="SK Wali Kota tentang rencana kebutuhan ASN"):
    data = {"year": year}
    for key, value in zip(ASPECTS, values, strict=True):
        data[f"score_{key}"] = value
        data[f"evidence_{key}"] = evidence
    return data


def test_only_hr_records_an_assessment(world):
    scores = dict.fromkeys(ASPECTS, 2)
    with pytest.raises(PermissionDenied):
        services.merit_assessment_save(year=2026, scores=scores, evidence={}, by=world.user_kepala)
    with pytest.raises(ValidationError):
        services.merit_assessment_save(year=2026, scores={**scores, "pay": 7}, evidence={}, by=world.hr)
    assert not MeritAssessment.objects.exists()
    saved = services.merit_assessment_save(year=2026, scores=scores, evidence={"pay": " Perwali TPP "}, by=world.hr)
    assert saved.index == 200 and saved.category == "II — Kurang" and saved.evidence["pay"] == "Perwali TPP"


def test_a_revision_keeps_the_history(world):
    services.merit_assessment_save(year=2026, scores=dict.fromkeys(ASPECTS, 2), evidence={}, by=world.hr)
    services.merit_assessment_save(year=2026, scores=dict.fromkeys(ASPECTS, 3), evidence={}, by=world.hr)
    assessment = MeritAssessment.objects.get()
    assert assessment.index == 300
    assert [h.index for h in assessment.history.order_by("history_date")] == [200, 300]
    assert all(h.history_user == world.hr for h in assessment.history.all())


def test_page_permissions_from_both_sides(client, world):
    url = reverse("merit-assessment")
    client.force_login(world.user_pegawai)
    assert client.get(url).status_code == 403
    client.force_login(world.user_kepala)
    response = client.get(url)
    assert response.status_code == 200 and response.context["form"] is None
    assert client.post(url, form_data(2026, *(4,) * 8)).status_code == 403
    assert not MeritAssessment.objects.exists()


def test_hr_fills_it_in_and_the_dashboard_shows_it_at_once(client, world):
    client.force_login(world.hr)
    client.get(reverse("dashboard-indices"))  # the cached figures exist before the assessment
    response = client.post(reverse("merit-assessment"), form_data(2026, 3, 3, 2, 2, 3, 2, 2, 2))
    assert response.status_code == 302
    html = client.get(reverse("dashboard-indices")).content.decode()
    assert "Indeks Sistem Merit 2026: 237,50 (II — Kurang)" in html


def test_bad_input_gets_a_message_and_saves_nothing(client, world):
    client.force_login(world.hr)
    data = form_data(2099, *(3,) * 8)
    data["score_pay"] = "9"
    response = client.post(reverse("merit-assessment"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "tidak boleh setelah tahun ini" in html and "invalid-feedback" in html
    assert not MeritAssessment.objects.exists()


def test_merit_page_draws_the_latest_assessment_as_a_chart(client, world):
    services.merit_assessment_save(
        year=2026, scores=dict.fromkeys(["planning", "procurement", "career", "promotion", "performance", "pay",
                                         "protection", "information"], 3), evidence={}, by=world.hr,
    )  # fmt: skip
    client.force_login(world.user_kepala)
    response = client.get(reverse("merit-assessment"))
    assert [t["key"] for t in response.context["tables"]] == ["merit"]
    html = response.content.decode()
    assert 'data-source="chart-merit"' in html and 'id="chart-merit"' in html and "chart-values.js" in html


def test_merit_page_exports_the_assessment_with_the_other_indices(client, world):
    import io

    from openpyxl import load_workbook

    scores = dict.fromkeys(["planning", "procurement", "career", "promotion", "performance", "pay", "protection",
                            "information"], 2)  # fmt: skip
    services.merit_assessment_save(year=2026, scores=dict(scores, pay=4), evidence={}, by=world.hr)
    client.force_login(world.user_kepala)
    html = client.get(reverse("merit-assessment")).content.decode()
    link = reverse("dashboard-export") + "?bagian=indeks"
    assert f'href="{link}"' in html
    book = load_workbook(io.BytesIO(client.get(link).content))
    sheet = next(book[name] for name in book.sheetnames if name.startswith("Indeks Sistem Merit 2026"))
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 8 and sorted(r[1] for r in rows) == [2, 2, 2, 2, 2, 2, 2, 4]
