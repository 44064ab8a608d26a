"""The narrative paragraph of a scorecard, in the register of the ministry's reports."""

from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from num2words import num2words

from evaluations.figures.analysis import Standing
from evaluations.figures.cards import Scorecard
from evaluations.figures.indicators import Ratio
from evaluations.periods import format_month


def count_words(n: int) -> str:
    """Small counts in words, as the ministry's reports write them ("lima"); larger ones in digits."""
    if 0 < n <= 10:
        return num2words(n, lang="en" if translation.get_language() == "en" else "id")
    return number_format(n, force_grouping=True)


def narrative(card: Scorecard, sk_standing: Standing | None = None) -> str:
    """A paragraph in the register of the ministry's reports, generated from the scorecard."""
    scope = _("Provinsi %(name)s") % {"name": card.province.name} if card.province else _("tingkat nasional")
    parts = [
        _(
            "Berdasarkan hasil monitoring dan evaluasi SP4N-LAPOR! periode %(month)s, angka keterhubungan "
            "SP4N-LAPOR! berdasarkan kepemilikan SK di %(scope)s mencapai %(percent)s persen atau "
            "%(count)s dari %(total)s IP."
        )
        % {
            "month": format_month(card.month),
            "scope": scope,
            "percent": _percent_words(card.sk),
            "count": count_words(card.sk.count),
            "total": number_format(card.sk.total, force_grouping=True),
        }
        if card.agencies_total
        else _("Belum ada IP yang terdaftar untuk %(scope)s pada periode %(month)s.")
        % {"scope": scope, "month": format_month(card.month)}
    ]
    if card.agencies_total:
        parts.append(
            _(
                "Berdasarkan indikator keaktifan akun, %(active_pct)s persen (%(active)s IP) sudah aktif "
                "mengelola laporan dan %(inactive_pct)s persen (%(inactive)s IP) belum aktif mengelola "
                "melalui aplikasi SP4N-LAPOR!."
            )
            % {
                "active_pct": card.account_active.percent,
                "active": count_words(card.account_active.count),
                "inactive_pct": card.account_inactive.percent,
                "inactive": count_words(card.account_inactive.count),
            }
        )
    if card.follow_up.total:
        parts.append(
            _(
                "Dari %(received)s laporan yang diterima, %(followed)s (%(follow_pct)s persen) telah "
                "ditindaklanjuti dan %(completed)s (%(completion_pct)s persen) telah selesai."
            )
            % {
                "received": number_format(card.follow_up.total, force_grouping=True),
                "followed": number_format(card.follow_up.count, force_grouping=True),
                "follow_pct": card.follow_up.percent,
                "completed": number_format(card.completion.count, force_grouping=True),
                "completion_pct": card.completion.percent,
            }
        )
    elif card.follow_up.total == 0:
        parts.append(_("Tidak ada laporan yang diterima pada bulan ini."))
    else:
        parts.append(_("Data tindak lanjut dan penyelesaian laporan belum tersedia."))
    on_time = card.follow_up_on_time
    if on_time.total:
        # One sentence (the PDFs' first page has room for no more): share, counts and median.
        parts.append(
            _(
                "Menurut data tiket LAPOR! dari %(agencies)s IP, %(percent)s persen laporan "
                "ditindaklanjuti dalam 5 hari kerja (%(count)s dari %(total)s), dengan median "
                "%(median)s hari kerja sampai tindak lanjut pertama."
            )
            % {
                "agencies": count_words(card.ticket_agencies),
                "percent": on_time.percent,
                "count": number_format(on_time.count, force_grouping=True),
                "total": number_format(on_time.total, force_grouping=True),
                "median": _percent_words_of(card.figure("median_working_days_to_follow_up")),
            }
        )
    if sk_standing is not None and sk_standing.rank is not None and card.province:
        parts.append(
            _(
                "Dengan capaian kepemilikan SK tersebut, Provinsi %(name)s berada di peringkat %(rank)s "
                "dari %(of)s provinsi, dengan median nasional %(median)s persen."
            )
            % {
                "name": card.province.name,
                "rank": sk_standing.rank,
                "of": sk_standing.of,
                "median": sk_standing.median,
            }
        )
    return " ".join(parts)


def _percent_words_of(value: int | None) -> str:
    return "—" if value is None else str(value)


def _percent_words(value: Ratio) -> str:
    return "—" if value.percent is None else str(value.percent)
