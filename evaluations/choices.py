from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    PUBLISHED = "published", _("Dipublikasikan")


class Indicator(models.TextChoices):
    SK = "sk", _("Keterhubungan berdasarkan kepemilikan SK")
    ACCOUNT_ACTIVE = "account_active", _("Keaktifan akun")
    FOLLOW_UP = "follow_up", _("Persentase tindak lanjut")
    COMPLETION = "completion", _("Tingkat penyelesaian")


class Band(models.TextChoices):
    GOOD = "good", _("Sesuai target")
    FAIR = "fair", _("Perlu ditingkatkan")
    POOR = "poor", _("Di bawah target")
    UNRATED = "unrated", _("Belum dapat dinilai")


class TicketCategory(models.TextChoices):
    PENGADUAN = "pengaduan", _("Pengaduan")
    ASPIRASI = "aspirasi", _("Aspirasi")
    PERMINTAAN_INFORMASI = "permintaan informasi", _("Permintaan informasi")
