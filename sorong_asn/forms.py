from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import rules


class MeritAssessmentForm(forms.Form):
    """One rating (1–4) and its evidence per aspect of the merit system."""

    year = forms.IntegerField(
        label=_("Tahun"), min_value=2015, widget=forms.NumberInput(attrs={"class": "form-control"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in rules.MERIT_ASPECTS:
            self.fields[f"score_{key}"] = forms.TypedChoiceField(
                label=label, choices=rules.MERIT_LEVELS, coerce=int, widget=forms.Select(attrs={"class": "form-select"})
            )
            self.fields[f"evidence_{key}"] = forms.CharField(
                label=_("Bukti"), required=False, max_length=1000,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
            )  # fmt: skip

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year > timezone.localdate().year:
            raise forms.ValidationError(_("Tahun penilaian tidak boleh setelah tahun ini."))
        return year

    def aspects(self):
        """(score field, evidence field) per aspect, for the template."""
        return [(self[f"score_{key}"], self[f"evidence_{key}"]) for key, _ in rules.MERIT_ASPECTS]

    def scores(self) -> dict[str, int]:
        return {key: self.cleaned_data[f"score_{key}"] for key, _ in rules.MERIT_ASPECTS}

    def evidence(self) -> dict[str, str]:
        return {key: self.cleaned_data[f"evidence_{key}"] for key, _ in rules.MERIT_ASPECTS}
