import datetime
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from socplan.core.collation import czech
from socplan.core.models import TimeStampedModel


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
        ordering = [czech("full_name"), "email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Role(models.TextChoices):
    """The roles a person can be invited to. They are held in a planning process
    (``organisation.ProcessRole``); accounts only carries them in invitations."""

    COORDINATOR = "coordinator", _("coordinator")
    METHODOLOGIST = "methodologist", _("methodologist")
    MEMBER = "member", _("member")
    PROVIDER_EDITOR = "provider_editor", _("provider editor")


def new_invitation_token() -> tuple[str, str]:
    """A fresh random token for the link and its hash, which is all the database keeps."""
    token = secrets.token_urlsafe(32)
    return token, hash_invitation_token(token)


def hash_invitation_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Invitation(TimeStampedModel):
    """An e-mail invitation with a one-time link to set a password and join a process.

    Without a process (site staff invite the coordinator of a new MAS or ORP), accepting it
    lets the user start planning processes. Only a hash of the link's token is stored.
    """

    email = models.EmailField(_("e-mail"))
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    # What the invitation is to (a planning process); none: an invitation of site staff to
    # start planning processes. The app that owns the target grants the role when the
    # invitation is accepted (signals.invitation_accepted).
    target_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
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
