"""Which employees an action on the employee list applies to: the rows the user ticked, or every
employee that matches the list's filter. Always within the user's scope, and all or nothing."""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .filters import EmployeeFilter
from .models import Employee, User


@dataclass(frozen=True)
class Selection:
    employees: object  # a QuerySet of Employee
    all_matching: bool
    query: str  # the list's filter as a query string, to return to the same list
    ids: tuple[int, ...] = ()

    def describe(self) -> str:
        """For the access log."""
        if self.all_matching:
            return f"semua yang cocok dengan filter: {self.query or '(semua)'}"
        return f"pilihan {len(self.ids)} pegawai (id {', '.join(map(str, sorted(self.ids)))})"


def employee_selection(*, user: User, data: QueryDict) -> Selection:
    """From a POST of the list's selection form: `ids` (ticked rows), `all_matching` and `query`.

    Ticked ids outside the user's scope (or gone) refuse the whole action: nobody is processed."""
    query = data.get("query", "")
    visible = Employee.objects.visible_to(user).select_related("unit", "unit__department")
    if data.get("all_matching") == "1":
        filterset = EmployeeFilter(QueryDict(query), queryset=visible, user=user)
        if not filterset.is_valid():
            raise ValidationError(_("Saringan daftar tidak valid; muat ulang daftar pegawai dan coba lagi."))
        return Selection(filterset.qs, True, query)
    ids = {int(i) for i in data.getlist("ids") if i.isdigit()}
    if not ids:
        raise ValidationError(_("Pilih sedikitnya satu pegawai."))
    chosen = visible.filter(pk__in=ids).order_by("name", "id")
    missing = len(ids) - chosen.count()
    if missing:
        raise ValidationError(
            ngettext(
                "%(n)d pegawai yang dipilih tidak ada atau di luar wewenang Anda; tidak ada yang diproses.",
                "%(n)d pegawai yang dipilih tidak ada atau di luar wewenang Anda; tidak ada yang diproses.",
                missing,
            )
            % {"n": missing}
        )
    return Selection(chosen, False, query, tuple(ids))


def list_url(query: str) -> str:
    """Back to the employee list with the same filter (only ever a re-encoded query string on our own path)."""
    query = QueryDict(query).urlencode()
    return reverse("employees:employee-list") + (f"?{query}" if query else "")


@dataclass(frozen=True)
class SelectionAction:
    """An action a feature app offers on selected employees, e.g. nominate them to a training session.

    `choices(user)` lists what the user may pick (id, label); the action is hidden when it is empty.
    The form posts the selection and `target` to `url_name`."""

    label: str
    button: str
    url_name: str
    choices: Callable[[User], list[tuple[int, str]]]


_actions: list[SelectionAction] = []


def register(action: SelectionAction) -> None:
    if action not in _actions:
        _actions.append(action)


def actions_for(user: User) -> list[dict]:
    offered = []
    for action in _actions:
        choices = action.choices(user)
        if choices:
            offered.append({"action": action, "url": reverse(action.url_name), "choices": choices})
    return offered
