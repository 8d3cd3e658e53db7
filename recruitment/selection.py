"""Who is selected: the selection rule of a round, with no database (PermenPANRB 6/2024; KepmenPANRB 321/2024).

Plain values in (candidates with their scores and categories, the formation's seats, the round's rules);
each candidate comes out with its rank, outcome and the sentence that explains it. The service loads the
rows, calls these functions and writes the results back in one set-based statement (see docs/rules.md).

Tie-breaks, one per round kind:
- CASN: `scoring.sort_key` (final at 3 decimals, SKD total, TKP, TIU, TWK, IPK, then the older applicant).
- Open JPT selection: `open_sort_key` (the mean of the stage scores at 3 decimals, then the older
  candidate). There are no SKD sub-scores to compare, so the last CASN tie-break, seniority, decides.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property
from statistics import mean

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import eligibility, scoring
from .models import Application, Category, Outcome

# Candidates of these OAP categories (one or both parents native Papuan) count for the affirmative share.
OAP_CATEGORIES = eligibility.OAP_CATEGORIES
JPT_NOMINEES = 3  # the panel proposes the three best to the PPK
TIE_LABELS = [
    gettext_lazy("nilai akhir"), gettext_lazy("total SKD"), "TKP", "TIU", "TWK", "IPK",
    gettext_lazy("usia (yang lebih tua didahulukan)"),
]  # fmt: skip


@dataclass(eq=False)
class Candidate:
    """One application as the rule sees it; the fields after `stage_scores` are the rule's answer."""

    id: int
    formation_id: int
    twk: int | None
    tiu: int | None
    tkp: int | None
    skb: Decimal | None
    result: str  # administrative result: the officer's decision over the automatic check
    gpa: Decimal | None
    birth_date: date | None
    oap: str
    stage_scores: tuple = ()  # open selection: the panel's mean per stage, None where not scored yet
    skd_total: int | None = None
    skd_passed: bool | None = None
    final: Decimal | None = None
    rank: int | None = None
    outcome: str = Outcome.PENDING
    explanation: str = ""
    placed: int | None = None

    @cached_property
    def key(self):
        # computed once, after the final score is known
        return scoring.sort_key(
            final=self.final or 0, skd_total=self.skd_total, tkp=self.tkp, tiu=self.tiu, twk=self.twk,
            gpa=self.gpa, birth_date=self.birth_date,
        )  # fmt: skip


@dataclass(frozen=True)
class CasnRules:
    """The round's rules as data (configurable per round)."""

    passing_grades: dict = field(default_factory=lambda: scoring.DEFAULT_PASSING_GRADES)
    skb_multiplier: int = scoring.DEFAULT_SKB_MULTIPLIER
    skd_weight: int = scoring.DEFAULT_SKD_WEIGHT
    skb_weight: int = scoring.DEFAULT_SKB_WEIGHT
    oap_share: int = scoring.DEFAULT_OAP_SHARE
    optimalisasi: bool = False


@dataclass(frozen=True)
class Seats:
    """A formation as the rule sees it."""

    id: int
    quota: int
    category: str = Category.UMUM
    category_label: str = ""
    position: str = ""
    code: str = ""
    unit: str = ""


def fmt(value) -> str:
    """Decimals the Indonesian way: 77,846."""
    return f"{value}".replace(".", ",")


def why_ahead(row: Candidate, other: Candidate) -> str:
    """The first tie-break on which `row` beats `other`."""
    for label, a, b in zip(TIE_LABELS, row.key, other.key, strict=True):
        if a != b:
            return str(label)
    return _("sama pada semua unsur")


def open_sort_key(candidate: Candidate) -> tuple:
    """Open selection order, best first: final at 3 decimals, then the older candidate."""
    born = candidate.birth_date.toordinal() if candidate.birth_date else date.max.toordinal()
    return (-scoring.round3(candidate.final or 0), born)


# --- CASN ---------------------------------------------------------------------------------------


def _skd_screen(rules: CasnRules, seats: Seats, group: list[Candidate], explain: bool) -> list[Candidate]:
    """Administrative result and SKD passing grade; returns the candidates who go on, in no order."""
    eligible = []
    for row in group:
        if row.result != Application.Result.MS:
            row.outcome = Outcome.TMS if row.result == Application.Result.TMS else Outcome.PENDING
            row.explanation = _("Tidak memenuhi syarat administrasi, sehingga tidak diikutkan SKD.")
            continue
        if None in (row.twk, row.tiu, row.tkp):
            row.outcome = Outcome.ABSENT
            row.explanation = _("Tidak ada nilai SKD (tidak hadir atau belum dinilai).")
            continue
        row.skd_total = row.twk + row.tiu + row.tkp
        row.skd_passed = scoring.skd_passes(seats.category, row.twk, row.tiu, row.tkp, rules.passing_grades)
        if not row.skd_passed:
            row.outcome = Outcome.SKD_FAILED
            if explain:
                grades = rules.passing_grades
                missed = "; ".join(scoring.skd_failures(seats.category, row.twk, row.tiu, row.tkp, grades))
                row.explanation = _(
                    "SKD %(skd_total)s tidak lulus nilai ambang kategori %(category_label)s: %(missed)s."
                ) % {"skd_total": row.skd_total, "category_label": seats.category_label, "missed": missed}
            continue
        eligible.append(row)
    return eligible


def _skb_cut(rules: CasnRules, seats: Seats, eligible: list[Candidate]) -> list[Candidate]:
    """Best SKD first (final not known yet: the same key with final 0) up to the SKB cut; finals computed."""
    eligible.sort(key=lambda r: scoring.sort_key(final=0, skd_total=r.skd_total, tkp=r.tkp, tiu=r.tiu, twk=r.twk,
                                                 gpa=r.gpa, birth_date=r.birth_date))  # fmt: skip
    cut = scoring.skb_cut(seats.quota, rules.skb_multiplier)
    ranked = []
    for position, row in enumerate(eligible, start=1):
        if position > cut:
            row.outcome = Outcome.SKB_CUT
            row.explanation = _(
                "Lulus nilai ambang SKD (%(skd_total)s), tetapi berada di urutan SKD "
                "ke-%(position)s dari %(n_eligible)s, di luar %(skb_multiplier)s × kuota "
                "(%(cut)s) yang mengikuti SKB."
            ) % {
                "skd_total": row.skd_total,
                "position": position,
                "n_eligible": len(eligible),
                "skb_multiplier": rules.skb_multiplier,
                "cut": cut,
            }
        elif row.skb is None:
            row.outcome = Outcome.ABSENT
            row.explanation = _("Masuk SKB (urutan SKD ke-%(position)s), tetapi tidak ada nilai SKB.") % {
                "position": position
            }
        else:
            row.final = scoring.final_score(row.skd_total, row.skb, skd_weight=rules.skd_weight,
                                            skb_weight=rules.skb_weight)  # fmt: skip
            ranked.append(row)
    ranked.sort(key=lambda r: r.key)
    return ranked


def oap_seats(rules: CasnRules, seats: Seats) -> int:
    """Seats reserved for OAP candidates; none in a formation that is already for putra/putri Papua."""
    return 0 if seats.category == Category.PAPUA else scoring.seats_for_oap(seats.quota, rules.oap_share)


def _pick(rules: CasnRules, seats: Seats, ranked: list[Candidate]) -> tuple[set, int]:
    """The affirmative OAP seats first, best OAP candidates first; then the rest of the quota best first."""
    reserved = oap_seats(rules, seats)
    picked = {r.id for r in [r for r in ranked if r.oap in OAP_CATEGORIES][:reserved]}
    for r in ranked:
        if len(picked) >= seats.quota:
            break
        picked.add(r.id)
    return picked, reserved


def _explain_ranked(rules: CasnRules, seats: Seats, ranked, index, picked, reserved, any_oap) -> str:
    row = ranked[index]
    scaled = scoring.skd_scaled(row.skd_total)
    text = _(
        "Nilai akhir %(final)s = %(skd_weight)s%% × %(scaled)s (SKD %(skd)s/%(skd_max)s) + %(skb_weight)s%% × "
        "SKB %(skb)s. Peringkat %(rank)s dari %(count)s di formasi ini (kuota %(quota)s)."
    ) % {
        "final": fmt(row.final), "skd_weight": rules.skd_weight, "scaled": fmt(scaled), "skd": row.skd_total,
        "skd_max": scoring.SKD_TOTAL_MAX, "skb_weight": rules.skb_weight, "skb": fmt(row.skb), "rank": row.rank,
        "count": len(ranked), "quota": seats.quota,
    }  # fmt: skip
    if index > 0:
        text += " " + _("Di bawah peringkat %(rank)s karena %(why)s.") % {
            "rank": row.rank - 1, "why": why_ahead(ranked[index - 1], row)
        }  # fmt: skip
    if index + 1 < len(ranked):
        text += " " + _("Di atas peringkat %(rank)s karena %(why)s.") % {
            "rank": row.rank + 1, "why": why_ahead(row, ranked[index + 1])
        }  # fmt: skip
    if row.id in picked:
        if index >= seats.quota:
            text += " " + _("Lulus melalui porsi afirmasi OAP (%(share)s%% kuota = %(seats)s kursi).") % {
                "share": rules.oap_share, "seats": reserved
            }  # fmt: skip
        else:
            text += " " + _("Lulus: berada dalam kuota.")
    elif any_oap:
        text += " " + _("Tidak lulus: seluruh kuota terisi oleh peringkat yang lebih baik atau porsi afirmasi OAP.")
    else:
        text += " " + _("Tidak lulus: seluruh kuota terisi oleh peringkat yang lebih baik.")
    return text


def rank_casn_formation(rules: CasnRules, seats: Seats, group: list[Candidate], explain: bool = True) -> int:
    """Outcome and rank for every candidate of one formation; returns the number of seats left empty.

    With `explain`, each candidate also gets the sentence that tells the applicant why."""
    ranked = _skb_cut(rules, seats, _skd_screen(rules, seats, group, explain))
    picked, reserved = _pick(rules, seats, ranked)
    any_oap = reserved > 0 and any(r.oap in OAP_CATEGORIES for r in ranked)
    for index, row in enumerate(ranked):
        row.rank = index + 1
        row.outcome = Outcome.PASSED if row.id in picked else Outcome.NOT_SELECTED
        row.placed = seats.id if row.id in picked else None
        if explain:
            row.explanation = _explain_ranked(rules, seats, ranked, index, picked, reserved, any_oap)
    return seats.quota - len(picked)


def optimise(seats: dict[int, Seats], by_formation: dict[int, list[Candidate]], leftovers: dict[int, int]) -> None:
    """Empty seats go to the next best of the same position in other formations (optimalisasi)."""
    pools: dict[str, list[Candidate]] = {}
    for pk, group in by_formation.items():
        position = seats[pk].position.strip().lower()
        pools.setdefault(position, []).extend(r for r in group if r.outcome == Outcome.NOT_SELECTED)
    for pool in pools.values():
        pool.sort(key=lambda r: r.key)
    for pk, empty in leftovers.items():
        if empty <= 0:
            continue
        pool = pools[seats[pk].position.strip().lower()]
        taken = [r for r in pool if r.formation_id != pk][:empty]
        for row in taken:
            pool.remove(row)
            row.outcome = Outcome.PASSED_OPT
            row.placed = pk
            row.explanation += optimised_text(seats[pk])


def optimised_text(seats: Seats) -> str:
    return " " + _("Lulus optimalisasi: mengisi kursi kosong formasi %(code)s (%(unit)s) untuk jabatan yang sama.") % {
        "code": seats.code,
        "unit": seats.unit,
    }


def rank_casn(rules: CasnRules, seats: dict[int, Seats], by_formation: dict[int, list[Candidate]],
              explain: bool = True) -> None:  # fmt: skip
    """Every formation of a CASN round, then optimalisasi across formations when the round allows it."""
    leftovers = {pk: rank_casn_formation(rules, seats[pk], group, explain) for pk, group in by_formation.items()}
    if rules.optimalisasi:
        optimise(seats, by_formation, leftovers)


# --- open JPT selection -------------------------------------------------------------------------


def rank_open_formation(group: list[Candidate], stage_labels: list[str]) -> None:
    """Final = mean of the stage scores (each the mean of the panel members without a conflict); the
    three best are nominated to the PPK. Ties by `open_sort_key`."""
    ranked = []
    for row in group:
        if row.result != Application.Result.MS:
            row.outcome = Outcome.TMS if row.result == Application.Result.TMS else Outcome.PENDING
            row.explanation = _("Tidak memenuhi syarat administrasi.")
            continue
        scores = list(row.stage_scores)
        if not stage_labels or None in scores:
            row.outcome = Outcome.PENDING
            row.explanation = _("Belum semua tahap dinilai panitia seleksi.")
            continue
        row.final = scoring.round3(mean(scores))
        parts = ", ".join(f"{label} {fmt(v)}" for label, v in zip(stage_labels, scores, strict=True))
        row.explanation = _(
            "Nilai akhir %(final)s = rerata nilai tahap (%(parts)s); "
            "nilai tiap tahap = rerata anggota pansel tanpa konflik kepentingan."
        ) % {"final": fmt(row.final), "parts": parts}
        ranked.append(row)
    ranked.sort(key=open_sort_key)
    for index, row in enumerate(ranked):
        row.rank = index + 1
        if index < JPT_NOMINEES:
            row.outcome = Outcome.NOMINATED
            row.explanation += _(" Peringkat %(rank)s: termasuk tiga terbaik yang diusulkan ke PPK.") % {
                "rank": row.rank
            }
        else:
            row.outcome = Outcome.NOT_SELECTED
            row.explanation += _(" Peringkat %(rank)s: di luar tiga terbaik.") % {"rank": row.rank}
