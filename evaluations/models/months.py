"""The months and what is entered for them: periods, monthly evaluations, tickets, targets."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from agencies.models import Agency
from evaluations.choices import Indicator, PeriodStatus, TicketCategory
from evaluations.periods import format_month


class PeriodQuerySet(models.QuerySet):
    def published(self) -> "PeriodQuerySet":
        return self.filter(status=PeriodStatus.PUBLISHED)

    def get_by_natural_key(self, month):
        return self.get(month=month)


class EvaluationQuerySet(models.QuerySet):
    def get_by_natural_key(self, month, agency_code: str):
        return self.get(month=month, agency__code=agency_code)


class Period(models.Model):
    """A month of evaluation; a draft until published, locked once published.

    `month` is the first day of the month. A month with evaluations always has a Period.
    """

    month = models.DateField(_("bulan"), unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=PeriodStatus.choices, default=PeriodStatus.DRAFT
    )
    revision = models.PositiveIntegerField(_("revisi"), default=0)
    published_at = models.DateTimeField(_("dipublikasikan pada"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dipublikasikan oleh"),
    )

    # Synthetic demo data (generate_demo_data) is marked so that pages say "data contoh".
    is_example = models.BooleanField(_("data contoh"), default=False)

    objects = PeriodQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-month"]
        verbose_name = _("periode")
        verbose_name_plural = _("periode")
        constraints = [
            models.CheckConstraint(condition=Q(month__day=1), name="period_month_first_day"),
            models.CheckConstraint(
                condition=Q(status=PeriodStatus.DRAFT) | Q(published_at__isnull=False),
                name="period_published_has_time",
            ),
        ]

    def __str__(self) -> str:
        return format_month(self.month)

    def natural_key(self) -> tuple:
        return (self.month,)

    @property
    def is_published(self) -> bool:
        return self.status == PeriodStatus.PUBLISHED


COUNT_FIELDS = ("received", "followed_up", "completed")
# What an evaluation records: the fields every write path sets and the change log tracks.
EVALUATION_FIELDS = ("account_active", *COUNT_FIELDS)


def report_count_problems(
    received: int | None, followed_up: int | None, completed: int | None
) -> list[tuple[str, str]]:
    """What is wrong with a row's three report counts, as (field, message) pairs.

    The counts are known together or not at all, and 0 <= completed <= followed_up <= received
    (the database's own constraints, worded for people). The admin form, the province grid
    and the import all call this one rule.
    """
    counts = dict(zip(COUNT_FIELDS, (received, followed_up, completed), strict=True))
    known = [value is not None for value in counts.values()]
    if not any(known):
        return []
    if not all(known):
        message = _("Ketiga jumlah laporan diisi bersama atau dikosongkan bersama.")
        return [(name, message) for name, value in counts.items() if value is None]
    problems = []
    if followed_up > received:
        problems.append(("followed_up", _("Tidak boleh lebih dari laporan diterima.")))
    if completed > followed_up:
        problems.append(("completed", _("Tidak boleh lebih dari laporan ditindaklanjuti.")))
    return problems


class MonthlyEvaluation(models.Model):
    """One agency's account activity and report counts for one month.

    The three counts are known together or not at all, and
    0 <= completed <= followed_up <= received.
    """

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="evaluations", verbose_name=_("instansi")
    )
    month = models.DateField(_("bulan"))
    account_active = models.BooleanField(_("akun aktif"), default=False)
    received = models.PositiveIntegerField(_("laporan diterima"), null=True, blank=True)
    followed_up = models.PositiveIntegerField(_("laporan ditindaklanjuti"), null=True, blank=True)
    completed = models.PositiveIntegerField(_("laporan selesai"), null=True, blank=True)

    objects = EvaluationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-month", "agency_id"]
        verbose_name = _("evaluasi bulanan")
        verbose_name_plural = _("evaluasi bulanan")
        constraints = [
            models.UniqueConstraint(fields=["agency", "month"], name="evaluation_unique_agency_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="evaluation_month_first_day"),
            models.CheckConstraint(
                condition=Q(received__isnull=True, followed_up__isnull=True, completed__isnull=True)
                | Q(received__isnull=False, followed_up__isnull=False, completed__isnull=False),
                name="evaluation_counts_all_or_none",
            ),
            models.CheckConstraint(
                condition=Q(received__isnull=True)
                | Q(
                    completed__gte=0,
                    followed_up__gte=F("completed"),
                    received__gte=F("followed_up"),
                ),
                name="evaluation_counts_ordered",
            ),
        ]
        indexes = [models.Index(fields=["month", "agency"], name="evaluation_month_agency")]

    def __str__(self) -> str:
        return f"{self.agency.code} {format_month(self.month)}"

    def natural_key(self) -> tuple:
        return (self.month, *self.agency.natural_key())

    natural_key.dependencies = ["agencies.agency"]

    @property
    def counts_known(self) -> bool:
        return self.received is not None


class Ticket(models.Model):
    """One LAPOR! report routed to an agency, from LAPOR!'s report-level export.

    For an agency and a month in which it has tickets (by `received_on`), its report counts
    come from its tickets instead of the hand-entered ones, and its first follow-up is timed
    against the 5-working-day standard (`evaluations.figures.indicators`).
    received_on <= followed_up_on <= completed_on; no completion without a follow-up.
    """

    tracking_id = models.CharField(_("nomor pelacakan"), max_length=50, unique=True)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="tickets", verbose_name=_("instansi")
    )
    category = models.CharField(_("kategori"), max_length=25, choices=TicketCategory.choices)
    received_on = models.DateField(_("tanggal diterima"))
    followed_up_on = models.DateField(_("tanggal tindak lanjut"), null=True, blank=True)
    completed_on = models.DateField(_("tanggal selesai"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_on", "tracking_id"]
        verbose_name = _("tiket LAPOR!")
        verbose_name_plural = _("tiket LAPOR!")
        constraints = [
            models.CheckConstraint(
                condition=Q(followed_up_on__isnull=True) | Q(followed_up_on__gte=F("received_on")),
                name="ticket_follow_up_after_receipt",
            ),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True)
                | Q(followed_up_on__isnull=False, completed_on__gte=F("followed_up_on")),
                name="ticket_completion_after_follow_up",
            ),
        ]
        indexes = [models.Index(fields=["received_on", "agency"], name="ticket_received_agency")]

    def __str__(self) -> str:
        return self.tracking_id

    @property
    def month(self):
        return self.received_on.replace(day=1)


class Target(models.Model):
    """An indicator's target and bands, edited by admins; pages and PDFs colour from these.

    A percentage at or above `good_from` is on target, at or above `fair_from` needs
    improvement, below is under target. No verdict is given when fewer than `min_agencies`
    IPs (or, for report-based indicators, `min_reports` reports) stand behind it.
    """

    indicator = models.CharField(_("indikator"), max_length=20, choices=Indicator.choices, unique=True)
    good_from = models.PositiveSmallIntegerField(_("sesuai target mulai (%)"))
    fair_from = models.PositiveSmallIntegerField(_("perlu ditingkatkan mulai (%)"))
    min_agencies = models.PositiveSmallIntegerField(_("minimal IP untuk dinilai"), default=3)
    min_reports = models.PositiveSmallIntegerField(_("minimal laporan untuk dinilai"), default=10)

    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator"]
        verbose_name = _("target indikator")
        verbose_name_plural = _("target indikator")
        constraints = [
            models.CheckConstraint(
                condition=Q(good_from__lte=100) & Q(fair_from__lte=F("good_from")),
                name="target_bands_ordered",
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_indicator_display())
