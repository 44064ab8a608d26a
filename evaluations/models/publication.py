"""The close of a month: its publications and reopenings, the change log of corrections,
the provinces' sign-offs, uploads between preview and confirmation, and the data version."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from evaluations.models.months import Period


class PeriodEventQuerySet(models.QuerySet):
    def get_by_natural_key(self, month, action, revision):
        return self.get(period__month=month, action=action, revision=revision)


class PeriodEvent(models.Model):
    """One step of a month's close: a publication (revision 1, 2, …) or a reopening with its reason.

    A publication keeps the month's figures as published (`snapshot`, see
    `evaluations.figures.snapshot`): every page, JSON, export and PDF of a published month
    reads the snapshot of its latest revision, whatever happens to the registers afterwards.
    The next publication's change log is the difference between the two snapshots.
    """

    class Action(models.TextChoices):
        PUBLISHED = "published", _("Dipublikasikan")
        REOPENED = "reopened", _("Dibuka kembali")

    period = models.ForeignKey(
        Period, on_delete=models.CASCADE, related_name="events", verbose_name=_("periode")
    )
    action = models.CharField(_("tindakan"), max_length=10, choices=Action.choices)
    revision = models.PositiveIntegerField(_("revisi"))
    at = models.DateTimeField(_("waktu"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("oleh"),
    )
    reason = models.TextField(_("alasan"), blank=True)
    snapshot = models.JSONField(_("cuplikan data"), default=dict, blank=True, editable=False)

    objects = PeriodEventQuerySet.as_manager()

    class Meta:
        ordering = ["period_id", "at", "id"]
        verbose_name = _("riwayat penutupan bulan")
        verbose_name_plural = _("riwayat penutupan bulan")
        permissions = [
            ("publish_period", _("Dapat mempublikasikan periode")),
            ("reopen_period", _("Dapat membuka kembali periode yang sudah dipublikasikan")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(action="reopened") | ~Q(reason=""), name="period_event_reopen_has_reason"
            ),
            models.UniqueConstraint(
                fields=["period", "action", "revision"], name="period_event_one_per_revision"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.get_action_display()} ({self.revision})"

    def natural_key(self) -> tuple:
        return (self.period.month, self.action, self.revision)

    natural_key.dependencies = ["evaluations.period"]


class PeriodChange(models.Model):
    """A value of a published month that a later revision changed: the change log of a correction."""

    period = models.ForeignKey(
        Period, on_delete=models.CASCADE, related_name="changes", verbose_name=_("periode")
    )
    revision = models.PositiveIntegerField(_("revisi"))
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="period_changes", verbose_name=_("instansi")
    )
    field = models.CharField(_("kolom"), max_length=20)
    old_value = models.CharField(_("nilai lama"), max_length=200, blank=True)
    new_value = models.CharField(_("nilai baru"), max_length=200, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diubah oleh"),
    )
    reason = models.TextField(_("alasan"), blank=True)

    class Meta:
        ordering = ["period_id", "revision", "agency_id", "id"]
        verbose_name = _("perubahan setelah publikasi")
        verbose_name_plural = _("perubahan setelah publikasi")

    def __str__(self) -> str:
        return f"{self.period} r{self.revision} {self.field}"


class ProvinceSignOff(models.Model):
    """A province's month marked complete ("siap diterbitkan") by its coordinator or an evaluator.

    Any later write to that province's evaluations or tickets of the month clears it (a
    PostgreSQL trigger, migration 0009): a sign-off always speaks of the data as it is.
    """

    period = models.ForeignKey(
        Period, on_delete=models.CASCADE, related_name="sign_offs", verbose_name=_("periode")
    )
    province = models.ForeignKey(
        "agencies.Province", on_delete=models.CASCADE, related_name="+", verbose_name=_("provinsi")
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ditandai oleh"),
    )
    signed_at = models.DateTimeField(_("ditandai pada"))

    class Meta:
        ordering = ["period_id", "province_id"]
        verbose_name = _("tanda siap diterbitkan")
        verbose_name_plural = _("tanda siap diterbitkan")
        constraints = [
            models.UniqueConstraint(fields=["period", "province"], name="sign_off_once_per_province"),
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.province_id}"


class ImportUpload(models.Model):
    """An uploaded spreadsheet kept between the admin's preview and its confirmation.

    Stored in the database (not a worker's temp folder) so that the confirmation may reach
    another worker process. Deleted once imported; stale ones are purged on the next upload.
    """

    token = models.UUIDField(_("token"), unique=True, editable=False)
    kind = models.CharField(_("jenis impor"), max_length=20)
    file_name = models.CharField(_("nama berkas"), max_length=255)
    content = models.BinaryField(_("isi berkas"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("pengunggah")
    )
    uploaded_at = models.DateTimeField(_("diunggah pada"), auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("unggahan impor")
        verbose_name_plural = _("unggahan impor")

    def __str__(self) -> str:
        return self.file_name


class DataVersion(models.Model):
    """One row whose `version` changes with every write to the tables the scorecards read.

    Database triggers keep it (migration 0006, PostgreSQL), so no write path can forget it:
    admin, grid, imports, publishing, fixtures, raw SQL. Cached scorecards are keyed on it.
    Its values come from a sequence, so a rolled-back write never makes an old value reappear.
    """

    version = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("versi data")
        verbose_name_plural = _("versi data")

    def __str__(self) -> str:
        return str(self.version)
