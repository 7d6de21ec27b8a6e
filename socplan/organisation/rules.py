"""Permissions of the organisation app: processes, roles, groups, meetings, minutes, tasks.

Other apps build on the helpers here (:func:`roles`, :func:`is_coordinator`,
:func:`is_region_staff_of_process`, :func:`current_group_roles`).
"""

import rules

from socplan.accounts.models import Role
from socplan.core.permissions import is_site_staff, user_cache
from socplan.territory.rules import is_region_staff_for_area, may_start_processes, region_ids

# The vocabulary of roles is accounts.Role (the roles one is invited to).
ROLE_COORDINATOR = Role.COORDINATOR
ROLE_METHODOLOGIST = Role.METHODOLOGIST


def roles(user, process) -> set[str]:
    """The user's roles in ``process``."""
    return roles_in_process_id(user, process.pk if process is not None else None)


def roles_in_process_id(user, process_id) -> set[str]:
    """:func:`roles` by the process's id: a list of groups, meetings, tasks or processes
    asks without loading the process of each row. All the user's roles come in one query
    per request (a person holds roles in a few processes), so a list of many processes
    does not ask once per process."""
    if not user.is_authenticated or process_id is None:
        return set()

    def load():
        result: dict[int, set[str]] = {}
        for pk, role in user.process_roles.values_list("process_id", "role"):
            result.setdefault(pk, set()).add(role)
        return result

    return user_cache(user, "roles_by_process", load).get(process_id, set())


def current_group_roles(user, process_id) -> dict[int, set[str]]:
    """The user's current membership roles per group id in a process (via Person.user)."""
    if not user.is_authenticated or process_id is None:
        return {}

    def load():
        from .models import Membership

        result: dict[int, set[str]] = {}
        for group_id, role in (
            Membership.objects.current()
            .filter(person__user=user, group__process_id=process_id)
            .values_list("group_id", "role")
        ):
            result.setdefault(group_id, set()).add(role)
        return result

    return user_cache(user, ("group_roles", process_id), load)


def facilitated_group_ids(user, process_id) -> set[int]:
    """Groups of the process whose methodologist (by membership) the user is."""
    return {
        group_id
        for group_id, group_roles in current_group_roles(user, process_id).items()
        if ROLE_METHODOLOGIST in group_roles
    }


def _all_group_roles(user) -> dict[int, set[str]]:
    """The user's current memberships in every process: group id -> roles."""
    if not user.is_authenticated:
        return {}

    def load():
        from .models import Membership

        result: dict[int, set[str]] = {}
        memberships = Membership.objects.current().filter(person__user=user)
        for group_id, role in memberships.values_list("group_id", "role"):
            result.setdefault(group_id, set()).add(role)
        return result

    return user_cache(user, "all_group_roles", load)


@rules.predicate
def is_coordinator(user, process):
    return ROLE_COORDINATOR in roles(user, process)


@rules.predicate
def has_process_role(user, process):
    return bool(roles(user, process))


@rules.predicate
def is_region_staff_of_process(user, process):
    # Region staff first: for everybody else the process's area is not even loaded.
    return (
        process is not None
        and bool(region_ids(user))
        and is_region_staff_for_area(user, process.planning_area)
    )


@rules.predicate
def is_published(user, process):
    return bool(process is not None and process.is_published)


# Planning processes
rules.add_perm(
    "organisation.view_process",
    is_published | is_site_staff | has_process_role | is_region_staff_of_process,
)
rules.add_perm(
    "organisation.view_process_internal",
    is_site_staff | has_process_role | is_region_staff_of_process,
)
rules.add_perm("organisation.add_process", is_site_staff | may_start_processes)
rules.add_perm("organisation.change_process", is_site_staff | is_coordinator)
# A coordinator makes a planning area for their process (of municipalities of its region).
rules.add_perm("organisation.add_process_area", is_site_staff | is_coordinator)
rules.add_perm("organisation.manage_people", is_site_staff | is_coordinator)


# --- groups, members, meetings ---


@rules.predicate
def coordinates_process_of(user, obj):
    """Coordinator of the process of a group, meeting, person or task."""
    return obj is not None and ROLE_COORDINATOR in roles_in_process_id(user, obj.process_id)


def _region_staff_of_process_of(user, obj) -> bool:
    if obj is None or not region_ids(user):
        return False
    # Once per process and request: the rows of a list do not each load their process.
    return user_cache(
        user,
        ("region_staff_of", obj.process_id),
        lambda: bool(is_region_staff_of_process(user, obj.process)),
    )


@rules.predicate
def is_region_staff_of_process_of(user, obj):
    return _region_staff_of_process_of(user, obj)


@rules.predicate
def may_see_process_of(user, obj):
    return obj is not None and user.has_perm("organisation.view_process", obj.process)


@rules.predicate
def is_member_of_group(user, group):
    """A current member (any role) of the group, through their Person record."""
    return group is not None and group.pk in _all_group_roles(user)


@rules.predicate
def facilitates_group(user, group):
    """The methodologist of the group: a current member with the role methodologist."""
    return group is not None and ROLE_METHODOLOGIST in _all_group_roles(user).get(group.pk, ())


@rules.predicate
def facilitates_a_group_of(user, process):
    return process is not None and bool(facilitated_group_ids(user, process.pk))


@rules.predicate
def is_public_group(user, group):
    return group is not None and group.is_public


@rules.predicate
def is_published_meeting(user, meeting):
    """A public meeting, or a meeting of a public group."""
    if meeting is None:
        return False
    return meeting.is_public or any(g.is_public for g in meeting.groups.all())


@rules.predicate
def is_member_of_meeting_groups(user, meeting):
    if meeting is None:
        return False
    mine = _all_group_roles(user)
    return any(g.pk in mine for g in meeting.groups.all())


@rules.predicate
def facilitates_meeting_groups(user, meeting):
    if meeting is None:
        return False
    mine = _all_group_roles(user)
    return any(ROLE_METHODOLOGIST in mine.get(g.pk, ()) for g in meeting.groups.all())


# The process-wide structure pages (people, new meetings, statistics): coordinators and the
# methodologists of its groups. Groups: coordinators, and methodologists of that group.
rules.add_perm("organisation.add_group", is_site_staff | is_coordinator)
rules.add_perm(
    "organisation.manage_structure", is_site_staff | is_coordinator | facilitates_a_group_of
)
rules.add_perm(
    "organisation.view_structure_stats",
    is_site_staff | is_coordinator | is_region_staff_of_process | facilitates_a_group_of,
)
rules.add_perm(
    "organisation.view_group_internal",
    is_site_staff | coordinates_process_of | is_region_staff_of_process_of | is_member_of_group,
)
rules.add_perm(
    "organisation.view_group",
    may_see_process_of
    & (
        is_public_group
        | is_site_staff
        | coordinates_process_of
        | is_region_staff_of_process_of
        | is_member_of_group
    ),
)
rules.add_perm(
    "organisation.manage_group", is_site_staff | coordinates_process_of | facilitates_group
)
rules.add_perm(
    "organisation.view_meeting_internal",
    is_site_staff
    | coordinates_process_of
    | is_region_staff_of_process_of
    | is_member_of_meeting_groups,
)
rules.add_perm(
    "organisation.view_meeting",
    may_see_process_of
    & (
        is_published_meeting
        | is_site_staff
        | coordinates_process_of
        | is_region_staff_of_process_of
        | is_member_of_meeting_groups
    ),
)
rules.add_perm(
    "organisation.manage_meeting",
    is_site_staff | coordinates_process_of | facilitates_meeting_groups,
)


# --- minutes, resolutions and tasks (objects: a Meeting for minutes, a Task, a process) ---


def _meeting_group_ids(meeting) -> set[int]:
    return {g.pk for g in meeting.groups.all()}


def _task_group_ids(task) -> set[int]:
    ids = {task.group_id} if task.group_id else set()
    if task.meeting_id:
        ids |= _meeting_group_ids(task.meeting)
    return ids


def _facilitated(user, process_id, group_ids) -> bool:
    group_roles = current_group_roles(user, process_id)
    return any(ROLE_METHODOLOGIST in group_roles.get(pk, ()) for pk in group_ids)


@rules.predicate
def facilitates_meeting_group(user, meeting):
    """The methodologist (by membership) of one of the groups invited to the meeting."""
    return meeting is not None and _facilitated(
        user, meeting.process_id, _meeting_group_ids(meeting)
    )


@rules.predicate
def sees_meeting_internals(user, meeting):
    """Member of an invited group; any role in the process for a meeting without groups;
    a methodologist of the process; region staff."""
    if meeting is None:
        return False
    my_roles = roles_in_process_id(user, meeting.process_id)
    if ROLE_METHODOLOGIST in my_roles or _region_staff_of_process_of(user, meeting):
        return True
    group_ids = _meeting_group_ids(meeting)
    if not group_ids:
        return bool(my_roles)
    return bool(group_ids & set(current_group_roles(user, meeting.process_id)))


@rules.predicate
def facilitates_a_group_of_process(user, process):
    group_roles = current_group_roles(user, process.pk if process else None)
    return any(ROLE_METHODOLOGIST in r for r in group_roles.values())


@rules.predicate
def facilitates_task_group(user, task):
    return task is not None and _facilitated(user, task.process_id, _task_group_ids(task))


@rules.predicate
def owns_task(user, task):
    return bool(
        user.is_authenticated
        and task is not None
        and task.owner_id
        and task.owner.user_id == user.pk
    )


@rules.predicate
def is_person_of_process(user, process):
    if not user.is_authenticated or process is None:
        return False
    return user_cache(
        user, ("person_of", process.pk), lambda: process.people.filter(user=user).exists()
    )


def led_person_ids(user, process_id) -> set[int]:
    """The people of a process a methodologist leads: current members of the groups they
    facilitate, except people who sign in as a coordinator of the process (a methodologist
    never edits the coordinator's record)."""
    groups = facilitated_group_ids(user, process_id)
    if not groups:
        return set()

    def load():
        from .models import Membership, ProcessRole

        coordinators = ProcessRole.objects.filter(
            process_id=process_id, role=ROLE_COORDINATOR
        ).values("user_id")
        return set(
            Membership.objects.current()
            .filter(group_id__in=groups)
            .exclude(person__user_id__in=coordinators)
            .values_list("person_id", flat=True)
        )

    return user_cache(user, ("led_people", process_id), load)


@rules.predicate
def leads_person(user, person):
    """A methodologist and the people of the groups they facilitate (:func:`led_person_ids`)."""
    return person is not None and person.pk in led_person_ids(user, person.process_id)


# People: coordinators edit and anonymise anybody of their process; a methodologist edits
# only the people of the groups they lead, and anonymises nobody.
rules.add_perm("organisation.change_person", is_site_staff | coordinates_process_of | leads_person)
rules.add_perm("organisation.anonymise_person", is_site_staff | coordinates_process_of)


rules.add_perm(
    "organisation.view_minutes",
    is_site_staff | coordinates_process_of | sees_meeting_internals,
)
rules.add_perm(
    "organisation.change_minutes",
    is_site_staff | coordinates_process_of | facilitates_meeting_group,
)
rules.add_perm(
    "organisation.view_tasks",
    is_site_staff | has_process_role | is_region_staff_of_process | is_person_of_process,
)
rules.add_perm(
    "organisation.add_task", is_site_staff | is_coordinator | facilitates_a_group_of_process
)
rules.add_perm(
    "organisation.change_task",
    is_site_staff | coordinates_process_of | facilitates_task_group,
)
rules.add_perm(
    "organisation.change_task_status",
    is_site_staff | coordinates_process_of | facilitates_task_group | owns_task,
)
