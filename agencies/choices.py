from django.db import models
from django.utils.translation import gettext_lazy as _


class AgencyKind(models.TextChoices):
    PROVINSI = "provinsi", _("Pemerintah provinsi")
    KABUPATEN = "kabupaten", _("Pemerintah kabupaten")
    KOTA = "kota", _("Pemerintah kota")
    LAINNYA = "lainnya", _("Lainnya")
