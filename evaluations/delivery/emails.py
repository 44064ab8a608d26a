"""The subscription email of a published revision: in Indonesian, the headline figures in the
body, the revision's reason and changes when it is a correction, the PDF attached (or linked
when it is over `LAPOR_EMAIL_ATTACHMENT_MAX_BYTES`), and an unsubscribe link (also in the
`List-Unsubscribe` header, one click, RFC 8058)."""

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from evaluations.figures import catalog, scorecards
from evaluations.figures.formatting import count_text, percent_text, ratio_text
from evaluations.figures.revisions import period_changes
from evaluations.models import Period, Subscription
from evaluations.pdf import archive
from evaluations.pdf import worker as report_worker
from evaluations.periods import format_month, format_period

UNSUBSCRIBE_SALT = "lapor.subscription.unsubscribe"
CONFIRM_SALT = "lapor.subscription.confirm"


def unsubscribe_token(subscription: Subscription) -> str:
    return signing.dumps(subscription.pk, salt=UNSUBSCRIBE_SALT, compress=True)


def confirm_token(subscription: Subscription) -> str:
    """Names the subscription and its address: a link for one address confirms only that one."""
    return signing.dumps([subscription.pk, subscription.email], salt=CONFIRM_SALT, compress=True)


def subscription_from_token(token: str, *, salt: str = UNSUBSCRIBE_SALT) -> Subscription | None:
    """The subscription a link names, or None (a forged link, or one already unsubscribed)."""
    try:
        value = signing.loads(token, salt=salt)
    except signing.BadSignature:
        return None
    subscriptions = Subscription.objects.select_related("province")
    if salt == CONFIRM_SALT:
        pk, email = value
        return subscriptions.filter(pk=pk, email=email).first()
    return subscriptions.filter(pk=value).first()


def confirmation_email(subscription: Subscription) -> EmailMessage:
    """Asks the owner of an address that a user entered to confirm they want the reports."""
    scope = subscription.province.name if subscription.province_id else "Nasional"
    with translation.override("id"):
        context = {
            "scope": scope,
            "requested_by": subscription.user.get_full_name() or subscription.user.get_username(),
            "confirm_url": absolute(reverse("confirm_subscription", args=[confirm_token(subscription)])),
        }
        subject = f"Konfirmasi langganan laporan SP4N-LAPOR! {scope}"
        body = render_to_string("evaluations/email/confirm.txt", context)
    return EmailMessage(subject=subject, body=body, to=[subscription.email])


def absolute(path: str) -> str:
    return f"{settings.LAPOR_SITE_URL}{path}"


def report_email(subscription: Subscription, period: Period) -> EmailMessage:
    """The email of `subscription` for the published revision of `period`."""
    month, revision = period.month, period.revision
    province = subscription.province
    code = province.code if province else None
    with translation.override("id"):
        card = scorecards.for_province(province, month) if province else scorecards.national(month)
        stored = archive.read_archive(code, month, revision)
        if stored is None:  # rendering failed or was skipped: render this one now (archived as well)
            report_worker.render_one(code, month, revision)
            stored = archive.read_archive(code, month, revision)
        content, digest = stored
        pdf_path = (
            reverse("evaluations:province_pdf", args=[code, format_period(month)])
            if code
            else reverse("evaluations:national_pdf", args=[format_period(month)])
        )
        page_path = reverse("evaluations:province", args=[code]) if code else reverse("evaluations:national")
        attach = len(content) <= settings.LAPOR_EMAIL_ATTACHMENT_MAX_BYTES
        unsubscribe_url = absolute(reverse("unsubscribe", args=[unsubscribe_token(subscription)]))
        log = next((entry for entry in period_changes(month) if entry.revision == revision), None)
        context = {
            "scope": province.name if province else "Nasional",
            "month_label": format_month(month),
            "revision": revision,
            "published_at": period.published_at,
            "headlines": [
                {
                    "label": spec.label,
                    "percent": percent_text(card.measure(spec.key).percent),
                    "counts": ratio_text(card.measure(spec.key), spec.unit),
                }
                for spec in catalog.TABLED
            ],
            "national": province is None,
            "provinces_evaluated": card.provinces_evaluated if province is None else None,
            "provinces_total": count_text(len(card.provinces)) if province is None else None,
            "reason": log.reason if log and revision > 1 else "",
            "changes": _changes_in(log, province) if log and revision > 1 else (),
            "attach": attach,
            "file_name": archive.download_name(code, month),
            "size": _size_text(len(content)),
            "sha256": digest,
            "pdf_url": absolute(f"{pdf_path}?revisi={revision}"),
            "page_url": absolute(f"{page_path}?periode={format_period(month)}"),
            "subscriptions_url": absolute(reverse("subscriptions")),
            "unsubscribe_url": unsubscribe_url,
        }
        subject = render_to_string("evaluations/email/report_subject.txt", context).strip()
        body = render_to_string("evaluations/email/report.txt", context)
    message = EmailMessage(
        subject=subject,
        body=body,
        to=[subscription.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    if attach:
        message.attach(context["file_name"], content, "application/pdf")
    return message


def _changes_in(log, province) -> tuple:
    """The revision's changes a subscriber reads: all of them nationally, a province's own."""
    if province is None:
        return log.changes
    return tuple(change for change in log.changes if change.province_code == province.code)


def _size_text(size: int) -> str:
    """1536 → "2 KB"; 3_500_000 → "3,3 MB" (Indonesian decimal comma)."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")
