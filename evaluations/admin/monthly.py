"""The monthly data in the admin: evaluations (typed in, gridded or imported) and LAPOR! tickets
(imported only)."""

from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Subquery
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from agencies.admin import ImportableAdmin
from evaluations.choices import PeriodStatus
from evaluations.entry import month_views
from evaluations.entry.forms import MonthField
from evaluations.entry.importing import EvaluationImporter
from evaluations.entry.locking import MonthLocked, is_locked, lock_months, locked_message, locked_months
from evaluations.entry.ticket_import import TicketImporter
from evaluations.models import (
    COUNT_FIELDS,
    MonthlyEvaluation,
    Period,
    Ticket,
    report_count_problems,
)
from evaluations.periods import format_month, format_period, parse_month
from lapor_monitor.stale import StaleSaveGuard, StaleSaveGuardAdmin


class MonthFilter(admin.SimpleListFilter):
    title = _("bulan")
    parameter_name = "periode"

    def lookups(self, request, model_admin):
        months = Period.objects.order_by("-month").values_list("month", flat=True)
        return [(format_period(month), format_month(month)) for month in months]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        try:
            return queryset.filter(month=parse_month(self.value()))
        except ValidationError:
            return queryset.none()


class MonthlyEvaluationForm(StaleSaveGuard):
    month = MonthField(label=_("Periode"))

    class Meta:
        model = MonthlyEvaluation
        fields = ["agency", "month", "account_active", "received", "followed_up", "completed"]

    def clean(self):
        data = super().clean()
        month = data.get("month")
        # The admin saves inside a transaction: the period rows stay locked until it commits.
        months = {month} if month is not None else set()
        if self.instance.pk:
            months.add(self.instance.month)
        try:
            lock_months(months)
        except MonthLocked as locked:
            raise ValidationError(str(locked)) from None
        for name, message in report_count_problems(*(data.get(name) for name in COUNT_FIELDS)):
            self.add_error(name, message)
        return data


@admin.register(MonthlyEvaluation)
class MonthlyEvaluationAdmin(StaleSaveGuardAdmin, ImportableAdmin):
    import_kind = "evaluations"
    import_columns = EvaluationImporter.columns
    province_field = "agency__province_id"
    form = MonthlyEvaluationForm
    list_display = [
        "agency",
        "province",
        "periode",
        "account_active",
        "received_",
        "followed_up_",
        "completed_",
        "period_status",
    ]
    list_filter = [("agency__province", admin.RelatedOnlyFieldListFilter), MonthFilter, "account_active"]
    list_select_related = ["agency__province"]
    search_fields = ["agency__code", "agency__name"]
    autocomplete_fields = ["agency"]
    actions = ["export_csv", "delete_unlocked"]

    def province_id_of(self, obj):
        return obj.agency.province_id if obj.agency_id else None

    def changelist_links(self):
        grid = reverse("admin:evaluations_monthlyevaluation_grid", current_app=self.admin_site.name)
        return [(grid, _("Isi grid provinsi")), *super().changelist_links()]

    def export_rows(self, queryset):
        for evaluation in queryset.select_related("agency"):
            yield (
                evaluation.agency.code,
                format_period(evaluation.month),
                "ya" if evaluation.account_active else "tidak",
                evaluation.received,
                evaluation.followed_up,
                evaluation.completed,
            )

    def get_queryset(self, request):
        status = Period.objects.filter(month=OuterRef("month")).values("status")[:1]
        return super().get_queryset(request).annotate(period_status=Subquery(status))

    def get_urls(self):
        urls = [
            path(
                "grid/",
                self.admin_site.admin_view(lambda request: month_views.grid_view(request, self)),
                name="evaluations_monthlyevaluation_grid",
            )
        ]
        return urls + super().get_urls()

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def _locked(self, obj) -> bool:
        if obj is None or obj.pk is None:
            return False
        status = getattr(obj, "period_status", None)
        return status == PeriodStatus.PUBLISHED if hasattr(obj, "period_status") else is_locked(obj.month)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._locked(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._locked(obj)

    @admin.action(description=_("Hapus evaluasi terpilih (bulan draf saja)"), permissions=["delete"])
    def delete_unlocked(self, request, queryset):
        locked = locked_months(queryset.values_list("month", flat=True).distinct())
        if locked:
            for month in sorted(locked):
                self.message_user(request, locked_message(month), messages.ERROR)
            return None
        return delete_selected(self, request, queryset)

    @admin.display(description=_("provinsi"), ordering="agency__province__code")
    def province(self, obj):
        return obj.agency.province.name

    @admin.display(description=_("periode"), ordering="month")
    def periode(self, obj):
        return format_period(obj.month)

    @admin.display(description=_("diterima"), ordering="received")
    def received_(self, obj):
        return obj.received

    @admin.display(description=_("ditindaklanjuti"), ordering="followed_up")
    def followed_up_(self, obj):
        return obj.followed_up

    @admin.display(description=_("selesai"), ordering="completed")
    def completed_(self, obj):
        return obj.completed

    @admin.display(description=_("status bulan"), ordering="period_status")
    def period_status(self, obj):
        if obj.period_status == PeriodStatus.PUBLISHED:
            return _("terkunci")
        return _("draf")


@admin.register(Ticket)
class TicketAdmin(ImportableAdmin):
    """LAPOR! tickets come from its export (`import_lapor tickets`): listed and imported here,
    never typed in one by one (a correction is a new import of the ticket's row)."""

    import_kind = "tickets"
    import_columns = TicketImporter.columns
    province_field = "agency__province_id"
    list_display = ["tracking_id", "agency", "category", "received_on", "followed_up_on", "completed_on"]
    list_filter = [("agency__province", admin.RelatedOnlyFieldListFilter), "category"]
    list_select_related = ["agency"]
    search_fields = ["tracking_id", "agency__code", "agency__name"]
    date_hierarchy = "received_on"
    readonly_fields = ["tracking_id", "agency", "category", "received_on", "followed_up_on", "completed_on"]

    def province_id_of(self, obj):
        return obj.agency.province_id if obj.agency_id else None

    def export_rows(self, queryset):
        for ticket in queryset.select_related("agency"):
            yield (
                ticket.tracking_id,
                ticket.agency.code,
                ticket.category,
                ticket.received_on.isoformat(),
                ticket.followed_up_on.isoformat() if ticket.followed_up_on else "",
                ticket.completed_on.isoformat() if ticket.completed_on else "",
            )

    def add_view(self, request, form_url="", extra_context=None):
        # Tickets are added by import only: the add button leads there.
        return HttpResponseRedirect(reverse("admin:lapor_import", args=["tickets"]))

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions
