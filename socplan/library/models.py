"""Documents (with versions), news articles and events of a planning process.

Uploaded files are stored outside MEDIA_ROOT (``LIBRARY_ROOT``, default
``$SOCPLAN_DATA_DIR/library``) under a random folder name, so nobody can fetch them by
guessing an address: every download goes through a view that checks the permission.
"""

import datetime
import secrets
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

from socplan.core.models import TimeStampedModel
from socplan.organisation.models import PlanningProcess


class LibraryStorage(FileSystemStorage):
    """Files of the document library: ``settings.LIBRARY_ROOT``, read at every use (tests
    point it at a temporary folder)."""

    @property
    def base_location(self):
        root = getattr(settings, "LIBRARY_ROOT", None)
        return str(root or Path(settings.DATA_DIR) / "library")

    @property
    def location(self):
        return str(Path(self.base_location).resolve())

    @cached_property
    def base_url(self):  # never served directly
        return None


_storage = LibraryStorage()


def library_storage():
    return _storage


def version_upload_to(instance, filename: str) -> str:
    """``<process id>/<random>/<file name>``: not guessable from the document's data."""
    name = get_valid_filename(Path(filename).name)[-120:] or "file"
    return f"{instance.document.process_id}/{secrets.token_urlsafe(18)}/{name}"


class Document(TimeStampedModel):
    class Category(models.TextChoices):
        FOUNDING = "founding", _("founding documents")
        INVITATION = "invitation", _("invitations")
        MINUTES = "minutes", _("minutes")
        ANALYSIS = "analysis", _("analyses")
        PLAN = "plan", _("plans")
        INFORMATION = "information", _("information materials")
        OTHER = "other", _("other")

    process = models.ForeignKey(
        PlanningProcess,
        verbose_name=_("planning process"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    category = models.CharField(
        _("category"), max_length=20, choices=Category.choices, default=Category.OTHER
    )
    issued_on = models.DateField(
        _("date of the document"),
        default=datetime.date.today,
        help_text=_("When the document was issued or approved; used by the output indicators."),
    )
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_(
            "Public documents are shown to everybody; internal ones only to people "
            "with a part in the process."
        ),
    )
    group = models.ForeignKey(
        "organisation.Group",
        verbose_name=_("group"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
    )
    meeting = models.ForeignKey(
        "organisation.Meeting",
        verbose_name=_("meeting"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
    )
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["process", "category", "-issued_on", "title"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("library:document_detail", kwargs={"slug": self.process.slug, "pk": self.pk})

    @cached_property
    def current_version(self):
        return self.versions.order_by("-number").first()


class DocumentVersion(models.Model):
    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    file = models.FileField(
        _("file"), upload_to=version_upload_to, storage=library_storage, max_length=255
    )
    original_name = models.CharField(_("file name"), max_length=255)
    note = models.CharField(_("note"), max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    content_type = models.CharField(_("content type"), max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        ordering = ["document", "-number"]
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="unique_document_version")
        ]

    def __str__(self):
        return f"{self.document} ({self.number})"

    def get_download_url(self):
        return reverse(
            "library:document_version_download",
            kwargs={
                "slug": self.document.process.slug,
                "pk": self.document_id,
                "number": self.number,
            },
        )

    @property
    def extension(self) -> str:
        return Path(self.original_name).suffix.lstrip(".").upper()


class NewsArticle(TimeStampedModel):
    process = models.ForeignKey(
        PlanningProcess,
        verbose_name=_("planning process"),
        on_delete=models.CASCADE,
        related_name="news",
    )
    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(_("address"), max_length=100)
    perex = models.TextField(_("perex"), help_text=_("A short introduction shown in lists."))
    body = models.TextField(
        _("text"), blank=True, help_text=_("Plain text; an empty line starts a new paragraph.")
    )
    published_at = models.DateTimeField(_("published on"), default=timezone.now)
    is_published = models.BooleanField(_("published"), default=False)
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["process", "-published_at", "-id"]
        verbose_name = _("news article")
        verbose_name_plural = _("news")
        constraints = [models.UniqueConstraint(fields=["process", "slug"], name="unique_news_slug")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(
            "library:news_detail", kwargs={"slug": self.process.slug, "article": self.slug}
        )


class Event(TimeStampedModel):
    process = models.ForeignKey(
        PlanningProcess,
        verbose_name=_("planning process"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    title = models.CharField(_("title"), max_length=255)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    is_public = models.BooleanField(
        _("public event"),
        default=True,
        help_text=_("Public events are shown in the calendar on the public pages."),
    )
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)

    class Meta:
        ordering = ["process", "starts_at"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True)
                | models.Q(ends_at__gte=models.F("starts_at")),
                name="event_times_order",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("library:event_detail", kwargs={"slug": self.process.slug, "pk": self.pk})
