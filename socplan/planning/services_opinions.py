"""Writes of the opinions on need (:class:`~socplan.planning.models_opinions.NeedOpinion`).

Each function owns its transaction and records what it did in the audit log. Invalid input
raises ``ValidationError`` (messages keyed by field) and changes nothing.

The workflow: a draft is created and edited by the process's coordinator; sending it to the
region (:func:`need_opinion_submit`) freezes it. A sent opinion is never edited: it is
withdrawn (:func:`need_opinion_withdraw`, with a reason) or replaced by a new version
(:func:`need_opinion_revise` copies it as a draft with the same number; sending that draft
marks the old one replaced). Only drafts are deleted.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from socplan.analysis.models import Finding
from socplan.core.audit import audit_log
from socplan.core.numbering import next_number
from socplan.organisation.models import PlanningProcess

from .audit import PlanningAction
from .models import Measure
from .models_opinions import NeedOpinion

OPINION_FIELDS = (
    "request_kind",
    "request_reference",
    "request_date",
    "year",
    "service",
    "kind",
    "form",
    "target_group",
    "provider_name",
    "provider_ico",
    "requested_capacity",
    "recommended_capacity",
    "capacity_unit",
    "verdict",
    "conditions",
    "reasons",
)


def _user(actor):
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def _not_draft(opinion: NeedOpinion) -> ValidationError:
    return ValidationError(
        _(
            "Opinion %(code)s was sent to the region and cannot be changed. Withdraw it, "
            "or make a new version of it."
        ),
        code="sent",
        params={"code": opinion.code},
    )


def _apply(opinion: NeedOpinion, fields: Mapping[str, Any]) -> dict:
    unknown = set(fields) - set(OPINION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")
    changed = {}
    for name, value in fields.items():
        if isinstance(value, str):
            value = value.strip()
        if getattr(opinion, name) != value:
            changed[name] = str(value.pk if hasattr(value, "pk") else value)[:200]
        setattr(opinion, name, value)
    service = opinion.service
    if service is not None:
        # the subject as it was when the opinion was written (the catalogue changes)
        opinion.service_name = service.name
        if service.kind_id is not None:  # the kind is the service's own
            opinion.kind_id = service.kind_id
        if not opinion.provider_name:
            opinion.provider_name = service.provider.name
        if not opinion.provider_ico and service.provider.ico:
            opinion.provider_ico = service.provider.ico
    elif "service" in fields:
        opinion.service_name = ""
    return changed


def _evidence(
    *,
    process: PlanningProcess,
    measures: Iterable[Measure] | None,
    findings: Iterable[Finding] | None,
) -> tuple[list[Measure] | None, list[Finding] | None]:
    """The measures and findings, refused unless all are of ``process``'s plans and
    analysis."""
    errors = {}
    if measures is not None:
        measures = list(measures)
        foreign = [m for m in measures if m.priority.plan.process_id != process.pk]
        if foreign:
            errors["measures"] = ValidationError(
                _("Measure %(code)s is not in a plan of this process."),
                code="foreign_measure",
                params={"code": foreign[0].code},
            )
    if findings is not None:
        findings = list(findings)
        foreign = [f for f in findings if f.process_id != process.pk]
        if foreign:
            errors["findings"] = ValidationError(
                _("Finding %(code)s is not of the analysis of this process."),
                code="foreign_finding",
                params={"code": foreign[0].code},
            )
    if errors:
        raise ValidationError(errors)
    return measures, findings


def _set_evidence(opinion: NeedOpinion, measures, findings) -> dict:
    changed = {}
    if measures is not None:
        before = set(opinion.measures.values_list("pk", flat=True))
        opinion.measures.set(measures)
        if before != {m.pk for m in measures}:
            changed["measures"] = ",".join(m.code for m in measures)
    if findings is not None:
        before = set(opinion.findings.values_list("pk", flat=True))
        opinion.findings.set(findings)
        if before != {f.pk for f in findings}:
            changed["findings"] = ",".join(f.code for f in findings)
    return changed


def _locked(opinion: NeedOpinion) -> NeedOpinion:
    return NeedOpinion.objects.select_for_update().get(pk=opinion.pk)


def need_opinion_create(
    *,
    actor,
    process: PlanningProcess,
    measures: Iterable[Measure] = (),
    findings: Iterable[Finding] = (),
    is_demo: bool = False,
    **fields: Any,
) -> NeedOpinion:
    """A draft opinion of ``process`` (numbered within the process: V01, V02, ...)."""
    measures, findings = _evidence(process=process, measures=measures, findings=findings)
    with transaction.atomic():
        # one number at a time per process: lock the process row
        PlanningProcess.objects.select_for_update().filter(pk=process.pk).first()
        opinion = NeedOpinion(
            process=process,
            number=next_number(process.need_opinions, "number"),
            created_by=_user(actor),
            updated_by=_user(actor),
            is_demo=is_demo,
        )
        _apply(opinion, fields)
        opinion.full_clean(exclude=["process", "number"])
        opinion.save()
        _set_evidence(opinion, measures, findings)
        audit_log(
            actor=actor,
            action=PlanningAction.NEED_OPINION_CREATED,
            obj=opinion,
            process=process.pk,
        )
    return opinion


def need_opinion_update(
    *,
    actor,
    opinion: NeedOpinion,
    measures: Iterable[Measure] | None = None,
    findings: Iterable[Finding] | None = None,
    **fields: Any,
) -> NeedOpinion:
    """Change a draft (a sent opinion is refused: withdraw it or make a new version)."""
    measures, findings = _evidence(process=opinion.process, measures=measures, findings=findings)
    with transaction.atomic():
        locked = _locked(opinion)
        if not locked.is_draft:
            raise _not_draft(locked)
        changed = _apply(locked, fields)
        locked.full_clean(exclude=["process", "number"])
        locked.updated_by = _user(actor)
        locked.save()
        changed.update(_set_evidence(locked, measures, findings))
        if changed:
            audit_log(
                actor=actor,
                action=PlanningAction.NEED_OPINION_UPDATED,
                obj=locked,
                changed=changed,
            )
    return locked


def need_opinion_submit(*, actor, opinion: NeedOpinion) -> NeedOpinion:
    """Send a draft to the region; the version it replaces (if any) becomes replaced."""
    with transaction.atomic():
        locked = _locked(opinion)
        if not locked.is_draft:
            raise ValidationError(
                _("Opinion %(code)s has been sent already."),
                code="already_sent",
                params={"code": locked.code},
            )
        locked.full_clean(exclude=["process", "number"])
        now = timezone.now()
        locked.state = NeedOpinion.State.SUBMITTED
        locked.submitted_at = now
        locked.submitted_by = _user(actor)
        locked.updated_by = _user(actor)
        locked.save()
        replaced = None
        if locked.replaces_id is not None:
            replaced = _locked(locked.replaces)
            if replaced.state == NeedOpinion.State.SUBMITTED:
                replaced.state = NeedOpinion.State.REPLACED
                replaced.save(update_fields=["state", "updated_at"])
        audit_log(
            actor=actor,
            action=PlanningAction.NEED_OPINION_SUBMITTED,
            obj=locked,
            replaces=replaced.pk if replaced is not None else None,
        )
        if not locked.is_demo:  # the demo's story tells nobody
            _notify_region(locked, replaced=replaced)
    return locked


def _notify_region(opinion: NeedOpinion, *, replaced: NeedOpinion | None) -> None:
    """E-mail the staff of the region(s) of the process's area that an opinion was sent
    (sent after the commit, see :func:`socplan.core.mail.queue_emails`), with a link to the
    region's list of opinions."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.mail import EmailMessage
    from django.urls import reverse
    from django.utils import translation

    from socplan.core.mail import queue_emails
    from socplan.territory.models import Region
    from socplan.territory.selectors import region_ids_of_area

    process = opinion.process
    regions = Region.objects.filter(pk__in=region_ids_of_area(area=process.planning_area))
    messages = []
    for region in regions:
        recipients = sorted(
            set(
                get_user_model()
                .objects.filter(region_roles__region=region, is_active=True)
                .exclude(email="")
                .values_list("email", flat=True)
            )
        )
        if not recipients:
            continue
        link = settings.SITE_URL + reverse("region:opinion_list", kwargs={"region": region.code})
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Opinion on need %(code)s: %(subject)s (%(process)s)") % {
                "code": opinion.code,
                "subject": opinion.subject_label,
                "process": process.name,
            }
            lines = [
                _("%(process)s sent %(region)s an opinion on the need of a social service.")
                % {"process": process.name, "region": region.name},
                "",
                f"{opinion.code}: {opinion.subject_label}",
                f"{_('Opinion')}: {opinion.get_verdict_display()}",
            ]
            if opinion.recommended_capacity is not None:
                lines.append(f"{_('Recommended capacity')}: {opinion.recommended_capacity}")
            if replaced is not None:
                lines.append(
                    _("It replaces the opinion %(code)s sent earlier.") % {"code": replaced.code}
                )
            lines += ["", _("The region's list of opinions: %(link)s") % {"link": link}]
        messages.append(
            EmailMessage(
                subject=subject[:255],
                body="\n".join(lines) + "\n",
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=recipients,
            )
        )
    queue_emails(messages)


def need_opinion_withdraw(*, actor, opinion: NeedOpinion, reason: str) -> NeedOpinion:
    """Withdraw a sent opinion (the region sees it withdrawn, with the reason)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason of the withdrawal.")})
    with transaction.atomic():
        locked = _locked(opinion)
        if locked.state != NeedOpinion.State.SUBMITTED:
            raise ValidationError(
                _("Only an opinion sent to the region (and not replaced) can be withdrawn."),
                code="not_submitted",
            )
        locked.state = NeedOpinion.State.WITHDRAWN
        locked.withdrawn_at = timezone.now()
        locked.withdrawal_reason = reason
        locked.updated_by = _user(actor)
        locked.save()
        audit_log(
            actor=actor, action=PlanningAction.NEED_OPINION_WITHDRAWN, obj=locked, reason=reason
        )
    return locked


def need_opinion_revise(*, actor, opinion: NeedOpinion) -> NeedOpinion:
    """A new version of a sent opinion, as a draft with the same number and contents (the
    one already started, if there is one). The sent version stays as it is until the new
    one is sent."""
    with transaction.atomic():
        locked = _locked(opinion)
        if locked.state != NeedOpinion.State.SUBMITTED:
            raise ValidationError(
                _("Only an opinion sent to the region (and not replaced) gets a new version."),
                code="not_submitted",
            )
        existing = NeedOpinion.objects.filter(replaces=locked).first()
        if existing is not None:
            return existing
        latest = (
            NeedOpinion.objects.filter(process=locked.process, number=locked.number)
            .order_by("-version")
            .values_list("version", flat=True)
            .first()
        )
        copy = NeedOpinion(
            process=locked.process,
            number=locked.number,
            version=(latest or locked.version) + 1,
            replaces=locked,
            service_name=locked.service_name,
            created_by=_user(actor),
            updated_by=_user(actor),
            is_demo=locked.is_demo,
            **{name: getattr(locked, name) for name in OPINION_FIELDS},
        )
        copy.save()
        copy.measures.set(locked.measures.all())
        copy.findings.set(locked.findings.all())
        audit_log(
            actor=actor,
            action=PlanningAction.NEED_OPINION_REVISED,
            obj=copy,
            replaces=locked.pk,
        )
    return copy


def need_opinion_delete(*, actor, opinion: NeedOpinion) -> None:
    """Delete a draft (a sent opinion stays: the region has seen it)."""
    with transaction.atomic():
        locked = _locked(opinion)
        if not locked.is_draft:
            raise _not_draft(locked)
        audit_log(
            actor=actor,
            action=PlanningAction.NEED_OPINION_DELETED,
            obj=locked,
            code=locked.code,
        )
        locked.delete()
