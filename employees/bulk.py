"""Set-based history for rows created in bulk: one INSERT … SELECT instead of a model instance per row."""

from django.db import connection
from django.utils import timezone


def history_created(model, *, ids: list[int], by=None, reason: str | None = None) -> None:
    """Write the "created" (+) history row of the rows of `model` with these ids, copying the tracked
    columns as they are now, as simple-history would one instance at a time."""
    if not ids:
        return
    if connection.vendor == "postgresql":
        where, params = "t.id = ANY(%s)", [list(ids)]
    else:
        where, params = f"t.id IN ({', '.join(['%s'] * len(ids))})", list(ids)
    history = model.history.model
    columns = [f.column for f in history._meta.concrete_fields if not f.name.startswith("history_")]
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    copied = ", ".join(f"t.{connection.ops.quote_name(c)}" for c in columns)
    extra = ["history_date", "history_type", "history_user_id"]
    values = [timezone.now(), "+", by.pk if by is not None else None]
    if any(f.name == "history_change_reason" for f in history._meta.concrete_fields):
        extra.append("history_change_reason")
        values.append(reason)
    extra_names = ", ".join(connection.ops.quote_name(c) for c in extra)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {history._meta.db_table} ({names}, {extra_names}) "  # noqa: S608 - names from model metadata
            f"SELECT {copied}, {', '.join(['%s'] * len(values))} FROM {model._meta.db_table} t WHERE {where}",
            [*values, *params],
        )
