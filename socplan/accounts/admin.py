from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from socplan.core.audit import audit_log

from . import services
from .forms import UserChangeAdminForm, UserCreationAdminForm
from .models import Invitation, ProcessRole, RegionRole, User


class ProcessRoleInline(admin.TabularInline):
    """Shown for information; roles are granted by invitation and revoked on the
    process's "People and roles" page (or in the role list below), through the services."""

    model = ProcessRole
    fields = ("process", "role", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


class RegionRoleInline(admin.TabularInline):
    model = RegionRole
    fields = ("region",)
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeAdminForm
    add_form = UserCreationAdminForm
    list_display = ("email", "full_name", "is_staff", "can_start_processes", "is_active")
    list_filter = ("is_staff", "can_start_processes", "is_superuser", "is_active")
    search_fields = ("email", "full_name")
    ordering = ("email",)
    readonly_fields = ("last_login", "date_joined")
    inlines = [ProcessRoleInline, RegionRoleInline]

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


@admin.register(RegionRole)
class RegionRoleAdmin(admin.ModelAdmin):
    """Region staff see every process in their region; they are managed here only."""

    list_display = ("user", "region")
    list_filter = ("region",)
    search_fields = ("user__email", "user__full_name", "region__name")
    autocomplete_fields = ("user",)
    list_select_related = ("user", "region")

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            audit_log(
                actor=request.user,
                action="region_role.changed" if change else "region_role.granted",
                obj=obj,
                user=obj.user_id,
                region=obj.region_id,
            )

    def delete_model(self, request, obj):
        with transaction.atomic():
            audit_log(
                actor=request.user,
                action="region_role.revoked",
                obj=obj,
                user=obj.user_id,
                region=obj.region_id,
            )
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Invitations are sent from the process's "People and roles" page (or, for new
    coordinators, from /ucet/pozvat/); here they can be looked up, resent or cancelled."""

    list_display = ("email", "process", "role", "invited_by", "sent_at", "accepted_at")
    list_filter = ("role", ("accepted_at", admin.EmptyFieldListFilter))
    search_fields = ("email", "full_name", "process__name")
    list_select_related = ("process", "invited_by")
    readonly_fields = (
        "email",
        "full_name",
        "process",
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
            request, _("Invitations sent again: %(count)d.") % {"count": sent}, messages.SUCCESS
        )

    def delete_model(self, request, obj):
        if obj.is_accepted:
            super().delete_model(request, obj)  # only history; the role stays
        else:
            services.invitation_cancel(invitation=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)
