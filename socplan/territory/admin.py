from django.contrib import admin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from socplan.accounts.admin import UserAdmin
from socplan.core.audit import audit_log

from .audit import TerritoryAction
from .models import (
    District,
    Municipality,
    Orp,
    PlanningArea,
    Population,
    Region,
    RegionRole,
    SubArea,
)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "nuts_code", "ruian_code", "abbreviation"]
    search_fields = ["name", "code", "nuts_code", "ruian_code"]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "lau_code", "ruian_code", "region"]
    list_filter = ["region"]
    search_fields = ["name", "code", "lau_code", "ruian_code"]
    list_select_related = ["region"]


@admin.register(Orp)
class OrpAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "region"]
    list_filter = ["region"]
    search_fields = ["name", "code"]
    list_select_related = ["region"]


class PopulationInline(admin.TabularInline):
    model = Population
    extra = 0


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "orp", "district", "postcode", "has_point"]
    list_filter = ["district__region", "district"]
    search_fields = ["name", "search_name", "code", "postcode", "orp__name"]
    list_select_related = ["orp", "district"]
    autocomplete_fields = ["district", "orp"]
    readonly_fields = ["search_name"]
    inlines = [PopulationInline]

    @admin.display(boolean=True, description=_("coordinates"))
    def has_point(self, obj):
        return obj.has_point


@admin.register(Population)
class PopulationAdmin(admin.ModelAdmin):
    list_display = [
        "municipality",
        "year",
        "source",
        "total",
        "age_0_14",
        "age_15_64",
        "age_65_plus",
    ]
    list_filter = ["source", "year"]
    search_fields = ["municipality__name", "municipality__code"]
    list_select_related = ["municipality"]
    autocomplete_fields = ["municipality"]


class SubAreaInline(admin.StackedInline):
    model = SubArea
    extra = 0
    autocomplete_fields = ["municipalities"]


@admin.register(PlanningArea)
class PlanningAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "orp", "is_demo", "created_at"]
    list_filter = ["kind", "is_demo"]
    search_fields = ["name", "slug", "orp__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["orp", "municipalities"]
    raw_id_fields = ["created_by"]
    inlines = [SubAreaInline]


@admin.register(SubArea)
class SubAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "area"]
    list_filter = ["area"]
    search_fields = ["name", "area__name"]
    autocomplete_fields = ["area", "municipalities"]


class RegionRoleInline(admin.TabularInline):
    model = RegionRole
    fields = ("region",)
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


UserAdmin.inlines = [*UserAdmin.inlines, RegionRoleInline]


@admin.register(RegionRole)
class RegionRoleAdmin(admin.ModelAdmin):
    """Region staff see every process in their region; they are managed here only."""

    list_display = ("user", "region")
    list_filter = ("region",)
    search_fields = ("user__email", "user__full_name", "region__name")
    autocomplete_fields = ("user",)
    list_select_related = ("user", "region")

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            audit_log(
                actor=request.user,
                action=TerritoryAction.REGION_ROLE_CHANGED
                if change
                else TerritoryAction.REGION_ROLE_GRANTED,
                obj=obj,
                user=obj.user_id,
                region=obj.region_id,
            )

    def delete_model(self, request, obj):
        with transaction.atomic():
            audit_log(
                actor=request.user,
                action=TerritoryAction.REGION_ROLE_REVOKED,
                obj=obj,
                user=obj.user_id,
                region=obj.region_id,
            )
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)
