"""Writes of consultation rounds, comments, resolutions and approvals.

Every function owns its transaction and records what it did in the audit log. E-mails (the
confirmation of a comment, the notice that it was resolved) go through
:func:`socplan.core.mail.queue_email`: they are stored with the change and leave after the
commit, never when the change is rolled back. The plan is frozen through planning's
:func:`~socplan.planning.services.plan_status_set` (this app owns the approval, planning owns
the plan). Invalid input raises ``ValidationError`` and changes nothing.
"""

import datetime
import hashlib
import json
import secrets
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from socplan.analysis.models import Swot, SwotItem
from socplan.core.audit import audit_log
from socplan.core.mail import queue_email
from socplan.core.numbering import next_number
from socplan.organisation.council import council_decision_check
from socplan.organisation.models import Group
from socplan.planning import services as planning_services
from socplan.planning.models import Activity, Measure, Plan, PlanVersion, Priority

from .audit import ConsultationAction
from .models import AnswerTemplate, Comment, CouncilDecision, PlanApproval, Resolution, Round

ROUND_FIELDS = (
    "title",
    "announcement",
    "opens_on",
    "closes_on",
    "hearing_on",
    "hearing_place",
    "allow_anonymous",
)


def _user(actor):
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def _absolute(path: str, request: HttpRequest | None) -> str:
    return request.build_absolute_uri(path) if request is not None else settings.SITE_URL + path


def _day(day: datetime.date) -> str:
    return f"{day.day}. {day.month}. {day.year}"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def snapshot_checksum(snapshot: dict) -> str:
    """SHA-256 of a plan snapshot in a canonical form (keys sorted, no spaces)."""
    data = json.dumps(snapshot, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


# --- rounds ------------------------------------------------------------------------------


def round_open(
    *,
    actor,
    plan: Plan,
    title: str,
    opens_on: datetime.date,
    closes_on: datetime.date,
    hearing_on: datetime.date | None = None,
    hearing_place: str = "",
    announcement: str = "",
    allow_anonymous: bool = False,
    swot: Swot | None = None,
    is_demo: bool = False,
) -> Round:
    """Open the plan's current version for comments between two dates. A draft plan moves
    to "in consultation" (public); an approved plan needs an amendment first.

    With ``swot`` (a SWOT of the plan's process) the round is on that SWOT instead: the plan
    keeps its status (a SWOT is consulted before the draft exists, or while the plan is in
    force), and the round's comments do not hold up the approval of the plan."""
    with transaction.atomic():
        locked = Plan.objects.select_for_update().select_related("process").get(pk=plan.pk)
        if swot is not None and swot.process_id != locked.process_id:
            raise ValidationError(
                {"swot": _("The SWOT belongs to another planning process.")}, code="process"
            )
        if swot is None and locked.is_frozen:
            raise ValidationError(
                _(
                    "This version of the plan is approved. Start an amendment (a new "
                    "version) to consult changes."
                ),
                code="frozen",
            )
        if swot is None and locked.status == Plan.Status.DRAFT:
            planning_services.plan_status_set(
                actor=actor, plan=locked, status=Plan.Status.CONSULTATION
            )
            locked.refresh_from_db()
        round_ = Round(
            plan=locked,
            plan_version=locked.version,
            draft=None if swot is not None else locked.versions.order_by("-revision").first(),
            swot=swot,
            title=title.strip(),
            announcement=announcement,
            opens_on=opens_on,
            closes_on=closes_on,
            hearing_on=hearing_on,
            hearing_place=hearing_place,
            allow_anonymous=allow_anonymous,
            opened_by=_user(actor),
            is_demo=is_demo,
        )
        round_.full_clean()
        round_.save()
        audit_log(
            actor=actor,
            action=ConsultationAction.ROUND_OPENED,
            obj=round_,
            plan=locked.pk,
            version=locked.version,
            swot=swot.pk if swot is not None else None,
            opens_on=opens_on.isoformat(),
            closes_on=closes_on.isoformat(),
        )
    return round_


def round_update(*, actor, round: Round, **fields: Any) -> Round:
    unknown = set(fields) - set(ROUND_FIELDS)
    if unknown:
        raise TypeError(f"round_update() got unknown fields: {sorted(unknown)}")
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round.pk)
        changed = [name for name, value in fields.items() if getattr(locked, name) != value]
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.full_clean()
        locked.save()
        if changed:
            audit_log(
                actor=actor, action=ConsultationAction.ROUND_UPDATED, obj=locked, changed=changed
            )
    return locked


# --- the part of the plan a comment is about ---------------------------------------------


def resolve_part(round: Round, value: str) -> dict:
    """The fields of a comment for a part chosen as "plan", "chapter:vision",
    "priority:<id>", "measure:<id>" or "activity:<id>" (ids of the round's draft), or on a
    SWOT "swot", "quadrant:<quadrant>" or "swot_item:<id>"."""
    from .selectors import draft_parts

    parts = {p.value: p for p in draft_parts(round=round)}
    part = parts.get(value)
    if part is None:
        raise ValidationError({"part": _("Choose a part of the plan.")})
    fields: dict[str, Any] = {
        "part": part.kind,
        "part_key": part.key,
        "part_label": part.label[:400],
        "priority": None,
        "measure": None,
        "activity": None,
        "swot_item": None,
    }
    model = {
        "priority": Priority,
        "measure": Measure,
        "activity": Activity,
        "swot_item": SwotItem,
    }.get(part.kind)
    if model is not None and part.object_id:
        fields[part.kind] = model.objects.filter(pk=part.object_id).first()
    return fields


def _count(comment: Comment) -> None:
    """The comment counts from now: it gets the next number of its round."""
    Round.objects.select_for_update().get(pk=comment.round_id)  # numbers one at a time
    comment.confirmed_at = timezone.now()
    comment.number = next_number(Comment.objects.filter(round_id=comment.round_id))
    comment.token_hash = ""


def _clean_comment(comment: Comment) -> None:
    errors = {}
    if not comment.text.strip():
        errors["text"] = _("Write the comment.")
    if comment.publish_name and not (comment.author_name.strip() or comment.organisation.strip()):
        errors["author_name"] = _("Give the name or the organisation to be named.")
    if errors:
        raise ValidationError(errors)
    comment.full_clean(exclude=["round", "entered_by", "hidden_by", "working_group"])


def confirmation_link(*, round: Round, token: str, request: HttpRequest | None = None) -> str:
    path = reverse(
        "consultation:comment_confirm",
        kwargs={"slug": round.plan.process.slug, "pk": round.pk, "token": token},
    )
    return _absolute(path, request)


def comment_submit(
    *,
    round: Round,
    part: str,
    text: str,
    kind: str = Comment.Kind.RECOMMENDATION,
    quote: str = "",
    author_name: str = "",
    organisation: str = "",
    email: str = "",
    publish_name: bool = False,
    request: HttpRequest | None = None,
    today: datetime.date | None = None,
) -> Comment:
    """A comment from the public web form. With an e-mail it counts once the commenter
    follows the link sent to it; without one only where the round allows anonymous
    comments (then it counts at once)."""
    day = today or timezone.localdate()
    if round.state_on(day) != Round.State.OPEN:
        raise ValidationError(
            _("Comments are taken from %(start)s to %(end)s."),
            code="round_closed",
            params={
                "start": _day(round.opens_on),
                "end": _day(round.closes_on),
            },
        )
    email = email.strip()
    if not email and not round.allow_anonymous:
        raise ValidationError(
            {"email": _("Enter your e-mail: the comment counts once you confirm it.")}
        )
    comment = Comment(
        round=round,
        text=text.strip(),
        kind=kind,
        quote=quote.strip(),
        author_name=author_name.strip(),
        organisation=organisation.strip(),
        email=email,
        publish_name=publish_name,
        channel=Comment.Channel.WEB,
        received_on=day,
        **resolve_part(round, part),
    )
    _clean_comment(comment)
    with transaction.atomic():
        token = ""
        if email:
            token = secrets.token_urlsafe(32)
            comment.token_hash = hash_token(token)
        else:
            _count(comment)
        comment.save()
        audit_log(
            actor=None,
            action=ConsultationAction.COMMENT_SUBMITTED,
            obj=comment,
            round=round.pk,
            part=comment.part_label,
            confirmed=comment.counts,
        )
        if token:
            _send(
                comment=comment,
                template="confirm",
                subject=_("Confirm your comment on the plan"),
                extra={"confirm_url": confirmation_link(round=round, token=token, request=request)},
                request=request,
            )
    return comment


def comment_confirm(*, round: Round, token: str) -> Comment | None:
    """Count the comment whose confirmation link this is (None: no such link). Following
    the link again changes nothing."""
    if not token:
        return None
    with transaction.atomic():
        comment = (
            Comment.objects.select_for_update()
            .filter(round=round, token_hash=hash_token(token))
            .first()
        )
        if comment is None:
            return None
        _count(comment)
        comment.save(update_fields=["confirmed_at", "number", "token_hash", "updated_at"])
        audit_log(
            actor=None,
            action=ConsultationAction.COMMENT_CONFIRMED,
            obj=comment,
            number=comment.number,
        )
    return comment


def comment_enter(
    *,
    actor,
    round: Round,
    part: str,
    text: str,
    channel: str,
    received_on: datetime.date,
    kind: str = Comment.Kind.RECOMMENDATION,
    quote: str = "",
    author_name: str = "",
    organisation: str = "",
    email: str = "",
    publish_name: bool = False,
    working_group: Group | None = None,
    is_demo: bool = False,
) -> Comment:
    """A comment that came by post, e-mail or at the public hearing, entered by staff: it
    counts at once. The date it was received (the postmark, the e-mail's date) must fall
    within the round."""
    if received_on and not round.opens_on <= received_on <= round.closes_on:
        raise ValidationError(
            {
                "received_on": _(
                    "The round took comments from %(start)s to %(end)s; a comment received "
                    "on another day is not part of it."
                )
                % {
                    "start": _day(round.opens_on),
                    "end": _day(round.closes_on),
                }
            }
        )
    if working_group is not None and working_group.process_id != round.plan.process_id:
        raise ValidationError({"working_group": _("Choose a group of this planning process.")})
    comment = Comment(
        round=round,
        text=text.strip(),
        kind=kind,
        quote=quote.strip(),
        author_name=author_name.strip(),
        organisation=organisation.strip(),
        email=email.strip(),
        publish_name=publish_name,
        channel=channel,
        received_on=received_on,
        entered_by=_user(actor),
        working_group=working_group,
        is_demo=is_demo,
        **resolve_part(round, part),
    )
    _clean_comment(comment)
    with transaction.atomic():
        _count(comment)
        comment.save()
        audit_log(
            actor=actor,
            action=ConsultationAction.COMMENT_ENTERED,
            obj=comment,
            round=round.pk,
            channel=channel,
            number=comment.number,
        )
    return comment


def comment_hide(*, actor, comment: Comment, reason: str) -> Comment:
    """Hide an abusive comment or one with personal data from the public, with a reason
    (staff keep seeing it, and the reason)."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for hiding the comment.")})
    with transaction.atomic():
        locked = Comment.objects.select_for_update().get(pk=comment.pk)
        locked.is_hidden = True
        locked.hidden_reason = reason
        locked.hidden_by = _user(actor)
        locked.hidden_at = timezone.now()
        locked.save()
        audit_log(actor=actor, action=ConsultationAction.COMMENT_HIDDEN, obj=locked, reason=reason)
    return locked


def comment_show(*, actor, comment: Comment) -> Comment:
    with transaction.atomic():
        locked = Comment.objects.select_for_update().get(pk=comment.pk)
        locked.is_hidden = False
        locked.save()
        audit_log(actor=actor, action=ConsultationAction.COMMENT_SHOWN, obj=locked)
    return locked


def comments_assign(*, actor, comments: Iterable[Comment], group: Group | None) -> int:
    """Give comments to a working group to prepare their resolution (None: to nobody)."""
    comments = list(comments)
    with transaction.atomic():
        for comment in comments:
            if group is not None and group.process_id != comment.round.plan.process_id:
                raise ValidationError(
                    {"working_group": _("Choose a group of this planning process.")}
                )
            if comment.working_group_id != (group.pk if group else None):
                comment.working_group = group
                comment.save(update_fields=["working_group", "updated_at"])
                audit_log(
                    actor=actor,
                    action=ConsultationAction.COMMENT_ASSIGNED,
                    obj=comment,
                    group=group.pk if group else None,
                )
    return len(comments)


# --- resolutions -------------------------------------------------------------------------


def _send(*, comment: Comment, template: str, subject: str, extra: dict, request=None) -> None:
    round_ = comment.round
    context = {
        "comment": comment,
        "round": round_,
        "plan": round_.plan,
        "process": round_.plan.process,
        "round_url": _absolute(round_.get_absolute_url(), request),
        **extra,
    }
    message = EmailMessage(
        subject=subject,
        body=render_to_string(f"consultation/email/{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[comment.email],
    )
    queue_email(message)


def _change_version(round: Round, change_version: PlanVersion | None) -> PlanVersion | None:
    if change_version is not None and change_version.plan_id != round.plan_id:
        raise ValidationError({"change_version": _("Choose a version of this plan.")})
    return change_version


def comment_resolve(
    *,
    actor,
    comment: Comment,
    outcome: str,
    reasoning: str,
    change: str = "",
    change_version: PlanVersion | None = None,
    decided_on: datetime.date | None = None,
    decided_by_name: str = "",
    notify: bool = True,
    request: HttpRequest | None = None,
) -> Resolution:
    """Settle a counted comment: accepted, partly accepted, not accepted or explained, with
    the reasoning, and the change it caused (linked to the version of the plan that has
    it). A commenter who left an e-mail is told after the commit (once)."""
    errors = {}
    if outcome not in Resolution.Outcome.values:
        errors["outcome"] = _("Choose how the comment is resolved.")
    if not reasoning.strip():
        errors["reasoning"] = _("Give the reasoning of the resolution.")
    if not comment.counts:
        errors["outcome"] = _("The comment has not been confirmed: it does not count yet.")
    if errors:
        raise ValidationError(errors)
    change_version = _change_version(comment.round, change_version)
    with transaction.atomic():
        locked = (
            Comment.objects.select_for_update().select_related("round__plan").get(pk=comment.pk)
        )
        resolution = Resolution.objects.filter(comment=locked).first() or Resolution(comment=locked)
        resolution.outcome = outcome
        resolution.reasoning = reasoning.strip()
        resolution.change = change.strip()
        resolution.change_version = change_version
        resolution.decided_by = _user(actor)
        resolution.decided_by_name = decided_by_name or (
            actor.get_full_name() if _user(actor) else ""
        )
        resolution.decided_on = decided_on or timezone.localdate()
        tell = notify and bool(locked.email) and resolution.notified_at is None
        if tell:
            resolution.notified_at = timezone.now()
        resolution.save()
        audit_log(
            actor=actor,
            action=ConsultationAction.COMMENT_RESOLVED,
            obj=locked,
            outcome=outcome,
            number=locked.number,
        )
        if tell:
            with translation.override(settings.LANGUAGE_CODE):
                _send(
                    comment=locked,
                    template="resolved",
                    subject=_("Your comment on the plan was resolved"),
                    extra={"resolution": resolution},
                    request=request,
                )
    return resolution


def comments_resolve(
    *,
    actor,
    comments: Iterable[Comment],
    outcome: str,
    reasoning: str,
    change: str = "",
    change_version: PlanVersion | None = None,
    request: HttpRequest | None = None,
) -> int:
    """Resolve many comments at once with the same answer (all or none)."""
    comments = list(comments)
    if not comments:
        raise ValidationError(_("Choose the comments to resolve."))
    with transaction.atomic():
        for comment in comments:
            comment_resolve(
                actor=actor,
                comment=comment,
                outcome=outcome,
                reasoning=reasoning,
                change=change,
                change_version=change_version,
                request=request,
            )
    return len(comments)


def answer_template_save(
    *,
    actor,
    process,
    title: str,
    text: str,
    outcome: str = "",
    template: AnswerTemplate | None = None,
) -> AnswerTemplate:
    with transaction.atomic():
        template = template or AnswerTemplate(process=process)
        template.title = title.strip()
        template.text = text.strip()
        template.outcome = outcome
        template.full_clean(exclude=["process"])
        template.save()
        audit_log(actor=actor, action=ConsultationAction.ANSWER_TEMPLATE_SAVED, obj=template)
    return template


def answer_template_delete(*, actor, template: AnswerTemplate) -> None:
    with transaction.atomic():
        audit_log(actor=actor, action=ConsultationAction.ANSWER_TEMPLATE_DELETED, obj=template)
        template.delete()


# --- approval by the councils --------------------------------------------------------------


def decisions_prepare(*, actor, plan: Plan) -> int:
    """List every municipality of the area as a body to decide on the plan's current
    version (pending); the municipality named like the area's ORP is the lead town, whose
    council approves. Returns how many were added (idempotent)."""
    area = plan.process.planning_area
    municipalities = list(area.municipalities.order_by("name"))
    lead_name = area.orp.name if area.orp_id else ""
    existing = set(
        CouncilDecision.objects.filter(
            plan=plan, version=plan.version, municipality__isnull=False
        ).values_list("municipality_id", flat=True)
    )
    added = 0
    with transaction.atomic():
        for order, municipality in enumerate(municipalities, start=1):
            if municipality.pk in existing:
                continue
            lead = municipality.name == lead_name
            CouncilDecision.objects.create(
                plan=plan,
                version=plan.version,
                body=CouncilDecision.Body.MUNICIPALITY,
                municipality=municipality,
                body_name=_("Council of %(name)s") % {"name": municipality.name},
                is_lead=lead,
                order=0 if lead else order,
            )
            added += 1
        if added:
            audit_log(
                actor=actor,
                action=ConsultationAction.DECISIONS_PREPARED,
                obj=plan,
                version=plan.version,
                added=added,
            )
    return added


def decision_add(
    *, actor, plan: Plan, body: str, body_name: str, is_lead: bool = False
) -> CouncilDecision:
    """Another body to decide: the MAS board, the region, another body."""
    decision = CouncilDecision(
        plan=plan,
        version=plan.version,
        body=body,
        body_name=body_name.strip(),
        is_lead=is_lead,
        order=1000,
    )
    decision.full_clean(exclude=["plan", "municipality"])
    with transaction.atomic():
        decision.save()
        audit_log(
            actor=actor,
            action=ConsultationAction.DECISIONS_PREPARED,
            obj=plan,
            version=plan.version,
            body=decision.body_name,
        )
    return decision


def decision_record(
    *,
    actor,
    decision: CouncilDecision,
    value: str,
    resolution_number: str = "",
    decided_on: datetime.date | None = None,
    file=None,
    note: str = "",
    is_lead: bool | None = None,
) -> CouncilDecision:
    """Record what a council decided (approved, took note, rejected; or pending again)."""
    council_decision_check(value=value, decided_on=decided_on, resolution_number=resolution_number)
    with transaction.atomic():
        locked = CouncilDecision.objects.select_for_update().get(pk=decision.pk)
        locked.decision = value
        locked.resolution_number = resolution_number.strip()
        locked.decided_on = decided_on
        locked.note = note.strip()
        if is_lead is not None:
            locked.is_lead = is_lead
        if file:
            locked.file = file
        locked.save()
        audit_log(
            actor=actor,
            action=ConsultationAction.DECISION_RECORDED,
            obj=locked,
            decision=value,
            resolution=locked.resolution_number,
        )
    return locked


def plan_approve(
    *,
    actor,
    plan: Plan,
    approved_on: datetime.date | None,
    resolution: str,
    unresolved_reason: str = "",
) -> PlanApproval:
    """Approve the plan's current version: it becomes frozen (planning keeps the approved
    version, with a checksum of its content here). Refused while a round of this version
    still takes comments, and while a counted comment has no resolution unless the
    coordinator records why."""
    from .selectors import unresolved_comments

    errors: dict[str, str] = {}
    if not approved_on:
        errors["approved_on"] = _("Enter the date of the approval.")
    if not resolution.strip():
        errors["resolution"] = _("Enter the resolution that approved the plan.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Plan.objects.select_for_update().get(pk=plan.pk)
        if locked.is_frozen:
            raise ValidationError(_("This version of the plan is already approved."), code="frozen")
        still_open = Round.objects.filter(
            plan=locked,
            plan_version=locked.version,
            swot__isnull=True,
            closes_on__gte=timezone.localdate(),
        ).first()
        if still_open is not None:
            raise ValidationError(
                _("The consultation round “%(title)s” takes comments until %(end)s."),
                code="round_open",
                params={
                    "title": still_open.title,
                    "end": _day(still_open.closes_on),
                },
            )
        unresolved = unresolved_comments(plan=locked).count()
        if unresolved and not unresolved_reason.strip():
            raise ValidationError(
                {
                    "unresolved_reason": _(
                        "%(count)s comments have no resolution yet. Resolve them, or record "
                        "why the plan goes to approval all the same."
                    )
                    % {"count": unresolved}
                }
            )
        planning_services.plan_status_set(actor=actor, plan=locked, status=Plan.Status.APPROVED)
        approved = (
            locked.versions.filter(kind=PlanVersion.Kind.APPROVED, version=locked.version)
            .order_by("-revision")
            .first()
        )
        approval, _created = PlanApproval.objects.update_or_create(
            plan=locked,
            version=locked.version,
            defaults={
                "approved_on": approved_on,
                "resolution": resolution.strip(),
                "approved_version": approved,
                "content_checksum": snapshot_checksum(approved.snapshot) if approved else "",
                "document_checksum": "",
                "unresolved_reason": unresolved_reason.strip() if unresolved else "",
                "recorded_by": _user(actor),
            },
        )
        audit_log(
            actor=actor,
            action=ConsultationAction.PLAN_APPROVED,
            obj=locked,
            version=locked.version,
            resolution=approval.resolution,
            approved_on=approved_on.isoformat(),
            unresolved=unresolved,
        )
    plan.refresh_from_db()
    return approval


def plan_put_in_force(*, actor, plan: Plan, in_force_from: datetime.date | None) -> PlanApproval:
    """Publish the approved version as the plan in force (from a date)."""
    if not in_force_from:
        raise ValidationError({"in_force_from": _("Enter the date the plan is in force from.")})
    with transaction.atomic():
        approval = (
            PlanApproval.objects.select_for_update().filter(plan=plan, version=plan.version).first()
        )
        if approval is None or plan.status != Plan.Status.APPROVED:
            raise ValidationError(_("Only an approved plan is put in force."), code="not_approved")
        planning_services.plan_status_set(actor=actor, plan=plan, status=Plan.Status.IN_FORCE)
        approval.in_force_from = in_force_from
        approval.save(update_fields=["in_force_from", "updated_at"])
        audit_log(
            actor=actor,
            action=ConsultationAction.PLAN_IN_FORCE,
            obj=plan,
            version=plan.version,
            in_force_from=in_force_from.isoformat(),
        )
    plan.refresh_from_db()
    return approval


def approval_document_checksum_record(*, plan: Plan, checksum: str) -> bool:
    """Keep the checksum of the document of an approved version (the documents app calls
    this when it first makes that document). The first one stays: True when recorded."""
    with transaction.atomic():
        return bool(
            PlanApproval.objects.filter(
                plan=plan, version=plan.version, document_checksum=""
            ).update(document_checksum=checksum)
        )
