from django import template

from .. import conf, selectors

register = template.Library()


@register.simple_tag
def siasn_records(employee) -> dict:
    """Whether the employee's SKP and trainings are in SIASN: one query, none when sync is off."""
    if not conf.enabled():
        return {"enabled": False, "items": []}
    return {"enabled": True, "items": selectors.employee_outbox(employee.pk)}
