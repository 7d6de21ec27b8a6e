from django.contrib import admin

from .models import Partner, Phase, PlanningProcess


class PartnerInline(admin.TabularInline):
    model = Partner
    extra = 0


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 0


@admin.register(PlanningProcess)
class PlanningProcessAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "planning_area",
        "period_start",
        "period_end",
        "is_published",
        "is_demo",
    ]
    list_filter = ["is_published", "is_demo"]
    search_fields = ["name", "slug", "realizer", "registration_number"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields: list[str] = []
    raw_id_fields = ["planning_area"]
    readonly_fields = ["is_demo", "created_by", "created_at", "updated_at"]
    inlines = [PartnerInline, PhaseInline]
