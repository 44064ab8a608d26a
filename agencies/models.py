from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agencies.choices import AgencyKind
from agencies.codes import agency_code_problem
from agencies.querysets import AgencyQuerySet, DecreeQuerySet, ProvinceQuerySet
from agencies.scans import scan_storage, scan_upload_to, validate_scan

province_code_validator = RegexValidator(r"^\d{2}$", _("Kode provinsi terdiri atas dua angka, mis. 81."))
agency_code_validator = RegexValidator(
    r"^[A-Za-z0-9-]+$", _("Kode instansi hanya boleh berisi huruf, angka dan tanda hubung.")
)


def within(start: date | None, end: date | None, day: date) -> bool:
    """Whether `day` lies in [start, end], a blank bound being open: the one rule behind an
    agency's or province's existence and a decree being in force (its SQL twin is in querysets)."""
    return (start is None or start <= day) and (end is None or end >= day)


class ValidityMixin(models.Model):
    """Validity dates: the row counts on a day inside [valid_from, valid_until]; blank means open."""

    valid_from = models.DateField(_("berlaku sejak"), null=True, blank=True)
    valid_until = models.DateField(_("berlaku sampai"), null=True, blank=True)

    class Meta:
        abstract = True

    def exists_on(self, day: date) -> bool:
        return within(self.valid_from, self.valid_until, day)


class Province(ValidityMixin):
    code = models.CharField(_("kode"), max_length=2, unique=True, validators=[province_code_validator])
    name = models.CharField(_("nama"), max_length=100)

    objects = ProvinceQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("provinsi")
        verbose_name_plural = _("provinsi")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gte=F("valid_from")),
                name="province_validity_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def natural_key(self) -> tuple[str]:
        return (self.code,)


class Agency(ValidityMixin):
    """An IP (instansi pemerintah) that should be connected to SP4N-LAPOR!."""

    code = models.CharField(_("kode"), max_length=20, unique=True, validators=[agency_code_validator])
    name = models.CharField(_("nama"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=10, choices=AgencyKind.choices)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="agencies", verbose_name=_("provinsi")
    )

    objects = AgencyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("instansi")
        verbose_name_plural = _("instansi")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gte=F("valid_from")),
                name="agency_validity_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self):
        """The code follows the same rule as in the import (a kabupaten's code starts with its
        province's and ends 01–69, a kota's 71–99, …)."""
        super().clean()
        if self.code and self.kind and self.province_id:
            problem = agency_code_problem(self.code, self.kind, self.province.code)
            if problem:
                raise ValidationError({"code": problem[0].upper() + problem[1:]})

    def natural_key(self) -> tuple[str]:
        return (self.code,)

    natural_key.dependencies = ["agencies.province"]


class Decree(models.Model):
    """An SK forming the agency's SP4N-LAPOR! team."""

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="decrees", verbose_name=_("instansi")
    )
    number = models.CharField(_("nomor SK"), max_length=200)
    issued_on = models.DateField(_("tanggal SK"))
    valid_until = models.DateField(_("berlaku sampai"), null=True, blank=True)
    # Checked by content, stored under a random name, served only through `agencies.views`.
    document = models.FileField(
        _("pindaian dokumen"),
        upload_to=scan_upload_to,
        storage=scan_storage,
        validators=[validate_scan],
        blank=True,
        help_text=_("PDF, JPEG atau PNG, paling besar 10 MB."),
    )

    objects = DecreeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["agency_id", "issued_on"]
        verbose_name = _("SK tim SP4N-LAPOR!")
        verbose_name_plural = _("SK tim SP4N-LAPOR!")
        constraints = [
            models.UniqueConstraint(fields=["agency", "number"], name="decree_unique_number_per_agency"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("issued_on")),
                name="decree_ends_after_issue",
            ),
            models.CheckConstraint(condition=~Q(number=""), name="decree_number_not_blank"),
        ]

    def __str__(self) -> str:
        return self.number

    def natural_key(self) -> tuple[str, str]:
        return (self.agency.code, self.number)

    natural_key.dependencies = ["agencies.agency"]

    def in_force_on(self, day: date) -> bool:
        return within(self.issued_on, self.valid_until, day)


class CoordinatorAssignment(models.Model):
    """A provincial coordinator's province: they see and edit only the records of the provinces assigned."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="coordinated_provinces",
        verbose_name=_("pengguna"),
    )
    province = models.ForeignKey(
        Province, on_delete=models.CASCADE, related_name="coordinators", verbose_name=_("provinsi")
    )

    class Meta:
        ordering = ["province_id"]
        verbose_name = _("provinsi koordinator")
        verbose_name_plural = _("provinsi koordinator")
        constraints = [
            models.UniqueConstraint(fields=["user", "province"], name="coordinator_unique_province"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.province}"
