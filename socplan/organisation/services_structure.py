"""Writes of the planning structure: groups, people, memberships, meetings, invitations and
attendance.

Every function owns its transaction and records what it did in the audit log.
Invalid input raises :class:`django.core.exceptions.ValidationError` and changes nothing.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

# One hashing of one-time tokens for invitations to the site and replies to meetings.
from socplan.accounts.models import hash_invitation_token as hash_reply_token
from socplan.core.audit import audit_log
from socplan.core.mail import queue_email, queue_emails
from socplan.territory.providers import provider_name

from .audit import OrganisationAction
from .models import (
    AgendaItem,
    Attendance,
    Group,
    Meeting,
    MeetingInvitation,
    Membership,
    Person,
    PlanningProcess,
)
from .selectors_structure import meeting_invitees

GROUP_FIELDS = (
    "kind",
    "name",
    "focus_target_groups",
    "sub_area",
    "description",
    "is_public",
    "order",
)
PERSON_FIELDS = (
    "name",
    "organisation_kind",
    "organisation_name",
    "provider_ico",
    "municipality",
    "email",
    "phone",
    "consent_publish",
)
MEETING_FIELDS = (
    "kind",
    "title",
    "starts_at",
    "ends_at",
    "place",
    "online_url",
    "description",
    "status",
    "is_public",
)
# Paths under <process>/skupiny/ that are pages, not groups.
RESERVED_GROUP_SLUGS = {"nova"}


def _audit_value(value: Any) -> Any:
    if value is None or isinstance(value, str | int | bool | float | list):
        return value
    if hasattr(value, "pk"):
        return value.pk
    return str(value)


def _full_clean(obj, **kwargs) -> None:
    obj.full_clean(**kwargs)


# --- groups ---


def _unique_group_slug(process: PlanningProcess, name: str, exclude_pk: int | None = None) -> str:
    base = slugify(name)[:90].strip("-") or "skupina"
    slug, n = base, 1
    taken = Group.objects.filter(process=process).exclude(pk=exclude_pk)
    while slug in RESERVED_GROUP_SLUGS or taken.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _check_sub_area(process: PlanningProcess, kind: str, sub_area) -> None:
    if sub_area is not None and sub_area.area_id != process.planning_area_id:
        raise ValidationError(
            {"sub_area": _("Choose a sub-area of the planning area of this process.")}
        )
    if kind == Group.Kind.TERRITORIAL and sub_area is None:
        raise ValidationError({"sub_area": _("A territorial group needs its sub-area.")})


def _clean_target_groups(values: Iterable[str]) -> list[str]:
    result = []
    for value in values:
        value = " ".join(str(value).split())
        if value and value not in result:
            result.append(value)
    return result


def group_create(*, actor, process: PlanningProcess, name: str, kind: str, **fields) -> Group:
    fields["focus_target_groups"] = _clean_target_groups(fields.get("focus_target_groups", []))
    _check_sub_area(process, kind, fields.get("sub_area"))
    with transaction.atomic():
        group = Group(
            process=process,
            name=name,
            kind=kind,
            slug=_unique_group_slug(process, name),
            is_demo=bool(fields.pop("is_demo", False)),
            **{k: v for k, v in fields.items() if k in GROUP_FIELDS},
        )
        _full_clean(group)
        group.save()
        audit_log(
            actor=actor, action=OrganisationAction.GROUP_CREATED, obj=group, process=process.pk
        )
    return group


def group_update(*, actor, group: Group, **fields) -> Group:
    if "focus_target_groups" in fields:
        fields["focus_target_groups"] = _clean_target_groups(fields["focus_target_groups"])
    kind = fields.get("kind", group.kind)
    _check_sub_area(group.process, kind, fields.get("sub_area", group.sub_area))
    with transaction.atomic():
        editable = Group.objects.select_for_update().get(pk=group.pk)
        changed = {}
        for name, value in fields.items():
            if name in GROUP_FIELDS and getattr(editable, name) != value:
                setattr(editable, name, value)
                changed[name] = _audit_value(value)
        _full_clean(editable)
        editable.save()
        audit_log(actor=actor, action=OrganisationAction.GROUP_UPDATED, obj=editable, **changed)
    return editable


# --- people ---


def _user_for_email(email: str):
    if not email:
        return None
    return get_user_model().objects.filter(email__iexact=email).first()


def _check_organisation(process: PlanningProcess, fields: Mapping[str, Any]) -> None:
    kind = fields.get("organisation_kind")
    errors = {}
    if kind == Person.OrganisationKind.PROVIDER and not fields.get("provider_ico"):
        errors["provider_ico"] = _("Enter the IČO of the provider.")
    municipality = fields.get("municipality")
    if kind == Person.OrganisationKind.MUNICIPALITY:
        if municipality is None:
            errors["municipality"] = _("Choose the municipality.")
        elif not process.planning_area.municipalities.filter(pk=municipality.pk).exists():
            errors["municipality"] = _("Choose a municipality of the planning area.")
    if errors:
        raise ValidationError(errors)


def _fill_organisation(fields: dict[str, Any]) -> None:
    """The organisation's name is always filled for display."""
    kind = fields.get("organisation_kind")
    if kind != Person.OrganisationKind.PROVIDER:
        fields["provider_ico"] = ""
    if kind != Person.OrganisationKind.MUNICIPALITY:
        fields["municipality"] = None
    elif not fields.get("organisation_name") and fields.get("municipality") is not None:
        fields["organisation_name"] = str(fields["municipality"].name)
    if kind == Person.OrganisationKind.PROVIDER and not fields.get("organisation_name"):
        fields["organisation_name"] = provider_name(fields.get("provider_ico", "")) or ""


def person_create(
    *, actor, process: PlanningProcess, name: str, link_user: bool = False, **fields
) -> Person:
    fields = {k: v for k, v in fields.items() if k in PERSON_FIELDS or k == "is_demo"}
    fields.setdefault("organisation_kind", Person.OrganisationKind.OTHER)
    _check_organisation(process, fields)
    _fill_organisation(fields)
    with transaction.atomic():
        person = Person(process=process, name=name, **fields)
        if person.consent_publish:
            person.consent_at = timezone.now()
        if link_user:
            person.user = _user_for_email(person.email)
        _full_clean(person)
        person.save()
        audit_log(
            actor=actor, action=OrganisationAction.PERSON_CREATED, obj=person, process=process.pk
        )
    return person


def person_update(*, actor, person: Person, link_user: bool | None = None, **fields) -> Person:
    data = {name: getattr(person, name) for name in PERSON_FIELDS}
    data.update({k: v for k, v in fields.items() if k in PERSON_FIELDS})
    _check_organisation(person.process, data)
    _fill_organisation(data)
    with transaction.atomic():
        editable = Person.objects.select_for_update().get(pk=person.pk)
        changed = {}
        for name, value in data.items():
            if getattr(editable, name) != value:
                setattr(editable, name, value)
                changed[name] = _audit_value(value)
        if "consent_publish" in changed:
            editable.consent_at = timezone.now() if editable.consent_publish else None
        if link_user is True:
            editable.user = _user_for_email(editable.email)
        elif link_user is False:
            editable.user = None
        _full_clean(editable)
        editable.save()
        changed.pop("email", None)
        changed.pop("phone", None)
        audit_log(actor=actor, action=OrganisationAction.PERSON_UPDATED, obj=editable, **changed)
    return editable


def person_anonymise(*, actor, person: Person) -> Person:
    """GDPR erasure: remove the person's name, contacts and login, keeping the memberships
    and attendance (for the statistics and the triad balance) without personal data."""
    with transaction.atomic():
        editable = Person.objects.select_for_update().get(pk=person.pk)
        editable.name = _("Anonymised person %(number)s") % {"number": editable.pk}
        editable.email = ""
        editable.phone = ""
        editable.user = None
        editable.consent_publish = False
        editable.consent_at = None
        if editable.organisation_kind == Person.OrganisationKind.OTHER:
            editable.organisation_name = ""
        editable.save()
        audit_log(actor=actor, action=OrganisationAction.PERSON_ANONYMISED, obj=editable)
    return editable


# --- memberships ---


def membership_add(
    *,
    actor,
    group: Group,
    person: Person,
    side: str,
    start: datetime.date,
    role: str = Membership.Role.MEMBER,
    end: datetime.date | None = None,
    note: str = "",
) -> Membership:
    if person.process_id != group.process_id:
        raise ValidationError({"person": _("The person belongs to another process.")})
    _check_overlap(group, person, start, end)
    with transaction.atomic():
        membership = Membership(
            group=group, person=person, role=role, side=side, start=start, end=end, note=note
        )
        _full_clean(membership)
        membership.save()
        audit_log(
            actor=actor,
            action=OrganisationAction.MEMBERSHIP_ADDED,
            obj=membership,
            group=group.pk,
            person=person.pk,
            role=role,
            side=side,
            start=start.isoformat(),
        )
    return membership


def _check_overlap(group, person, start, end, exclude_pk=None) -> None:
    others = Membership.objects.filter(group=group, person=person).exclude(pk=exclude_pk)
    for other in others:
        if (other.end is None or other.end >= start) and (end is None or end >= other.start):
            raise ValidationError(
                {
                    "start": _(
                        "%(name)s is already a member of the group at that time (from %(start)s)."
                    )
                    % {"name": person.name, "start": date_format(other.start, "SHORT_DATE_FORMAT")}
                }
            )


def membership_update(
    *,
    actor,
    membership: Membership,
    role: str,
    side: str,
    start: datetime.date,
    end: datetime.date | None,
    note: str = "",
) -> Membership:
    _check_overlap(membership.group, membership.person, start, end, exclude_pk=membership.pk)
    with transaction.atomic():
        editable = Membership.objects.select_for_update().get(pk=membership.pk)
        editable.role, editable.side = role, side
        editable.start, editable.end, editable.note = start, end, note
        _full_clean(editable)
        editable.save()
        audit_log(
            actor=actor,
            action=OrganisationAction.MEMBERSHIP_UPDATED,
            obj=editable,
            role=role,
            side=side,
            start=start.isoformat(),
            end=end.isoformat() if end else None,
        )
    return editable


def membership_end(*, actor, membership: Membership, end: datetime.date) -> Membership:
    """The person leaves the group: their membership ends on a date."""
    return membership_update(
        actor=actor,
        membership=membership,
        role=membership.role,
        side=membership.side,
        start=membership.start,
        end=end,
        note=membership.note,
    )


# --- meetings ---


def _check_meeting_groups(process: PlanningProcess, groups: Iterable[Group]) -> list[Group]:
    groups = list(groups)
    if any(g.process_id != process.pk for g in groups):
        raise ValidationError({"groups": _("Choose groups of this process.")})
    return groups


def _save_agenda(meeting: Meeting, agenda: Iterable[Mapping[str, Any]]) -> None:
    """Replace the agenda, keeping items (and their minutes) whose id is given."""
    keep = []
    for order, item in enumerate(agenda, start=1):
        title = (item.get("title") or "").strip()
        if not title:
            continue
        pk = item.get("id")
        obj = meeting.agenda_items.filter(pk=pk).first() if pk else None
        if obj is None:
            obj = AgendaItem(meeting=meeting)
        obj.order = order
        obj.title = title
        obj.description = (item.get("description") or "").strip()
        obj.full_clean()
        obj.save()
        keep.append(obj.pk)
    meeting.agenda_items.exclude(pk__in=keep).delete()


def meeting_create(
    *,
    actor,
    process: PlanningProcess,
    groups: Iterable[Group] = (),
    agenda: Iterable[Mapping[str, Any]] = (),
    **fields,
) -> Meeting:
    groups = _check_meeting_groups(process, groups)
    with transaction.atomic():
        meeting = Meeting(
            process=process,
            is_demo=bool(fields.pop("is_demo", False)),
            **{k: v for k, v in fields.items() if k in MEETING_FIELDS},
        )
        _full_clean(meeting)
        meeting.save()
        meeting.groups.set(groups)
        _save_agenda(meeting, agenda)
        audit_log(
            actor=actor,
            action=OrganisationAction.MEETING_CREATED,
            obj=meeting,
            process=process.pk,
            groups=[g.pk for g in groups],
        )
    return meeting


def meeting_update(
    *,
    actor,
    meeting: Meeting,
    groups: Iterable[Group] | None = None,
    agenda: Iterable[Mapping[str, Any]] | None = None,
    **fields,
) -> Meeting:
    if groups is not None:
        groups = _check_meeting_groups(meeting.process, groups)
    with transaction.atomic():
        editable = Meeting.objects.select_for_update().get(pk=meeting.pk)
        changed = {}
        for name, value in fields.items():
            if name in MEETING_FIELDS and getattr(editable, name) != value:
                setattr(editable, name, value)
                changed[name] = _audit_value(value)
        _full_clean(editable)
        editable.save()
        if groups is not None:
            editable.groups.set(groups)
            changed["groups"] = [g.pk for g in groups]
        if agenda is not None:
            _save_agenda(editable, agenda)
        audit_log(actor=actor, action=OrganisationAction.MEETING_UPDATED, obj=editable, **changed)
    return editable


# --- invitations ---


def reply_link(*, meeting: Meeting, token: str, request: HttpRequest | None = None) -> str:
    path = reverse(
        "organisation:meeting_reply", kwargs={"slug": meeting.process.slug, "token": token}
    )
    if request is not None:
        return request.build_absolute_uri(path)
    return settings.SITE_URL + path


def _absolute(path: str, request: HttpRequest | None) -> str:
    return request.build_absolute_uri(path) if request is not None else settings.SITE_URL + path


def meeting_ics(*, meeting: Meeting, url: str = "", method: str = "PUBLISH") -> bytes:
    """The meeting as an iCalendar file (one VEVENT), times in Europe/Prague with TZID.
    ``method="CANCEL"`` makes the cancellation notice: the same UID, a higher SEQUENCE."""
    import zoneinfo

    from icalendar import Calendar, Event

    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    calendar = Calendar()
    calendar.add("prodid", "-//socplan//komunitni planovani//CS")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = Event()
    event.add("uid", meeting.ical_uid)
    event.add("dtstamp", timezone.now())
    # Each saved change raises the sequence, so calendars replace their older copy.
    event.add("sequence", int((meeting.updated_at or timezone.now()).timestamp()) // 60)
    starts = timezone.localtime(meeting.starts_at, tz)
    ends = timezone.localtime(meeting.ends_at, tz) if meeting.ends_at else None
    event.add("dtstart", starts)
    event.add("dtend", ends or starts + datetime.timedelta(hours=2))
    event.add("summary", meeting.title)
    location = meeting.place or meeting.online_url
    if location:
        event.add("location", location)
    lines = [meeting.description] if meeting.description else []
    items = list(meeting.agenda_items.all())
    if items:
        lines.append(_("Agenda:"))
        lines += [f"{n}. {item.title}" for n, item in enumerate(items, start=1)]
    if meeting.online_url:
        lines.append(meeting.online_url)
    if lines:
        event.add("description", "\n".join(lines))
    if url:
        event.add("url", url)
    if meeting.status == Meeting.Status.CANCELLED:
        event.add("status", "CANCELLED")
    else:
        event.add("status", "CONFIRMED")
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _send_meeting_invitation(
    *, invitation: MeetingInvitation, token: str, actor, request: HttpRequest | None
) -> None:
    meeting = invitation.meeting
    url = _absolute(meeting.get_absolute_url(), request)
    context = {
        "meeting": meeting,
        "process": meeting.process,
        "person": invitation.person,
        "agenda": list(meeting.agenda_items.all()),
        "groups": list(meeting.groups.all()),
        "meeting_url": url,
        "reply_url": reply_link(meeting=meeting, token=token, request=request),
        "sender_name": actor.get_full_name() if actor else "",
    }
    subject = "".join(
        render_to_string("organisation/email/meeting_invitation_subject.txt", context).splitlines()
    )
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("organisation/email/meeting_invitation.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[invitation.person.email],
        reply_to=[actor.email] if actor and getattr(actor, "email", "") else None,
    )
    message.attach_alternative(
        render_to_string("organisation/email/meeting_invitation.html", context), "text/html"
    )
    message.attach("pozvanka.ics", meeting_ics(meeting=meeting, url=url), "text/calendar")
    queue_email(message)


def meeting_invitations_send(
    *,
    actor,
    meeting: Meeting,
    resend: bool = False,
    request: HttpRequest | None = None,
    language: str | None = None,
) -> int:
    """E-mail the invitation to each current member of the invited groups who has an e-mail
    address and has not been invited yet (or to all of them with ``resend``). Returns how
    many e-mails were queued (they leave after the commit)."""
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("The meeting is cancelled: no invitations are sent."))
    sent = 0
    with translation.override(language or translation.get_language()):
        for person in meeting_invitees(meeting=meeting):
            if not person.email:
                continue
            invitation = MeetingInvitation.objects.filter(meeting=meeting, person=person).first()
            if invitation is not None and invitation.sent_at and not resend:
                continue
            # One transaction per invitation: its e-mail is queued with it and leaves after
            # the commit (a failing mail server is retried; the invitation stays saved).
            with transaction.atomic():
                token = secrets.token_urlsafe(32)
                if invitation is None:
                    invitation = MeetingInvitation(meeting=meeting, person=person)
                invitation.token_hash = hash_reply_token(token)
                invitation.sent_at = timezone.now()
                invitation.save()
                _send_meeting_invitation(
                    invitation=invitation, token=token, actor=actor, request=request
                )
                audit_log(
                    actor=actor,
                    action=OrganisationAction.MEETING_INVITATION_SENT,
                    obj=invitation,
                    meeting=meeting.pk,
                    person=person.pk,
                )
            sent += 1
    return sent


def meeting_cancellation_send(
    *, actor, meeting: Meeting, request: HttpRequest | None = None
) -> int:
    """Tell everybody invited to a cancelled meeting that it is cancelled (e-mail with a
    calendar cancellation, so that the event disappears from their calendars)."""
    if meeting.status != Meeting.Status.CANCELLED:
        raise ValidationError(_("Only a cancelled meeting can be announced as cancelled."))
    url = _absolute(meeting.get_absolute_url(), request)
    ics = meeting_ics(meeting=meeting, url=url, method="CANCEL")
    day = timezone.localtime(meeting.starts_at)
    notices = []
    invitations = meeting.invitations.select_related("person").filter(sent_at__isnull=False)
    for invitation in invitations:
        if not invitation.person.email:
            continue
        context = {
            "meeting": meeting,
            "process": meeting.process,
            "person": invitation.person,
            "meeting_url": url,
            "sender_name": actor.get_full_name() if actor else "",
        }
        message = EmailMultiAlternatives(
            subject=_("Cancelled: %(title)s on %(date)s")
            % {
                "title": meeting.title,
                "date": f"{day.day}. {day.month}. {day.year}",
            },
            body=render_to_string("organisation/email/meeting_cancelled.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[invitation.person.email],
            reply_to=[actor.email] if actor and getattr(actor, "email", "") else None,
        )
        message.attach("zruseni.ics", ics, "text/calendar")
        notices.append(message)
    with transaction.atomic():
        queue_emails(notices)
        audit_log(
            actor=actor,
            action=OrganisationAction.MEETING_CANCELLATION_SENT,
            obj=meeting,
            sent=len(notices),
        )
    return len(notices)


def invitation_by_token(*, token: str) -> MeetingInvitation | None:
    return (
        MeetingInvitation.objects.select_related("meeting__process", "person")
        .filter(token_hash=hash_reply_token(token))
        .first()
    )


def invitation_reply(*, invitation: MeetingInvitation, reply: str) -> MeetingInvitation:
    """Record the invited person's reply (from the link in the e-mail, without login)."""
    if reply not in (MeetingInvitation.Reply.ATTEND, MeetingInvitation.Reply.EXCUSED):
        raise ValidationError(_("Choose whether you will attend."))
    with transaction.atomic():
        invitation.reply = reply
        invitation.replied_at = timezone.now()
        invitation.save(update_fields=["reply", "replied_at"])
        audit_log(
            actor=None,
            action=OrganisationAction.MEETING_INVITATION_REPLIED,
            obj=invitation,
            reply=reply,
        )
    return invitation


# --- attendance ---


def attendance_record(
    *,
    actor,
    meeting: Meeting,
    present: Iterable[Person],
    absent: Iterable[Person] = (),
    guests: Iterable[tuple[str, str]] = (),
    mark_held: bool = True,
) -> list[Attendance]:
    """Record who was at the meeting: the people present and absent, and guests (name,
    organisation). Replaces what was recorded before."""
    present = list(present)
    absent = [p for p in absent if p.pk not in {q.pk for q in present}]
    if any(p.process_id != meeting.process_id for p in present + absent):
        raise ValidationError(_("The people must belong to the process of the meeting."))
    guests = [(" ".join(n.split()), " ".join(o.split())) for n, o in guests if n.strip()]
    with transaction.atomic():
        meeting.attendances.all().delete()
        rows = [Attendance(meeting=meeting, person=p, present=True) for p in present]
        rows += [Attendance(meeting=meeting, person=p, present=False) for p in absent]
        rows += [
            Attendance(meeting=meeting, guest_name=n, guest_organisation=o, present=True)
            for n, o in guests
        ]
        Attendance.objects.bulk_create(rows)
        if mark_held and meeting.status == Meeting.Status.PLANNED:
            meeting.status = Meeting.Status.HELD
            meeting.save(update_fields=["status", "updated_at"])
        audit_log(
            actor=actor,
            action=OrganisationAction.MEETING_ATTENDANCE_RECORDED,
            obj=meeting,
            present=len(present),
            guests=len(guests),
        )
    return rows
