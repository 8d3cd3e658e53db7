from django import template

from .. import selectors
from ..models import Predikat

register = template.Library()


@register.simple_tag
def performance_home_counts(user):
    """What waits for the user on the home page (four small counts)."""
    return selectors.home_counts(user) if user.is_authenticated else {}


@register.simple_tag
def predikat_history(employee):
    """One query: the approved predikat per year of the profile's employee."""
    rows = selectors.predikat_history(employee.pk)
    for row in rows:
        row["label"] = Predikat(row["predikat"]).label if row["predikat"] else ""
    return rows
