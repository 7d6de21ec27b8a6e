"""The audit actions of documents, news and events of a process (see :mod:`socplan.core.audit`)."""

from django.utils.translation import gettext_lazy as _

from socplan.core.audit import AuditAction


class LibraryAction(AuditAction):
    DOCUMENT_CREATED = "document.created", _("document created")
    DOCUMENT_UPDATED = "document.updated", _("document changed")
    DOCUMENT_VERSION_ADDED = "document.version_added", _("document version added")
    DOCUMENT_DELETED = "document.deleted", _("document deleted")
    NEWS_CREATED = "news.created", _("news article created")
    NEWS_UPDATED = "news.updated", _("news article changed")
    NEWS_DELETED = "news.deleted", _("news article deleted")
    EVENT_CREATED = "event.created", _("event created")
    EVENT_UPDATED = "event.updated", _("event changed")
    EVENT_DELETED = "event.deleted", _("event deleted")
