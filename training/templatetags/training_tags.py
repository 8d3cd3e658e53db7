from django import template
from django.utils import timezone

from .. import rules, selectors
from ..models import Enrollment

register = template.Library()

BADGES = {
    "pending": "text-bg-warning",
    "approved": "text-bg-success",
    "waitlisted": "text-bg-info",
    "declined": "text-bg-danger",
    "cancelled": "text-bg-secondary",
    "planned": "text-bg-secondary",
    "open": "text-bg-primary",
    "running": "text-bg-info",
    "finished": "text-bg-success",
    "submitted": "text-bg-warning",
    "verified": "text-bg-success",
    "rejected": "text-bg-danger",
    "completed": "text-bg-success",
    "not_completed": "text-bg-danger",
}


@register.filter
def badge(status: str) -> str:
    return BADGES.get(status, "text-bg-light")


@register.inclusion_tag("training/_profile_jp.html")
def training_profile(employee):
    """JP this year and the latest completed programmes of one employee (two queries)."""
    year = timezone.localdate().year
    jp = selectors.employee_jp(employee_id=employee.pk, year=year)
    recent = (
        Enrollment.objects.filter(employee=employee, result=Enrollment.Result.COMPLETED)
        .select_related("session", "session__program")
        .order_by("-session__end_date")[:5]
    )
    gap = rules.jp_gap(employment_type=employee.employment_type, total=jp["jp"])
    excess = rules.pppk_cap_excess(employment_type=employee.employment_type, current=jp["jp"])
    return {
        "employee": employee,
        "year": year,
        "jp": jp,
        "gap": gap,
        "excess": excess,
        "minimum": rules.MIN_JP_PNS,
        "recent": recent,
    }


@register.inclusion_tag("training/_home_cards.html", takes_context=True)
def training_home(context):
    """Home cards: my JP this year; nominations waiting for my decision."""
    user = context["user"]
    me = user.employee_or_none
    year = timezone.localdate().year
    jp = selectors.employee_jp(employee_id=me.pk, year=year) if me else None
    deciding = user.is_hr or user.headed_department is not None
    pending = selectors.enrollments_pending_for(user).count() if deciding else None
    return {
        "user": user,
        "year": year,
        "jp": jp,
        "gap": rules.jp_gap(employment_type=me.employment_type, total=jp["jp"]) if me else 0,
        "pending": pending,
    }
