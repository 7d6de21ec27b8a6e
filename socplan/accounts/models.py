import datetime
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with an e-mail address and a password.

    ``is_staff`` marks site staff (operators of the installation).
    """

    email = models.EmailField(_("e-mail"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    is_staff = models.BooleanField(
        _("site staff"),
        default=False,
        help_text=_("Operators of the installation: manage all processes and the admin."),
    )
    can_start_processes = models.BooleanField(
        _("may start planning processes"),
        default=False,
        help_text=_("Lets the user create planning areas and processes."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["full_name", "email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email


class ProcessRole(models.Model):
    """A user's role in one planning process."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("coordinator")
        METHODOLOGIST = "methodologist", _("methodologist")
        MEMBER = "member", _("member")
        PROVIDER_EDITOR = "provider_editor", _("provider editor")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="process_roles",
    )
    process = models.ForeignKey(
        "organisation.PlanningProcess",
        verbose_name=_("planning process"),
        on_delete=models.CASCADE,
        related_name="roles",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        ordering = ["process", "role", "user"]
        verbose_name = _("role in a process")
        verbose_name_plural = _("roles in processes")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "process", "role"], name="unique_user_process_role"
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.process}"


class RegionRole(models.Model):
    """Region staff: sees every planning process in the region."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="region_roles",
    )
    region = models.ForeignKey(
        "territory.Region",
        verbose_name=_("region"),
        on_delete=models.CASCADE,
        related_name="staff_roles",
    )

    class Meta:
        verbose_name = _("region staff")
        verbose_name_plural = _("region staff")
        constraints = [
            models.UniqueConstraint(fields=["user", "region"], name="unique_user_region")
        ]

    def __str__(self):
        return f"{self.user} – {self.region}"


def new_invitation_token() -> tuple[str, str]:
    """A fresh random token for the link and its hash, which is all the database keeps."""
    token = secrets.token_urlsafe(32)
    return token, hash_invitation_token(token)


def hash_invitation_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Invitation(models.Model):
    """An e-mail invitation with a one-time link to set a password and join a process.

    Without a process (site staff invite the coordinator of a new MAS or ORP), accepting it
    lets the user start planning processes. Only a hash of the link's token is stored.
    """

    email = models.EmailField(_("e-mail"))
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    process = models.ForeignKey(
        "organisation.PlanningProcess",
        verbose_name=_("planning process"),
        on_delete=models.CASCADE,
        related_name="invitations",
        null=True,
        blank=True,
    )
    role = models.CharField(_("role"), max_length=20, choices=ProcessRole.Role.choices)
    provider_ico = models.CharField(
        _("provider's IČO"),
        max_length=8,
        blank=True,
        help_text=_("For a provider editor: the IČO of the provider whose entries they keep."),
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return self.email

    @property
    def is_expired(self) -> bool:
        age = timezone.now() - self.sent_at
        return age.total_seconds() > settings.PASSWORD_RESET_TIMEOUT

    @property
    def expires_at(self):
        return self.sent_at + datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)

    @property
    def is_accepted(self) -> bool:
        return self.accepted_at is not None

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and not self.is_expired
