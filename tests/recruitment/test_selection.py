"""The selection rule by itself, no database: seats, affirmative share, SKB cut, tie-breaks, JPT top three."""

from datetime import date
from decimal import Decimal

import pytest

from recruitment import selection
from recruitment.models import Application, Category, Outcome
from recruitment.selection import Candidate, CasnRules, Seats

MS, TMS = Application.Result.MS, Application.Result.TMS


def cand(pk, scores=(100, 150, 190, "80"), *, oap="", born=date(1990, 1, 1), gpa="3.50", result=MS, formation=1):
    twk, tiu, tkp, skb = scores
    skb = None if skb is None else Decimal(skb)
    return Candidate(pk, formation, twk, tiu, tkp, skb, result, Decimal(gpa), born, oap)


def rank(group, *, quota=1, category=Category.UMUM, **rules):
    rules.setdefault("oap_share", 0)
    empty = selection.rank_casn_formation(CasnRules(**rules), Seats(id=1, quota=quota, category=category), group)
    return {c.id: c for c in group}, empty


@pytest.mark.parametrize(
    ("candidate", "outcome", "says"),
    [
        (cand(1, result=TMS), Outcome.TMS, "Tidak memenuhi syarat administrasi"),
        (cand(1, result=""), Outcome.PENDING, "Tidak memenuhi syarat administrasi"),
        (cand(1, (None, None, None, None)), Outcome.ABSENT, "Tidak ada nilai SKD"),
        (cand(1, (60, 150, 190, "80")), Outcome.SKD_FAILED, "TWK 60 di bawah ambang 65"),
        (cand(1, (65, 80, 166, "80")), Outcome.PASSED, "Lulus: berada dalam kuota"),  # exactly at every grade
        (cand(1, (65, 80, 166, None)), Outcome.ABSENT, "tidak ada nilai SKB"),
    ],
)
def test_each_stage_gives_its_outcome_and_reason(candidate, outcome, says):
    ranked, _ = rank([candidate])
    assert ranked[1].outcome == outcome
    assert says in ranked[1].explanation


# Two candidates equal on every key before the one named; the first of each pair must rank first.
TIES = [
    ("nilai akhir", cand(1, (100, 150, 190, "81")), cand(2, (100, 150, 190, "80"))),
    # 440 → 32,000 + 48,000 and 385 → 28,000 + 52,000: equal finals at three decimals, SKD total decides
    ("total SKD", cand(1, (100, 150, 190, "80")), cand(2, (100, 100, 185, "86.667"))),
    ("TKP", cand(1, (100, 140, 200, "80")), cand(2, (100, 150, 190, "80"))),
    ("TIU", cand(1, (90, 160, 190, "80")), cand(2, (100, 150, 190, "80"))),
    ("IPK", cand(1, gpa="3.80"), cand(2, gpa="3.50")),
    ("usia (yang lebih tua didahulukan)", cand(1, born=date(1990, 1, 1)), cand(2, born=date(1995, 1, 1))),
]


@pytest.mark.parametrize(("label", "first", "second"), TIES, ids=[t[0] for t in TIES])
def test_casn_tie_breaks_follow_scoring_sort_key_in_order(label, first, second):
    ranked, _ = rank([second, first], quota=2)
    assert (ranked[1].rank, ranked[2].rank) == (1, 2)
    assert selection.why_ahead(ranked[1], ranked[2]) == label
    assert ranked[1].key < ranked[2].key


def test_candidates_equal_on_every_key_keep_their_loaded_order():
    ranked, _ = rank([cand(2), cand(1)], quota=2)
    assert (ranked[2].rank, ranked[1].rank) == (1, 2)
    assert selection.why_ahead(ranked[2], ranked[1]) == "sama pada semua unsur"
    assert "karena sama pada semua unsur" in ranked[1].explanation


def test_skb_cut_is_three_times_the_quota_best_skd_first():
    group = [cand(i, (100, 100, 200 - i, "80")) for i in range(8)]
    ranked, empty = rank(group, quota=2)
    outcomes = [ranked[i].outcome for i in range(8)]
    assert outcomes == [Outcome.PASSED] * 2 + [Outcome.NOT_SELECTED] * 4 + [Outcome.SKB_CUT] * 2
    assert "di luar 3 × kuota (6)" in ranked[7].explanation
    assert empty == 0


@pytest.mark.parametrize(
    ("quota", "share", "category", "passed"),
    [
        # quota 2 × 80% = 2 seats for OAP: both OAP candidates pass ahead of the better non-OAP ones
        (2, 80, Category.UMUM, {3, 4}),
        # quota 2 × 40% = 1 seat (half-up of 0,8): the best OAP, then the best of the rest
        (2, 40, Category.UMUM, {1, 3}),
        # no share: best first
        (2, 0, Category.UMUM, {1, 2}),
        # a putra/putri Papua formation reserves nothing more: best first
        (2, 80, Category.PAPUA, {1, 2}),
    ],
)
def test_affirmative_oap_seats(quota, share, category, passed):
    group = [
        cand(1, (100, 150, 200, "90")),
        cand(2, (100, 150, 200, "85"), oap=""),
        cand(3, (100, 150, 200, "80"), oap="I"),
        cand(4, (100, 150, 200, "75"), oap="II"),
        cand(5, (100, 150, 200, "95"), oap="III"),  # non-OAP born in Papua: no affirmative seat
    ]
    group[4].tkp = 100  # … and out on the SKD
    ranked, _ = rank(group, quota=quota, oap_share=share, category=category)
    assert {pk for pk, c in ranked.items() if c.outcome == Outcome.PASSED} == passed
    if passed == {3, 4}:
        assert "porsi afirmasi OAP (80% kuota = 2 kursi)" in ranked[4].explanation
        assert ranked[1].explanation.endswith("atau porsi afirmasi OAP.")


def test_empty_seats_are_counted_and_filled_by_optimalisasi_from_the_same_position():
    seats = {
        1: Seats(id=1, quota=1, position="Perawat", code="F-1", unit="Dinas A"),
        2: Seats(id=2, quota=1, position=" perawat ", code="F-2", unit="Dinas B"),
        3: Seats(id=3, quota=1, position="Guru", code="F-3", unit="Dinas C"),
    }
    by_formation = {1: [cand(1), cand(2, (100, 150, 180, "80")), cand(3, (100, 150, 170, "80"))], 2: [], 3: []}
    selection.rank_casn(CasnRules(oap_share=0, optimalisasi=True), seats, by_formation)
    outcomes = [(c.outcome, c.placed) for c in by_formation[1]]
    assert outcomes == [(Outcome.PASSED, 1), (Outcome.PASSED_OPT, 2), (Outcome.NOT_SELECTED, None)]
    assert "formasi F-2 (Dinas B)" in by_formation[1][1].explanation


def test_without_optimalisasi_empty_seats_stay_empty():
    seats = {1: Seats(id=1, quota=1, position="Perawat"), 2: Seats(id=2, quota=1, position="Perawat")}
    by_formation = {1: [cand(1), cand(2, (100, 150, 180, "80"))], 2: []}
    selection.rank_casn(CasnRules(oap_share=0), seats, by_formation)
    assert [c.outcome for c in by_formation[1]] == [Outcome.PASSED, Outcome.NOT_SELECTED]


def open_cand(pk, *scores, born=date(1970, 1, 1), result=MS):
    c = cand(pk, (None, None, None, None), born=born, result=result)
    c.stage_scores = tuple(None if s is None else Decimal(s) for s in scores)
    return c


@pytest.mark.parametrize(
    ("group", "order", "nominated"),
    [
        # the three best by mean of the stages are nominated, the fourth is not
        ([open_cand(1, "80", "90"), open_cand(2, "70", "70"), open_cand(3, "90", "90"), open_cand(4, "60", "61")],
         [3, 1, 2, 4], {3, 1, 2}),
        # equal means: the older candidate first
        ([open_cand(1, "80", "80", born=date(1975, 1, 1)), open_cand(2, "80", "80", born=date(1968, 5, 1))],
         [2, 1], {1, 2}),
        # means compared at three decimals: 80,0004 and 80,0001 are both 80,000 → the older first
        ([open_cand(1, "80.0008", "80", born=date(1975, 1, 1)), open_cand(2, "80.0002", "80", born=date(1968, 1, 1))],
         [2, 1], {1, 2}),
    ],
)  # fmt: skip
def test_open_selection_nominates_three_best_with_its_tie_break(group, order, nominated):
    selection.rank_open_formation(group, ["Wawancara", "Asesmen"])
    ranked = sorted((c for c in group if c.rank), key=lambda c: c.rank)
    assert [c.id for c in ranked] == order
    assert {c.id for c in group if c.outcome == Outcome.NOMINATED} == nominated


def test_open_selection_waits_for_every_stage_and_skips_tms():
    group = [open_cand(1, "80", None), open_cand(2, "80", "80", result=TMS), open_cand(3, "70", "75")]
    selection.rank_open_formation(group, ["Wawancara", "Asesmen"])
    assert [(c.outcome, c.rank) for c in group] == [
        (Outcome.PENDING, None),
        (Outcome.TMS, None),
        (Outcome.NOMINATED, 1),
    ]
    assert group[2].explanation == (
        "Nilai akhir 72,500 = rerata nilai tahap (Wawancara 70, Asesmen 75); nilai tiap tahap = rerata anggota "
        "pansel tanpa konflik kepentingan. Peringkat 1: termasuk tiga terbaik yang diusulkan ke PPK."
    )
