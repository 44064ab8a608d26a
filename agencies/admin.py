from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from agencies.importing import AgencyImporter, DecreeImporter
from agencies.models import Agency, CoordinatorAssignment, Decree, Province
from agencies.querysets import existing_on
from agencies.scoping import (
    COORDINATOR_GROUP,
    EVALUATOR_GROUP,
    VIEWER_GROUP,
    allowed_province_ids,
    in_scope,
)
from lapor_monitor.spreadsheets import csv_download
from lapor_monitor.stale import StaleSaveGuard, StaleSaveGuardAdmin


class ProvinceScopedMixin:
    """Limits a provincial coordinator to the records of their province(s), in querysets and per object.

    `province_field` is the lookup from the model to its province's id. Out-of-scope objects
    are absent from the changelist and answer 404 on the change, delete and history pages.
    """

    province_field = "province_id"
    change_list_template = "admin/lapor/change_list.html"

    def changelist_links(self) -> list[tuple[str, str]]:
        """Extra buttons on the changelist for those who may enter data: (url, label)."""
        return []

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        scope = allowed_province_ids(request.user)
        if scope is not None:
            queryset = queryset.filter(**{f"{self.province_field}__in": scope})
        return queryset

    def province_id_of(self, obj) -> int | None:
        raise NotImplementedError

    def _in_scope(self, request, obj) -> bool:
        return obj is None or obj.pk is None or in_scope(request.user, self.province_id_of(obj))

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._in_scope(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._in_scope(request, obj)

    def _refuse_out_of_scope(self, request, object_id) -> None:
        if (
            allowed_province_ids(request.user) is not None
            and self.get_object(request, unquote(object_id)) is None
        ):
            raise Http404(_("Data tidak ditemukan di provinsi Anda."))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        self._refuse_out_of_scope(request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        self._refuse_out_of_scope(request, object_id)
        return super().delete_view(request, object_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        self._refuse_out_of_scope(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def scoped_provinces(self, request):
        provinces = Province.objects.all()
        scope = allowed_province_ids(request.user)
        return provinces if scope is None else provinces.filter(pk__in=scope)

    def scoped_agencies(self, request):
        agencies = Agency.objects.select_related("province")
        scope = allowed_province_ids(request.user)
        return agencies if scope is None else agencies.filter(province_id__in=scope)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "province":
            kwargs["queryset"] = self.scoped_provinces(request)
        elif db_field.name == "agency":
            kwargs["queryset"] = self.scoped_agencies(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def changelist_view(self, request, extra_context=None):
        can_enter = self.has_add_permission(request) and self.has_change_permission(request)
        tools = self.changelist_links() if can_enter else []
        extra_context = {**(extra_context or {}), "lapor_tools": tools}
        return super().changelist_view(request, extra_context)


class ProvinceScopedAdmin(ProvinceScopedMixin, SimpleHistoryAdmin):
    """A scoped admin whose history comes from django-simple-history."""

    # simple_history's own list carries an inline style, which the CSP blocks.
    object_history_list_template = "admin/lapor/object_history_list.html"

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._refuse_out_of_scope(request, object_id)
        obj = self.get_object(request, unquote(object_id))
        # Reverting is an edit: it needs the change permission on the object as it is now
        # (e.g. an evaluation of a published month cannot be reverted).
        if request.method == "POST" and not self.has_change_permission(request, obj):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class ImportableAdmin(ProvinceScopedAdmin):
    """Links the spreadsheet import with preview (the admin site's `lapor_import`, one URL for
    every kind) and adds a CSV export action in the import's columns (`export_rows`)."""

    import_kind: str
    import_columns: tuple[str, ...]
    actions = ["export_csv"]

    def changelist_links(self):
        url = reverse("admin:lapor_import", args=[self.import_kind], current_app=self.admin_site.name)
        return [(url, _("Impor dari spreadsheet"))]

    def export_rows(self, queryset):
        raise NotImplementedError

    @admin.action(description=_("Ekspor terpilih ke CSV (kolom impor)"), permissions=["view"])
    def export_csv(self, request, queryset):
        filename = f"{self.import_kind}-{timezone.localdate().isoformat()}.csv"
        return csv_download(filename, self.import_columns, self.export_rows(queryset))


class ValidityFilter(admin.SimpleListFilter):
    title = _("masa berlaku")
    parameter_name = "berlaku"

    def lookups(self, request, model_admin):
        return [
            ("ya", _("Berlaku hari ini")),
            ("berakhir", _("Sudah berakhir")),
            ("belum", _("Belum berlaku")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "ya":
            return queryset.filter(existing_on(today))
        if self.value() == "berakhir":
            return queryset.filter(valid_until__lt=today)
        if self.value() == "belum":
            return queryset.filter(valid_from__gt=today)
        return queryset


@admin.register(Province)
class ProvinceAdmin(ProvinceScopedMixin, admin.ModelAdmin):
    province_field = "pk"
    list_display = ["code", "name", "valid_from", "valid_until", "agency_count"]
    list_display_links = ["code", "name"]
    search_fields = ["code", "name"]
    list_filter = [ValidityFilter]

    def province_id_of(self, obj):
        return obj.pk

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(agency_count=Count("agencies"))

    @admin.display(description=_("jumlah IP"), ordering="agency_count")
    def agency_count(self, obj):
        return obj.agency_count


class DecreeInline(admin.TabularInline):
    model = Decree
    fields = ["number", "issued_on", "valid_until", "document"]
    extra = 1
    verbose_name = _("SK")
    verbose_name_plural = _("SK tim SP4N-LAPOR!")


class AgencyForm(StaleSaveGuard):
    class Meta:
        model = Agency
        fields = "__all__"


class DecreeForm(StaleSaveGuard):
    class Meta:
        model = Decree
        fields = "__all__"


@admin.register(Agency)
class AgencyAdmin(StaleSaveGuardAdmin, ImportableAdmin):
    form = AgencyForm
    import_kind = "agencies"
    import_columns = AgencyImporter.columns
    list_display = ["code", "name", "kind", "province", "validity", "decree_count"]
    list_display_links = ["code", "name"]
    list_filter = [("province", admin.RelatedOnlyFieldListFilter), "kind", ValidityFilter]
    list_select_related = ["province"]
    search_fields = ["code", "name"]
    inlines = [DecreeInline]
    fieldsets = [
        (None, {"fields": ["code", "name", "kind", "province"]}),
        (
            _("Masa berlaku"),
            {
                "fields": ["valid_from", "valid_until"],
                "description": _("Kosongkan bila instansi berlaku sejak dahulu / sampai sekarang."),
            },
        ),
    ]

    def province_id_of(self, obj):
        return obj.province_id

    def export_rows(self, queryset):
        for agency in queryset.select_related("province"):
            yield agency.code, agency.name, agency.kind, agency.province.code

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(decree_count=Count("decrees"))

    @admin.display(description=_("masa berlaku"), ordering="valid_from")
    def validity(self, obj):
        if obj.valid_from is None and obj.valid_until is None:
            return "—"
        start = date_format(obj.valid_from, "SHORT_DATE_FORMAT") if obj.valid_from else "…"
        end = date_format(obj.valid_until, "SHORT_DATE_FORMAT") if obj.valid_until else "…"
        return f"{start} – {end}"

    @admin.display(description=_("jumlah SK"), ordering="decree_count")
    def decree_count(self, obj):
        return obj.decree_count


class InForceFilter(admin.SimpleListFilter):
    title = _("status SK")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("berlaku", _("Berlaku hari ini")), ("berakhir", _("Sudah berakhir"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "berlaku":
            return queryset.in_force_on(today)
        if self.value() == "berakhir":
            return queryset.filter(valid_until__lt=today)
        return queryset


@admin.register(Decree)
class DecreeAdmin(StaleSaveGuardAdmin, ImportableAdmin):
    form = DecreeForm
    import_kind = "decrees"
    import_columns = DecreeImporter.columns
    province_field = "agency__province_id"
    list_display = ["number", "agency", "province", "issued_on", "valid_until", "in_force"]
    list_display_links = ["number"]
    list_filter = [("agency__province", admin.RelatedOnlyFieldListFilter), InForceFilter]
    list_select_related = ["agency__province"]
    search_fields = ["number", "agency__code", "agency__name"]
    autocomplete_fields = ["agency"]

    def province_id_of(self, obj):
        return obj.agency.province_id if obj.agency_id else None

    def export_rows(self, queryset):
        for decree in queryset.select_related("agency"):
            yield decree.agency.code, decree.number, decree.issued_on, decree.valid_until

    @admin.display(description=_("provinsi"), ordering="agency__province__code")
    def province(self, obj):
        return obj.agency.province

    @admin.display(description=_("berlaku hari ini"), boolean=True)
    def in_force(self, obj):
        return obj.in_force_on(timezone.localdate())


class CoordinatorAssignmentInline(admin.TabularInline):
    model = CoordinatorAssignment
    extra = 1
    verbose_name = _("provinsi yang dikoordinasikan")
    verbose_name_plural = _("provinsi yang dikoordinasikan (untuk peran Koordinator provinsi)")


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


ROLE_CHOICES = [
    (VIEWER_GROUP, _("Pemantau — membaca dasbor")),
    (EVALUATOR_GROUP, _("Evaluator — mengisi, memeriksa dan mempublikasikan data")),
    (COORDINATOR_GROUP, _("Koordinator provinsi — mengisi data provinsinya sendiri")),
]


class UserWithRoleForm(UserCreationForm):
    """The first page of a new user: name, password, role and (for a coordinator) the province;
    staff access follows from the role, so nothing is left to a second page."""

    role = forms.ChoiceField(label=_("Peran"), choices=ROLE_CHOICES, initial=VIEWER_GROUP)
    province = forms.ModelChoiceField(
        label=_("Provinsi (untuk koordinator)"),
        queryset=Province.objects.order_by("code"),
        required=False,
        help_text=_("Wajib untuk Koordinator provinsi: ia hanya melihat dan mengisi data provinsi ini."),
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "first_name", "last_name", "email")

    def clean(self):
        data = super().clean()
        if data.get("role") == COORDINATOR_GROUP and not data.get("province"):
            self.add_error("province", _("Pilih provinsi yang dikoordinasikan."))
        return data

    def save(self, commit=True):
        user = super().save(commit=False)
        role = self.cleaned_data["role"]
        user.is_staff = role in (EVALUATOR_GROUP, COORDINATOR_GROUP)
        if commit:
            user.save()
            self._save_role(user)
        else:
            self.save_m2m = lambda: self._save_role(user)
        return user

    def _save_role(self, user) -> None:
        user.groups.add(Group.objects.get(name=self.cleaned_data["role"]))
        if self.cleaned_data["role"] == COORDINATOR_GROUP:
            CoordinatorAssignment.objects.get_or_create(user=user, province=self.cleaned_data["province"])


@admin.register(User)
class LaporUserAdmin(UserAdmin):
    inlines = [CoordinatorAssignmentInline]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups"]
    add_form = UserWithRoleForm
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "first_name", "last_name", "email", "password1", "password2"),
            },
        ),
        (_("Peran"), {"classes": ("wide",), "fields": ("role", "province")}),
    )

    def get_inlines(self, request, obj):
        # The role form assigns the province of a new user; the inline serves later changes.
        return self.inlines if obj is not None else []
