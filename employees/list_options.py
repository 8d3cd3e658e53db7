"""What a user chose for the employee list: page size and visible columns, remembered in the session,
and the chips that show (and remove) the active filters."""

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

PAGE_SIZES = (25, 50, 100, 200)
DEFAULT_PAGE_SIZE = 50
# Optional columns in table order; the name is always shown (it links to the profile).
COLUMNS = [
    ("nip", _("NIP / NI PPPK")), ("nik", _("NIK")), ("type", _("Jenis")), ("golongan", _("Gol.")),
    ("position", _("Jabatan")), ("unit", _("Unit")), ("status", _("Status")),
]  # fmt: skip
COLUMN_KEYS = [key for key, _label in COLUMNS]
# Columns whose header sorts the list, with the sort key of `filters.SORTS` (indexed or already offered).
SORTABLE = {"name": "name", "nip": "nip", "golongan": "golongan", "unit": "unit"}
PAGE_SIZE_KEY = "employee_list_page_size"
COLUMNS_KEY = "employee_list_columns"


def page_size(request) -> int:
    """`?per_page=` when it is one of PAGE_SIZES (and remember it), else the remembered or default size."""
    chosen = request.GET.get("per_page", "")
    if chosen.isdigit() and int(chosen) in PAGE_SIZES:
        if request.session.get(PAGE_SIZE_KEY) != int(chosen):
            request.session[PAGE_SIZE_KEY] = int(chosen)
        return int(chosen)
    remembered = request.session.get(PAGE_SIZE_KEY)
    return remembered if remembered in PAGE_SIZES else DEFAULT_PAGE_SIZE


def visible_columns(request) -> list[str]:
    remembered = request.session.get(COLUMNS_KEY)
    if isinstance(remembered, list):
        return [key for key in COLUMN_KEYS if key in remembered]
    return list(COLUMN_KEYS)


def remember_columns(request, chosen: list[str]) -> None:
    request.session[COLUMNS_KEY] = [key for key in COLUMN_KEYS if key in chosen]


def sort_headers(params: QueryDict, current: str) -> dict[str, dict]:
    """For each sortable column: the link that sorts by it (reversing when it is the current sort) and
    its aria-sort value."""
    headers = {}
    for column, key in SORTABLE.items():
        ascending, descending = current == key, current == f"-{key}"
        query = params.copy()
        query.pop("page", None)
        query["sort"] = f"-{key}" if ascending else key
        headers[column] = {
            "url": f"?{query.urlencode()}",
            "aria_sort": "ascending" if ascending else "descending" if descending else "none",
        }
    return headers


def filter_chips(filterset, params: QueryDict) -> list[dict]:
    """One chip per active filter (not the sort): its label, the value as shown, and the link without it."""
    if not filterset.is_valid():
        return []
    chips = []
    for name, field in filterset.form.fields.items():
        value = filterset.form.cleaned_data.get(name)
        if name == "sort" or value in (None, "", []):
            continue
        shown = dict(field.choices).get(value, value) if hasattr(field, "choices") and name != "unit" else value
        query = params.copy()
        query.pop(name, None)
        query.pop("page", None)
        chips.append({"label": field.label, "value": str(shown), "remove_url": f"?{query.urlencode()}"})
    return chips


def filter_selects(form) -> list[tuple]:
    """The filter form's selects (all but the search box and the sort) with their choices as lists.
    The units come from the list the unit field already read to validate (a ModelChoiceField's own
    choices would cost a COUNT and a cursor more)."""
    selects = []
    for bound in form:
        if bound.name in ("q", "sort"):
            continue
        field = bound.field
        if bound.name == "unit":
            choices = [("", field.empty_label), *((u.pk, field.label_from_instance(u)) for u in field.units())]
        else:
            choices = list(field.choices)
        selects.append((bound, choices))
    return selects
