"""The JP ledger: one row per employee and year, recomputed set-based from its two sources.

Services call `jp_refresh` in the same transaction as the change that moves JP (a result recorded,
a report verified, a session's dates or a programme's JP edited), so the lists never lag behind;
`jp_rebuild` recomputes everything (after bulk loads, and nightly as a safety net for admin edits).
"""

from django.db import connection, transaction
from django.db.models import Case, F, IntegerField, QuerySet, Value, When
from django.db.models.functions import ExtractYear
from django.utils import timezone

from . import rules
from .models import Enrollment, ExternalLearning, JpLedger


def _ids_sql(column: str, employee_ids: list[int]) -> tuple[str, list]:
    """`column` among these ids: one array parameter on PostgreSQL (a long IN list is parsed and planned
    value by value), placeholders elsewhere."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)", [list(employee_ids)]
    return f"{column} IN ({', '.join(['%s'] * len(employee_ids))})", list(employee_ids)


def _kinds(kind_field: str, jp_field: str) -> dict:
    """The columns the IP ASN reads: JP of technical training and a count of seminars (Peraturan BKN 8/2019
    Art. 8(6) and (7)), from the kind the record carries."""
    zero = Value(0, output_field=IntegerField())
    return {
        "t": Case(When(**{kind_field: rules.TECHNICAL}, then=F(jp_field)), default=zero, output_field=IntegerField()),
        "c": Case(When(**{kind_field: rules.SEMINAR}, then=Value(1)), default=zero, output_field=IntegerField()),
    }


def _source_sql(employee_ids) -> tuple[str, list]:
    """(employee_id, year, jp_sessions, jp_external, jp_technical, seminars) of every completed session and
    verified report; `employee_ids` None (everyone), a list, or a `values("employee_id")` queryset."""
    sessions = Enrollment.objects.filter(status=Enrollment.Status.APPROVED, result=Enrollment.Result.COMPLETED)
    external = ExternalLearning.objects.filter(status=ExternalLearning.Status.VERIFIED)
    if isinstance(employee_ids, QuerySet):
        sessions = sessions.filter(employee_id__in=employee_ids)
        external = external.filter(employee_id__in=employee_ids)
    zero = Value(0, output_field=IntegerField())
    sessions = (
        sessions.order_by()
        .annotate(y=ExtractYear("session__end_date"), s=F("session__program__jp"), x=zero,
                  **_kinds("session__program__kind", "session__program__jp"))
        .values_list("employee_id", "y", "s", "x", "t", "c")
    )  # fmt: skip
    external = (
        external.order_by()
        .annotate(y=ExtractYear("end_date"), s=zero, x=F("jp"), **_kinds("kind", "jp"))
        .values_list("employee_id", "y", "s", "x", "t", "c")
    )
    sessions_sql, sessions_params = sessions.query.sql_with_params()
    external_sql, external_params = external.query.sql_with_params()
    source, params = f"{sessions_sql} UNION ALL {external_sql}", [*sessions_params, *external_params]
    if isinstance(employee_ids, list):
        where, ids = _ids_sql("u.employee_id", employee_ids)
        source, params = f"SELECT * FROM ({source}) AS u WHERE {where}", [*params, *ids]
    return source, params


def _write(employee_ids) -> None:
    source, params = _source_sql(employee_ids)
    table = JpLedger._meta.db_table
    with connection.cursor() as cursor:
        # `WHERE 1 = 1` keeps SQLite from reading ON CONFLICT as part of the SELECT; names from model metadata
        cursor.execute(
            f"INSERT INTO {table} (employee_id, year, jp_sessions, jp_external, jp, jp_technical, seminars, "
            "refreshed_at) SELECT src.employee_id, src.y, SUM(src.s), SUM(src.x), SUM(src.s) + SUM(src.x), "
            f"SUM(src.t), SUM(src.c), %s FROM ({source}) AS src WHERE 1 = 1 GROUP BY src.employee_id, src.y "
            "ON CONFLICT (employee_id, year) DO UPDATE SET jp_sessions = excluded.jp_sessions, "
            "jp_external = excluded.jp_external, jp = excluded.jp, jp_technical = excluded.jp_technical, "
            "seminars = excluded.seminars, refreshed_at = excluded.refreshed_at",
            [timezone.now(), *params],
        )


@transaction.atomic
def jp_refresh(*, employee_ids: list[int] | QuerySet) -> None:
    """Recompute the ledger rows of these employees (a list or a `values("employee_id")` queryset)."""
    if isinstance(employee_ids, list | tuple | set):
        employee_ids = list(employee_ids)
        if not employee_ids:
            return
        where, params = _ids_sql("employee_id", employee_ids)
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {JpLedger._meta.db_table} WHERE {where}", params)
    else:
        JpLedger.objects.filter(employee_id__in=employee_ids).delete()
    _write(employee_ids)


@transaction.atomic
def jp_rebuild() -> int:
    """Recompute the whole ledger in two statements; returns the number of rows."""
    JpLedger.objects.all().delete()
    _write(None)
    return JpLedger.objects.count()
