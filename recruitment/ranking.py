"""Ranking a round: load the applications in one query, decide with `selection` (pure), write the
results back in one statement. Runs on a Celery worker (`round_rank_queue` → `round_rank_run`)."""

import csv
import io
import logging
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import Avg, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from employees import events
from employees.jobs import enqueue, failure_reason
from employees.models import User

from . import scoring, selection
from .models import PANEL_STAGES, Application, Formation, Outcome, PanelScore, RankingStatus, SelectionRound
from .services import _require_hr  # the one HR check of recruitment writes, with its message

logger = logging.getLogger(__name__)


def _rows(applications) -> list[selection.Candidate]:
    columns = applications.order_by().values_list(
        "id", "formation_id", "twk", "tiu", "tkp", "skb", "admin_result", "applicant__gpa",
        "applicant__birth_date", "applicant__oap_category", "auto_result",
    )  # fmt: skip
    # One plain fetch: a server-side cursor (iterator) is planned for first rows and reads ~8× slower here.
    # The officer's decision stands over the automatic check.
    return [
        selection.Candidate(*head, admin_result or auto_result, gpa, born, oap)
        for *head, admin_result, gpa, born, oap, auto_result in columns
    ]


def _casn_rules(rnd: SelectionRound) -> selection.CasnRules:
    return selection.CasnRules(
        passing_grades=rnd.passing_grades, skb_multiplier=rnd.skb_multiplier, skd_weight=rnd.skd_weight,
        skb_weight=rnd.skb_weight, oap_share=rnd.oap_share, optimalisasi=rnd.optimalisasi,
    )  # fmt: skip


def _seats(formation: Formation) -> selection.Seats:
    return selection.Seats(
        id=formation.pk, quota=formation.quota, category=formation.category,
        category_label=str(formation.get_category_display()), position=formation.position, code=formation.code,
        unit=str(formation.unit),
    )  # fmt: skip


RANKING_STALE_AFTER = timedelta(minutes=30)  # a worker that died mid-run does not block the round for ever


def round_rank_queue(*, rnd: SelectionRound, by: User) -> bool:
    """Queue the ranking of a round on a worker, once: the conditional update is the lock against double clicks."""
    _require_hr(by)
    now = timezone.now()
    busy = Q(
        ranking_status__in=[RankingStatus.QUEUED, RankingStatus.RUNNING],
        ranking_started_at__gt=now - RANKING_STALE_AFTER,
    )
    changed = (
        SelectionRound.objects.filter(pk=rnd.pk)
        .exclude(busy)
        .update(ranking_status=RankingStatus.QUEUED, ranking_message="", ranking_started_at=now)
    )
    if changed:
        from .tasks import round_rank_task

        enqueue(round_rank_task, rnd.pk, by.pk, unique_key=round_rank_key(rnd.pk))
    return bool(changed)


def round_rank_abandon(*, round_id: int) -> bool:
    """The job ranking this round gave up (its worker died again and again): the round page says so."""
    from employees.jobs import GAVE_UP

    waiting = SelectionRound.objects.filter(
        pk=round_id, ranking_status__in=[RankingStatus.QUEUED, RankingStatus.RUNNING]
    )
    message = _("Pemeringkatan gagal, tidak ada yang berubah: %(reason)s") % {"reason": GAVE_UP}
    return bool(waiting.update(ranking_status=RankingStatus.FAILED, ranking_message=message))


def round_rank_key(round_id: int) -> str:
    return f"recruitment.ranking:{round_id}"


def round_rank_run(*, round_id: int, user_id: int) -> SelectionRound:
    """The worker's side: rank all or nothing and leave the outcome on the round for its page."""
    # "running" too: a retry after a worker died mid-run (the job row's claim stops a double run)
    claimable = [RankingStatus.QUEUED, RankingStatus.RUNNING]
    if not SelectionRound.objects.filter(pk=round_id, ranking_status__in=claimable).update(
        ranking_status=RankingStatus.RUNNING
    ):
        return SelectionRound.objects.get(pk=round_id)  # already taken by another worker or a retry
    try:
        count = round_rank(rnd=SelectionRound.objects.get(pk=round_id), by=User.objects.get(pk=user_id))
    except Exception as exc:
        logger.exception("ranking of round %s failed", round_id)
        message = failure_reason(exc)
        SelectionRound.objects.filter(pk=round_id).update(
            ranking_status=RankingStatus.FAILED,
            ranking_message=(_("Pemeringkatan gagal, tidak ada yang berubah: %(message)s") % {"message": message})[
                :500
            ],
        )
    else:
        SelectionRound.objects.filter(pk=round_id).update(
            ranking_status=RankingStatus.DONE,
            ranking_message=(_("Pemeringkatan selesai untuk %(count)s lamaran.") % {"count": count}),
        )
    rnd = SelectionRound.objects.get(pk=round_id)
    events.publish("recruitment.ranking_finished", round_id=round_id, user_id=user_id,
                   run=rnd.ranking_started_at.isoformat() if rnd.ranking_started_at else "")  # fmt: skip
    return rnd


@transaction.atomic
def round_rank(*, rnd: SelectionRound, by: User) -> int:
    """Rank every formation of a round in one pass per formation and write the results back in bulk.

    CASN explanations are not stored: `application_explanation` derives them from the same pass for the
    one applicant who asks (writing 100,000 texts doubled the ranking time)."""
    _require_hr(by)
    rnd = SelectionRound.objects.select_for_update().get(pk=rnd.pk)
    formations = {f.pk: f for f in Formation.objects.filter(round=rnd).select_related("unit").order_by("code")}
    rows = _rows(Application.objects.filter(round=rnd))
    by_formation: dict[int, list[selection.Candidate]] = {pk: [] for pk in formations}
    for row in rows:
        by_formation[row.formation_id].append(row)
    if rnd.is_casn:
        seats = {pk: _seats(f) for pk, f in formations.items()}
        selection.rank_casn(_casn_rules(rnd), seats, by_formation, explain=False)
        for row in rows:
            row.explanation = ""
    else:
        _rank_open(rnd, rows, by_formation)
    _write_back(rows)
    SelectionRound.objects.filter(pk=rnd.pk).update(ranked_at=timezone.now())
    return len(rows)


def application_explanation(application: Application) -> str:
    """Why an applicant stands where they stand, in words they can check against the published scores.

    For a ranked CASN round the formation is ranked again in memory with the same code as `round_rank`;
    if scores changed since the last ranking the text says so instead of explaining a stale position."""
    rnd = application.round
    if not rnd.is_casn or rnd.ranked_at is None or application.explanation:
        return application.explanation
    formation = application.formation
    rows = _rows(Application.objects.filter(round=rnd, formation=formation))
    selection.rank_casn_formation(_casn_rules(rnd), _seats(formation), rows)
    row = next((r for r in rows if r.id == application.pk), None)
    optimised = application.outcome == Outcome.PASSED_OPT and row is not None and row.outcome == Outcome.NOT_SELECTED
    if row is None or row.rank != application.rank or (row.outcome != application.outcome and not optimised):
        return _("Nilai berubah sejak pemeringkatan terakhir; penjelasan tersedia setelah pemeringkatan ulang.")
    text = row.explanation
    if optimised and application.placed_formation_id:
        placed = application.placed_formation
        text += selection.optimised_text(_seats(placed))
    return text


def _rank_open(rnd, rows, by_formation):
    """Open selection: each stage score is the mean of the panel scores without a conflict."""
    stages = list(rnd.stages.filter(kind__in=[s.value for s in PANEL_STAGES]).order_by("order"))
    means = {}
    for item in (
        PanelScore.objects.filter(stage__round=rnd, has_conflict=False, score__isnull=False)
        .values("application_id", "stage_id")
        .annotate(avg=Avg("score"))
    ):
        means[(item["application_id"], item["stage_id"])] = scoring.round3(item["avg"])
    for row in rows:
        row.stage_scores = tuple(means.get((row.id, s.pk)) for s in stages)
    labels = [str(s.get_kind_display()) for s in stages]
    for group in by_formation.values():
        selection.rank_open_formation(group, labels)


def _write_back(rows: list[selection.Candidate]) -> None:
    """PostgreSQL: COPY the results into a temporary table, then one UPDATE … FROM it (about 3× faster
    than passing 100,000-element arrays as parameters). Other databases: bulk_update."""
    fields = ["skd_total", "skd_passed", "final_score", "rank", "outcome", "explanation", "placed_formation_id"]
    if connection.vendor == "postgresql":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        for r in rows:
            writer.writerow([r.id, _csv(r.skd_total), _csv(r.skd_passed), _csv(r.final), _csv(r.rank), r.outcome,
                             r.explanation, _csv(r.placed)])  # fmt: skip
        buffer.seek(0)
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TEMPORARY TABLE ranking_result (id bigint PRIMARY KEY, skd_total int, skd_passed bool, "
                "final_score numeric, rank int, outcome varchar(12), explanation text, placed bigint) ON COMMIT DROP"
            )
            cursor.cursor.copy_expert("COPY ranking_result FROM STDIN WITH (FORMAT csv, NULL '\\N')", buffer)
            cursor.execute(
                "UPDATE recruitment_application AS a SET skd_total = v.skd_total, skd_passed = v.skd_passed, "
                "final_score = v.final_score, rank = v.rank, outcome = v.outcome, explanation = v.explanation, "
                "placed_formation_id = v.placed FROM ranking_result AS v WHERE a.id = v.id"
            )
            cursor.execute("DROP TABLE ranking_result")  # a second ranking may follow in the same transaction
        return
    objs = [
        Application(
            id=r.id,
            skd_total=r.skd_total,
            skd_passed=r.skd_passed,
            final_score=r.final,
            rank=r.rank,
            outcome=r.outcome,
            explanation=r.explanation,
            placed_formation_id=r.placed,
        )  # fmt: skip
        for r in rows
    ]
    Application.objects.bulk_update(objs, [f.removesuffix("_id") for f in fields], batch_size=500)


def _csv(value):
    return "\\N" if value is None else value
