import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from . import identifiers
from .models import Employee, OrgUnit
from .selectors import GOLONGAN_ORDER, unit_descendant_ids, units_visible_to

SORTS = {
    "name": ("name", "id"),
    "-name": ("-name", "-id"),
    "nip": ("nip",),
    "-nip": ("-nip",),
    "golongan": ("golongan_order", "name"),
    "-golongan": ("-golongan_order", "name"),
    "unit": ("unit__name", "name"),
    "-unit": ("-unit__name", "name"),
}
SORT_CHOICES = [
    ("name", _("Nama (A–Z)")),
    ("-name", _("Nama (Z–A)")),
    ("nip", _("NIP")),
    ("-nip", _("NIP (menurun)")),
    ("-golongan", _("Golongan tertinggi")),
    ("golongan", _("Golongan terendah")),
    ("unit", _("Unit")),
    ("-unit", _("Unit (Z–A)")),
]


class UnitChoiceField(django_filters.fields.ModelChoiceField):
    """Reads its (short) unit list once and both validates and renders from it: one query, not three."""

    _units = None

    def units(self) -> list:
        if self._units is None:
            self._units = list(self.queryset)
        return self._units

    def to_python(self, value):
        if value in self.empty_values:
            return None
        found = next((unit for unit in self.units() if str(unit.pk) == str(value).strip()), None)
        if found is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return found

    def label_from_instance(self, unit):
        if unit.parent_id is None:
            return unit.name
        return f"{unit.department.name} › {unit.name}"


class UnitFilter(django_filters.ModelChoiceFilter):
    field_class = UnitChoiceField


class EmployeeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Cari"), method="search")
    unit = UnitFilter(label=_("Unit"), queryset=OrgUnit.objects.none(), method="in_unit", empty_label=_("Semua unit"))
    employment_type = django_filters.ChoiceFilter(
        label=_("Jenis kepegawaian"), choices=Employee.EmploymentType.choices, empty_label=_("Semua jenis")
    )
    golongan = django_filters.ChoiceFilter(
        label=_("Golongan"), choices=Employee.Golongan.choices, empty_label=_("Semua golongan")
    )
    position_type = django_filters.ChoiceFilter(
        label=_("Jenis jabatan"), choices=Employee.PositionType.choices, empty_label=_("Semua jabatan")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Employee.Status.choices, empty_label=_("Semua status")
    )
    sort = django_filters.ChoiceFilter(label=_("Urutkan"), choices=SORT_CHOICES, method="order", empty_label=None)

    class Meta:
        model = Employee
        fields = ["q", "unit", "employment_type", "golongan", "position_type", "status"]

    def __init__(self, data=None, *args, user, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.filters["unit"].queryset = self._unit_choices(user, (data or {}).get("unit"))
        self.form.fields["q"].widget.attrs.update(placeholder=_("Nama atau NIP"), type="search")

    @staticmethod
    def _unit_choices(user, chosen):
        """Departments, plus the units of the chosen unit's department: a short list even for a province."""
        units = units_visible_to(user)
        if user.is_hr:
            department = OrgUnit.objects.filter(pk=chosen).values("department_id") if str(chosen).isdigit() else []
            units = units.filter(Q(parent__isnull=True) | Q(department_id__in=department))
        return units.order_by("department__name", "parent_id", "name")

    @property
    def is_name_search(self) -> bool:
        """A search by name (not by NIP digits): its matches can run to most of the register."""
        value = self.form.cleaned_data.get("q", "") if self.form.is_valid() else ""
        return bool(value.strip()) and not identifiers.compact(value.strip()).isdigit()

    def search(self, queryset, name, value):
        value = value.strip()
        digits = identifiers.compact(value)
        if digits.isdigit():
            return queryset.filter(nip__contains=digits)
        words = value.split()
        terms = Q()
        for word in words:
            terms &= Q(name__icontains=word)
        if any(len(word) >= 3 for word in words):
            # Ordering by UPPER(name) lets PostgreSQL take the matches from the trigram index and sort
            # them, instead of walking the whole name index when matches cluster late in the alphabet.
            return queryset.filter(terms).order_by(Upper("name"), "id")
        # One or two letters have no trigram to look up: walk the name index in list order and stop
        # at a page's worth of matches (a short term matches densely, so the walk ends early).
        return queryset.filter(terms).order_by("name", "id")

    def in_unit(self, queryset, name, unit):
        if unit.parent_id is None:
            return queryset.filter(unit__department_id=unit.pk)
        # the unit choices already hold every unit of the chosen unit's department the user may see;
        # units without visible people change nothing, the scope filters the people anyway
        return queryset.filter(unit_id__in=unit_descendant_ids(unit, known=self.form.fields["unit"].units()))

    def order(self, queryset, name, value):
        return queryset.annotate(golongan_order=GOLONGAN_ORDER).order_by(*SORTS.get(value, SORTS["name"]))
