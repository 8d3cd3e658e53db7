"""Reads of the employee register reused by views, exports and dashboards."""

from dataclasses import dataclass, field

from django.db.models import Case, Count, IntegerField, Max, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce

from .models import DisciplinaryPenalty, Employee, OrgUnit, User
from .ranks import PNS_GOLONGAN, PPPK_GOLONGAN

# Golongan in rank order (PNS I/a … IV/e, then PPPK I … XVII), for sorting in SQL.
GOLONGAN_ORDER = Case(
    *[When(golongan=g, then=i) for i, g in enumerate(PNS_GOLONGAN + PPPK_GOLONGAN)],
    default=99,
    output_field=IntegerField(),
)


def units_visible_to(user: User):
    """Units a user may filter by: all for HR; the headed department and the units of visible people otherwise."""
    units = OrgUnit.objects.select_related("department")
    if user.is_hr:
        return units
    if user.headed_department is not None:
        # a head's scope is their department; skipping the people subquery keeps the filter cheap
        return units.filter(department_id=user.headed_department.pk)
    return units.filter(pk__in=Employee.objects.visible_to(user).values("unit_id"))


def unit_descendant_ids(unit: OrgUnit, known: list[OrgUnit] | None = None) -> list[int]:
    """The unit and every unit below it (one query: the whole department's units, unless `known`
    already holds every unit of the department the caller may see)."""
    if known is not None:
        rows = [(u.pk, u.parent_id) for u in known if u.department_id == unit.department_id]
    else:
        rows = list(OrgUnit.objects.filter(department_id=unit.department_id).values_list("id", "parent_id"))
    children: dict[int, list[int]] = {}
    for pk, parent in rows:
        children.setdefault(parent, []).append(pk)
    found, frontier = [unit.pk], [unit.pk]
    while frontier:
        frontier = [c for p in frontier for c in children.get(p, [])]
        found += frontier
    return found


@dataclass
class UnitNode:
    unit: OrgUnit
    headcount: int = 0
    total: int = 0
    children: list["UnitNode"] = field(default_factory=list)


def unit_tree() -> list[UnitNode]:
    """The whole OrgUnit tree with active headcounts: one query for units, one aggregate for counts."""
    units = list(OrgUnit.objects.select_related("head").order_by("name"))
    counts = dict(
        Employee.objects.filter(status=Employee.Status.AKTIF)
        .values_list("unit_id")
        .annotate(n=Count("id"))
        .values_list("unit_id", "n")
    )
    nodes = {u.pk: UnitNode(u, counts.get(u.pk, 0)) for u in units}
    roots = []
    for u in units:
        (nodes[u.parent_id].children if u.parent_id in nodes else roots).append(nodes[u.pk])

    def total(node: UnitNode) -> int:
        node.total = node.headcount + sum(total(c) for c in node.children)
        return node.total

    for root in roots:
        total(root)
    return roots


def headcount_by_type(queryset) -> list[tuple[str, int]]:
    labels = dict(Employee.EmploymentType.choices)
    rows = queryset.values_list("employment_type").annotate(n=Count("id")).values_list("employment_type", "n")
    return sorted(((labels.get(t, t), n) for t, n in rows), key=lambda r: r[0])


def with_heaviest_penalty(employees, *, year: int):
    """Annotate `heaviest_penalty`: the heaviest disciplinary level decided in the year, 0 when none."""
    heaviest = (
        DisciplinaryPenalty.objects.filter(employee=OuterRef("pk"), decided_on__year=year)
        .order_by()
        .values("employee")
        .annotate(level=Max("level"))
        .values("level")[:1]
    )
    return employees.annotate(heaviest_penalty=Coalesce(Subquery(heaviest, output_field=IntegerField()), Value(0)))
