"""The base of every list filter: a select's blank choice reads "Semua <label>", never "---------"."""

import django_filters
from django.utils.translation import gettext as _
from django_filters.conf import settings as filter_settings
from django_filters.fields import ChoiceIterator


def all_label(label) -> str:
    return _("Semua %(what)s") % {"what": str(label).lower()}


class FilterSet(django_filters.FilterSet):
    @property
    def form(self):
        fresh = not hasattr(self, "_form")
        form = super().form  # built once, when first read (views may drop filters before that)
        if fresh:
            for field in form.fields.values():
                if getattr(field, "empty_label", None) != filter_settings.EMPTY_CHOICE_LABEL:
                    continue
                field.empty_label = all_label(field.label)
                if isinstance(field.choices, ChoiceIterator):  # still bound to the class's field: rebind
                    field.choices = field.choices.choices
        return form
