"""The audit log: every service that changes data records what it did here.

What was done is an enumerated action, never a free string. Each app declares its own
actions in its ``audit.py`` as a subclass of :class:`AuditAction` (a ``TextChoices``
whose values read ``<entity>.<past tense>``) and passes the member to :func:`audit_log`::

    # socplan/library/audit.py
    class LibraryAction(AuditAction):
        NEWS_CREATED = "news.created", _("news item created")

    audit_log(actor=user, action=LibraryAction.NEWS_CREATED, obj=news)

Core knows no app: it finds the actions by subclassing (the ``audit`` modules of all
installed apps are imported when core is ready, as the admin finds ``admin`` modules), so
the layering stays one-way and a new app adds its actions without touching core.
"""

import re
from typing import Any

from django.core import checks
from django.db import models

from .models import AuditEvent

ACTION_PATTERN = re.compile(r"^[a-z][a-z_]*\.[a-z][a-z_]*$")


class AuditAction(models.TextChoices):
    """Base of every app's audit actions (has no members itself)."""


def action_classes() -> list[type[AuditAction]]:
    """Every enumeration of audit actions, including subclasses of subclasses."""
    found: list[type[AuditAction]] = []
    pending = list(AuditAction.__subclasses__())
    while pending:
        cls = pending.pop(0)
        found.append(cls)
        pending.extend(cls.__subclasses__())
    return found


def action_choices() -> list[tuple[str, str]]:
    """(value, label) of every declared action, sorted by value (the choices of
    :attr:`AuditEvent.action`)."""
    return sorted(
        ((member.value, member.label) for cls in action_classes() for member in cls),
        key=lambda choice: choice[0],
    )


def audit_log(
    *, actor, action: AuditAction, obj: models.Model | None = None, **data: Any
) -> AuditEvent:
    """Record one change; call it inside the service's transaction.

    ``action`` must be a member of an app's :class:`AuditAction` enumeration; a plain
    string raises ``TypeError`` (so that a misspelt action fails in the tests)."""
    if not isinstance(action, AuditAction):
        raise TypeError(f"audit_log() takes a member of an AuditAction enumeration, not {action!r}")
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEvent.objects.create(
        actor=actor,
        action=action.value,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:255] if obj is not None else "",
        data={k: v for k, v in data.items() if v is not None},
    )


@checks.register()
def check_audit_actions(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Each action value is well formed and declared once across all apps."""
    return action_errors(action_classes())


def action_errors(classes) -> list[checks.CheckMessage]:
    errors: list[checks.CheckMessage] = []
    seen: dict[str, str] = {}
    for cls in classes:
        name = f"{cls.__module__}.{cls.__qualname__}"
        for member in cls:
            if not ACTION_PATTERN.match(member.value):
                errors.append(
                    checks.Error(
                        f"Audit action {member.value!r} of {name} is not '<entity>.<past tense>'.",
                        id="core.E001",
                    )
                )
            if member.value in seen:
                errors.append(
                    checks.Error(
                        f"Audit action {member.value!r} is declared by both {seen[member.value]} "
                        f"and {name}.",
                        id="core.E002",
                    )
                )
            seen[member.value] = name
    return errors
