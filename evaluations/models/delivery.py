"""What goes out after a month is published: subscriptions to the reports, and the jobs that
render a revision's PDFs and mail them (`evaluations.delivery`)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from evaluations.models.months import Period


class Subscription(models.Model):
    """A user's subscription to the national report (no province) or to one province's report:
    each publication (and each new revision) of a month sends them one email with its PDF."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="report_subscriptions",
        verbose_name=_("pengguna"),
    )
    province = models.ForeignKey(
        "agencies.Province",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("provinsi"),
        help_text=_("Kosong: laporan nasional."),
    )
    email = models.EmailField(_("alamat email"))
    created_at = models.DateTimeField(_("dibuat pada"), auto_now_add=True)
    # Set at once for the account's own address; for another address when its owner opens the
    # confirmation link mailed to it. Reports go to confirmed subscriptions only.
    confirmed_at = models.DateTimeField(_("dikonfirmasi pada"), null=True, blank=True)

    class Meta:
        ordering = ["user_id", "province_id"]
        verbose_name = _("langganan laporan")
        verbose_name_plural = _("langganan laporan")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "province"],
                condition=Q(province__isnull=False),
                name="subscription_once_per_province",
            ),
            models.UniqueConstraint(
                fields=["user"], condition=Q(province__isnull=True), name="subscription_once_national"
            ),
        ]

    def __str__(self) -> str:
        scope = self.province.name if self.province_id else _("Nasional")
        return f"{self.email} — {scope}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class DeliveryJob(models.Model):
    """One piece of work after a revision is published: rendering its PDFs and ZIP, or one
    subscription's email. A task of the queue runs it (`delivery.tasks`); its state, tries and
    last error are what the month's close page shows staff."""

    class Kind(models.TextChoices):
        RENDER = "render", _("membuat PDF dan ZIP")
        EMAIL = "email", _("mengirim email langganan")

    class State(models.TextChoices):
        QUEUED = "queued", _("menunggu")
        RUNNING = "running", _("berjalan")
        RETRYING = "retrying", _("gagal, akan dicoba lagi")
        FAILED = "failed", _("gagal")
        DONE = "done", _("selesai")
        SKIPPED = "skipped", _("dilewati")

    period = models.ForeignKey(
        Period, on_delete=models.CASCADE, related_name="jobs", verbose_name=_("periode")
    )
    revision = models.PositiveIntegerField(_("revisi"))
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    subscription = models.ForeignKey(
        Subscription,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="jobs",
        verbose_name=_("langganan"),
    )
    recipient = models.CharField(_("penerima"), max_length=254, blank=True)
    state = models.CharField(_("status"), max_length=10, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    last_error = models.TextField(_("galat terakhir"), blank=True)
    note = models.CharField(_("catatan"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("dibuat pada"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diperbarui pada"), auto_now=True)
    finished_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)

    class Meta:
        ordering = ["period_id", "revision", "kind", "id"]
        verbose_name = _("tugas pengiriman")
        verbose_name_plural = _("tugas pengiriman")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "revision"], condition=Q(kind="render"), name="delivery_render_once"
            ),
            models.UniqueConstraint(
                fields=["period", "revision", "subscription"],
                condition=Q(kind="email"),
                name="delivery_email_once_per_subscription",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period} r{self.revision} {self.kind} {self.recipient}".rstrip()


@receiver(pre_delete, sender=Subscription)
def _forget_the_address(sender, instance: Subscription, **kwargs) -> None:
    """A stopped subscription's jobs stay on the close page as a record, without its address
    (personal data): however it is deleted (the page, the unsubscribe link, its user deleted)."""
    DeliveryJob.objects.filter(subscription=instance).update(recipient="")
