"""Finding things: the nationwide list of IPs by status (`/instansi/?status=belum-aktif`,
`?sk=belum-ada`, `?provinsi=81`, `?q=ambon`), paginated, sortable and exportable like the
other tables; it also answers the header's search box (agencies and provinces by name or code).
A published month lists its IPs as published (from the snapshot)."""

import django_tables2 as tables
from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from django_tables2 import RequestConfig

from evaluations.figures.cards import AgencyRow, Scorecard
from evaluations.periods import format_period
from evaluations.web.access import dashboard_view
from evaluations.web.conditional import conditional_view
from evaluations.web.exports import CONTENT_TYPES, DATE, TEXT, ExportColumn, table_response
from evaluations.web.params import PeriodError, visible_national

PER_PAGE = 50
ACCOUNT_STATES = {
    "aktif": _("Aktif"),
    "belum-aktif": _("Belum aktif"),
    "belum-ada-data": _("Belum ada data"),
}
SK_STATES = {"ada": _("Ada"), "belum-ada": _("Belum ada")}


class AgencyFilterForm(forms.Form):
    q = forms.CharField(label=_("Cari nama atau kode"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Akun"), required=False, choices=[("", _("semua"))] + list(ACCOUNT_STATES.items())
    )
    sk = forms.ChoiceField(
        label=_("SK"), required=False, choices=[("", _("semua"))] + list(SK_STATES.items())
    )
    provinsi = forms.ChoiceField(label=_("Provinsi"), required=False)

    def __init__(self, *args, provinces: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provinsi"].choices = [("", _("semua"))] + provinces


def _account_state(row: AgencyRow) -> str:
    if not row.evaluated:
        return "belum-ada-data"
    return "aktif" if row.account_active else "belum-aktif"


def list_rows(card: Scorecard, filters: dict) -> list[dict]:
    """The IPs of every province of the national scorecard that pass the filters."""
    query = (filters.get("q") or "").strip().lower()
    period = format_period(card.month)
    rows = []
    for province in card.provinces:
        if filters.get("provinsi") and province.province.code != filters["provinsi"]:
            continue
        for row in province.agencies:
            state = _account_state(row)
            if filters.get("status") and state != filters["status"]:
                continue
            if filters.get("sk") and ("ada" if row.has_sk else "belum-ada") != filters["sk"]:
                continue
            if query and query not in row.name.lower() and not row.code.lower().startswith(query):
                continue
            rows.append(
                {
                    "code": row.code,
                    "name": row.name,
                    "url": reverse("evaluations:agency", args=[row.code]) + f"?periode={period}",
                    "province": province.province.name,
                    "province_url": reverse("evaluations:province", args=[province.province.code])
                    + f"?periode={period}",
                    "sk": str(SK_STATES["ada" if row.has_sk else "belum-ada"]),
                    "sk_number": row.sk_number,
                    "sk_issued_on": row.sk_issued_on,
                    "account": str(ACCOUNT_STATES[state]),
                    "account_state": state,
                }
            )
    return rows


class AgencyListTable(tables.Table):
    code = tables.Column(verbose_name=_("Kode"))
    name = tables.Column(verbose_name=_("Instansi"))
    province = tables.Column(verbose_name=_("Provinsi"))
    sk = tables.Column(verbose_name=_("SK"))
    account = tables.Column(verbose_name=_("Akun"))

    class Meta:
        orderable = True
        order_by = ("code",)
        attrs = {"class": "data-table", "id": "agency-list"}
        template_name = "evaluations/tables/agency_list.html"

    def export_columns(self) -> list[ExportColumn]:
        return [
            ExportColumn(str(_("Kode")), lambda r: r["code"], TEXT, 8),
            ExportColumn(str(_("Instansi")), lambda r: r["name"], TEXT, 36),
            ExportColumn(str(_("Provinsi")), lambda r: r["province"], TEXT, 24),
            ExportColumn(str(_("SK")), lambda r: r["sk"], TEXT, 10),
            ExportColumn(str(_("Nomor SK")), lambda r: r["sk_number"], TEXT, 28),
            ExportColumn(str(_("Tanggal SK")), lambda r: r["sk_issued_on"], DATE),
            ExportColumn(str(_("Akun")), lambda r: r["account"], TEXT, 14),
        ]


@require_GET
@dashboard_view
@conditional_view
def agency_list(request: HttpRequest) -> HttpResponse:
    try:
        card = visible_national(request)
    except PeriodError as error:
        template = "400.html" if error.status == 400 else "404.html"
        return render(request, template, {"message": error.message}, status=error.status)
    month = card.month
    provinces = [(p.province.code, p.province.name) for p in card.provinces]
    form = AgencyFilterForm(request.GET or None, provinces=provinces)
    filters = form.cleaned_data if form.is_valid() else {}
    table = AgencyListTable(list_rows(card, filters))
    export = request.GET.get("export")
    if export in CONTENT_TYPES:
        RequestConfig(request, paginate=False).configure(table)
        return table_response(table, export, f"lapor-instansi-{format_period(month)}", [])
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    query = (filters.get("q") or "").strip().lower()
    matching_provinces = [
        p for p in card.provinces if query and (query in p.province.name.lower() or p.province.code == query)
    ]
    context = {
        "card": card,
        "form": form,
        "table": table,
        "total": len(table.rows),
        "matching_provinces": matching_provinces,
        "period": format_period(month),
        "export_query": request.GET.urlencode(),
    }
    return render(request, "evaluations/agency_list.html", context)
