"""Reads of the recruitment app, shared by views, the demo and the dashboards."""

import json
from datetime import date

from django.core.cache import cache
from django.db.models import Count, Max, Q
from django.db.models.functions import Coalesce

from .models import (
    Announcement,
    AnnouncementFormation,
    Application,
    Formation,
    Outcome,
    PanelMember,
    PanelScore,
    SelectionRound,
)

PASSED = (Outcome.PASSED, Outcome.PASSED_OPT, Outcome.NOMINATED)
FOUR_FIFTHS = 0.8


def application_for_status(*, registration_number: str, access_code: str) -> Application | None:
    """The registration number is public and a birth date is guessable: the per-application code decides."""
    from .access import code_matches

    app = (
        Application.objects.select_related("round", "formation", "formation__unit", "applicant")
        .filter(registration_number=registration_number.strip())
        .first()
    )
    return app if app is not None and code_matches(app, access_code) else None


def in_recruitment_menu(user) -> bool:
    """HR and department heads (their formations) find recruitment in the menu; no query beyond the role's."""
    return user.is_authenticated and (user.is_hr or bool(user.headed_department))


def may_use_recruitment(user) -> bool:
    """The staff recruitment pages are for HR, department heads and panel members (who reach their stage
    from the round list or a link; the menu does not spend a query on every page to find them)."""
    return in_recruitment_menu(user) or PanelMember.objects.filter(user=user).exists()


def round_has_published(rnd: SelectionRound, stage: str) -> bool:
    return Announcement.objects.filter(round=rnd, stage=stage).exists()


INLINE_RESULTS = 300  # up to this many rows the announcement page shows every table itself


def announcement_summary(announcement: Announcement) -> dict:
    """Per formation: applicants and how many passed (or met the requirements), for the index page.
    Reads the stored per-formation counts, never the rows (one query; a second only for small ones)."""
    sections = AnnouncementFormation.objects.filter(announcement=announcement).order_by("position")
    formations = [
        {**s.summary, "pelamar": s.applicants, "lulus": s.passed} for s in sections.defer("results")
    ]  # fmt: skip
    total = sum(f["pelamar"] for f in formations)
    inline = None
    if total <= INLINE_RESULTS:
        inline = {"formasi": [{**s.summary, "hasil": json.loads(s.results)} for s in sections]}
    return {"formations": formations, "total": total, "inline": inline}


def announcement_formation(announcement: Announcement, code: str) -> dict | None:
    """One formation's published rows: only its own section is read and parsed."""
    section = AnnouncementFormation.objects.filter(announcement=announcement, code=code).first()
    return None if section is None else {**section.summary, "hasil": json.loads(section.results)}


def is_panel_member(user, stage) -> bool:
    return PanelMember.objects.filter(stage=stage, user=user).exists()


def panel_candidates(*, stage, user):
    """The candidates a panel member scores (MS at the administrative stage), with the member's own rows."""
    apps = list(
        Application.objects.filter(round_id=stage.round_id)
        .filter(Q(admin_result=Application.Result.MS) | Q(admin_result="", auto_result=Application.Result.MS))
        .select_related("applicant", "formation")
        .order_by("registration_number")
    )
    own = {
        s.application_id: s
        for s in PanelScore.objects.filter(stage=stage, member__user=user, application__in=[a.pk for a in apps])
    }
    return [(a, own.get(a.pk)) for a in apps]


DIMENSIONS = {
    "category": ("formation__category", dict(Formation._meta.get_field("category").choices)),
    "sex": ("applicant__sex", {"L": "Laki-laki", "P": "Perempuan"}),
    "oap": ("applicant__oap_category", {"I": "OAP I", "II": "OAP II", "III": "Non-OAP (Papua)", "": "Tidak diisi"}),
}


FAIRNESS_CACHE_SECONDS = 300


def fairness(rnd: SelectionRound) -> list[dict]:
    """Pass rates at each stage by category, sex and OAP group; a group under 4/5 of the best is flagged.

    Cached under the round's last change: the applications' count and latest `updated_at` (one scan of
    the (round, updated_at) index) and the last ranking, so a decision or a ranking shows at once."""
    fingerprint = Application.objects.filter(round=rnd).aggregate(n=Count("id"), last=Max("updated_at"))
    ranked = SelectionRound.objects.filter(pk=rnd.pk).values_list("ranked_at", flat=True).first()
    key = "recruitment:fairness:{}:{}:{}:{}".format(
        rnd.pk, fingerprint["n"], fingerprint["last"].timestamp() if fingerprint["last"] else 0,
        ranked.timestamp() if ranked else 0,
    )  # fmt: skip
    tables = cache.get(key)
    if tables is None:
        tables = _fairness(rnd)
        cache.set(key, tables, timeout=FAIRNESS_CACHE_SECONDS)
    return tables


def _fairness(rnd: SelectionRound) -> list[dict]:
    """One GROUP BY over the three fields together (a few dozen combinations), folded per field here,
    instead of reading every application of the round once per field."""
    ms = Q(admin_result=Application.Result.MS) | Q(admin_result="", auto_result=Application.Result.MS)
    fields = [field for field, _ in DIMENSIONS.values()]
    measures = ("total", "ms", "skd_taken", "skd_passed", "passed")
    combos = (
        Application.objects.filter(round=rnd)
        .values(*fields)
        .annotate(
            total=Count("id"),
            ms=Count("id", filter=ms),
            skd_taken=Count("id", filter=ms & Q(skd_passed__isnull=False)),
            skd_passed=Count("id", filter=Q(skd_passed=True)),
            passed=Count("id", filter=Q(outcome__in=PASSED)),
        )
        .order_by()
    )
    folded = {key: {} for key in DIMENSIONS}
    for combo in combos:
        for key, (field, _) in DIMENSIONS.items():
            sums = folded[key].setdefault(combo[field], dict.fromkeys(measures, 0))
            for measure in measures:
                sums[measure] += combo[measure]
    tables = []
    for key, (_, labels) in DIMENSIONS.items():
        rows = [
            {
                "group": str(labels.get(value, value or "-")),
                "total": c["total"],
                "stages": [
                    _rate(c["ms"], c["total"]),
                    _rate(c["skd_passed"], c["skd_taken"]),
                    _rate(c["passed"], c["ms"]),
                ],
            }
            for value, c in sorted(folded[key].items(), key=lambda item: (item[0] is None, item[0] or ""))
        ]
        for index in range(3):
            best = max((r["stages"][index]["rate"] for r in rows if r["stages"][index]["rate"] is not None), default=0)
            for r in rows:
                rate = r["stages"][index]["rate"]
                r["stages"][index]["flag"] = bool(best and rate is not None and rate < FOUR_FIFTHS * best)
        tables.append({"key": key, "rows": rows})
    return tables


def _rate(numerator: int, denominator: int) -> dict:
    rate = numerator / denominator if denominator else None
    return {
        "n": numerator,
        "of": denominator,
        "rate": rate,
        "percent": round(rate * 100, 1) if rate is not None else None,
    }


def fill_rate(*, year: int, department_id: int | None = None) -> list[dict]:
    """Per formation category of the year's selection rounds: the quota, the places filled (those who
    passed or were nominated, where optimalisasi placed them, at most the formation's quota) and those
    already appointed. Two queries: the formations, and one GROUP BY over the passed applications."""
    formations = Formation.objects.filter(round__year=year)
    if department_id:
        formations = formations.filter(unit__department_id=department_id)
    formations = {pk: (category, quota) for pk, category, quota in formations.values_list("pk", "category", "quota")}
    passed = (
        Application.objects.filter(round__year=year, outcome__in=PASSED)
        .annotate(target=Coalesce("placed_formation_id", "formation_id"))
        .filter(target__in=list(formations))
        .order_by()
        .values_list("target")
        .annotate(n=Count("id"), hired=Count("hired_employee"))
    )
    per_formation = {target: (n, hired) for target, n, hired in passed}
    labels = dict(Formation._meta.get_field("category").choices)
    totals: dict[str, list[int]] = {}
    for pk, (category, quota) in formations.items():
        n, hired = per_formation.get(pk, (0, 0))
        row = totals.setdefault(category, [0, 0, 0])
        row[0] += quota
        row[1] += min(n, quota)
        row[2] += hired
    order = list(labels)
    return [
        {"category": str(labels.get(category, category)), "quota": quota, "filled": filled, "hired": hired,
         "percent": round(filled * 100 / quota, 1) if quota else 0}
        for category, (quota, filled, hired) in sorted(
            totals.items(), key=lambda item: order.index(item[0]) if item[0] in order else len(order)
        )
    ]  # fmt: skip


def open_registrations(day: date) -> list[SelectionRound]:
    """Rounds taking public registrations on `day` (the same test as `SelectionRound.registration_open_on`)."""
    return list(
        SelectionRound.objects.filter(public_registration=True, status=SelectionRound.Status.REGISTRATION)
        .filter(Q(registration_opens__isnull=True) | Q(registration_opens__lte=day))
        .filter(Q(registration_closes__isnull=True) | Q(registration_closes__gte=day))
        .order_by("registration_closes", "name")
    )


def latest_announcements(limit: int = 5) -> list[Announcement]:
    """The newest published announcements, numbers and titles only (the frozen lists stay in the database)."""
    return list(Announcement.objects.only("number", "title", "published_at").order_by("-number")[:limit])


def submitted_comparison(app: Application) -> list[dict]:
    """What this application's form said beside what is stored for the person, field by field."""
    from .models import Applicant

    submitted = app.submitted or {}
    if not submitted:
        return []
    rows = []
    for key in ("name", "sex", "birth_place", "birth_date", "education_level", "major", "gpa", "oap_category",
                "email", "phone", "address"):  # fmt: skip
        stored = getattr(app.applicant, key)
        stored_text = "" if stored is None else stored.isoformat() if isinstance(stored, date) else str(stored)
        typed = submitted.get(key, "")
        rows.append({
            "label": Applicant._meta.get_field(key).verbose_name, "submitted": typed, "stored": stored_text,
            "differs": typed != stored_text,
        })  # fmt: skip
    return rows
