"""Read-mostly admin of plans (editing goes through the app's pages and services, which keep
the versions and the audit log)."""

from django.contrib import admin

from .models import (
    ActionItem,
    Activity,
    CostEstimate,
    Indicator,
    Measure,
    NeedOpinion,
    Plan,
    PlanVersion,
    Priority,
)


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["title", "process", "kind", "year_start", "year_end", "status", "version"]
    list_filter = ["kind", "status", "is_demo"]
    search_fields = ["title", "process__name"]
    readonly_fields = ["version", "amendment_reason", "is_demo"]


@admin.register(Priority)
class PriorityAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "plan"]
    list_filter = ["plan"]


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "kind", "priority", "working_group"]
    list_filter = ["kind", "priority__plan"]
    search_fields = ["title"]
    inlines = [IndicatorInline]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "measure", "start_year", "end_year"]
    search_fields = ["title"]


@admin.register(ActionItem)
class ActionItemAdmin(admin.ModelAdmin):
    list_display = ["activity", "plan", "status"]
    list_filter = ["status", "plan"]


@admin.register(CostEstimate)
class CostEstimateAdmin(admin.ModelAdmin):
    list_display = ["plan", "measure", "activity", "year", "source", "amount"]
    list_filter = ["source", "year", "plan"]


@admin.register(PlanVersion)
class PlanVersionAdmin(admin.ModelAdmin):
    list_display = ["plan", "version", "revision", "kind", "status", "created_at", "created_by"]
    list_filter = ["kind", "plan"]
    readonly_fields = ["snapshot"]


@admin.register(NeedOpinion)
class NeedOpinionAdmin(admin.ModelAdmin):
    """Read-mostly: opinions are written and sent through the app's pages (audit log)."""

    list_display = ["code", "process", "subject_label", "verdict", "state", "submitted_at"]
    list_filter = ["state", "verdict", "is_demo"]
    search_fields = ["service_name", "provider_name", "process__name", "reasons"]
    readonly_fields = ["state", "submitted_at", "submitted_by", "withdrawn_at", "is_demo"]
    raw_id_fields = ["service", "measures", "findings"]
