from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from . import services
from .forms import UserChangeAdminForm, UserCreationAdminForm
from .models import Invitation, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeAdminForm
    add_form = UserCreationAdminForm
    list_display = ("email", "full_name", "is_staff", "can_start_processes", "is_active")
    list_filter = ("is_staff", "can_start_processes", "is_superuser", "is_active")
    search_fields = ("email", "full_name")
    ordering = ("email",)
    readonly_fields = ("last_login", "date_joined")
    # organisation and territory add their role inlines (see their admin modules)
    inlines: list = []

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("full_name",)}),
        (
            _("Permissions"),
            {
                "fields": (
                    "is_active",
                    "is_staff",
                    "can_start_processes",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                )
            },
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "email",
                    "full_name",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Invitations are sent from the process's "People and roles" page (or, for new
    coordinators, from /ucet/pozvat/); here they can be looked up, resent or cancelled."""

    list_display = ("email", "target", "role", "invited_by", "sent_at", "accepted_at")
    list_filter = ("role", ("accepted_at", admin.EmptyFieldListFilter))
    search_fields = ("email", "full_name")
    list_select_related = ("invited_by",)
    readonly_fields = (
        "email",
        "full_name",
        "target",
        "role",
        "invited_by",
        "created_at",
        "sent_at",
        "accepted_at",
        "user",
    )
    fields = readonly_fields
    actions = ["resend"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Send the selected invitations again (new links)"))
    def resend(self, request, queryset):
        sent = 0
        for invitation in queryset.filter(accepted_at__isnull=True):
            services.invitation_resend(invitation=invitation, actor=request.user, request=request)
            sent += 1
        self.message_user(
            request,
            _("Invitations queued for sending again: %(count)d.") % {"count": sent},
            messages.SUCCESS,
        )

    def delete_model(self, request, obj):
        if obj.is_accepted:
            super().delete_model(request, obj)  # only history; the role stays
        else:
            services.invitation_cancel(invitation=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)
