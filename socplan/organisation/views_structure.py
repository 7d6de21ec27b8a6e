"""Pages of the planning structure: groups and their members, people, meetings,
invitations and replies, attendance and the attendance sheet."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from socplan.core.collation import czech
from socplan.core.forms import add_service_errors
from socplan.core.permissions import require
from socplan.core.ratelimit import rate_limit

from . import selectors_structure as structure
from . import services_structure as services
from .forms_structure import (
    AgendaFormSet,
    AttendanceForm,
    GroupForm,
    MeetingForm,
    MembershipForm,
    OnDateForm,
    PersonForm,
    ReplyForm,
    agenda_from_formset,
    agenda_initial,
)
from .guards import process_for_user
from .models import Group, Meeting, Membership, Person


def _group(request, slug, group_slug, perm="organisation.view_group"):
    process = process_for_user(request, slug)
    group = structure.group_by_slug(process=process, slug=group_slug)
    if perm == "organisation.view_group":
        if not request.user.has_perm(perm, group):
            if not request.user.is_authenticated:
                require(request, perm, group)  # sign in first
            raise Http404  # an internal group does not exist for those outside it
    else:
        require(request, perm, group)
    return process, group


def _meeting(request, slug, pk, perm="organisation.view_meeting"):
    process = process_for_user(request, slug)
    meeting = structure.meeting_by_pk(process=process, pk=pk)
    if perm == "organisation.view_meeting":
        if not request.user.has_perm(perm, meeting):
            if not request.user.is_authenticated:
                require(request, perm, meeting)  # sign in first
            raise Http404
    else:
        require(request, perm, meeting)
    return process, meeting


def _groups_to_manage(request, process):
    if request.user.has_perm("organisation.add_group", process):
        return Group.objects.filter(process=process)
    return structure.groups_facilitated_by(user=request.user, process=process)


# --- groups ---


def group_list(request, slug):
    process = process_for_user(request, slug)
    groups = structure.groups_of_process(
        process=process, user=request.user if request.user.is_authenticated else None
    )
    groups = list(groups)
    by_group = structure.compositions(groups=groups)
    rows = []
    for group in groups:
        members = by_group.get(group.pk, [])
        rows.append(
            {
                "group": group,
                "balance": structure.triad_balance(members),
                "public": structure.public_composition(members),
                "members": members,
                "internal": request.user.has_perm("organisation.view_group_internal", group),
            }
        )
    return render(
        request,
        "organisation/group_list.html",
        {
            "process": process,
            "rows": rows,
            "can_add": request.user.has_perm("organisation.add_group", process),
            "can_manage_structure": request.user.has_perm("organisation.manage_structure", process),
        },
    )


def group_detail(request, slug, group):
    process, group = _group(request, slug, group)
    form = OnDateForm(request.GET or None)
    on = timezone.localdate()
    if form.is_valid() and form.cleaned_data.get("on"):
        on = form.cleaned_data["on"]
    members = structure.composition(group=group, on=on)
    internal = request.user.has_perm("organisation.view_group_internal", group)
    can_manage = request.user.has_perm("organisation.manage_group", group)
    meetings = [
        m
        for m in group.meetings.select_related("process__planning_area", "minutes")
        .prefetch_related("groups")
        .order_by("-starts_at")
        if request.user.has_perm("organisation.view_meeting", m)
    ]
    upcoming, past = structure.split_calendar(meetings)
    return render(
        request,
        "organisation/group_detail.html",
        {
            "process": process,
            "group": group,
            "form": form,
            "on": on,
            "is_today": on == timezone.localdate(),
            "members": members,
            "public": structure.public_composition(members),
            "balance": structure.triad_balance(members),
            "internal": internal,
            "can_manage": can_manage,
            "history": structure.history(group=group) if internal else [],
            "upcoming": upcoming,
            "past": past[:10],
        },
    )


@require_http_methods(["GET", "POST"])
def group_create(request, slug):
    process = process_for_user(request, slug)
    require(request, "organisation.add_group", process)
    return _group_form(request, process, None)


@require_http_methods(["GET", "POST"])
def group_edit(request, slug, group):
    process, group = _group(request, slug, group, perm="organisation.manage_group")
    return _group_form(request, process, group)


def _group_form(request, process, group):
    form = GroupForm(request.POST or None, instance=group, process=process)
    if request.method == "POST" and form.is_valid():
        try:
            if group is None:
                group = services.group_create(
                    actor=request.user, process=process, **form.group_fields()
                )
            else:
                group = services.group_update(
                    actor=request.user, group=group, **form.group_fields()
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The group was saved."))
            return redirect(group)
    return render(
        request, "organisation/group_form.html", {"process": process, "group": group, "form": form}
    )


@require_http_methods(["GET", "POST"])
def membership_add(request, slug, group):
    process, group = _group(request, slug, group, perm="organisation.manage_group")
    form = MembershipForm(
        request.POST or None,
        process=process,
        initial={"start": timezone.localdate(), "role": Membership.Role.MEMBER},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.membership_add(actor=request.user, group=group, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The member was added."))
            return redirect(group)
    return render(
        request,
        "organisation/membership_form.html",
        {"process": process, "group": group, "form": form, "membership": None},
    )


@require_http_methods(["GET", "POST"])
def membership_edit(request, slug, group, pk):
    process, group = _group(request, slug, group, perm="organisation.manage_group")
    try:
        membership = group.memberships.select_related("person").get(pk=pk)
    except Membership.DoesNotExist as exc:
        raise Http404 from exc
    form = MembershipForm(request.POST or None, instance=membership, process=process)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_update(
                actor=request.user, membership=membership, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The membership was saved."))
            return redirect(group)
    return render(
        request,
        "organisation/membership_form.html",
        {"process": process, "group": group, "form": form, "membership": membership},
    )


# --- people ---


def person_list(request, slug):
    process = process_for_user(request, slug)
    require(request, "organisation.manage_structure", process)
    people = structure.people_of_process(process=process).prefetch_related("memberships__group")
    today = timezone.localdate()
    user = request.user
    rows = [
        {
            "person": p,
            "current": [m for m in p.memberships.all() if m.is_on(today)],
            "can_edit": user.has_perm("organisation.change_person", p),
        }
        for p in people
    ]
    return render(request, "organisation/person_list.html", {"process": process, "rows": rows})


@require_http_methods(["GET", "POST"])
def person_create(request, slug):
    process = process_for_user(request, slug)
    require(request, "organisation.manage_structure", process)
    return _person_form(request, process, None)


@require_http_methods(["GET", "POST"])
def person_edit(request, slug, pk):
    process = process_for_user(request, slug)
    require(request, "organisation.manage_structure", process)
    person = structure.person_by_pk(process=process, pk=pk)
    require(request, "organisation.change_person", person)
    return _person_form(request, process, person)


@require_http_methods(["POST"])
def person_anonymise(request, slug, pk):
    process = process_for_user(request, slug)
    require(request, "organisation.manage_structure", process)
    person = structure.person_by_pk(process=process, pk=pk)
    require(request, "organisation.anonymise_person", person)
    services.person_anonymise(actor=request.user, person=person)
    messages.success(request, _("The person's personal data were removed."))
    return redirect("organisation:person_list", slug=process.slug)


def _person_form(request, process, person):
    form = PersonForm(request.POST or None, instance=person, process=process)
    if request.method == "POST" and form.is_valid():
        try:
            if person is None:
                services.person_create(
                    actor=request.user,
                    process=process,
                    link_user=form.cleaned_data["link_user"],
                    **form.person_fields(),
                )
            else:
                services.person_update(
                    actor=request.user,
                    person=person,
                    link_user=form.cleaned_data["link_user"],
                    **form.person_fields(),
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The person was saved."))
            return redirect("organisation:person_list", slug=process.slug)
    return render(
        request,
        "organisation/person_form.html",
        {
            "process": process,
            "person": person,
            "form": form,
            "can_anonymise": person is not None
            and request.user.has_perm("organisation.anonymise_person", person),
        },
    )


def attendance_stats(request, slug):
    process = process_for_user(request, slug)
    require(request, "organisation.view_structure_stats", process)
    return render(
        request,
        "organisation/attendance_stats.html",
        {
            "process": process,
            "by_person": structure.attendance_stats_by_person(process=process),
            "by_group": structure.attendance_stats_by_group(process=process),
        },
    )


# --- meetings ---


def meeting_list(request, slug):
    process = process_for_user(request, slug)
    meetings = structure.meetings_for_user(process=process, user=request.user)
    upcoming, past = structure.split_calendar(meetings)
    return render(
        request,
        "organisation/meeting_list.html",
        {
            "process": process,
            "upcoming": upcoming,
            "past": past,
            "can_add": request.user.has_perm("organisation.manage_structure", process),
        },
    )


def meeting_detail(request, slug, pk):
    process, meeting = _meeting(request, slug, pk)
    internal = request.user.has_perm("organisation.view_meeting_internal", meeting)
    can_manage = request.user.has_perm("organisation.manage_meeting", meeting)
    invitations = structure.invitations_of_meeting(meeting=meeting) if can_manage else []
    return render(
        request,
        "organisation/meeting_detail.html",
        {
            "process": process,
            "meeting": meeting,
            "groups": [
                g
                for g in meeting.groups.all()
                if request.user.has_perm("organisation.view_group", g)
            ],
            "agenda": list(meeting.agenda_items.all()),
            "internal": internal,
            "can_manage": can_manage,
            "invitations": invitations,
            "reply_counts": structure.reply_counts(invitations),
            "attendances": structure.attendances_of_meeting(meeting=meeting) if internal else [],
        },
    )


@require_http_methods(["GET", "POST"])
def meeting_create(request, slug):
    process = process_for_user(request, slug)
    require(request, "organisation.manage_structure", process)
    return _meeting_form(request, process, None)


@require_http_methods(["GET", "POST"])
def meeting_edit(request, slug, pk):
    process, meeting = _meeting(request, slug, pk, perm="organisation.manage_meeting")
    return _meeting_form(request, process, meeting)


def _meeting_form(request, process, meeting):
    groups = _groups_to_manage(request, process)
    if meeting is not None:
        # Groups the user may not manage stay as they are.
        groups = Group.objects.filter(pk__in=groups.values("pk")) | meeting.groups.all()
        groups = groups.distinct()
    initial = {}
    if meeting is None and request.GET.get("skupina"):
        initial["groups"] = list(groups.filter(slug=request.GET["skupina"]))
        initial["kind"] = Meeting.Kind.WORKING_GROUP
    form = MeetingForm(
        request.POST or None, instance=meeting, process=process, groups=groups, initial=initial
    )
    if request.method == "POST":
        agenda = AgendaFormSet(request.POST, prefix="agenda")
    else:
        agenda = AgendaFormSet(prefix="agenda", initial=agenda_initial(meeting))
    if (
        request.method == "POST"
        and form.is_valid()
        and not request.user.has_perm("organisation.add_group", process)
        and not form.cleaned_data["groups"]
    ):
        # A methodologist's meeting belongs to a group they facilitate.
        form.add_error("groups", _("Choose at least one of your groups."))
    if request.method == "POST" and form.is_valid() and agenda.is_valid():
        fields = form.meeting_fields()
        chosen = list(form.cleaned_data["groups"])
        try:
            if meeting is None:
                meeting = services.meeting_create(
                    actor=request.user,
                    process=process,
                    groups=chosen,
                    agenda=agenda_from_formset(agenda),
                    **fields,
                )
            else:
                meeting = services.meeting_update(
                    actor=request.user,
                    meeting=meeting,
                    groups=chosen,
                    agenda=agenda_from_formset(agenda),
                    **fields,
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The meeting was saved."))
            return redirect(meeting)
    return render(
        request,
        "organisation/meeting_form.html",
        {"process": process, "meeting": meeting, "form": form, "agenda": agenda},
    )


@require_http_methods(["GET", "POST"])
def meeting_invitations(request, slug, pk):
    process, meeting = _meeting(request, slug, pk, perm="organisation.manage_meeting")
    if request.method == "POST" and meeting.status == Meeting.Status.CANCELLED:
        try:
            sent = services.meeting_cancellation_send(
                actor=request.user, meeting=meeting, request=request
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("Cancellation notices queued for sending: %(count)s.") % {"count": sent}
            )
        return redirect("organisation:meeting_invitations", slug=process.slug, pk=meeting.pk)
    if request.method == "POST":
        try:
            sent = services.meeting_invitations_send(
                actor=request.user,
                meeting=meeting,
                resend="resend" in request.POST,
                request=request,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Invitations queued for sending: %(count)s.") % {"count": sent},
            )
        return redirect("organisation:meeting_invitations", slug=process.slug, pk=meeting.pk)
    invitations = structure.invitations_of_meeting(meeting=meeting)
    invited_ids = {i.person_id for i in invitations}
    invitees = structure.meeting_invitees(meeting=meeting)
    return render(
        request,
        "organisation/meeting_invitations.html",
        {
            "process": process,
            "meeting": meeting,
            "invitations": invitations,
            "reply_counts": structure.reply_counts(invitations),
            "not_invited": [p for p in invitees if p.pk not in invited_ids and p.email],
            "without_email": [p for p in invitees if not p.email],
        },
    )


@require_http_methods(["GET", "POST"])
def meeting_attendance(request, slug, pk):
    process, meeting = _meeting(request, slug, pk, perm="organisation.manage_meeting")
    invited_ids = {p.pk for p in structure.attendance_sheet_rows(meeting=meeting)}
    recorded = structure.attendances_of_meeting(meeting=meeting)
    people = Person.objects.filter(pk__in=invited_ids).order_by(czech("name"))
    others = (
        Person.objects.filter(process=process).exclude(pk__in=invited_ids).order_by(czech("name"))
    )
    present_ids = [a.person_id for a in recorded if a.person_id and a.present]
    form = AttendanceForm(
        request.POST or None,
        people=people,
        others=others,
        initial={
            "present": [i for i in present_ids if i in invited_ids],
            "others": [i for i in present_ids if i not in invited_ids],
            "guests": "\n".join(
                f"{a.guest_name}; {a.guest_organisation}".rstrip("; ")
                for a in recorded
                if not a.person_id
            ),
        },
    )
    if request.method == "POST" and form.is_valid():
        present = [*form.cleaned_data["present"], *form.cleaned_data.get("others", [])]
        chosen = {p.pk for p in present}
        try:
            services.attendance_record(
                actor=request.user,
                meeting=meeting,
                present=present,
                absent=[p for p in people if p.pk not in chosen],
                guests=form.cleaned_data["guests"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The attendance was saved."))
            return redirect(meeting)
    return render(
        request,
        "organisation/meeting_attendance.html",
        {"process": process, "meeting": meeting, "form": form},
    )


@require_http_methods(["GET", "POST"])
@rate_limit("meeting-reply", limit=30, period=60 * 60)
def meeting_reply(request, slug, token):
    """The reply link of an invitation e-mail: works without signing in."""
    invitation = services.invitation_by_token(token=token)
    if invitation is None or invitation.meeting.process.slug != slug:
        raise Http404
    meeting = invitation.meeting
    initial_reply = request.GET.get("odpoved")
    form = ReplyForm(
        request.POST or None,
        initial={
            "reply": initial_reply or (invitation.reply if invitation.reply != "none" else None)
        },
    )
    done = False
    past = meeting.starts_at < timezone.now() - datetime.timedelta(days=1)
    if request.method == "POST" and not past and form.is_valid():
        services.invitation_reply(invitation=invitation, reply=form.cleaned_data["reply"])
        done = True
    return render(
        request,
        "organisation/meeting_reply.html",
        {
            "process": meeting.process,
            "meeting": meeting,
            "invitation": invitation,
            "agenda": list(meeting.agenda_items.all()),
            "form": form,
            "done": done,
            "past": past,
        },
    )


def meeting_ics(request, slug, pk):
    """The meeting as a calendar file (for the "add to calendar" link)."""
    process, meeting = _meeting(request, slug, pk)
    data = services.meeting_ics(
        meeting=meeting, url=request.build_absolute_uri(meeting.get_absolute_url())
    )
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="setkani-{meeting.pk}.ics"'
    return response
