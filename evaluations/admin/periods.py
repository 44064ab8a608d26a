"""Publishing in the admin: the periods (publish, reopen and the close page), the targets and
the change log of corrections after publication."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Subquery
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from agencies.scoping import in_scope
from evaluations.entry import month_views
from evaluations.entry.closing import ClosingError, publish
from evaluations.entry.forms import MonthField
from evaluations.models import MonthlyEvaluation, Period, PeriodChange, Target
from evaluations.periods import format_month, format_period


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
