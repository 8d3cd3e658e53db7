"""Reads of the SIASN synchronisation for its pages and the employee profile (fixed query counts)."""

from django.db.models import Count, Q

from .client import cached_token_expiry, pasted_token
from .conf import config
from .models import OutboxItem, PersonChange, PersonPull, PersonRow, UnitChange, UnitFetch


def status_summary() -> dict:
    """What the settings page shows: whether it is configured, the tokens and their expiry, counts."""
    cfg = config()
    token, expires = pasted_token()
    counts = dict(OutboxItem.objects.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    return {
        "config": cfg,
        "pasted": bool(token),
        "pasted_expires": expires,
        "apim_expires": cached_token_expiry("apim"),
        "sso_expires": cached_token_expiry("sso"),
        "outbox_counts": counts,
    }


def latest_unit_fetch() -> UnitFetch | None:
    return UnitFetch.objects.select_related("created_by").first()


def pending_unit_changes(kind: str = ""):
    changes = UnitChange.objects.filter(status=UnitChange.Status.PENDING).select_related("unit")
    return changes.filter(kind=kind) if kind else changes


def unit_change_counts() -> list[tuple[str, int]]:
    """Pending differences per kind, as (label, count) in the order of the kinds."""
    rows = UnitChange.objects.filter(status=UnitChange.Status.PENDING).values_list("kind").annotate(n=Count("id"))
    counts = dict(rows.values_list("kind", "n"))
    return [(label, counts[kind]) for kind, label in UnitChange.Kind.choices if kind in counts]


def pulls():
    return PersonPull.objects.select_related("created_by")


def pull_rows_with_changes(pull: PersonPull, *, status: str = ""):
    """People of a pull with pending differences (or a chosen row status), each with its pending changes."""
    from django.db.models import Prefetch

    rows = PersonRow.objects.filter(pull=pull).select_related("employee")
    rows = rows.filter(status=status) if status else rows.filter(change_count__gt=0)
    pending = PersonChange.objects.filter(status=PersonChange.Status.PENDING).order_by("id")
    return rows.order_by("nip").prefetch_related(Prefetch("changes", queryset=pending, to_attr="pending"))


def pull_counts(pull: PersonPull) -> dict:
    rows = dict(
        PersonRow.objects.filter(pull=pull).values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    changes = PersonChange.objects.filter(row__pull=pull).aggregate(
        pending=Count("id", filter=Q(status=PersonChange.Status.PENDING)),
        accepted=Count("id", filter=Q(status=PersonChange.Status.ACCEPTED)),
        new=Count("id", filter=Q(status=PersonChange.Status.PENDING, field=PersonChange.NEW_PERSON)),
    )
    return {"rows": rows, **changes}


def outbox_list(*, status: str = "", kind: str = "", q: str = ""):
    items = OutboxItem.objects.select_related("employee")
    if status:
        items = items.filter(status=status)
    if kind:
        items = items.filter(kind=kind)
    if q:
        items = items.filter(Q(label__icontains=q) | Q(employee__nip__startswith=q))
    return items.order_by("-created_at", "-id")


def employee_outbox(employee_id: int) -> list[OutboxItem]:
    """The profile's SIASN column: one query, whatever the number of records."""
    return list(OutboxItem.objects.filter(employee_id=employee_id).order_by("kind", "-created_at"))
