from django.contrib import admin

from . import search
from .models import (
    Capacity,
    ChangeProposal,
    CodelistItem,
    Facility,
    LifeSituation,
    Provider,
    ProviderEditor,
    RegistryImport,
    Service,
    ServiceAreaMunicipality,
    ServiceChange,
    ServiceForm,
    ServicePhoto,
    ServiceRegion,
)


@admin.register(CodelistItem)
class CodelistItemAdmin(admin.ModelAdmin):
    list_display = ["register_id", "name", "codelist", "paragraph", "group", "order", "is_known"]
    list_filter = ["codelist", "group", "is_known"]
    search_fields = ["register_id", "name", "name_en"]


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ["name", "ico", "source", "is_demo"]
    list_filter = ["source", "is_demo"]
    search_fields = ["name", "ico"]
    readonly_fields = ["is_demo", "created_at", "updated_at"]


class ServiceFormInline(admin.TabularInline):
    model = ServiceForm
    extra = 0


class FacilityInline(admin.StackedInline):
    model = Facility
    extra = 0
    raw_id_fields = ["municipality"]


class ServicePhotoInline(admin.TabularInline):
    model = ServicePhoto
    extra = 0


class ServiceAreaInline(admin.TabularInline):
    model = ServiceAreaMunicipality
    extra = 0
    raw_id_fields = ["municipality", "added_by"]


class ServiceRegionInline(admin.TabularInline):
    model = ServiceRegion
    extra = 0


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "provider", "kind", "portal_id", "start_date", "end_date", "source"]
    list_filter = ["source", "is_demo", "kind"]
    search_fields = ["name", "provider__name", "provider__ico", "portal_id", "identifikator"]
    raw_id_fields = ["provider", "verified_by"]
    filter_horizontal = ["target_groups", "age_groups"]
    readonly_fields = ["is_demo", "created_at", "updated_at", "register_updated_at"]
    inlines = [
        ServiceFormInline,
        FacilityInline,
        ServicePhotoInline,
        ServiceAreaInline,
        ServiceRegionInline,
    ]


@admin.register(Capacity)
class CapacityAdmin(admin.ModelAdmin):
    list_display = ["service_form", "type", "value"]
    raw_id_fields = ["service_form"]


@admin.register(Facility)
class FacilityAdmin(admin.ModelAdmin):
    list_display = ["name", "service", "municipality", "address_code", "location_precision"]
    list_filter = ["location_precision", "is_secret_address"]
    search_fields = ["name", "street", "municipality__name", "service__name"]
    raw_id_fields = ["service", "municipality"]

    # No signal sees a delete of facilities (an import deletes many): the public
    # catalogue's caches are told here (search.connect_signals).
    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        search.data_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        search.data_changed()


@admin.register(ServiceChange)
class ServiceChangeAdmin(admin.ModelAdmin):
    list_display = ["at", "service", "field", "source", "actor"]
    list_filter = ["source", "field"]
    raw_id_fields = ["service", "actor"]


@admin.register(RegistryImport)
class RegistryImportAdmin(admin.ModelAdmin):
    list_display = [
        "started_at",
        "file_name",
        "status",
        "added",
        "changed",
        "ended",
        "unchanged",
        "forced",
    ]
    list_filter = ["status", "forced"]
    raw_id_fields = ["started_by", "job"]


@admin.register(ProviderEditor)
class ProviderEditorAdmin(admin.ModelAdmin):
    list_display = ["user", "provider", "invited_by", "created_at"]
    raw_id_fields = ["user", "provider", "invited_by"]


@admin.register(ChangeProposal)
class ChangeProposalAdmin(admin.ModelAdmin):
    list_display = ["service", "kind", "status", "created_at", "reviewed_at"]
    list_filter = ["kind", "status"]
    raw_id_fields = ["service", "proposed_by", "reviewed_by"]


@admin.register(LifeSituation)
class LifeSituationAdmin(admin.ModelAdmin):
    list_display = ["title", "planning_area", "slug", "order"]
    list_filter = ["planning_area"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["kinds", "target_groups"]
