from django.contrib import admin

from .models import (
    ActivityReport,
    ActualCost,
    Evaluation,
    IndicatorSetup,
    IndicatorValue,
    LightOverride,
    MonitoringDecision,
    MonitoringPeriod,
)


@admin.register(MonitoringPeriod)
class MonitoringPeriodAdmin(admin.ModelAdmin):
    list_display = ["__str__", "action_plan", "status", "deadline", "is_demo"]
    list_filter = ["status", "is_demo"]
    raw_id_fields = ["action_plan", "submitted_by", "approved_by"]
    readonly_fields = ["status", "submitted_at", "approved_at"]


@admin.register(MonitoringDecision)
class MonitoringDecisionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "period", "decision", "decided_on", "resolution_number"]
    list_filter = ["decision", "body"]
    raw_id_fields = ["period"]


@admin.register(ActivityReport)
class ActivityReportAdmin(admin.ModelAdmin):
    list_display = ["__str__", "period", "progress", "updated_at"]
    raw_id_fields = ["period", "action_item", "documents", "meetings", "updated_by"]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(admin.ModelAdmin):
    list_display = ["indicator", "period", "value", "from_register"]
    raw_id_fields = ["period", "indicator"]


admin.site.register(ActualCost, raw_id_fields=["period", "measure", "action_item"])
admin.site.register(IndicatorSetup, raw_id_fields=["indicator"])
admin.site.register(LightOverride, raw_id_fields=["period", "priority", "measure", "set_by"])
admin.site.register(Evaluation, raw_id_fields=["plan", "next_plan"])
