from django import forms
from django.utils.translation import gettext_lazy as _

from .models import OutboxItem, UnitChange

SELECT = forms.Select(attrs={"class": "form-select form-select-sm"})


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Token SSO SIASN"),
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off"}),
        help_text=_("Salin token akses dari SIASN (masuk sebagai operator, lalu salin token SSO)."),
    )


class ExportFileForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas Export Data ASN (.csv atau .xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )


class UnitFilter(forms.Form):
    kind = forms.ChoiceField(
        label=_("Jenis perbedaan"),
        required=False,
        choices=[("", _("Semua jenis"))] + UnitChange.Kind.choices,
        widget=SELECT,
    )


class OutboxFilter(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Semua status"))] + OutboxItem.Status.choices, widget=SELECT
    )
    kind = forms.ChoiceField(
        label=_("Jenis"), required=False, choices=[("", _("Semua jenis"))] + OutboxItem.Kind.choices, widget=SELECT
    )
    q = forms.CharField(
        label=_("Cari nama atau NIP"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )
