from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, OuterRef, Subquery
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from agencies.admin import ImportableAdmin
from agencies.scoping import in_scope
from evaluations.choices import PeriodStatus
from evaluations.entry import month_views
from evaluations.entry.closing import ClosingError, publish
from evaluations.entry.forms import MonthField
from evaluations.entry.importing import EvaluationImporter, TicketImporter
from evaluations.entry.locking import MonthLocked, is_locked, lock_months, locked_message, locked_months
from evaluations.models import (
    COUNT_FIELDS,
    MonthlyEvaluation,
    Period,
    PeriodChange,
    Target,
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


@admin.register(Period)
class PeriodAdmin(SimpleHistoryAdmin):
    object_history_list_template = "admin/lapor/object_history_list.html"
    list_display = ["periode", "status", "revision", "published_at", "published_by", "entered", "close_link"]
    list_display_links = ["periode"]
    list_filter = ["status", "is_example"]
    list_select_related = ["published_by"]
    actions = ["publish_selected"]
    fields = ["month", "status", "revision", "published_at", "published_by", "is_example"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                entered=Subquery(
                    MonthlyEvaluation.objects.filter(month=OuterRef("month"))
                    .values("month")
                    .annotate(n=Count("pk"))
                    .values("n")[:1]
                )
            )
        )

    def get_readonly_fields(self, request, obj=None):
        # Status and revision change only through publish and reopen (the close page).
        if obj is None:
            return ["status", "revision", "published_at", "published_by"]
        return self.fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if obj is None and "month" in form.base_fields:
            form.base_fields["month"] = MonthField(label=_("Bulan"), help_text=_("TTTT-BB, mis. 2020-10."))
        return form

    def has_change_permission(self, request, obj=None):
        return False if obj is not None else super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # A month with evaluations keeps its period (the database refuses it too): deleting it
        # would leave its rows without a draft state and show them to viewers.
        if obj is not None and (
            obj.is_published or MonthlyEvaluation.objects.filter(month=obj.month).exists()
        ):
            return False
        return request.user.is_superuser

    def get_urls(self):
        urls = [
            path(
                "<path:object_id>/penutupan/",
                self.admin_site.admin_view(
                    lambda request, object_id: month_views.close_view(request, self, object_id)
                ),
                name="evaluations_period_close",
            )
        ]
        return urls + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "close_url": reverse("admin:evaluations_period_close", args=[object_id]),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description=_("periode"), ordering="month")
    def periode(self, obj):
        return f"{format_period(obj.month)} ({format_month(obj.month)})"

    @admin.display(description=_("data diisi"), ordering="entered")
    def entered(self, obj):
        return obj.entered or 0

    @admin.display(description=_("penutupan"))
    def close_link(self, obj):
        url = reverse("admin:evaluations_period_close", args=[obj.pk])
        label = _("buka kembali / log") if obj.is_published else _("publikasikan")
        return format_html('<a href="{}">{}</a>', url, label)

    def has_publish_permission(self, request):
        return request.user.has_perm("evaluations.publish_period")

    @admin.action(description=_("Publikasikan periode terpilih"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        for period in queryset.order_by("month"):
            try:
                publish(period.month, request.user)
            except (ClosingError, PermissionDenied) as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("%(month)s dipublikasikan dan terkunci.") % {"month": format_month(period.month)},
                    messages.SUCCESS,
                )


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    object_history_list_template = "admin/lapor/object_history_list.html"
    list_display = ["indicator", "good_from", "fair_from", "min_agencies", "min_reports"]
    list_editable = ["good_from", "fair_from", "min_agencies", "min_reports"]
    list_display_links = ["indicator"]
    readonly_fields = ["indicator"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PeriodChange)
class PeriodChangeAdmin(admin.ModelAdmin):
    """The change log of corrections after publication; written only by republishing."""

    list_display = ["period", "revision", "agency", "field", "old_value", "new_value", "changed_by", "reason"]
    list_filter = ["period", "revision"]
    list_select_related = ["period", "agency", "changed_by"]
    search_fields = ["agency__code", "agency__name"]

    def get_queryset(self, request):
        from agencies.scoping import allowed_province_ids

        queryset = super().get_queryset(request)
        scope = allowed_province_ids(request.user)
        return queryset if scope is None else queryset.filter(agency__province_id__in=scope)

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or in_scope(request.user, obj.agency.province_id))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
