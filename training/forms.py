import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from employees.filtering import FilterSet
from employees.forms import DateInput
from employees.identifiers import compact
from employees.models import Employee, OrgUnit

from .models import ExternalLearning, Institution, TrainingProgram, TrainingSession

DATE = DateInput()  # ISO yyyy-mm-dd, the only value a date input shows


class InstitutionForm(forms.ModelForm):
    class Meta:
        model = Institution
        fields = ["name", "kind", "agreement_number", "agreement_start", "agreement_end", "contact"]
        widgets = {"agreement_start": DATE, "agreement_end": DATE}

    def clean(self):
        data = super().clean()
        start, end = data.get("agreement_start"), data.get("agreement_end")
        if start and end and end < start:
            self.add_error("agreement_end", _("Akhir perjanjian tidak boleh sebelum tanggal mulai."))
        return data


class ProgramForm(forms.ModelForm):
    target_position_types = forms.MultipleChoiceField(
        label=_("Sasaran jenis jabatan"), choices=Employee.PositionType.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    target_golongan = forms.MultipleChoiceField(
        label=_("Sasaran golongan"), choices=TrainingProgram.Golongan.choices, required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )  # fmt: skip
    required_position_types = forms.MultipleChoiceField(
        label=_("Prasyarat: jenis jabatan"), choices=Employee.PositionType.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip

    class Meta:
        model = TrainingProgram
        fields = [
            "title", "kind", "competence_type", "route", "method", "jp", "institution", "description",
            "leadership_level", "functional_position", "target_position_types", "target_golongan", "min_golongan",
            "max_age", "required_position_types", "required_program", "is_active",
        ]  # fmt: skip
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class SessionForm(forms.ModelForm):
    online_url = forms.URLField(label=_("Tautan daring"), required=False, assume_scheme="https")

    class Meta:
        model = TrainingSession
        fields = [
            "program", "name", "start_date", "end_date", "registration_deadline", "place", "online_url",
            "capacity", "status",
        ]  # fmt: skip
        widgets = {"start_date": DATE, "end_date": DATE, "registration_deadline": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = TrainingProgram.objects.filter(is_active=True).select_related("institution")
        if self.instance.pk:
            # capacity changes go through the service so the waitlist moves up
            self.fields["capacity"].disabled = True

    def clean(self):
        data = super().clean()
        start, end, deadline = data.get("start_date"), data.get("end_date"), data.get("registration_deadline")
        if start and end and end < start:
            self.add_error("end_date", _("Tanggal selesai tidak boleh sebelum tanggal mulai."))
        if deadline and end and deadline > end:
            self.add_error("registration_deadline", _("Batas pendaftaran tidak boleh setelah sesi selesai."))
        if not data.get("place") and not data.get("online_url"):
            self.add_error("place", _("Isi tempat atau tautan daring."))
        return data


class CapacityForm(forms.Form):
    capacity = forms.IntegerField(label=_("Kapasitas"), min_value=1, max_value=10000)


class NominateForm(forms.Form):
    """A supervisor picks a direct report; HR types a NIP (the register is too big for a list)."""

    employee = forms.ModelChoiceField(label=_("Pegawai"), queryset=Employee.objects.none(), required=False)
    nip = forms.CharField(label=_("NIP / NI PPPK"), max_length=18, required=False)
    note = forms.CharField(label=_("Catatan"), max_length=500, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        me = user.employee_or_none
        if me is not None:
            self.fields["employee"].queryset = Employee.objects.active().filter(supervisor=me).order_by("name")
        if not user.is_hr:
            del self.fields["nip"]

    def clean(self):
        data = super().clean()
        nip = compact(data.get("nip"))
        if nip:
            employee = Employee.objects.active().filter(nip=nip).select_related("unit").first()
            if employee is None:
                self.add_error("nip", _("Tidak ada pegawai aktif dengan NIP %(nip)s.") % {"nip": nip})
            data["employee"] = employee
        elif not data.get("employee"):
            raise forms.ValidationError(_("Pilih pegawai yang diusulkan."))
        return data


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Alasan penolakan"), max_length=500)


class AttendanceForm(forms.Form):
    day = forms.DateField(label=_("Tanggal"), widget=DATE)


class ResultForm(forms.Form):
    result = forms.ChoiceField(
        label=_("Hasil"), choices=[("completed", _("Selesai")), ("not_completed", _("Tidak selesai"))]
    )


class CertificateUploadForm(forms.Form):
    file = forms.FileField(label=_("Berkas sertifikat (PDF/PNG/JPG, maks. 5 MB)"))


class ExternalLearningForm(forms.ModelForm):
    class Meta:
        model = ExternalLearning
        fields = [
            "title", "provider", "kind", "leadership_level", "functional_position", "route", "method", "start_date",
            "end_date", "jp", "evidence",
        ]  # fmt: skip
        widgets = {"start_date": DATE, "end_date": DATE}
        labels = {"evidence": _("Bukti (PDF/PNG/JPG, maks. 5 MB)")}

    def clean(self):
        data = super().clean()
        if data.get("start_date") and data.get("end_date") and data["end_date"] < data["start_date"]:
            self.add_error("end_date", _("Tanggal selesai tidak boleh sebelum tanggal mulai."))
        return data


class VerifyReportForm(forms.Form):
    approve = forms.BooleanField(required=False)
    reason = forms.CharField(label=_("Alasan penolakan"), max_length=500, required=False)


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Nilai"), coerce=int, choices=[(i, str(i)) for i in range(5, 0, -1)], widget=forms.RadioSelect
    )
    comment = forms.CharField(label=_("Komentar"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class PlanForm(forms.Form):
    department = forms.ModelChoiceField(
        label=_("Perangkat daerah"), queryset=OrgUnit.objects.filter(parent__isnull=True).order_by("name")
    )
    tahun = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)  # `tahun` in every query string


class NeedNominateForm(forms.Form):
    session = forms.ModelChoiceField(label=_("Sesi"), queryset=TrainingSession.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = TrainingSession.objects.filter(
            status__in=[TrainingSession.Status.PLANNED, TrainingSession.Status.OPEN]
        ).select_related("program")


class ProgramFilter(FilterSet):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label=_("Cari judul"))

    class Meta:
        model = TrainingProgram
        fields = ["q", "kind", "competence_type", "route", "method"]


class SessionFilter(FilterSet):
    q = django_filters.CharFilter(field_name="program__title", lookup_expr="icontains", label=_("Cari program"))
    tahun = django_filters.NumberFilter(field_name="start_date", lookup_expr="year", label=_("Tahun"))

    class Meta:
        model = TrainingSession
        fields = ["q", "status", "tahun"]


class UnderJpFilter(FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Cari nama"))
    department = django_filters.ModelChoiceFilter(
        field_name="unit__department", label=_("Perangkat daerah"),
        queryset=OrgUnit.objects.filter(parent__isnull=True).order_by("name"),
    )  # fmt: skip

    class Meta:
        model = Employee
        fields = ["q", "department"]
