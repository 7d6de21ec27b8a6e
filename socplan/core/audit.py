"""The audit log: every service that changes data records what it did here."""

from typing import Any

from django.db import models

from .models import AuditEvent


def audit_log(*, actor, action: str, obj: models.Model | None = None, **data: Any) -> AuditEvent:
    """Record one change; call it inside the service's transaction."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEvent.objects.create(
        actor=actor,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:255] if obj is not None else "",
        data={k: v for k, v in data.items() if v is not None},
    )
