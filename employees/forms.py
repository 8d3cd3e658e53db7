from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Fieldset, Layout, Row, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from . import identifiers
from .models import Employee, OrgUnit, User


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class EmployeeForm(forms.ModelForm):
    # The supervisor is chosen by NIP: a select of thousands of people is unusable.
    supervisor_nip = forms.CharField(
        label=_("NIP atasan langsung"), required=False, help_text=_("Kosongkan bila tidak ada atasan langsung.")
    )

    class Meta:
        model = Employee
        fields = [
            "nip", "nik", "front_title", "name", "back_title", "sex", "birth_place", "birth_date",
            "employment_type", "golongan", "position_title", "position_type", "functional_level",
            "functional_position", "unit", "education_level", "education_major", "tmt_cpns", "tmt_pns",
            "tmt_contract", "tmt_golongan", "tmt_jabatan", "status", "oap_category", "email", "phone", "address",
        ]  # fmt: skip
        widgets = {
            "birth_date": DateInput(),
            "tmt_cpns": DateInput(),
            "tmt_pns": DateInput(),
            "tmt_contract": DateInput(),
            "tmt_golongan": DateInput(),
            "tmt_jabatan": DateInput(),
            "address": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "nip": _("18 digit, boleh dengan spasi. Harus cocok dengan tanggal lahir dan jenis kelamin."),
            "nik": _("16 digit sesuai KTP."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.select_related("department").order_by("department__name", "name")
        self.fields["unit"].label_from_instance = lambda u: (
            u.name if u.parent_id is None else f"{u.department} › {u.name}"
        )
        self.fields["nip"].required = True
        if self.instance.pk and self.instance.supervisor_id:
            self.fields["supervisor_nip"].initial = self.instance.supervisor.nip
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset(
                _("Identitas"),
                Row(Column("nip"), Column("nik")),
                Row(
                    Column("front_title", css_class="col-md-3"),
                    Column("name"),
                    Column("back_title", css_class="col-md-3"),
                ),
                Row(Column("sex"), Column("birth_place"), Column("birth_date")),
            ),
            Fieldset(
                _("Kepegawaian dan jabatan"),
                Row(Column("employment_type"), Column("golongan"), Column("status")),
                Row(Column("position_title"), Column("position_type"), Column("functional_level")),
                Row(Column("unit"), Column("supervisor_nip")),
            ),
            Fieldset(_("Pendidikan"), Row(Column("education_level"), Column("education_major"))),
            Fieldset(
                _("TMT"),
                Row(Column("tmt_cpns"), Column("tmt_pns"), Column("tmt_contract")),
                Row(Column("tmt_golongan"), Column("tmt_jabatan")),
            ),
            Fieldset(_("Kontak dan lainnya"), Row(Column("email"), Column("phone"), Column("oap_category")), "address"),
            HTML("<hr>"),
            Submit("save", _("Simpan"), css_class="btn-primary"),
        )

    def clean_supervisor_nip(self):
        nip = identifiers.compact(self.cleaned_data.get("supervisor_nip"))
        if not nip:
            self.instance.supervisor = None
            return ""
        supervisor = Employee.objects.filter(nip=nip).first()
        if supervisor is None:
            raise forms.ValidationError(_("Tidak ada pegawai dengan NIP %(nip)s.") % {"nip": nip})
        if self.instance.pk and supervisor.pk == self.instance.pk:
            raise forms.ValidationError(_("Pegawai tidak boleh menjadi atasannya sendiri."))
        self.instance.supervisor = supervisor
        return nip

    def service_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["supervisor"] = self.instance.supervisor
        return data


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas pegawai (.xlsx atau .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
        help_text=_("Paling besar 10 MB. Gunakan templat agar judul kolom sesuai."),
    )


class NotificationSettingsForm(forms.Form):
    email_mode = forms.ChoiceField(
        label=_("Kirim notifikasi lewat surel"),
        choices=User.EmailMode.choices,
        widget=forms.RadioSelect,
        help_text=_("Notifikasi tetap tampil di lonceng; pilihan ini hanya mengatur surel."),
    )
