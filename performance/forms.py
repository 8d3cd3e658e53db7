import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from employees.filtering import FilterSet
from employees.forms import DateInput
from employees.models import OrgUnit

from . import services
from .models import (
    Appraisal,
    AppraisalPeriod,
    Behaviour,
    Objection,
    OrganisationCurve,
    PerformanceGoal,
    Predikat,
    Rating,
)

RATING_CHOICES = [("", "—"), *Rating.choices]


class PeriodForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun"), min_value=2020, max_value=2100)
    cadence = forms.ChoiceField(label=_("Penilaian periodik"), choices=AppraisalPeriod.Cadence.choices)
    plan_due = forms.DateField(label=_("Batas penetapan SKP"), required=False,
                               widget=DateInput(),
                               help_text=_("Kosongkan untuk 31 Januari."))  # fmt: skip
    self_assessment_due = forms.DateField(label=_("Batas penilaian diri"), required=False,
                                          widget=DateInput())  # fmt: skip
    evaluation_due = forms.DateField(label=_("Batas evaluasi tahunan"), required=False,
                                     widget=DateInput())  # fmt: skip
    approval_due = forms.DateField(label=_("Batas persetujuan"), required=False,
                                   widget=DateInput())  # fmt: skip


class CurveForm(forms.Form):
    """On the period overview its selects are written out from the progress rows (a province has
    sixty departments; rendering them through widget templates cost more than the page's queries)."""

    department = forms.ModelChoiceField(
        label=_("Perangkat daerah"), queryset=OrgUnit.objects.none(),
        widget=forms.Select(attrs={"class": "form-select"}),
    )  # fmt: skip
    unit_predikat = forms.ChoiceField(
        label=_("Predikat kinerja organisasi"), choices=OrganisationCurve.UnitPredikat.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = OrgUnit.objects.filter(parent__isnull=True).order_by("name")


class GoalForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis"), choices=PerformanceGoal.Kind.choices)
    supports = forms.ModelChoiceField(label=_("Hasil kerja atasan yang diintervensi"), required=False,
                                      queryset=PerformanceGoal.objects.none())  # fmt: skip
    plan = forms.CharField(label=_("Rencana hasil kerja"), widget=forms.Textarea(attrs={"rows": 2}))
    aspect = forms.ChoiceField(label=_("Aspek"), choices=PerformanceGoal.Aspect.choices)
    indicator = forms.CharField(label=_("Indikator kinerja individu"), max_length=300)
    target = forms.CharField(label=_("Target"), max_length=60,
                             help_text=_("Angka untuk aspek kuantitas, waktu dan biaya."))  # fmt: skip
    target_unit = forms.CharField(label=_("Satuan"), max_length=40, required=False)

    def __init__(self, *args, appraisal=None, **kwargs):
        super().__init__(*args, **kwargs)
        if appraisal is not None:
            self.fields["supports"].queryset = services.supportable_goals(appraisal)


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Alasan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)] if data else []


class RealisationForm(forms.Form):
    """One realisation per result row of the plan (labelled with its indicator and target), a summary and
    the evidence files."""

    realisation = forms.CharField(label=_("Ringkasan realisasi"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
    files = MultipleFileField(label=_("Bukti dukung (PDF, JPG, PNG, DOCX, XLSX; maks. 10 MB)"), required=False)

    def __init__(self, *args, goals=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.goal_fields = []
        for goal in goals:
            name = f"goal_{goal.pk}"
            self.fields[name] = forms.CharField(
                label=f"{goal.plan} — {goal.indicator} (target {goal.target} {goal.target_unit})".strip(),
                required=False, widget=forms.Textarea(attrs={"rows": 2}),
            )  # fmt: skip
            self.goal_fields.append((goal.pk, name))
        self.order_fields([name for _pk, name in self.goal_fields] + ["realisation", "files"])

    def goal_realisations(self) -> dict[int, str]:
        return {pk: self.cleaned_data.get(name, "") for pk, name in self.goal_fields}


class SelfAssessmentForm(forms.Form):
    text = forms.CharField(label=_("Penilaian diri"), required=False, widget=forms.Textarea(attrs={"rows": 4}))


class RatingForm(forms.Form):
    """Results, overall behaviour and the seven BerAKHLAK values; completeness is checked by the service."""

    results_rating = forms.ChoiceField(label=_("Rating hasil kerja"), choices=RATING_CHOICES, required=False)
    behaviour_rating = forms.ChoiceField(label=_("Rating perilaku kerja (keseluruhan)"), choices=RATING_CHOICES,
                                         required=False)  # fmt: skip
    feedback = forms.CharField(label=_("Umpan balik"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for b in Behaviour:
            self.fields[f"b_{b.value}"] = forms.ChoiceField(label=b.label, choices=RATING_CHOICES, required=False)

    def behaviour_ratings(self) -> dict:
        return {b.value: self.cleaned_data.get(f"b_{b.value}", "") for b in Behaviour}


class ObjectionForm(forms.Form):
    reason = forms.CharField(label=_("Alasan keberatan"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Keputusan"), choices=[("", "—"), (Objection.Decision.UPHELD.value,
                                 Objection.Decision.UPHELD.label), (Objection.Decision.REJECTED.value,
                                 Objection.Decision.REJECTED.label)], required=False)  # fmt: skip
    note = forms.CharField(label=_("Pertimbangan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    results_rating = forms.ChoiceField(label=_("Rating hasil kerja baru (bila diterima)"), choices=RATING_CHOICES,
                                       required=False)  # fmt: skip
    behaviour_rating = forms.ChoiceField(label=_("Rating perilaku kerja baru (bila diterima)"),
                                         choices=RATING_CHOICES, required=False)  # fmt: skip


class StyledFilterSet(FilterSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            is_select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = "form-select form-select-sm" if is_select else "form-control form-control-sm"


class TeamFilter(StyledFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Appraisal.Status.choices)
    period = django_filters.ModelChoiceFilter(label=_("Periode"), queryset=AppraisalPeriod.objects.all())
    q = django_filters.CharFilter(label=_("Nama"), field_name="employee__name", lookup_expr="icontains")

    class Meta:
        model = Appraisal
        fields = ["status", "period", "q"]


class ApprovalFilter(TeamFilter):
    predikat = django_filters.ChoiceFilter(label=_("Predikat"), choices=Predikat.choices)

    class Meta:
        model = Appraisal
        fields = ["status", "period", "predikat", "q"]


class CoachingForm(forms.Form):
    actions = forms.CharField(label=_("Langkah pembinaan"), widget=forms.Textarea(attrs={"rows": 4}))
    due_date = forms.DateField(label=_("Batas waktu"), widget=DateInput())
    progress_note = forms.CharField(
        label=_("Catatan kemajuan / hasil pembinaan"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    done = forms.BooleanField(label=_("Pembinaan selesai"), required=False)
