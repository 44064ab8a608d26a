"""Import of LAPOR! tickets: the report-level export, one row per report routed to an agency."""

from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.importing import Importer, ImportFailed, Plan, RowError, _codes, _text
from agencies.models import Agency
from agencies.scoping import OUT_OF_SCOPE_MESSAGE
from evaluations.choices import TicketCategory
from evaluations.entry.locking import MonthLocked, lock_months, locked_message
from evaluations.models import Period, Ticket

_CATEGORIES = {choice.lower(): choice for choice in TicketCategory.values}


def _lock(months) -> None:
    """Lock the months a plan writes; a month published between plan and apply fails the import."""
    try:
        lock_months(months)
    except MonthLocked as locked:
        raise ImportFailed([RowError(None, "", locked_message(month)) for month in locked.months]) from None


class TicketImporter(Importer):
    """LAPOR!'s report-level export: one row per report routed to an agency.

    A tracking ID already imported is updated (its agency, dates or category corrected). A
    ticket received in a published month, or moved out of one, is refused with the lock message.
    """

    kind = "tickets"
    model = Ticket
    columns = (
        "tracking_id",
        "kode_instansi",
        "kategori",
        "tanggal_diterima",
        "tanggal_tindak_lanjut",
        "tanggal_selesai",
    )
    labels = {
        "tracking_id": ("Tracking ID", "ID Pelacakan", "Nomor Tiket", "ID Laporan"),
        "kode_instansi": ("Kode Instansi", "Kode IP"),
        "kategori": ("Kategori", "Kategori Laporan"),
        "tanggal_diterima": ("Tanggal Diterima", "Tgl Diterima"),
        "tanggal_tindak_lanjut": ("Tanggal Tindak Lanjut", "Tanggal Ditindaklanjuti", "Tgl Tindak Lanjut"),
        "tanggal_selesai": ("Tanggal Selesai", "Tgl Selesai"),
    }
    key_columns = ("tracking_id",)
    fields = ("agency_id", "category", "received_on", "followed_up_on", "completed_on")

    def prepare(self, rows):
        self.agencies = {a.code: a for a in Agency.objects.filter(code__in=_codes(rows, "kode_instansi"))}
        self.published = set(Period.objects.published().values_list("month", flat=True))
        self.stored_months = {
            tracking_id: received_on.replace(day=1)
            for tracking_id, received_on in Ticket.objects.filter(
                tracking_id__in=_codes(rows, "tracking_id")
            ).values_list("tracking_id", "received_on")
        }
        self.today = timezone.localdate()

    def validate(self, row, check):
        tracking_id = check.text("tracking_id", max_length=50)
        code = check.text("kode_instansi", max_length=20)
        category = _CATEGORIES.get(" ".join(check.text("kategori").lower().split()))
        if category is None and _text(row.values.get("kategori")):
            check.fail(
                "kategori",
                _("harus salah satu dari: %(values)s.") % {"values": ", ".join(TicketCategory.values)},
            )
        received_on = check.date("tanggal_diterima")
        followed_up_on = check.date("tanggal_tindak_lanjut", required=False)
        completed_on = check.date("tanggal_selesai", required=False)
        agency = self.agencies.get(code)
        if code and agency is None:
            check.fail("kode_instansi", _("instansi %(code)s tidak dikenal.") % {"code": code})
        elif agency is not None and self.out_of_scope(agency.province_id):
            check.fail("kode_instansi", OUT_OF_SCOPE_MESSAGE % {"code": code})
        for column, day in (
            ("tanggal_diterima", received_on),
            ("tanggal_tindak_lanjut", followed_up_on),
            ("tanggal_selesai", completed_on),
        ):
            if day is not None and day > self.today:
                check.fail(column, _("tanggal %(day)s belum terjadi.") % {"day": day.isoformat()})
        if received_on and followed_up_on and followed_up_on < received_on:
            check.fail("tanggal_tindak_lanjut", _("tidak boleh sebelum tanggal diterima."))
        if completed_on and not _text(row.values.get("tanggal_tindak_lanjut")):
            check.fail("tanggal_selesai", _("laporan selesai harus memiliki tanggal tindak lanjut."))
        elif completed_on and followed_up_on and completed_on < followed_up_on:
            check.fail("tanggal_selesai", _("tidak boleh sebelum tanggal tindak lanjut."))
        if received_on is not None:
            for month in {received_on.replace(day=1), self.stored_months.get(tracking_id)} - {None}:
                if month in self.published:
                    check.fail("tanggal_diterima", locked_message(month))
        if not check.ok:
            return None
        return (tracking_id,), {
            "tracking_id": tracking_id,
            "agency_id": agency.pk,
            "category": category,
            "received_on": received_on,
            "followed_up_on": followed_up_on,
            "completed_on": completed_on,
        }

    def existing(self, keys):
        return {(t.tracking_id,): t for t in Ticket.objects.filter(tracking_id__in=[k[0] for k in keys])}

    def before_apply(self, plan: Plan) -> None:
        months = set()
        for change in plan.changes:
            if change.action == "unchanged":
                continue
            months.add(change.instance.received_on.replace(day=1))
            before = change.fields.get("received_on", (None, None))[0]
            if before is not None:
                months.add(before.replace(day=1))
        _lock(months)
