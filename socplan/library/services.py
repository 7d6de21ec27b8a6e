"""Writes of documents, their versions, news articles and events.

Every function owns its transaction and records what it did in the audit log. Invalid input
raises :class:`django.core.exceptions.ValidationError` and changes nothing (a file stored
before a failing write is removed again).
"""

import contextlib
import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from socplan.core.audit import audit_log
from socplan.core.numbering import next_number
from socplan.organisation.models import PlanningProcess

from .audit import LibraryAction
from .models import Document, DocumentVersion, Event, NewsArticle
from .uploads import check_upload

DOCUMENT_FIELDS = ("title", "description", "category", "issued_on", "is_public", "group", "meeting")
NEWS_FIELDS = ("title", "perex", "body", "published_at", "is_published")
EVENT_FIELDS = ("title", "starts_at", "ends_at", "place", "description", "is_public")

# Paths under aktuality/ that are pages, not articles.
RESERVED_NEWS_SLUGS = {"nova", "rss"}


def _check_fields(fields: dict, allowed: tuple) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")


def _check_links(process: PlanningProcess, group, meeting) -> None:
    errors = {}
    if group is not None and group.process_id != process.pk:
        errors["group"] = _("The group belongs to another planning process.")
    if meeting is not None and meeting.process_id != process.pk:
        errors["meeting"] = _("The meeting belongs to another planning process.")
    if errors:
        raise ValidationError(errors)


def _actor(actor):
    return actor if actor is not None and actor.is_authenticated else None


def _store_version(
    *, document: Document, actor, file, note: str, number: int, uploaded_at, stored: list
) -> DocumentVersion:
    try:
        fmt = check_upload(file)
    except ValidationError as error:
        raise ValidationError({"file": error.error_list}) from error
    version = DocumentVersion(
        document=document,
        number=number,
        original_name=file.name.rsplit("/", 1)[-1][:255],
        note=note,
        size=file.size,
        content_type=fmt.content_type,
        uploaded_by=_actor(actor),
        uploaded_at=uploaded_at or timezone.now(),
    )
    version.file.save(file.name, file, save=False)
    stored.append(version.file.name)
    version.save()
    return version


def _remove_files(names: list[str]) -> None:
    storage = DocumentVersion._meta.get_field("file").storage
    for name in names:
        with contextlib.suppress(OSError):
            storage.delete(name)


def document_create(
    *,
    process: PlanningProcess,
    actor,
    title: str,
    file,
    category: str = Document.Category.OTHER,
    note: str = "",
    is_demo: bool = False,
    uploaded_at: datetime.datetime | None = None,
    **fields: Any,
) -> Document:
    """Create a document with its first version (``file``, checked by check_upload)."""
    _check_fields(fields, DOCUMENT_FIELDS)
    stored: list[str] = []
    try:
        with transaction.atomic():
            document = _document_create(
                process=process,
                actor=actor,
                title=title,
                file=file,
                category=category,
                note=note,
                is_demo=is_demo,
                uploaded_at=uploaded_at,
                stored=stored,
                fields=fields,
            )
    except BaseException:
        _remove_files(stored)  # a failed write leaves no file behind
        raise
    return document


def _document_create(
    *, process, actor, title, file, category, note, is_demo, uploaded_at, stored, fields
) -> Document:
    document = Document(
        process=process,
        title=title,
        category=category,
        created_by=_actor(actor),
        is_demo=is_demo,
        **fields,
    )
    _check_links(process, document.group, document.meeting)
    document.full_clean()
    document.save()
    version = _store_version(
        document=document,
        actor=actor,
        file=file,
        note=note,
        number=1,
        uploaded_at=uploaded_at,
        stored=stored,
    )
    audit_log(
        actor=actor,
        action=LibraryAction.DOCUMENT_CREATED,
        obj=document,
        process=process.pk,
        category=category,
        is_public=document.is_public,
        file=version.original_name,
        size=version.size,
    )
    return document


def document_update(*, document: Document, actor, **fields: Any) -> Document:
    """Change the data of a document (not its file: see document_version_add)."""
    _check_fields(fields, DOCUMENT_FIELDS)
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=document.pk)
        for name, value in fields.items():
            setattr(document, name, value)
        _check_links(document.process, document.group, document.meeting)
        document.full_clean()
        document.save()
        audit_log(
            actor=actor,
            action=LibraryAction.DOCUMENT_UPDATED,
            obj=document,
            fields=sorted(fields),
            is_public=document.is_public,
        )
    return document


def document_version_add(*, document: Document, actor, file, note: str = "") -> DocumentVersion:
    """Upload a new version; the earlier ones stay downloadable."""
    stored: list[str] = []
    try:
        with transaction.atomic():
            version = _version_add(
                document=document, actor=actor, file=file, note=note, stored=stored
            )
    except BaseException:
        _remove_files(stored)
        raise
    return version


def _version_add(*, document, actor, file, note, stored) -> DocumentVersion:
    document = Document.objects.select_for_update().get(pk=document.pk)
    version = _store_version(
        document=document,
        actor=actor,
        file=file,
        note=note,
        number=next_number(document.versions),
        uploaded_at=None,
        stored=stored,
    )
    Document.objects.filter(pk=document.pk).update(updated_at=timezone.now())
    audit_log(
        actor=actor,
        action=LibraryAction.DOCUMENT_VERSION_ADDED,
        obj=document,
        number=version.number,
        file=version.original_name,
        size=version.size,
    )
    return version


def document_delete(*, document: Document, actor) -> None:
    """Delete a document with all its versions and their files."""
    with transaction.atomic():
        names = list(document.versions.values_list("file", flat=True))
        audit_log(
            actor=actor,
            action=LibraryAction.DOCUMENT_DELETED,
            obj=document,
            process=document.process_id,
            versions=len(names),
        )
        document.delete()
        transaction.on_commit(lambda: _remove_files(names))


def _unique_news_slug(process: PlanningProcess, title: str, exclude_pk=None) -> str:
    max_length = NewsArticle._meta.get_field("slug").max_length
    base = slugify(title)[: max_length - 4].strip("-") or "aktualita"
    slug, n = base, 1
    taken = NewsArticle.objects.filter(process=process).exclude(pk=exclude_pk)
    while slug in RESERVED_NEWS_SLUGS or taken.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def news_create(
    *, process: PlanningProcess, actor, title: str, perex: str, is_demo: bool = False, **fields
) -> NewsArticle:
    _check_fields(fields, NEWS_FIELDS)
    with transaction.atomic():
        article = NewsArticle(
            process=process,
            title=title,
            perex=perex,
            slug=_unique_news_slug(process, title),
            created_by=_actor(actor),
            is_demo=is_demo,
            **fields,
        )
        article.full_clean()
        article.save()
        audit_log(
            actor=actor,
            action=LibraryAction.NEWS_CREATED,
            obj=article,
            process=process.pk,
            is_published=article.is_published,
        )
    return article


def news_update(*, article: NewsArticle, actor, **fields) -> NewsArticle:
    """Change an article; its address (slug) stays, so links to it keep working."""
    _check_fields(fields, NEWS_FIELDS)
    with transaction.atomic():
        article = NewsArticle.objects.select_for_update().get(pk=article.pk)
        for name, value in fields.items():
            setattr(article, name, value)
        article.full_clean()
        article.save()
        audit_log(
            actor=actor,
            action=LibraryAction.NEWS_UPDATED,
            obj=article,
            fields=sorted(fields),
            is_published=article.is_published,
        )
    return article


def news_delete(*, article: NewsArticle, actor) -> None:
    with transaction.atomic():
        audit_log(
            actor=actor, action=LibraryAction.NEWS_DELETED, obj=article, process=article.process_id
        )
        article.delete()


def _check_event_times(event: Event) -> None:
    if event.starts_at and event.ends_at and event.ends_at < event.starts_at:
        raise ValidationError({"ends_at": _("An event cannot end before it starts.")})


def event_create(
    *,
    process: PlanningProcess,
    actor,
    title: str,
    starts_at: datetime.datetime,
    is_demo: bool = False,
    **fields,
) -> Event:
    _check_fields(fields, EVENT_FIELDS)
    with transaction.atomic():
        event = Event(process=process, title=title, starts_at=starts_at, is_demo=is_demo, **fields)
        _check_event_times(event)
        event.full_clean()
        event.save()
        audit_log(
            actor=actor,
            action=LibraryAction.EVENT_CREATED,
            obj=event,
            process=process.pk,
            starts_at=event.starts_at.isoformat(),
        )
    return event


def event_update(*, event: Event, actor, **fields) -> Event:
    _check_fields(fields, EVENT_FIELDS)
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        for name, value in fields.items():
            setattr(event, name, value)
        _check_event_times(event)
        event.full_clean()
        event.save()
        audit_log(actor=actor, action=LibraryAction.EVENT_UPDATED, obj=event, fields=sorted(fields))
    return event


def event_delete(*, event: Event, actor) -> None:
    with transaction.atomic():
        audit_log(
            actor=actor, action=LibraryAction.EVENT_DELETED, obj=event, process=event.process_id
        )
        event.delete()
