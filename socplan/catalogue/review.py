"""Providers keep their entries current: provider editors, change proposals, public
suggestions, the coordinators' review queue and verification.

Writes (``<entity>_<verb>``, keyword-only, one transaction each, audit-logged) come first,
then the reads the review pages need.

Design choices:
- A provider editor's proposal (``ChangeProposal.Kind.PROVIDER_EDIT``) stores the proposed
  new values of LOCAL fields only (:data:`PROPOSABLE_FIELDS`); the review compares them with
  the service's values at review time, so the diff always shows what accepting would change.
- The service area in a proposal is the complete proposed set of manual municipalities
  (ČSÚ codes); accepting adds and removes manual ``ServiceAreaMunicipality`` rows only
  (rows from facilities belong to the import).
- Confirming that an entry is current needs no review: :func:`service_verify` sets
  ``verified_at``/``verified_by`` at once and writes a history row. (The proposal kind
  ``verification`` is therefore not used.)
- A public suggestion carries a free-text message; the reviewer may correct the local
  fields while accepting it (those changes are applied with the source "suggestion").
- The coordinators are told of a new proposal and the proposer of the outcome by e-mail,
  queued in the transaction (:mod:`socplan.core.mail`): sent after the commit, retried when
  the mail server fails, never undoing the decision.
"""

from __future__ import annotations

import datetime
import logging
import os
import uuid
from dataclasses import dataclass, field
from functools import partial

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.files.storage import default_storage
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from socplan.accounts.models import Role
from socplan.core.audit import audit_log
from socplan.core.collation import czech, czech_sorted
from socplan.core.diff import word_diff
from socplan.core.files import private_storage
from socplan.core.mail import queue_digest, queue_email, queue_emails
from socplan.core.numbers import is_digits
from socplan.territory.models import Municipality, PlanningArea
from socplan.territory.processes import coordinated_area_ids, coordinator_user_ids

from . import search
from .audit import CatalogueAction
from .models import (
    ChangeProposal,
    Provider,
    ProviderEditor,
    Service,
    ServiceAreaMunicipality,
    ServiceChange,
    ServicePhoto,
)

logger = logging.getLogger(__name__)

TEXT_FIELDS = ["description", "opening_hours", "accessibility"]
AREA_FIELD = "service_area"
PROPOSABLE_FIELDS = [*TEXT_FIELDS, AREA_FIELD]
# Photos: {"photos_add": [{"file": <storage name>, "alt": <text>}], "photos_remove": [ids]};
# a proposed photo waits in PENDING_PHOTO_DIR of the private storage (never under MEDIA_ROOT,
# shown only to its reviewers) until the proposal is decided: accepted, it moves to
# PUBLIC_PHOTO_DIR under MEDIA_ROOT; rejected, it is deleted.
PHOTOS_ADD = "photos_add"
PHOTOS_REMOVE = "photos_remove"
PHOTOS = "photos"
PENDING_PHOTO_DIR = "catalogue/photos/proposed/"
PUBLIC_PHOTO_DIR = "catalogue/photos/"
FIELD_LABELS = {
    "description": gettext_lazy("Description in plain language"),
    "opening_hours": gettext_lazy("Opening hours"),
    "accessibility": gettext_lazy("Accessibility"),
    AREA_FIELD: gettext_lazy("Municipalities served (added by hand)"),
    PHOTOS: gettext_lazy("Photos"),
    PHOTOS_ADD: gettext_lazy("Photos"),
    PHOTOS_REMOVE: gettext_lazy("Photos"),
    "verified_at": gettext_lazy("Last verified"),
}


def field_label(name: str) -> str:
    """Readable name of a field in proposals and history (import rows name fields of the
    register record: model fields, reverse relations such as "forms", or neither)."""
    if name in FIELD_LABELS:
        return str(FIELD_LABELS[name])
    try:
        found = Service._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    label = getattr(found, "verbose_name", None)
    if label is None:  # a reverse relation: the name of what relates
        label = found.related_model._meta.verbose_name_plural
    return str(label).capitalize()


# --- provider editors ---------------------------------------------------------------------


def provider_editor_invite(
    *,
    process,
    provider: Provider,
    email: str,
    full_name: str = "",
    invited_by,
    request: HttpRequest | None = None,
):
    """Invite a person to keep the entries of ``provider`` current (through the accounts
    invitation: the person gets the role provider editor in ``process``; accepting the
    invitation makes them a :class:`ProviderEditor` of the provider)."""
    from socplan.accounts.services import invitation_send

    if not provider.ico:
        raise ValidationError(
            _("Only a provider with an IČO can have provider editors."), code="no_ico"
        )
    email = (email or "").strip().lower()
    if ProviderEditor.objects.filter(user__email__iexact=email, provider=provider).exists():
        raise ValidationError(
            _("%(email)s already edits the entries of %(provider)s."),
            params={"email": email, "provider": provider.name},
            code="already_editor",
        )
    return invitation_send(
        email=email,
        role=Role.PROVIDER_EDITOR,
        target=process,
        full_name=full_name,
        invited_by=invited_by,
        request=request,
        provider_ico=provider.ico,
    )


def provider_editor_add(*, user, provider: Provider, invited_by=None) -> ProviderEditor:
    """Make ``user`` an editor of ``provider`` (nothing changes if they already are)."""
    with transaction.atomic():
        editor, created = ProviderEditor.objects.get_or_create(
            user=user, provider=provider, defaults={"invited_by": invited_by}
        )
        if created:
            audit_log(
                actor=invited_by or user,
                action=CatalogueAction.PROVIDER_EDITOR_ADDED,
                obj=editor,
                user=user.pk,
                provider=provider.pk,
                ico=provider.ico,
            )
    return editor


def provider_editor_remove(*, editor: ProviderEditor, actor) -> None:
    with transaction.atomic():
        audit_log(
            actor=actor,
            action=CatalogueAction.PROVIDER_EDITOR_REMOVED,
            obj=editor,
            user=editor.user_id,
            provider=editor.provider_id,
        )
        editor.delete()


def on_invitation_accepted(sender, *, invitation, user, **kwargs) -> None:
    """Receiver of ``accounts.signals.invitation_accepted``: an accepted provider editor's
    invitation makes the user an editor of the provider with that IČO."""
    if not invitation.provider_ico:
        return
    provider = Provider.objects.filter(ico=invitation.provider_ico).first()
    if provider is None:
        logger.warning(
            "Invitation %s names an unknown IČO %s", invitation.pk, invitation.provider_ico
        )
        return
    provider_editor_add(user=user, provider=provider, invited_by=invitation.invited_by)


# --- values of the local fields -----------------------------------------------------------


def manual_area_codes(service: Service) -> list[str]:
    """ČSÚ codes of the municipalities added by hand to the service area, sorted."""
    return sorted(
        service.area_municipalities.filter(origin=ServiceAreaMunicipality.Origin.MANUAL)
        .values_list("municipality__code", flat=True)
        .distinct()
    )


def current_values(service: Service) -> dict:
    """The service's current values of every proposable field."""
    values = {name: getattr(service, name) or "" for name in TEXT_FIELDS}
    values[AREA_FIELD] = manual_area_codes(service)
    return values


def _normalise_text(value) -> str:
    text = str(value or "").replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.strip().split("\n"))


def _normalise(name: str, value):
    if name == AREA_FIELD:
        return sorted({str(code).strip() for code in (value or []) if str(code).strip()})
    return _normalise_text(value)


def changed_values(service: Service, proposed: dict) -> dict:
    """Of ``proposed`` {field: value}, only the proposable fields that differ from now."""
    now = current_values(service)
    changes = {}
    for name in PROPOSABLE_FIELDS:
        if name not in proposed:
            continue
        value = _normalise(name, proposed[name])
        if value != _normalise(name, now[name]):
            changes[name] = value
    if proposed.get(PHOTOS_ADD):
        changes[PHOTOS_ADD] = list(proposed[PHOTOS_ADD])
    remove = set(proposed.get(PHOTOS_REMOVE) or [])
    if remove:
        existing = set(service.photos.filter(pk__in=remove).values_list("pk", flat=True))
        if existing:
            changes[PHOTOS_REMOVE] = sorted(existing)
    return changes


def store_pending_photo(upload) -> str:
    """Keep an uploaded photo of a proposal in the private storage until it is decided;
    returns its name there."""
    extension = os.path.splitext(upload.name)[1].lower() or ".jpg"
    name = f"{PENDING_PHOTO_DIR}{uuid.uuid4().hex}{extension}"
    return private_storage().save(name, upload)


def pending_photo_storage(name: str):
    """The storage holding the proposed photo ``name``: the private one, or MEDIA_ROOT for a
    photo accepted before proposed photos moved out of it."""
    if name.startswith(PENDING_PHOTO_DIR) and private_storage().exists(name):
        return private_storage()
    return default_storage


def _publish_pending_photo(name: str, moved: list[str]) -> str:
    """Copy a proposed photo from the private storage to the public photos; its private
    file goes after the commit (``moved``). Returns the public name."""
    if not name.startswith(PENDING_PHOTO_DIR) or not private_storage().exists(name):
        return name
    with private_storage().open(name, "rb") as content:
        public = default_storage.save(f"{PUBLIC_PHOTO_DIR}{os.path.basename(name)}", content)
    moved.append(name)
    return public


def _delete_pending_photos(changes: dict) -> None:
    for photo in changes.get(PHOTOS_ADD) or []:
        name = photo.get("file", "")
        if name.startswith(PENDING_PHOTO_DIR):
            pending_photo_storage(name).delete(name)


def _area_display(codes) -> str:
    names = dict(Municipality.objects.filter(code__in=list(codes)).values_list("code", "name"))
    return ", ".join(czech_sorted(names.get(code, code) for code in codes))


def _apply_changes(
    *, service: Service, changes: dict, actor, source: str, note: str, area_added_by
) -> list[ServiceChange]:
    """Write ``changes`` to the service with one history row per changed field."""
    history = []
    update_fields = []
    now = timezone.now()
    for name in TEXT_FIELDS:
        if name not in changes:
            continue
        old = getattr(service, name) or ""
        new = _normalise_text(changes[name])
        if _normalise_text(old) == new:
            continue
        setattr(service, name, new)
        update_fields.append(name)
        history.append(
            ServiceChange(
                service=service,
                at=now,
                actor=actor,
                source=source,
                field=name,
                old_value=old,
                new_value=new,
                note=note,
            )
        )
    if AREA_FIELD in changes:
        old_codes = manual_area_codes(service)
        new_codes = _normalise(AREA_FIELD, changes[AREA_FIELD])
        if new_codes != old_codes:
            removed = set(old_codes) - set(new_codes)
            added = [code for code in new_codes if code not in old_codes]
            service.area_municipalities.filter(
                origin=ServiceAreaMunicipality.Origin.MANUAL, municipality__code__in=removed
            ).delete()
            for municipality in Municipality.objects.filter(code__in=added):
                ServiceAreaMunicipality.objects.get_or_create(
                    service=service,
                    municipality=municipality,
                    origin=ServiceAreaMunicipality.Origin.MANUAL,
                    defaults={"added_by": area_added_by},
                )
            history.append(
                ServiceChange(
                    service=service,
                    at=now,
                    actor=actor,
                    source=source,
                    field=AREA_FIELD,
                    old_value=_area_display(old_codes),
                    new_value=_area_display(new_codes),
                    note=note,
                )
            )
    history.extend(
        _apply_photos(
            service=service, changes=changes, actor=actor, note=note, at=now, source=source
        )
    )
    if update_fields:
        service.save(update_fields=[*update_fields, "updated_at"])
    ServiceChange.objects.bulk_create(history)
    if history:
        search.reindex_service(service)
    return history


def _apply_photos(*, service, changes, actor, note, at, source) -> list[ServiceChange]:
    removed, added, files = [], [], []
    for photo in service.photos.filter(pk__in=changes.get(PHOTOS_REMOVE) or []):
        removed.append(photo.alt_text)
        files.append(photo.image.name)
        photo.delete()
    if files:
        # the files go only when the removal is committed
        transaction.on_commit(lambda: [default_storage.delete(name) for name in files])
    order = max(service.photos.values_list("order", flat=True), default=0)
    published, moved = [], []
    for item in changes.get(PHOTOS_ADD) or []:
        order += 1
        item = {**item, "file": _publish_pending_photo(item["file"], moved)}
        ServicePhoto.objects.create(
            service=service, image=item["file"], alt_text=item.get("alt", ""), order=order
        )
        published.append(item)
        added.append(item.get("alt", ""))
    if published:
        changes[PHOTOS_ADD] = published  # the proposal names the public files from now
    if moved:
        storage = private_storage()
        transaction.on_commit(lambda: [storage.delete(name) for name in moved])
    if not removed and not added:
        return []
    return [
        ServiceChange(
            service=service,
            at=at,
            actor=actor,
            source=source,
            field=PHOTOS,
            old_value="\n".join(removed),
            new_value="\n".join(added),
            note=note,
        )
    ]


# --- proposals and suggestions ------------------------------------------------------------


def change_proposal_submit(
    *,
    service: Service,
    proposed: dict,
    proposed_by,
    photo_upload: tuple | None = None,
    request: HttpRequest | None = None,
) -> ChangeProposal:
    """A provider editor proposes new values of local fields; the coordinators review it.

    ``photo_upload`` is (uploaded file, text alternative) of a photo to add. Raises
    ValidationError when the user does not edit the service's provider or when nothing
    would change.
    """
    if not ProviderEditor.objects.filter(
        user=proposed_by, provider_id=service.provider_id
    ).exists():
        raise ValidationError(
            _("You can propose changes only to the services of your provider."), code="not_editor"
        )
    changes = changed_values(service, proposed)
    if not changes and not photo_upload:
        raise ValidationError(
            _("Nothing has changed: change at least one field."), code="no_change"
        )
    if photo_upload:
        upload, alt = photo_upload
        changes[PHOTOS_ADD] = [{"file": store_pending_photo(upload), "alt": alt}]
    with transaction.atomic():
        proposal = ChangeProposal.objects.create(
            service=service,
            kind=ChangeProposal.Kind.PROVIDER_EDIT,
            proposed_by=proposed_by,
            proposer_name=proposed_by.get_full_name(),
            proposer_email=proposed_by.email,
            changes=changes,
        )
        audit_log(
            actor=proposed_by,
            action=CatalogueAction.CHANGE_PROPOSAL_SUBMITTED,
            obj=proposal,
            service=service.pk,
            fields=sorted(changes),
        )
        _notify_reviewers(proposal=proposal, request=request)
    return proposal


def suggestion_submit(
    *,
    service: Service,
    message: str,
    name: str = "",
    email: str = "",
    user=None,
    request: HttpRequest | None = None,
) -> ChangeProposal:
    """Anyone suggests a correction of a service's entry (a free-text message)."""
    message = _normalise_text(message)
    if not message:
        raise ValidationError(_("Describe what should be corrected."), code="empty")
    with transaction.atomic():
        proposal = ChangeProposal.objects.create(
            service=service,
            kind=ChangeProposal.Kind.SUGGESTION,
            proposed_by=user if user is not None and user.is_authenticated else None,
            proposer_name=(name or "").strip(),
            proposer_email=(email or "").strip().lower(),
            message=message,
        )
        audit_log(
            actor=user,
            action=CatalogueAction.CHANGE_PROPOSAL_SUGGESTED,
            obj=proposal,
            service=service.pk,
        )
        _notify_reviewers_of_suggestion(proposal=proposal, request=request)
    return proposal


def service_verify(*, service: Service, actor) -> Service:
    """A provider editor confirms that the entry is current (no review needed)."""
    if not ProviderEditor.objects.filter(user=actor, provider_id=service.provider_id).exists():
        raise ValidationError(
            _("Only an editor of the provider can confirm the entry."), code="not_editor"
        )
    today = timezone.localdate()
    with transaction.atomic():
        old = service.verified_at
        service.verified_at = today
        service.verified_by = actor
        service.save(update_fields=["verified_at", "verified_by", "updated_at"])
        ServiceChange.objects.create(
            service=service,
            actor=actor,
            source=ServiceChange.ChangeSource.PROVIDER,
            field="verified_at",
            old_value=old.isoformat() if old else "",
            new_value=today.isoformat(),
            note=_("The provider confirmed that the entry is current."),
        )
        audit_log(
            actor=actor,
            action=CatalogueAction.SERVICE_VERIFIED,
            obj=service,
            verified_at=str(today),
        )
    return service


def _source_of(proposal: ChangeProposal) -> str:
    if proposal.kind == ChangeProposal.Kind.SUGGESTION:
        return ServiceChange.ChangeSource.SUGGESTION
    return ServiceChange.ChangeSource.PROVIDER


def _lock_pending(proposal: ChangeProposal) -> ChangeProposal:
    locked = ChangeProposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.status != ChangeProposal.Status.PENDING:
        raise ValidationError(_("This proposal has already been reviewed."), code="reviewed")
    return locked


def change_proposal_accept(
    *,
    proposal: ChangeProposal,
    reviewer,
    note: str = "",
    corrections: dict | None = None,
    request: HttpRequest | None = None,
) -> list[ServiceChange]:
    """Accept a proposal: apply its changes (for a suggestion: the reviewer's
    ``corrections`` of local fields) with history rows, and tell the proposer."""
    note = _normalise_text(note)
    with transaction.atomic():
        proposal = _lock_pending(proposal)
        service = Service.objects.select_for_update().get(pk=proposal.service_id)
        changes = dict(proposal.changes or {})
        if corrections:
            changes.update(changed_values(service, corrections))
        proposal.changes = changes  # with the public names of accepted photos
        history = _apply_changes(
            service=service,
            changes=changes,
            actor=proposal.proposed_by or reviewer,
            source=_source_of(proposal),
            note=note,
            area_added_by=proposal.proposed_by or reviewer,
        )
        proposal.status = ChangeProposal.Status.ACCEPTED
        proposal.reviewed_by = reviewer
        proposal.reviewed_at = timezone.now()
        proposal.reason = note
        proposal.save(update_fields=["status", "reviewed_by", "reviewed_at", "reason", "changes"])
        audit_log(
            actor=reviewer,
            action=CatalogueAction.CHANGE_PROPOSAL_ACCEPTED,
            obj=proposal,
            service=service.pk,
            fields=[row.field for row in history] or None,
        )
        _notify_proposer(proposal=proposal, request=request)
    return history


def change_proposal_reject(
    *, proposal: ChangeProposal, reviewer, reason: str, request: HttpRequest | None = None
) -> ChangeProposal:
    """Reject a proposal with a reason (required); nothing of the service changes."""
    reason = _normalise_text(reason)
    if not reason:
        raise ValidationError(_("Give the reason for rejecting."), code="reason_required")
    with transaction.atomic():
        proposal = _lock_pending(proposal)
        proposal.status = ChangeProposal.Status.REJECTED
        proposal.reviewed_by = reviewer
        proposal.reviewed_at = timezone.now()
        proposal.reason = reason
        proposal.save(update_fields=["status", "reviewed_by", "reviewed_at", "reason"])
        audit_log(
            actor=reviewer,
            action=CatalogueAction.CHANGE_PROPOSAL_REJECTED,
            obj=proposal,
            service=proposal.service_id,
            reason=reason,
        )
        _notify_proposer(proposal=proposal, request=request)
        transaction.on_commit(
            lambda changes=dict(proposal.changes or {}): _delete_pending_photos(changes)
        )
    return proposal


def _absolute(path: str, request: HttpRequest | None) -> str:
    if request is not None:
        return request.build_absolute_uri(path)
    return settings.SITE_URL + path


def reviewers_of(*, service: Service) -> list:
    """Coordinators of the processes whose planning area holds one of the service's
    municipalities (those who see its proposals in their review queue)."""
    from django.contrib.auth import get_user_model

    municipality_ids = set(
        service.facilities.exclude(municipality=None).values_list("municipality_id", flat=True)
    ) | set(service.area_municipalities.values_list("municipality_id", flat=True))
    if not municipality_ids:
        return []
    area_ids = PlanningArea.objects.filter(municipalities__in=municipality_ids).values_list(
        "pk", flat=True
    )
    return list(
        get_user_model()
        .objects.filter(is_active=True, pk__in=coordinator_user_ids(set(area_ids)))
        .order_by("email")
    )


def _notify_reviewers(*, proposal: ChangeProposal, request: HttpRequest | None) -> None:
    """Tell the coordinators that a proposal waits for them (one e-mail each, sent
    together after the commit)."""
    reviewers = reviewers_of(service=proposal.service)
    if not reviewers:
        return
    context = {
        "proposal": proposal,
        "service": proposal.service,
        "link": _absolute(reverse("catalogue:review_detail", kwargs={"pk": proposal.pk}), request),
        "queue_link": _absolute(reverse("catalogue:review_queue"), request),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = "".join(
            render_to_string("catalogue/review/email/new_subject.txt", context).splitlines()
        )
        body = render_to_string("catalogue/review/email/new.txt", context)
    queue_emails(
        EmailMessage(
            subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[user.email]
        )
        for user in reviewers
    )


SUGGESTION_DIGEST = "catalogue.suggestions"


def _notify_reviewers_of_suggestion(*, proposal: ChangeProposal, request) -> None:
    """Public suggestions come in bursts (anyone may send one): each coordinator gets one
    digest of those that came within ``MAIL_DIGEST_MINUTES``, not an e-mail per suggestion."""
    reviewers = reviewers_of(service=proposal.service)
    if not reviewers:
        return
    item = {
        "service": proposal.service.name,
        "provider": proposal.service.provider.name,
        "message": proposal.message,
        "link": _absolute(reverse("catalogue:review_detail", kwargs={"pk": proposal.pk}), request),
    }
    queue_link = _absolute(reverse("catalogue:review_queue"), request)
    for user in reviewers:
        queue_digest(
            key=SUGGESTION_DIGEST,
            to=user.email,
            item=item,
            build=partial(_suggestion_digest, to=user.email, queue_link=queue_link),
            delay=datetime.timedelta(minutes=settings.MAIL_DIGEST_MINUTES),
        )


def _suggestion_digest(items: list[dict], *, to: str, queue_link: str) -> EmailMessage:
    context = {"items": items, "count": len(items), "queue_link": queue_link}
    with translation.override(settings.LANGUAGE_CODE):
        subject = "".join(
            render_to_string("catalogue/review/email/suggestions_subject.txt", context).splitlines()
        )
        body = render_to_string("catalogue/review/email/suggestions.txt", context)
    return EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[to])


def proposer_email(proposal: ChangeProposal) -> str:
    """Where the proposer is told the outcome ("" when they left no e-mail)."""
    return proposal.proposer_email or (proposal.proposed_by.email if proposal.proposed_by else "")


def _notify_proposer(*, proposal: ChangeProposal, request: HttpRequest | None) -> None:
    """Tell the proposer (if they left an e-mail) whether their proposal was accepted."""
    email = proposer_email(proposal)
    if not email:
        return
    context = {
        "proposal": proposal,
        "service": proposal.service,
        "accepted": proposal.status == ChangeProposal.Status.ACCEPTED,
        "fields": list(dict.fromkeys(field_label(name) for name in proposal.changes or {})),
        "service_link": _absolute(proposal.service.get_absolute_url(), request),
        "my_services_link": (
            _absolute(reverse("catalogue:my_services"), request)
            if proposal.kind == ChangeProposal.Kind.PROVIDER_EDIT
            else ""
        ),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = "".join(
            render_to_string("catalogue/review/email/outcome_subject.txt", context).splitlines()
        )
        body = render_to_string("catalogue/review/email/outcome.txt", context)
    reviewer = proposal.reviewed_by
    queue_email(
        EmailMessage(
            subject=subject,
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[email],
            reply_to=[reviewer.email] if reviewer else None,
        )
    )


# --- reads --------------------------------------------------------------------------------


def editable_services(*, user) -> QuerySet[Service]:
    """All services of the providers the user edits ("my services")."""
    return (
        Service.objects.filter(provider__editors__user=user)
        .select_related("provider", "kind", "local_category", "verified_by")
        .distinct()
        .order_by(czech("provider__name"), czech("name"), "pk")
    )


def reviewable_proposals(*, user, status: str = ChangeProposal.Status.PENDING) -> QuerySet:
    """Proposals the user may review: all for site staff; for a coordinator those of
    services with a facility or a service-area row in one of their processes' areas."""
    proposals = ChangeProposal.objects.filter(status=status).select_related(
        "service", "service__provider", "proposed_by", "reviewed_by"
    )
    if not user.is_staff:
        area_ids = coordinated_area_ids(user)
        municipality_ids = Municipality.objects.filter(planning_areas__in=area_ids).values("pk")
        proposals = proposals.filter(
            Q(service__facilities__municipality__in=municipality_ids)
            | Q(service__area_municipalities__municipality__in=municipality_ids)
        ).distinct()
    order = "created_at" if status == ChangeProposal.Status.PENDING else "-reviewed_at"
    return proposals.order_by(order, "pk")


def proposals_of_services(*, services) -> QuerySet:
    return (
        ChangeProposal.objects.filter(service__in=services)
        .exclude(kind=ChangeProposal.Kind.SUGGESTION)
        .select_related("service", "reviewed_by")
        .order_by("-created_at", "-pk")
    )


def resolve_municipalities(text: str, *, keep: list[str] | None = None):
    """Municipalities from text: names or ČSÚ codes separated by commas or lines.

    Returns (municipalities, errors): an unknown name or a name shared by several
    municipalities (write its code then) is an error.
    """
    from socplan.territory.models import search_key

    found, errors = [], []
    for raw in text.replace(";", ",").replace("\n", ",").split(","):
        term = raw.strip()
        if not term:
            continue
        if is_digits(term):
            matches = list(Municipality.objects.filter(code=term).select_related("district"))
        else:
            matches = list(
                Municipality.objects.filter(search_name=search_key(term)).select_related("district")
            )
        if not matches:
            errors.append(_("No municipality is called %(name)s.") % {"name": term})
        elif len(matches) > 1:
            choices = ", ".join(
                f"{m.name} ({m.district.name if m.district_id else ''}, {m.code})" for m in matches
            )
            errors.append(
                _("Several municipalities are called %(name)s; write the code of one: %(choices)s.")
                % {"name": term, "choices": choices}
            )
        else:
            found.append(matches[0])
    return found, errors


@dataclass
class FieldDiff:
    """One field of a proposal: its current and proposed value, as segments
    ``(changed: bool, text)`` for highlighting."""

    name: str
    label: str
    old_segments: list = field(default_factory=list)
    new_segments: list = field(default_factory=list)
    added: list = field(default_factory=list)
    removed: list = field(default_factory=list)
    kept: list = field(default_factory=list)
    is_list: bool = False
    photos_added: list = field(default_factory=list)
    photos_removed: list = field(default_factory=list)
    is_photos: bool = False

    @property
    def old_empty(self) -> bool:
        return not any(text.strip() for _changed, text in self.old_segments)

    @property
    def new_empty(self) -> bool:
        return not any(text.strip() for _changed, text in self.new_segments)


def proposal_diff(*, proposal: ChangeProposal) -> list[FieldDiff]:
    """Field-by-field difference between the service now and the proposal."""
    now = current_values(proposal.service)
    diffs = []
    for name in PROPOSABLE_FIELDS:
        if name not in (proposal.changes or {}):
            continue
        new = proposal.changes[name]
        if name == AREA_FIELD:
            old_codes, new_codes = set(now[name]), set(_normalise(name, new))
            names = dict(
                Municipality.objects.filter(code__in=old_codes | new_codes).values_list(
                    "code", "name"
                )
            )

            def label(codes, names=names):
                return czech_sorted(names.get(code, code) for code in codes)

            diffs.append(
                FieldDiff(
                    name=name,
                    label=field_label(name),
                    added=label(new_codes - old_codes),
                    removed=label(old_codes - new_codes),
                    kept=label(old_codes & new_codes),
                    is_list=True,
                )
            )
            continue
        old_segments, new_segments = word_diff(_normalise_text(now[name]), _normalise_text(new))
        diffs.append(
            FieldDiff(
                name=name,
                label=field_label(name),
                old_segments=old_segments,
                new_segments=new_segments,
            )
        )
    changes = proposal.changes or {}
    if changes.get(PHOTOS_ADD) or changes.get(PHOTOS_REMOVE):
        diffs.append(
            FieldDiff(
                name=PHOTOS,
                label=field_label(PHOTOS),
                photos_added=[
                    {
                        # a proposed photo is not public: served only to its reviewers
                        "url": reverse("catalogue:review_photo", args=[proposal.pk, index]),
                        "alt": item.get("alt", ""),
                    }
                    for index, item in enumerate(changes.get(PHOTOS_ADD) or [])
                ],
                photos_removed=list(
                    proposal.service.photos.filter(pk__in=changes.get(PHOTOS_REMOVE) or [])
                ),
                is_photos=True,
            )
        )
    return diffs


def service_history(*, service: Service, limit: int = 50) -> list[ServiceChange]:
    """Latest changes of a service with readable field names."""
    rows = list(service.changes.select_related("actor").order_by("-at", "-pk")[:limit])
    for row in rows:
        row.field_label = field_label(row.field)
    return rows
