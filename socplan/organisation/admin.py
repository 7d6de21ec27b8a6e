from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from socplan.accounts.admin import UserAdmin

from . import services
from .models import (
    AgendaItem,
    Attendance,
    Group,
    Meeting,
    MeetingInvitation,
    Membership,
    Minutes,
    Partner,
    Person,
    Phase,
    PlanningProcess,
    ProcessRole,
    Resolution,
    Task,
)


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


# --- Planning structure (issue 4) ---


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["person"]


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["name", "process", "kind", "is_public", "order", "is_demo"]
    list_filter = ["kind", "is_public", "is_demo"]
    search_fields = ["name", "slug"]
    raw_id_fields = ["process", "sub_area"]
    readonly_fields = ["is_demo"]
    inlines = [MembershipInline]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation_name", "process", "email", "consent_publish", "is_demo"]
    list_filter = ["organisation_kind", "consent_publish", "is_demo"]
    search_fields = ["name", "organisation_name", "email", "provider_ico"]
    raw_id_fields = ["process", "municipality", "user"]
    readonly_fields = ["is_demo", "created_at"]


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["order", "title", "description"]


class MeetingInvitationInline(admin.TabularInline):
    model = MeetingInvitation
    extra = 0
    fields = ["person", "sent_at", "reply", "replied_at"]
    readonly_fields = ["sent_at", "replied_at"]
    raw_id_fields = ["person"]


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    raw_id_fields = ["person"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "process", "kind", "starts_at", "status", "is_public", "is_demo"]
    list_filter = ["kind", "status", "is_public", "is_demo"]
    search_fields = ["title", "place"]
    date_hierarchy = "starts_at"
    raw_id_fields = ["process"]
    filter_horizontal = ["groups"]
    readonly_fields = ["is_demo", "created_at", "updated_at"]
    inlines = [AgendaItemInline, MeetingInvitationInline, AttendanceInline]


class ResolutionInline(admin.TabularInline):
    model = Resolution
    extra = 0
    fk_name = "meeting"


@admin.register(Minutes)
class MinutesAdmin(admin.ModelAdmin):
    list_display = ["meeting", "status", "approved_on", "is_published", "updated_at"]
    list_filter = ["status", "is_published"]
    raw_id_fields = ["meeting", "approved_at_meeting", "written_by"]


@admin.register(Resolution)
class ResolutionAdmin(admin.ModelAdmin):
    list_display = ["number", "meeting", "order"]
    search_fields = ["number", "text"]
    raw_id_fields = ["meeting", "agenda_item"]


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["title", "process", "group", "owner", "due", "status"]
    list_filter = ["status"]
    search_fields = ["title", "description"]
    raw_id_fields = ["process", "group", "meeting", "agenda_item", "owner"]
    readonly_fields = ["created_at", "done_at", "reminded_at"]


class ProcessRoleInline(admin.TabularInline):
    """Shown for information; roles are granted by invitation and revoked on the
    process's "People and roles" page (or in the role list), through the services."""

    model = ProcessRole
    fields = ("process", "role", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


UserAdmin.inlines = [*UserAdmin.inlines, ProcessRoleInline]


@admin.register(ProcessRole)
class ProcessRoleAdmin(admin.ModelAdmin):
    """Roles are added and removed through the services (audit log, last coordinator)."""

    list_display = ("user", "process", "role", "created_at")
    list_filter = ("role", "process")
    search_fields = ("user__email", "user__full_name", "process__name")
    autocomplete_fields = ("user",)
    list_select_related = ("user", "process")

    def get_readonly_fields(self, request, obj=None):
        return ("user", "process", "role", "created_at") if obj else ("created_at",)

    def save_model(self, request, obj, form, change):
        if change:
            return
        role_obj = services.process_role_grant(
            user=obj.user, process=obj.process, role=obj.role, actor=request.user
        )
        obj.pk = role_obj.pk

    def delete_model(self, request, obj):
        try:
            services.process_role_revoke(role_obj=obj, actor=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)

    def delete_queryset(self, request, queryset):
        for role_obj in queryset.select_related("user"):
            self.delete_model(request, role_obj)
