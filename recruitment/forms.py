from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from employees.forms import DateInput
from employees.identifiers import validate_nik
from employees.models import Employee
from employees.ranks import EDUCATION_LEVELS

from . import csvio, scoring, services
from .models import Announcement, Application, Formation, SelectionRound, StageKind

DATE = DateInput()  # ISO yyyy-mm-dd, the only value a date input shows


def _no_html(value: str) -> str:
    if value and csvio.HTML.search(value):
        raise ValidationError(_("Tidak boleh berisi tanda < atau > (HTML)."))
    return value


class RoundForm(forms.ModelForm):
    stages = forms.MultipleChoiceField(
        label=_("Tahap seleksi"), choices=StageKind.choices, widget=forms.CheckboxSelectMultiple, required=False,
        help_text=_("Hanya tahap dari preset jenis seleksi yang dipakai; dapat diubah sampai pendaftaran dibuka."),
    )  # fmt: skip

    class Meta:
        model = SelectionRound
        fields = [
            "name", "year", "kind", "appointment_type", "public_registration", "registration_opens",
            "registration_closes", "appeal_opens", "appeal_closes", "skb_multiplier", "skd_weight", "skb_weight",
            "oap_share", "optimalisasi",
        ]  # fmt: skip
        widgets = {k: DATE for k in ("registration_opens", "registration_closes", "appeal_opens", "appeal_closes")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        grades = self.instance.passing_grades if self.instance.pk else scoring.DEFAULT_PASSING_GRADES
        for category, minima in scoring.DEFAULT_PASSING_GRADES.items():
            for key in minima:
                self.fields[f"pg_{category}_{key}"] = forms.IntegerField(
                    label=_("Ambang %(c)s — %(k)s") % {"c": category, "k": key.upper()},
                    min_value=0, max_value=scoring.SKD_TOTAL_MAX,
                    initial=grades.get(category, minima).get(key, minima[key]),
                )  # fmt: skip
        if self.instance.pk:
            self.fields["stages"].initial = list(self.instance.stages.values_list("kind", flat=True))
            self.fields["kind"].disabled = True

    def clean_name(self):
        return _no_html(self.cleaned_data["name"])

    def clean(self):
        data = super().clean()
        if data.get("skd_weight") is not None and data.get("skb_weight") is not None:
            if data["skd_weight"] + data["skb_weight"] != 100:
                self.add_error("skb_weight", _("Bobot SKD dan SKB harus berjumlah 100%."))
        for a, b in (("registration_opens", "registration_closes"), ("appeal_opens", "appeal_closes")):
            if data.get(a) and data.get(b) and data[a] > data[b]:
                self.add_error(b, _("Tanggal akhir tidak boleh sebelum tanggal mulai."))
        return data

    def service_fields(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.cleaned_data}
        if self.instance.pk:
            data.pop("kind", None)
        data["passing_grades"] = {
            category: {key: self.cleaned_data[f"pg_{category}_{key}"] for key in minima}
            for category, minima in scoring.DEFAULT_PASSING_GRADES.items()
        }
        data["stages"] = self.cleaned_data.get("stages") or None
        return data


class FormationForm(forms.ModelForm):
    education_levels = forms.MultipleChoiceField(
        label=_("Jenjang pendidikan"), choices=[(e, e) for e in EDUCATION_LEVELS],
        widget=forms.CheckboxSelectMultiple, required=False,
    )  # fmt: skip
    majors = forms.CharField(
        label=_("Jurusan"), required=False, help_text=_("Pisahkan dengan koma; kosong berarti semua jurusan.")
    )

    class Meta:
        model = Formation
        fields = ["code", "position", "position_type", "functional_level", "unit", "quota", "category",
                  "education_levels", "majors", "min_gpa", "max_age", "age_cutoff"]  # fmt: skip
        widgets = {"age_cutoff": DATE}

    def clean_code(self):
        return _no_html(self.cleaned_data["code"])

    def clean_position(self):
        return _no_html(self.cleaned_data["position"])

    def clean_majors(self):
        value = _no_html(self.cleaned_data["majors"] or "")
        return [m.strip() for m in value.split(",") if m.strip()]

    def clean(self):
        data = super().clean()
        if data.get("max_age") and not data.get("age_cutoff"):
            self.add_error("age_cutoff", _("Tanggal perhitungan usia wajib diisi bila ada batas usia."))
        return data


class CsvForm(forms.Form):
    file = forms.FileField(label=_("Berkas CSV"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise ValidationError(_("Berkas harus berformat CSV (.csv)."))
        return upload


class DecideForm(forms.Form):
    result = forms.ChoiceField(label=_("Hasil administrasi"), choices=Application.Result.choices)
    reason = forms.CharField(label=_("Alasan"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class AppealDecideForm(forms.Form):
    decision = forms.ChoiceField(label=_("Putusan"), choices=Application.AppealDecision.choices)
    reason = forms.CharField(label=_("Alasan putusan"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class StatusForm(forms.Form):
    registration_number = forms.CharField(label=_("Nomor pendaftaran"), max_length=30)
    access_code = forms.CharField(
        label=_("Kode akses"), max_length=30,
        help_text=_("Kode 12 karakter yang ditampilkan saat mendaftar dan dikirim ke surel Anda."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )  # fmt: skip


class AppealForm(forms.Form):
    text = forms.CharField(label=_("Isi sanggahan"), widget=forms.Textarea(attrs={"rows": 4}), max_length=3000)

    def clean_text(self):
        return _no_html(self.cleaned_data["text"])


SMALL_SELECT = forms.Select(attrs={"class": "form-select form-select-sm"})


class PublishForm(forms.Form):
    stage = forms.ChoiceField(label=_("Hasil yang diumumkan"), choices=Announcement.Stage.choices, widget=SMALL_SELECT)
    note = forms.CharField(label=_("Catatan perbaikan (wajib untuk perbaikan)"), required=False, max_length=2000,
                           widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}))  # fmt: skip


class RoundStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Tahap seleksi"), choices=SelectionRound.Status.choices, widget=SMALL_SELECT)

    def __init__(self, *args, moves=None, **kwargs):
        super().__init__(*args, **kwargs)
        if moves is not None:  # the page offers only the stages the round may move to now
            self.fields["status"].choices = [(m, SelectionRound.Status(m).label) for m in moves]


class DeclareForm(forms.Form):
    has_conflict = forms.TypedChoiceField(
        label=_("Konflik kepentingan"), coerce=lambda v: v == "1",
        choices=[("0", _("Tidak ada")), ("1", _("Ada (nilai saya tidak dihitung)"))],
    )  # fmt: skip
    note = forms.CharField(label=_("Keterangan"), required=False, max_length=300)


class PanelMemberForm(forms.Form):
    who = forms.CharField(
        label=_("Nama pengguna atau NIP"), max_length=150,
        widget=forms.TextInput(
            attrs={"class": "form-control", "placeholder": _("mis. atasan atau 19800315 200503 1 001")}
        ),
    )  # fmt: skip


class ScoreForm(forms.Form):
    score = forms.DecimalField(label=_("Nilai"), min_value=0, max_value=100, decimal_places=2)


class RegistrationForm(forms.Form):
    formation = forms.ModelChoiceField(label=_("Formasi"), queryset=Formation.objects.none())
    nik = forms.CharField(label=_("NIK"), max_length=16)
    name = forms.CharField(label=_("Nama lengkap"), max_length=150)
    sex = forms.ChoiceField(label=_("Jenis kelamin"), choices=Employee.Sex.choices)
    birth_place = forms.CharField(label=_("Tempat lahir"), max_length=100)
    birth_date = forms.DateField(label=_("Tanggal lahir"), widget=DATE)
    education_level = forms.ChoiceField(label=_("Pendidikan terakhir"), choices=[(e, e) for e in EDUCATION_LEVELS])
    major = forms.CharField(label=_("Jurusan"), max_length=150, required=False)
    gpa = forms.DecimalField(label=_("IPK"), min_value=0, max_value=4, decimal_places=2, required=False)
    oap_category = forms.ChoiceField(
        label=_("Kategori OAP"), choices=[("", _("Bukan OAP / tidak diisi"))] + list(Employee.OapCategory.choices),
        required=False,
    )  # fmt: skip
    email = forms.EmailField(label=_("Surel"))
    phone = forms.CharField(label=_("Telepon"), max_length=20)
    address = forms.CharField(label=_("Alamat"), widget=forms.Textarea(attrs={"rows": 2}), max_length=500)
    ktp = forms.FileField(label=_("KTP (PDF/JPG/PNG, maks. 5 MB)"))
    ijazah = forms.FileField(label=_("Ijazah (PDF/JPG/PNG, maks. 5 MB)"))
    transkrip = forms.FileField(label=_("Transkrip nilai (PDF/JPG/PNG, maks. 5 MB)"))

    TEXT_FIELDS = ("nik", "name", "birth_place", "major", "phone", "address", "email")

    def __init__(self, *args, rnd, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["formation"].queryset = Formation.objects.filter(round=rnd).select_related("unit")

    FILE_FIELDS = ("ktp", "ijazah", "transkrip")

    def files_to_choose_again(self) -> list[tuple[str, str]]:
        """After an error the browser empties every file input: (label, file chosen before) for each,
        so the page can say exactly what to choose again."""
        if not self.is_bound or not self.errors:
            return []
        return [
            (str(self.fields[name].label).split(" (")[0], getattr(self.files.get(name), "name", ""))
            for name in self.FILE_FIELDS
        ]

    def clean(self):
        data = super().clean()
        for name in self.TEXT_FIELDS:
            value = data.get(name)
            if isinstance(value, str) and csvio.HTML.search(value):
                self.add_error(name, _("Tidak boleh berisi tanda < atau > (HTML)."))
        if data.get("nik"):
            try:
                validate_nik(data["nik"])
            except ValidationError as exc:
                self.add_error("nik", exc)
        for name in ("ktp", "ijazah", "transkrip"):
            upload = data.get(name)
            if upload:
                try:
                    services.check_upload(upload)
                except ValidationError as exc:
                    self.add_error(name, exc)
        return data
