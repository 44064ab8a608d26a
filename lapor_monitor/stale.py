"""Lost updates in the admin: a change form remembers the values it was opened with and refuses
a save when someone else changed the object in between, saying what changed."""

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_SALT = "lapor-stale-form"
FIELD = "dimuat"


def _values(instance, names) -> dict[str, str]:
    return {name: "" if getattr(instance, name) is None else str(getattr(instance, name)) for name in names}


class StaleSaveGuard(forms.ModelForm):
    """Mixin for admin change forms. The values the object had when the form was rendered travel
    in a signed hidden field; on save the row is read again under a lock (the admin saves inside
    a transaction) and a difference refuses the save with the changed fields named."""

    dimuat = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound and FIELD in self.fields:
            self.initial[FIELD] = signing.dumps(self._tracked(self.instance), salt=_SALT)

    def _tracked_names(self) -> list[str]:
        names = self._meta.fields
        fields = self.instance._meta.concrete_fields
        return [f.attname for f in fields if names == "__all__" or f.name in names]

    def _tracked(self, instance) -> dict[str, str]:
        return _values(instance, self._tracked_names())

    def clean(self):
        data = super().clean()
        if not self.instance.pk:
            return data
        try:
            loaded = signing.loads(self.data.get(self.add_prefix(FIELD), ""), salt=_SALT)
        except signing.BadSignature:
            loaded = None
        current = type(self.instance)._default_manager.select_for_update().filter(pk=self.instance.pk).first()
        if current is None or loaded is None:
            return data
        now = self._tracked(current)
        changed = [name for name in now if loaded.get(name) != now[name]]
        if changed:
            model = self.instance._meta
            labels = {f.attname: str(f.verbose_name) for f in model.concrete_fields}
            details = "; ".join(
                f"{labels.get(name, name)}: {loaded.get(name) or '—'} → {now[name] or '—'}"
                for name in changed
            )
            # The next save may go through: the form now carries the values it was checked against.
            self.data = self.data.copy()
            self.data[self.add_prefix(FIELD)] = signing.dumps(now, salt=_SALT)
            raise ValidationError(
                _(
                    "Data ini telah diubah pengguna lain sejak Anda membukanya (%(details)s). "
                    "Periksa nilai terbaru lalu simpan lagi bila perubahan Anda tetap diperlukan."
                )
                % {"details": details}
            )
        return data


class StaleSaveGuardAdmin:
    """ModelAdmin mixin: renders the guard's hidden field on change forms."""

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        return [*fieldsets, (None, {"fields": [FIELD], "classes": ["hidden"]})]
