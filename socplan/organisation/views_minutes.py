"""Pages of the minutes of meetings (with resolutions and tasks) and of task lists."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from socplan.core.forms import add_service_errors
from socplan.core.numbers import is_digits
from socplan.core.permissions import LoginRequired, require

from . import selectors_minutes, services_minutes
from .forms_minutes import (
    ApproveForm,
    MinutesForm,
    ResolutionFormSet,
    TaskForm,
    TaskStatusForm,
    resolution_initial,
)
from .guards import meeting_for_reader, process_for_user, readable_minutes_context
from .models import Group, Membership, Minutes, Task


def _minutes_url(meeting):
    from django.urls import reverse

    return reverse(
        "organisation:minutes_detail", kwargs={"slug": meeting.process.slug, "pk": meeting.pk}
    )


def minutes_detail(request, slug, pk):
    meeting = meeting_for_reader(request, slug, pk)
    context = readable_minutes_context(request, meeting)
    can_change = request.user.has_perm("organisation.change_minutes", meeting)
    minutes = context["minutes"]
    context.update(
        can_change=can_change,
        publishable=services_minutes.minutes_publishable(meeting=meeting),
        can_edit_text=can_change and (minutes is None or minutes.status == Minutes.Status.DRAFT),
    )
    return render(request, "organisation/minutes/detail.html", context)


def minutes_edit(request, slug, pk):
    meeting = meeting_for_reader(request, slug, pk)
    require(request, "organisation.change_minutes", meeting)
    minutes = selectors_minutes.minutes_of_meeting(meeting=meeting)
    if minutes is not None and minutes.status == Minutes.Status.APPROVED:
        messages.warning(
            request, _("The minutes were approved; return them to draft before changing them.")
        )
        return redirect(_minutes_url(meeting))
    form = MinutesForm(request.POST or None, meeting=meeting, minutes=minutes)
    if request.method == "POST" and form.is_valid():
        try:
            with form.saving():  # the version checked again in the save's transaction
                services_minutes.minutes_save(
                    meeting=meeting,
                    actor=request.user,
                    summary=form.cleaned_data["summary"],
                    item_texts=form.item_texts(),
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The minutes were saved."))
            return redirect(_minutes_url(meeting))
    return render(
        request,
        "organisation/minutes/edit.html",
        {"process": meeting.process, "meeting": meeting, "minutes": minutes, "form": form},
    )


def resolutions_edit(request, slug, pk):
    meeting = meeting_for_reader(request, slug, pk)
    require(request, "organisation.change_minutes", meeting)
    minutes = selectors_minutes.minutes_of_meeting(meeting=meeting)
    if minutes is not None and minutes.status == Minutes.Status.APPROVED:
        messages.warning(
            request, _("The minutes were approved; return them to draft before changing them.")
        )
        return redirect(_minutes_url(meeting))
    if request.method == "POST":
        formset = ResolutionFormSet(request.POST, prefix="resolutions", meeting=meeting)
        if formset.is_valid():
            try:
                services_minutes.resolutions_update(
                    meeting=meeting, actor=request.user, resolutions=formset.resolutions()
                )
            except ValidationError as error:
                add_service_errors(formset, error)
            else:
                messages.success(request, _("The resolutions were saved."))
                return redirect(_minutes_url(meeting))
    else:
        formset = ResolutionFormSet(
            initial=resolution_initial(meeting), prefix="resolutions", meeting=meeting
        )
    return render(
        request,
        "organisation/minutes/resolutions.html",
        {"process": meeting.process, "meeting": meeting, "formset": formset},
    )


def minutes_approve(request, slug, pk):
    meeting = meeting_for_reader(request, slug, pk)
    require(request, "organisation.change_minutes", meeting)
    minutes = selectors_minutes.minutes_of_meeting(meeting=meeting)
    if minutes is None or minutes.status == Minutes.Status.APPROVED:
        messages.warning(
            request,
            _("Write the minutes first.") if minutes is None else _("The minutes are approved."),
        )
        return redirect(_minutes_url(meeting))
    meetings = selectors_minutes.meetings_for_approval(meeting=meeting)
    following = selectors_minutes.next_meeting_for_approval(meeting=meeting)
    form = ApproveForm(
        request.POST or None,
        meetings=meetings,
        initial={"approved_at_meeting": following.pk if following else None},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services_minutes.minutes_approve(
                minutes=minutes,
                actor=request.user,
                approved_at_meeting=form.cleaned_data["approved_at_meeting"],
                approved_on=form.cleaned_data.get("approved_on"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The minutes were approved."))
            return redirect(_minutes_url(meeting))
    return render(
        request,
        "organisation/minutes/approve.html",
        {
            "process": meeting.process,
            "meeting": meeting,
            "minutes": minutes,
            "form": form,
            "has_later_meetings": meetings.exists(),
        },
    )


MINUTES_ACTIONS = {
    "zverejnit": (services_minutes.minutes_publish, _("The minutes were published.")),
    "stahnout": (services_minutes.minutes_unpublish, _("The minutes are no longer published.")),
    "vratit": (services_minutes.minutes_reopen, _("The minutes were returned to draft.")),
}


@require_POST
def minutes_action(request, slug, pk, action):
    meeting = meeting_for_reader(request, slug, pk)
    require(request, "organisation.change_minutes", meeting)
    if action not in MINUTES_ACTIONS:
        raise Http404
    minutes = selectors_minutes.minutes_of_meeting(meeting=meeting)
    if minutes is None:
        raise Http404
    service, message = MINUTES_ACTIONS[action]
    try:
        service(minutes=minutes, actor=request.user)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, str(message))
    return redirect(_minutes_url(meeting))


# --- tasks ---


def _status_filter(request) -> str:
    status = request.GET.get("stav", "open")
    return status if status in selectors_minutes.TASK_FILTERS else "open"


def _with_permissions(user, tasks):
    for task in tasks:
        task.can_edit = user.has_perm("organisation.change_task", task)
        task.can_change_status = task.can_edit or user.has_perm(
            "organisation.change_task_status", task
        )
    return tasks


def _task_page(request, *, process, tasks, status, heading, group=None, person=None):
    tasks = _with_permissions(
        request.user, selectors_minutes.visible_tasks(user=request.user, tasks=tasks)
    )
    return render(
        request,
        "organisation/tasks/list.html",
        {
            "process": process,
            "tasks": tasks,
            "counts": selectors_minutes.task_counts(tasks),
            "status": status,
            "heading": heading,
            "group": group,
            "person": person,
            "can_add": process is not None
            and request.user.has_perm("organisation.add_task", process),
            "status_form": TaskStatusForm(),
            "groups": [
                g
                for g in process.groups.select_related("process__planning_area")
                if request.user.has_perm("organisation.view_group", g)
            ]
            if process is not None
            else [],
        },
    )


def task_list(request, slug):
    process = process_for_user(request, slug)
    require(request, "organisation.view_tasks", process)
    status = _status_filter(request)
    tasks = selectors_minutes.tasks_of_process(process=process, status=status)
    return _task_page(
        request, process=process, tasks=tasks, status=status, heading=_("Tasks of the process")
    )


def group_tasks(request, slug, group):
    process = process_for_user(request, slug)
    require(request, "organisation.view_tasks", process)
    group = _group(request, process, group)
    status = _status_filter(request)
    tasks = selectors_minutes.tasks_of_process(process=process, status=status, group=group)
    return _task_page(
        request,
        process=process,
        tasks=tasks,
        status=status,
        heading=_("Tasks of %(group)s") % {"group": group.name},
        group=group,
    )


def _group(request, process, slug) -> Group:
    from django.shortcuts import get_object_or_404

    group = get_object_or_404(Group, process=process, slug=slug)
    if not request.user.has_perm("organisation.view_group", group):
        raise Http404  # an internal group does not exist for those outside it
    return group


def person_tasks(request, slug, person):
    process = process_for_user(request, slug)
    require(request, "organisation.view_tasks", process)
    person = selectors_minutes.person_in_process(process=process, pk=person)
    status = _status_filter(request)
    tasks = selectors_minutes.tasks_of_process(process=process, status=status, owner=person)
    return _task_page(
        request,
        process=process,
        tasks=tasks,
        status=status,
        heading=_("Tasks of %(person)s") % {"person": person.name},
        person=person,
    )


def my_tasks(request):
    if not request.user.is_authenticated:
        raise LoginRequired(request)
    status = _status_filter(request)
    tasks = selectors_minutes.tasks_of_user(user=request.user, status=status)
    return _task_page(request, process=None, tasks=tasks, status=status, heading=_("My tasks"))


def _task_groups(user, process):
    """The groups the user may give tasks to: None (any) for coordinators, else the
    groups they facilitate."""
    if user.has_perm("organisation.change_process", process):
        return None
    group_ids = (
        Membership.objects.current()
        .filter(person__user=user, group__process=process, role=Membership.Role.METHODOLOGIST)
        .values("group_id")
    )
    return Group.objects.filter(pk__in=group_ids)


def _redirect_next(request, fallback):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(fallback)


def _task_list_url(process):
    from django.urls import reverse

    return reverse("organisation:task_list", kwargs={"slug": process.slug})


def task_create(request, slug):
    process = process_for_user(request, slug)
    require(request, "organisation.add_task", process)
    meeting = None
    meeting_pk = request.GET.get("jednani") or request.POST.get("meeting")
    if meeting_pk and is_digits(str(meeting_pk)):
        meeting = process.meetings.filter(pk=meeting_pk).first()
    form = TaskForm(
        request.POST or None,
        process=process,
        groups=_task_groups(request.user, process),
        meeting=meeting,
        initial={"meeting": meeting.pk if meeting else None, "status": Task.Status.OPEN},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services_minutes.task_create(
                process=process,
                actor=request.user,
                status=form.cleaned_data["status"],
                **form.task_fields(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The task was added."))
            if meeting is not None and form.cleaned_data.get("meeting") == meeting:
                return redirect(_minutes_url(meeting))
            return redirect(_task_list_url(process))
    return render(
        request,
        "organisation/tasks/form.html",
        {"process": process, "form": form, "task": None, "meeting": meeting},
    )


def task_edit(request, slug, pk):
    process = process_for_user(request, slug)
    task = selectors_minutes.task_in_process(process=process, pk=pk)
    require(request, "organisation.change_task", task)
    form = TaskForm(
        request.POST or None,
        process=process,
        groups=_task_groups(request.user, process),
        meeting=task.meeting,
        initial={
            "title": task.title,
            "description": task.description,
            "owner": task.owner_id,
            "due": task.due,
            "group": task.group_id,
            "meeting": task.meeting_id,
            "agenda_item": task.agenda_item_id,
            "status": task.status,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services_minutes.task_update(
                task=task,
                actor=request.user,
                status=form.cleaned_data["status"],
                **form.task_fields(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The task was saved."))
            return _redirect_next(request, _task_list_url(process))
    return render(
        request,
        "organisation/tasks/form.html",
        {"process": process, "form": form, "task": task, "meeting": task.meeting},
    )


@require_POST
def task_status(request, slug, pk):
    process = process_for_user(request, slug)
    task = selectors_minutes.task_in_process(process=process, pk=pk)
    require(request, "organisation.change_task_status", task)
    form = TaskStatusForm(request.POST)
    if form.is_valid():
        services_minutes.task_set_status(
            task=task, actor=request.user, status=form.cleaned_data["status"]
        )
        messages.success(
            request,
            _("The status of “%(task)s” was changed to: %(status)s.")
            % {"task": task.title, "status": task.get_status_display()},
        )
    else:
        messages.error(request, _("Choose a status of the task."))
    return _redirect_next(request, _task_list_url(process))


@require_POST
def task_delete(request, slug, pk):
    process = process_for_user(request, slug)
    task = selectors_minutes.task_in_process(process=process, pk=pk)
    require(request, "organisation.change_task", task)
    services_minutes.task_delete(task=task, actor=request.user)
    messages.success(request, _("The task was deleted."))
    return redirect(_task_list_url(process))
