"""Every recruitment rule of docs/rules.md pinned: passing grades at their edges, the final score, every tie-break."""

from datetime import date
from decimal import Decimal

import pytest

from recruitment import eligibility, scoring
from recruitment.eligibility import Candidate, Requirements


@pytest.mark.parametrize(
    ("category", "twk", "tiu", "tkp", "passes"),
    [
        # umum: TWK ≥ 65, TIU ≥ 80, TKP ≥ 166 — each exactly at the edge, and one below
        ("umum", 65, 80, 166, True),
        ("umum", 64, 80, 166, False),
        ("umum", 65, 79, 166, False),
        ("umum", 65, 80, 165, False),
        ("umum", 150, 175, 225, True),
        ("umum", 0, 0, 0, False),
        # cumlaude and diaspora: total ≥ 311 and TIU ≥ 85
        ("cumlaude", 60, 85, 166, True),  # total 311
        ("cumlaude", 60, 85, 165, False),  # total 310
        ("cumlaude", 100, 84, 200, False),  # TIU below
        ("diaspora", 60, 85, 166, True),
        ("diaspora", 59, 85, 166, False),
        ("diaspora", 150, 84, 225, False),
        # disabilitas and putra/putri Papua: total ≥ 286 and TIU ≥ 60
        ("disabilitas", 40, 60, 186, True),  # total 286
        ("disabilitas", 40, 60, 185, False),
        ("disabilitas", 100, 59, 200, False),
        ("papua", 40, 60, 186, True),
        ("papua", 39, 60, 186, False),
        ("papua", 150, 59, 225, False),
        # a low TWK does not matter outside umum
        ("papua", 10, 100, 180, True),
    ],
)
def test_skd_passing_grades(category, twk, tiu, tkp, passes):
    assert scoring.skd_passes(category, twk, tiu, tkp) is passes


def test_round_rules_override_defaults():
    rules = {"umum": {"twk": 70, "tiu": 80, "tkp": 166}}
    assert scoring.skd_passes("umum", 65, 80, 166) is True
    assert scoring.skd_passes("umum", 65, 80, 166, rules) is False


def test_unknown_category_raises():
    with pytest.raises(ValueError):
        scoring.skd_passes("lain", 100, 100, 200)


def test_failures_are_worded():
    assert scoring.skd_failures("umum", 65, 75, 166) == ["TIU 75 di bawah ambang 80"]


@pytest.mark.parametrize(
    ("skd", "skb", "expected"),
    [
        (431, "77.5", "77.846"),  # the published example; rounding once would give 77.845
        (550, "100", "100.000"),
        (0, "0", "0.000"),
        (311, "50", "52.618"),  # 56.545 → 22.618 + 30.000
        (400, "66.67", "69.093"),  # 72.727 → 29.091 + 40.002
    ],
)
def test_final_score_rounds_stepwise(skd, skb, expected):
    assert scoring.final_score(skd, Decimal(skb)) == Decimal(expected)


def test_final_score_differs_from_single_rounding():
    once = (Decimal("0.4") * Decimal(431) / 550 * 100 + Decimal("0.6") * Decimal("77.5")).quantize(Decimal("0.001"))
    assert once == Decimal("77.845")
    assert scoring.final_score(431, Decimal("77.5")) == Decimal("77.846")


def test_scaled_skd_is_half_up():
    assert scoring.skd_scaled(431) == Decimal("78.364")


BASE = dict(final=Decimal("80.000"), skd_total=400, tkp=180, tiu=120, twk=100, gpa=Decimal("3.50"),
            birth_date=date(1998, 5, 1))  # fmt: skip


@pytest.mark.parametrize(
    ("better", "worse", "label"),
    [
        ({"final": Decimal("80.001")}, {}, "higher final"),
        ({}, {"final": Decimal("79.9996")}, "final compared at 3 decimals after half-up (79.9996 → 80.000 ties)"),
        ({"skd_total": 401}, {}, "higher SKD total"),
        ({"tkp": 181}, {}, "higher TKP"),
        ({"tiu": 121}, {}, "higher TIU"),
        ({"twk": 101}, {}, "higher TWK"),
        ({"gpa": Decimal("3.51")}, {}, "higher GPA"),
        ({"birth_date": date(1998, 4, 30)}, {}, "older wins the last tie"),
    ],
)
def test_sort_key_tie_breaks(better, worse, label):
    a = scoring.sort_key(**{**BASE, **better})
    b = scoring.sort_key(**{**BASE, **worse})
    if label.startswith("final compared"):
        assert a == b
    else:
        assert a < b, label


def test_sort_key_orders_a_list_best_first():
    people = [
        {**BASE, "birth_date": date(2000, 1, 1)},
        {**BASE, "final": Decimal("90")},
        {**BASE, "tkp": 200},
        {**BASE, "birth_date": date(1990, 1, 1)},
    ]
    ordered = sorted(people, key=lambda p: scoring.sort_key(**p))
    assert [p["final"] for p in ordered][0] == Decimal("90")
    assert ordered[1]["tkp"] == 200
    assert ordered[2]["birth_date"] == date(1990, 1, 1)


@pytest.mark.parametrize(("quota", "share", "seats"), [(1, 80, 1), (5, 80, 4), (3, 80, 2), (2, 0, 0), (10, 75, 8)])
def test_oap_seats(quota, share, seats):
    assert scoring.seats_for_oap(quota, share) == seats


REQ = Requirements(education_levels=["S1", "D4"], majors=["Keperawatan"], min_gpa=Decimal("3.00"), max_age=35,
                   age_cutoff=date(2026, 8, 1), category="umum")  # fmt: skip
WHO = Candidate(education_level="S1", major="keperawatan", gpa=Decimal("3.20"), birth_date=date(1995, 1, 1),
                oap_category="")  # fmt: skip


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({}, None),
        ({"birth_date": date(1990, 1, 1)}, "usia 36 tahun pada 1 Agustus 2026 melebihi batas 35"),
        ({"birth_date": date(1991, 8, 1)}, "usia 35"),  # 35 exactly on the cut-off day passes
        ({"birth_date": date(1991, 8, 2)}, None),
        ({"education_level": "D3"}, "pendidikan D3 tidak termasuk yang disyaratkan (S1, D4)"),
        ({"major": "Hukum"}, "jurusan Hukum tidak termasuk yang disyaratkan (Keperawatan)"),
        ({"gpa": Decimal("2.99")}, "IPK 2.99 di bawah minimal 3.00"),
        ({"gpa": Decimal("3.00")}, None),
        ({"gpa": None}, "IPK tidak diisi, padahal minimal 3.00"),
    ],
)
def test_requirement_reasons(changes, reason):
    reasons = eligibility.check(REQ, Candidate(**{**WHO.__dict__, **changes}))
    if reason is None or reason == "usia 35":
        assert reasons == []
    else:
        assert reasons == [reason]


def test_papua_formation_needs_oap_and_documents_on_form():
    req = Requirements(education_levels=[], majors=[], min_gpa=None, max_age=None, age_cutoff=None, category="papua")
    assert eligibility.check(req, WHO) == ["formasi putra/putri Papua hanya untuk OAP kategori I atau II"]
    oap = Candidate(**{**WHO.__dict__, "oap_category": "II", "documents": ("ktp",)})
    assert eligibility.check(req, oap, documents_required=True) == ["dokumen belum lengkap: ijazah, transkrip"]


@pytest.mark.parametrize(("kind", "level", "golongan"), [("cpns", "S1", "III/a"), ("cpns", "D3", "II/c"),
                                                         ("cpns", "S2", "III/b"), ("pppk", "S1", "IX")])  # fmt: skip
def test_entry_golongan(kind, level, golongan):
    assert eligibility.entry_golongan(kind, level) == golongan
