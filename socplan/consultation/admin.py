from django.contrib import admin

from .models import AnswerTemplate, Comment, CouncilDecision, PlanApproval, Resolution, Round


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ["title", "plan", "plan_version", "opens_on", "closes_on", "is_demo"]
    list_filter = ["is_demo"]
    raw_id_fields = ["plan", "draft", "opened_by"]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "round", "part_label", "kind", "channel", "is_hidden"]
    list_filter = ["kind", "channel", "is_hidden"]
    raw_id_fields = [
        "round",
        "priority",
        "measure",
        "activity",
        "entered_by",
        "hidden_by",
        "working_group",
    ]
    exclude = ["token_hash"]


@admin.register(Resolution)
class ResolutionAdmin(admin.ModelAdmin):
    list_display = ["comment", "outcome", "decided_on", "notified_at"]
    list_filter = ["outcome"]
    raw_id_fields = ["comment", "change_version", "decided_by"]


@admin.register(AnswerTemplate)
class AnswerTemplateAdmin(admin.ModelAdmin):
    list_display = ["title", "process", "outcome"]
    raw_id_fields = ["process"]


@admin.register(PlanApproval)
class PlanApprovalAdmin(admin.ModelAdmin):
    list_display = ["plan", "version", "approved_on", "resolution", "in_force_from"]
    raw_id_fields = ["plan", "approved_version", "recorded_by"]


@admin.register(CouncilDecision)
class CouncilDecisionAdmin(admin.ModelAdmin):
    list_display = ["body_name", "plan", "version", "decision", "resolution_number", "decided_on"]
    list_filter = ["decision", "body"]
    raw_id_fields = ["plan", "municipality"]
