from django import forms
from django.utils.translation import gettext_lazy as _

from evaluations.periods import parse_month


class PeriodForm(forms.Form):
    """The `periode` query parameter: `YYYY-MM`; blank means the default month."""

    periode = forms.CharField(label=_("Periode"), required=False, max_length=20)

    def clean_periode(self):
        value = self.cleaned_data["periode"]
        return parse_month(value) if value else None
