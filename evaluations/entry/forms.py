"""Forms of the admin's own pages: the province grid, the import upload, publish and reopen."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from agencies.importing import MAX_COUNT, parse_count
from agencies.models import Agency, Province
from agencies.scoping import allowed_province_ids
from evaluations.entry.closing import MAX_REASON_LENGTH, MIN_REASON_LENGTH
from evaluations.entry.grid import GridEntry, soft_warnings
from evaluations.models import COUNT_FIELDS, MonthlyEvaluation, report_count_problems
from evaluations.periods import format_period, parse_month


class MonthField(forms.CharField):
    """A month written `YYYY-MM` (a browser's month picker sends that form)."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "TTTT-BB"})

    def to_python(self, value):
        value = super().to_python(value)
        return parse_month(value) if value else None

    def prepare_value(self, value):
        return format_period(value) if hasattr(value, "year") else value


class GridPickForm(forms.Form):
    # The province by its code (`?provinsi=81`), as the public pages name it.
    provinsi = forms.ModelChoiceField(
        label=_("Provinsi"), queryset=Province.objects.none(), to_field_name="code"
    )
    periode = MonthField(label=_("Periode"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        provinces = Province.objects.all()
        scope = allowed_province_ids(user)
        if scope is not None:
            provinces = provinces.filter(pk__in=scope)
        self.fields["provinsi"].queryset = provinces.order_by("code")
        self.fields["provinsi"].label_from_instance = lambda province: f"{province.code} {province.name}"


ACTIVITY_CHOICES = [("", _("— belum diisi —")), ("ya", _("Aktif")), ("tidak", _("Belum aktif"))]
# A text input, not the browser's number input (which silently keeps "1" of a typed "1o"):
# the app checks every cell itself (CountField) and says what is wrong next to it.
_COUNT_ATTRS = {"class": "vIntegerField grid-count", "inputmode": "numeric", "autocomplete": "off"}
_COUNT_ERRORS = {
    "invalid": _("Isi bilangan bulat 0 atau lebih, atau kosongkan."),
    "min_value": _("Tidak boleh kurang dari 0."),
    "max_value": _("Angka terlalu besar."),
}


class CountField(forms.IntegerField):
    """A count typed as text, read as the import reads one (`1.234` is 1234; `1o`, `1,5` refused)."""

    widget = forms.TextInput

    def to_python(self, value):
        if value in self.empty_values or str(value).strip() == "":
            return None
        try:
            return parse_count(str(value))
        except ValueError as problem:
            message = str(problem)
            raise ValidationError(message[0].upper() + message[1:], code="invalid") from None


def _count_field(label):
    return CountField(
        label=label,
        min_value=0,
        max_value=MAX_COUNT,
        required=False,
        error_messages=_COUNT_ERRORS,
        widget=forms.TextInput(attrs=_COUNT_ATTRS),
    )


class GridRowForm(forms.Form):
    """One IP's month in the grid; the rules match the import's (and the database's constraints)."""

    agency = forms.IntegerField(widget=forms.HiddenInput)
    account_active = forms.ChoiceField(label=_("Akun aktif"), choices=ACTIVITY_CHOICES, required=False)
    received = _count_field(_("Laporan diterima"))
    followed_up = _count_field(_("Ditindaklanjuti"))
    completed = _count_field(_("Selesai"))

    def __init__(
        self, *args, agency, evaluation: MonthlyEvaluation | None, tickets=None, previous=None, **kwargs
    ):
        self.agency = agency
        self.evaluation = evaluation
        # Last month's values (grid.PreviousValues), shown beside each cell.
        self.previous = previous
        # The month's counts from LAPOR! tickets: they replace hand-entered ones, so read-only here.
        self.tickets = tickets
        super().__init__(*args, **kwargs)
        # Each cell says which IP and which figure it holds (the grid shows them only as
        # row and column headings).
        for name, field in self.fields.items():
            if name != "agency":
                field.widget.attrs["aria-label"] = f"{agency.code} {agency.name} — {field.label}"
                # The "bulan lalu" note beside the cell (always rendered, see grid.html).
                field.widget.attrs["aria-describedby"] = f"prev-{agency.code}-{name}"
        if tickets is not None:
            for name in COUNT_FIELDS:
                self.fields[name].disabled = True

    def clean_agency(self):
        if self.cleaned_data["agency"] != self.agency.pk:
            raise ValidationError(_("Daftar IP berubah sejak halaman dibuka; muat ulang halaman."))
        return self.agency

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        activity = data.get("account_active")
        counts = self._hand_counts()
        known = [value is not None for value in counts]
        for name, message in report_count_problems(*counts):
            self.add_error(name, message)
        if not activity:
            if any(known):
                self.add_error("account_active", _("Isi keaktifan akun bila jumlah laporan diisi."))
            elif self.evaluation is not None:
                self.add_error(
                    "account_active",
                    _("Data yang sudah ada tidak dapat dikosongkan di grid; hapus melalui daftar evaluasi."),
                )
        return data

    def previous_shown(self, name: str) -> str:
        """Last month's value of the cell `name`, as shown beside it ("—" when none)."""
        if self.previous is None:
            return "—"
        value = getattr(self.previous, name)
        if value is None:
            return "—"
        if name == "account_active":
            return str(_("Aktif") if value else _("Belum aktif"))
        return str(value)

    def warnings(self) -> dict[str, list[str]]:
        """Field → soft warnings (grid.soft_warnings) on the values as entered (a bound, valid
        form) or as stored (an unbound one); none on a row with errors."""
        if self.is_bound:
            if not self.is_valid():
                return {}
            data = self.cleaned_data
        else:
            data = self.initial
        activity = data.get("account_active")
        counts = tuple(data.get(name) for name in COUNT_FIELDS)
        return soft_warnings(None if not activity else activity == "ya", counts, self.previous)

    def _hand_counts(self) -> list[int | None]:
        """The counts this row writes: as entered, or (counts from tickets) as stored before."""
        if self.tickets is not None:
            stored = self.evaluation
            return [getattr(stored, name) if stored else None for name in COUNT_FIELDS]
        return [self.cleaned_data.get(name) for name in COUNT_FIELDS]

    def entry(self) -> GridEntry:
        activity = self.cleaned_data.get("account_active")
        received, followed_up, completed = self._hand_counts()
        return GridEntry(
            agency=self.agency,
            account_active=None if not activity else activity == "ya",
            received=received,
            followed_up=followed_up,
            completed=completed,
        )


class BaseGridFormSet(forms.BaseFormSet):
    def __init__(self, *args, agencies, evaluations, tickets=None, previous=None, **kwargs):
        self.agencies = agencies
        self.evaluations = evaluations
        self.tickets = tickets or {}
        self.previous = previous or {}
        kwargs.setdefault("initial", [self._initial(a) for a in agencies])
        super().__init__(*args, **kwargs)

    def _initial(self, agency) -> dict:
        evaluation = self.evaluations.get(agency.pk)
        tickets = self.tickets.get(agency.pk)
        initial = {"agency": agency.pk}
        if evaluation is not None:
            initial.update(
                account_active="ya" if evaluation.account_active else "tidak",
                received=evaluation.received,
                followed_up=evaluation.followed_up,
                completed=evaluation.completed,
            )
        if tickets is not None:
            initial.update({name: getattr(tickets, name) for name in COUNT_FIELDS})
        return initial

    def total_form_count(self):
        # Always one form per IP, whatever the management form says.
        return len(self.agencies)

    def get_form_kwargs(self, index):
        agency = self.agencies[index]
        return {
            "agency": agency,
            "evaluation": self.evaluations.get(agency.pk),
            "tickets": self.tickets.get(agency.pk),
            "previous": self.previous.get(agency.pk),
        }

    def clean(self):
        if self.is_bound and self.management_form.cleaned_data.get("TOTAL_FORMS") != len(self.agencies):
            raise ValidationError(_("Daftar IP berubah sejak halaman dibuka; muat ulang halaman."))

    def warnings(self) -> list[tuple[Agency, str, str, str]]:
        """Every soft warning of the grid: (agency, field name, field label, message)."""
        found = []
        for form in self.forms:
            for name, messages in form.warnings().items():
                found += [(form.agency, name, str(form.fields[name].label), message) for message in messages]
        return found

    def entries(self) -> list[GridEntry]:
        return [form.entry() for form in self.forms]


GridFormSet = forms.formset_factory(GridRowForm, formset=BaseGridFormSet, extra=0)


class ImportUploadForm(forms.Form):
    berkas = forms.FileField(
        label=_("Berkas"),
        help_text=_(
            "CSV (UTF-8 atau Windows-1252; pemisah koma, titik koma atau tab) atau XLSX, paling besar "
            "10 MB, dengan baris judul kolom."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )


class ReopenForm(forms.Form):
    alasan = forms.CharField(
        label=_("Alasan pembukaan kembali"),
        min_length=MIN_REASON_LENGTH,
        max_length=MAX_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        help_text=_(
            "Mis. “Kota Ambon mengoreksi jumlah laporan diterima”. 10 sampai 2.000 karakter; "
            "alasan ini tampil utuh di log perubahan."
        ),
    )
