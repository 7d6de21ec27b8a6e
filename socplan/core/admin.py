from django.contrib import admin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit log, read-only: written by the services, never edited."""

    list_display = ("at", "actor", "action", "object_type", "object_repr")
    list_filter = ("action", "object_type")
    search_fields = ("action", "object_repr", "object_id", "actor__email", "actor__full_name")
    date_hierarchy = "at"
    list_select_related = ("actor",)
    fields = ("at", "actor", "action", "object_type", "object_id", "object_repr", "data")
    readonly_fields = fields

    def has_module_permission(self, request):
        return request.user.has_perm("accounts.view_audit") or super().has_module_permission(
            request
        )

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("accounts.view_audit") or super().has_view_permission(
            request, obj
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
