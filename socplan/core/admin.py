from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .mail import retry_emails
from .models import AuditEvent, OutgoingEmail
from .permissions import is_site_staff


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


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    """The e-mail queue for site staff: what was sent, what waits, what failed and why;
    a failed e-mail can be sent again."""

    list_display = (
        "created_at",
        "subject",
        "recipients",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
    )
    list_filter = ("status",)
    search_fields = ("subject", "recipients")
    date_hierarchy = "created_at"
    fields = (
        "created_at",
        "subject",
        "recipients",
        "status",
        "attempts",
        "last_error",
        "next_attempt_at",
        "sent_at",
        "body",
    )
    readonly_fields = fields
    actions = ["send_again"]

    @admin.display(description=_("text"))
    def body(self, obj):
        return obj.message.get("body", "")

    @admin.action(description=_("Send the selected e-mails again now"))
    def send_again(self, request, queryset):
        count = retry_emails(ids=queryset.values_list("pk", flat=True))
        self.message_user(
            request, _("E-mails queued to be sent again: %(count)d.") % {"count": count}
        )

    def has_module_permission(self, request):
        return is_site_staff(request.user)

    def has_view_permission(self, request, obj=None):
        return is_site_staff(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return bool(request.user.is_superuser)
