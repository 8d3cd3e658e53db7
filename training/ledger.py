"""The JP ledger: one row per employee and year, recomputed set-based from its two sources.

Services call `jp_refresh` in the same transaction as the change that moves JP (a result recorded,
a report verified, a session's dates or a programme's JP edited), so the lists never lag behind;
`jp_rebuild` recomputes everything (after bulk loads, and nightly as a safety net for admin edits).
"""

from django.db import connection, transaction
from django.db.models import F, IntegerField, QuerySet, Value
from django.db.models.functions import ExtractYear
from django.utils import timezone

from .models import Enrollment, ExternalLearning, JpLedger


def _source_sql(employee_ids) -> tuple[str, list]:
    """(employee_id, year, jp_sessions, jp_external) of every completed session and verified report."""
    sessions = Enrollment.objects.filter(status=Enrollment.Status.APPROVED, result=Enrollment.Result.COMPLETED)
    external = ExternalLearning.objects.filter(status=ExternalLearning.Status.VERIFIED)
    if employee_ids is not None:
        sessions = sessions.filter(employee_id__in=employee_ids)
        external = external.filter(employee_id__in=employee_ids)
    zero = Value(0, output_field=IntegerField())
    sessions = (
        sessions.order_by()
        .annotate(y=ExtractYear("session__end_date"), s=F("session__program__jp"), x=zero)
        .values_list("employee_id", "y", "s", "x")
    )
    external = (
        external.order_by()
        .annotate(y=ExtractYear("end_date"), s=zero, x=F("jp"))
        .values_list("employee_id", "y", "s", "x")
    )
    sessions_sql, sessions_params = sessions.query.sql_with_params()
    external_sql, external_params = external.query.sql_with_params()
    return f"{sessions_sql} UNION ALL {external_sql}", [*sessions_params, *external_params]


def _write(employee_ids) -> None:
    source, params = _source_sql(employee_ids)
    table = JpLedger._meta.db_table
    with connection.cursor() as cursor:
        # `WHERE 1 = 1` keeps SQLite from reading ON CONFLICT as part of the SELECT
        cursor.execute(
            f"INSERT INTO {table} (employee_id, year, jp_sessions, jp_external, jp, refreshed_at) "
            f"SELECT src.employee_id, src.y, SUM(src.s), SUM(src.x), SUM(src.s) + SUM(src.x), %s "
            f"FROM ({source}) AS src WHERE 1 = 1 GROUP BY src.employee_id, src.y "
            "ON CONFLICT (employee_id, year) DO UPDATE SET jp_sessions = excluded.jp_sessions, "
            "jp_external = excluded.jp_external, jp = excluded.jp, refreshed_at = excluded.refreshed_at",
            [timezone.now(), *params],
        )


@transaction.atomic
def jp_refresh(*, employee_ids: list[int] | QuerySet) -> None:
    """Recompute the ledger rows of these employees (a list or a `values("employee_id")` queryset)."""
    if isinstance(employee_ids, list) and not employee_ids:
        return
    JpLedger.objects.filter(employee_id__in=employee_ids).delete()
    _write(employee_ids)


@transaction.atomic
def jp_rebuild() -> int:
    """Recompute the whole ledger in two statements; returns the number of rows."""
    JpLedger.objects.all().delete()
    _write(None)
    return JpLedger.objects.count()
