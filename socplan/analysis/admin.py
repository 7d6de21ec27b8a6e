"""The Django admin of the analysis app: the needs surveys (issue 12).

For site staff fixing data by hand; the pages of the app (and their services, with the
audit log and the lock after the first answer) are the way to build and run a survey. An
answer sheet can be read and deleted here (spam), never added or changed: the answers are
what the respondent gave. The browser marks of "one answer per browser" are not shown.
"""

from django.contrib import admin

from .models_surveys import (
    Survey,
    SurveyFindingLink,
    SurveyQuestion,
    SurveyResponse,
    SurveySection,
)


class SurveySectionInline(admin.TabularInline):
    model = SurveySection
    extra = 0
    fields = ["order", "title", "description"]


class SurveyQuestionInline(admin.TabularInline):
    model = SurveyQuestion
    extra = 0
    fields = ["order", "code", "kind", "text", "section", "required", "publish_result"]
    show_change_link = True

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "section":  # only the sections of the survey being edited
            survey_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = SurveySection.objects.filter(survey_id=survey_id or 0)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "process",
        "audience",
        "version",
        "is_collecting",
        "opens_at",
        "closes_at",
        "results_published",
        "is_demo",
    ]
    list_filter = ["audience", "is_collecting", "results_published", "is_demo"]
    search_fields = ["title", "process__name"]
    list_select_related = ["process"]
    raw_id_fields = ["process", "previous_version", "copied_from", "created_by"]
    readonly_fields = ["public_key", "is_demo", "created_at", "updated_at"]
    inlines = [SurveySectionInline, SurveyQuestionInline]


@admin.register(SurveyQuestion)
class SurveyQuestionAdmin(admin.ModelAdmin):
    list_display = ["code", "text", "kind", "survey", "order", "required"]
    list_filter = ["kind", "required"]
    search_fields = ["code", "text", "survey__title"]
    list_select_related = ["survey"]
    raw_id_fields = ["survey", "section", "condition_question"]


@admin.register(SurveyResponse)
class SurveyResponseAdmin(admin.ModelAdmin):
    list_display = ["pk", "survey", "submitted_on", "channel", "sheet_number", "is_demo"]
    list_filter = ["channel", "is_demo", "submitted_on"]
    search_fields = ["survey__title", "sheet_number"]
    list_select_related = ["survey"]
    date_hierarchy = "submitted_on"
    readonly_fields = [
        "survey",
        "submitted_on",
        "channel",
        "entered_by",
        "sheet_number",
        "role",
        "municipality",
        "target_group",
        "age_band",
        "answers",
        "hidden",
        "is_demo",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SurveyFindingLink)
class SurveyFindingLinkAdmin(admin.ModelAdmin):
    list_display = ["finding", "survey", "question_code", "created_at"]
    search_fields = ["question_code", "survey__title", "finding__statement"]
    list_select_related = ["finding", "survey"]
    raw_id_fields = ["finding", "survey"]
    readonly_fields = ["snapshot", "created_at"]
