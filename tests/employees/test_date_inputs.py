"""Every date field of every form renders as an HTML date input holding ISO yyyy-mm-dd: the only value
a browser's date input shows (a "02/03/2027" value shows empty and is refused on save)."""

import importlib
import inspect
from datetime import date

import pytest
from django import forms

MODULES = ["employees.forms", "performance.forms", "training.forms", "recruitment.forms", "sorong_asn.forms"]


def date_fields():
    for module_name in MODULES:
        module = importlib.import_module(module_name)
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module_name:
                for field_name, field in cls.base_fields.items():
                    if isinstance(field, forms.DateField):
                        yield pytest.param(field, id=f"{name}.{field_name}")


@pytest.mark.parametrize("field", list(date_fields()))
def test_date_field_renders_iso_in_a_date_input(field):
    html = field.widget.render("d", date(2027, 3, 2))
    assert 'type="date"' in html and 'value="2027-03-02"' in html


def test_the_forms_have_date_fields_to_check():
    assert len(list(date_fields())) >= 15
