"""Every permission check of socplan lives here (django-rules predicates).

Views call :func:`require` (or ``user.has_perm(name, obj)``); templates use
``{% load rules %}{% has_perm name user obj as can %}``.

Who is who:
- site staff (``user.is_staff``): operators of the installation, may do everything;
- region staff (:class:`~socplan.accounts.models.RegionRole`): see every process of their
  region, published or not, and change nothing;
- coordinator of a process: manages everything in it;
- methodologist, member, provider editor of a process: see its internal pages;
- users with ``can_start_processes``: may create planning areas and processes;
- the public: sees what is published.
"""

import rules
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

ROLE_COORDINATOR = "coordinator"
ROLE_METHODOLOGIST = "methodologist"


def _roles(user, process) -> set[str]:
    if not user.is_authenticated or process is None:
        return set()
    cache = user.__dict__.setdefault("_socplan_roles", {})
    if process.pk not in cache:
        cache[process.pk] = set(
            user.process_roles.filter(process_id=process.pk).values_list("role", flat=True)
        )
    return cache[process.pk]


def _region_ids(user) -> set[int]:
    if not user.is_authenticated:
        return set()
    if "_socplan_regions" not in user.__dict__:
        user.__dict__["_socplan_regions"] = set(
            user.region_roles.values_list("region_id", flat=True)
        )
    return user.__dict__["_socplan_regions"]


@rules.predicate
def is_site_staff(user):
    return bool(user.is_authenticated and user.is_staff)


@rules.predicate
def is_coordinator(user, process):
    return ROLE_COORDINATOR in _roles(user, process)


@rules.predicate
def has_process_role(user, process):
    return bool(_roles(user, process))


@rules.predicate
def is_region_staff_of_process(user, process):
    regions = _region_ids(user)
    if not regions or process is None:
        return False
    from socplan.territory.selectors import region_ids_of_area

    return bool(regions & region_ids_of_area(area=process.planning_area))


@rules.predicate
def is_region_staff_of_area(user, area):
    regions = _region_ids(user)
    if not regions or area is None:
        return False
    from socplan.territory.selectors import region_ids_of_area

    return bool(regions & region_ids_of_area(area=area))


@rules.predicate
def is_published(user, process):
    return bool(process is not None and process.is_published)


@rules.predicate
def may_start_processes(user):
    return bool(user.is_authenticated and (user.can_start_processes or _region_ids(user)))


@rules.predicate
def is_area_manager(user, area):
    """Creator of the area, or coordinator of a process that uses it."""
    if not user.is_authenticated or area is None:
        return False
    if area.created_by_id == user.pk:
        return True
    return user.process_roles.filter(
        role=ROLE_COORDINATOR, process__planning_area_id=area.pk
    ).exists()


@rules.predicate
def is_signed_in(user):
    return bool(user.is_authenticated)


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
rules.add_perm("organisation.manage_people", is_site_staff | is_coordinator)

# Territory
rules.add_perm("territory.view_area", rules.always_allow)
rules.add_perm("territory.add_area", is_site_staff | may_start_processes)
rules.add_perm("territory.change_area", is_site_staff | is_area_manager)

# Accounts
rules.add_perm("accounts.invite_site_user", is_site_staff)
rules.add_perm("accounts.view_audit", is_site_staff)


@rules.predicate
def started_the_job(user, job):
    return bool(user.is_authenticated and job is not None and job.created_by_id == user.pk)


# Background jobs: the person who started one, and site staff
rules.add_perm("core.view_job", is_site_staff | started_the_job)

# --- catalogue (issue 3) ---

# catalogue booklet (catprint): anyone who sees the process downloads the latest booklet;
# its coordinators (and site staff) generate a new one
rules.add_perm("documents.generate_booklet", is_site_staff | is_coordinator)


# public catalogue (catsearch): life situations of a planning area
@rules.predicate
def coordinates_process_over_area(user, area):
    """Coordinator of a planning process over this planning area."""
    if not user.is_authenticated or area is None:
        return False
    return user.process_roles.filter(
        role=ROLE_COORDINATOR, process__planning_area_id=area.pk
    ).exists()


rules.add_perm("catalogue.change_life_situations", is_site_staff | coordinates_process_over_area)


# catalogue review (catreview): provider editors, change proposals, the review queue
def _service_of(obj):
    """A service, or the service of a change proposal."""
    return getattr(obj, "service", obj)


@rules.predicate
def is_provider_editor(user):
    """Edits a provider's entries, or holds the role provider editor in a process."""
    if not user.is_authenticated:
        return False
    return "provider_editor" in _all_roles(user) or user.provider_editorships.exists()


@rules.predicate
def edits_provider_of_service(user, service):
    service = _service_of(service)
    if not user.is_authenticated or service is None:
        return False
    return user.provider_editorships.filter(provider_id=service.provider_id).exists()


@rules.predicate
def coordinates_any_process(user):
    return bool(user.is_authenticated and ROLE_COORDINATOR in _all_roles(user))


@rules.predicate
def coordinates_area_of_service(user, service):
    """Coordinator of a process whose planning area holds one of the service's
    municipalities (a facility there or a service-area row)."""
    service = _service_of(service)
    if not user.is_authenticated or service is None:
        return False
    roles = user.process_roles.filter(role=ROLE_COORDINATOR)
    return (
        roles.filter(process__planning_area__municipalities__facilities__service=service).exists()
        or roles.filter(
            process__planning_area__municipalities__service_area_rows__service=service
        ).exists()
    )


def _all_roles(user) -> set[str]:
    if "_socplan_all_roles" not in user.__dict__:
        user.__dict__["_socplan_all_roles"] = set(user.process_roles.values_list("role", flat=True))
    return user.__dict__["_socplan_all_roles"]


rules.add_perm("catalogue.invite_provider_editor", is_site_staff | is_coordinator)
rules.add_perm("catalogue.view_my_services", is_site_staff | is_provider_editor)
rules.add_perm("catalogue.propose_change", edits_provider_of_service)
rules.add_perm("catalogue.verify_service", edits_provider_of_service)
rules.add_perm("catalogue.view_review_queue", is_site_staff | coordinates_any_process)
rules.add_perm("catalogue.review_proposal", is_site_staff | coordinates_area_of_service)
# end of catalogue review (catreview)

# register import (catdata): coordinators of any process and site staff
rules.add_perm("catalogue.import_registry", is_site_staff | coordinates_any_process)
rules.add_perm("catalogue.view_registry_imports", is_site_staff | coordinates_any_process)
# local (non-registered) services of a planning area: its coordinators and site staff
rules.add_perm("catalogue.change_local_services", is_site_staff | coordinates_process_over_area)
# end of register import (catdata)

# --- organisation: groups, members, meetings, minutes, tasks (issue 4) ---


def _group_roles(user) -> dict[int, set[str]]:
    """The user's current memberships (through their Person records): group id -> roles."""
    if not user.is_authenticated:
        return {}
    if "_socplan_group_roles" not in user.__dict__:
        from socplan.organisation.models import Membership

        result: dict[int, set[str]] = {}
        memberships = Membership.objects.current().filter(person__user=user)
        for group_id, role in memberships.values_list("group_id", "role"):
            result.setdefault(group_id, set()).add(role)
        user.__dict__["_socplan_group_roles"] = result
    return user.__dict__["_socplan_group_roles"]


def _facilitated_group_ids(user) -> set[int]:
    return {g for g, roles in _group_roles(user).items() if ROLE_METHODOLOGIST in roles}


@rules.predicate
def coordinates_process_of(user, obj):
    """Coordinator of the process of a group, meeting or person."""
    return obj is not None and is_coordinator(user, obj.process)


@rules.predicate
def is_region_staff_of_process_of(user, obj):
    return obj is not None and is_region_staff_of_process(user, obj.process)


@rules.predicate
def may_see_process_of(user, obj):
    return obj is not None and user.has_perm("organisation.view_process", obj.process)


@rules.predicate
def is_member_of_group(user, group):
    """A current member (any role) of the group, through their Person record."""
    return group is not None and group.pk in _group_roles(user)


@rules.predicate
def facilitates_group(user, group):
    """The methodologist of the group: a current member with the role methodologist."""
    return group is not None and group.pk in _facilitated_group_ids(user)


@rules.predicate
def facilitates_a_group_of(user, process):
    if process is None:
        return False
    ids = _facilitated_group_ids(user)
    return bool(ids) and process.groups.filter(pk__in=ids).exists()


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
    mine = _group_roles(user)
    return any(g.pk in mine for g in meeting.groups.all())


@rules.predicate
def facilitates_meeting_groups(user, meeting):
    if meeting is None:
        return False
    mine = _facilitated_group_ids(user)
    return any(g.pk in mine for g in meeting.groups.all())


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


# Minutes, resolutions and tasks (objects: a Meeting for minutes, a Task, a process).


def _minutes_group_roles(user, process_id) -> dict[int, set[str]]:
    """The user's current membership roles per group id in a process (via Person.user)."""
    if not user.is_authenticated or process_id is None:
        return {}
    cache = user.__dict__.setdefault("_socplan_minutes_group_roles", {})
    if process_id not in cache:
        from socplan.organisation.models import Membership

        roles: dict[int, set[str]] = {}
        for group_id, role in (
            Membership.objects.current()
            .filter(person__user=user, group__process_id=process_id)
            .values_list("group_id", "role")
        ):
            roles.setdefault(group_id, set()).add(role)
        cache[process_id] = roles
    return cache[process_id]


def _meeting_group_ids(meeting) -> set[int]:
    return {g.pk for g in meeting.groups.all()}


def _task_group_ids(task) -> set[int]:
    ids = {task.group_id} if task.group_id else set()
    if task.meeting_id:
        ids |= _meeting_group_ids(task.meeting)
    return ids


def _facilitated(user, process_id, group_ids) -> bool:
    roles = _minutes_group_roles(user, process_id)
    return any(ROLE_METHODOLOGIST in roles.get(pk, ()) for pk in group_ids)


@rules.predicate
def coordinates_meeting_process(user, obj):
    return obj is not None and is_coordinator(user, obj.process)


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
    process = meeting.process
    if ROLE_METHODOLOGIST in _roles(user, process) or is_region_staff_of_process(user, process):
        return True
    group_ids = _meeting_group_ids(meeting)
    if not group_ids:
        return bool(_roles(user, process))
    return bool(group_ids & set(_minutes_group_roles(user, process.pk)))


@rules.predicate
def facilitates_a_group_of_process(user, process):
    roles = _minutes_group_roles(user, process.pk if process else None)
    return any(ROLE_METHODOLOGIST in r for r in roles.values())


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
    return process.people.filter(user=user).exists()


rules.add_perm(
    "organisation.view_minutes",
    is_site_staff | coordinates_meeting_process | sees_meeting_internals,
)
rules.add_perm(
    "organisation.change_minutes",
    is_site_staff | coordinates_meeting_process | facilitates_meeting_group,
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
    is_site_staff | coordinates_meeting_process | facilitates_task_group,
)
rules.add_perm(
    "organisation.change_task_status",
    is_site_staff | coordinates_meeting_process | facilitates_task_group | owns_task,
)


# --- library: documents, news, events (issue 4) ---
# Coordinators manage documents, news and events of their process; a methodologist who
# facilitates a group (membership with the role "methodologist", linked to their account)
# uploads documents of that group and new versions of them; everybody with a part in the
# process sees internal documents; the public sees public documents of published processes.


def library_facilitated_group_ids(user, process_id) -> set[int]:
    if not user.is_authenticated or process_id is None:
        return set()
    cache = user.__dict__.setdefault("_socplan_facilitated_groups", {})
    if process_id not in cache:
        from socplan.organisation.models import Membership

        cache[process_id] = set(
            Membership.objects.current()
            .filter(
                person__user=user,
                role=Membership.Role.METHODOLOGIST,
                group__process_id=process_id,
            )
            .values_list("group_id", flat=True)
        )
    return cache[process_id]


@rules.predicate
def library_is_group_member_in_process(user, process):
    """A current member of a group of the process (a person linked to the user's account)."""
    if not user.is_authenticated or process is None:
        return False
    cache = user.__dict__.setdefault("_socplan_library_member_of", {})
    if process.pk not in cache:
        from socplan.organisation.models import Membership

        cache[process.pk] = (
            Membership.objects.current()
            .filter(person__user=user, group__process_id=process.pk)
            .exists()
        )
    return cache[process.pk]


@rules.predicate
def library_facilitates_a_group(user, process):
    return bool(process is not None and library_facilitated_group_ids(user, process.pk))


@rules.predicate
def library_facilitates_documents_group(user, document):
    return bool(
        document is not None
        and document.group_id is not None
        and document.group_id in library_facilitated_group_ids(user, document.process_id)
    )


@rules.predicate
def library_coordinates_documents_process(user, document):
    return document is not None and is_coordinator(user, document.process)


@rules.predicate
def library_may_see_documents_process_internal(user, document):
    return document is not None and user.has_perm(
        "library.view_internal_documents", document.process
    )


@rules.predicate
def library_document_is_published(user, document):
    return bool(document is not None and document.is_public and document.process.is_published)


rules.add_perm("library.manage", is_site_staff | is_coordinator)
rules.add_perm("library.add_document", is_site_staff | is_coordinator | library_facilitates_a_group)
rules.add_perm(
    "library.change_document",
    is_site_staff | library_coordinates_documents_process | library_facilitates_documents_group,
)
rules.add_perm(
    "library.view_internal_documents",
    is_site_staff
    | has_process_role
    | is_region_staff_of_process
    | library_is_group_member_in_process,
)
rules.add_perm(
    "library.view_document",
    library_document_is_published | library_may_see_documents_process_internal,
)
rules.add_perm(
    "library.view_indicators", is_site_staff | is_coordinator | is_region_staff_of_process
)

# --- planning (issue 5) ---
# Objects: a PlanningProcess, or a plan, priority, measure, activity or action item of one.


def _plan_process(obj):
    """The planning process of a plan object (or the process itself)."""
    if obj is None or hasattr(obj, "planning_area"):
        return obj
    if hasattr(obj, "process_id"):
        return obj.process
    for attr in ("plan", "priority", "measure"):
        if hasattr(obj, attr):
            return _plan_process(getattr(obj, attr))
    return None


@rules.predicate
def plan_is_public(user, plan):
    return bool(plan is not None and hasattr(plan, "is_public") and plan.is_public)


@rules.predicate
def is_plan_coordinator(user, obj):
    return ROLE_COORDINATOR in _roles(user, _plan_process(obj))


@rules.predicate
def has_plan_process_role(user, obj):
    return bool(_roles(user, _plan_process(obj)))


@rules.predicate
def is_region_staff_of_plan(user, obj):
    return is_region_staff_of_process.test(user, _plan_process(obj))


@rules.predicate
def drafts_the_measure(user, measure):
    """Member (today) of the working group the measure is assigned to."""
    group_id = getattr(measure, "working_group_id", None)
    if not user.is_authenticated or group_id is None:
        return False
    from socplan.planning.selectors import drafting_group_ids

    return group_id in drafting_group_ids(user=user, process=_plan_process(measure))


@rules.predicate
def is_in_a_group_of_plan(user, obj):
    """A current member of any group of the process (as a person of the process)."""
    if not user.is_authenticated:
        return False
    from socplan.planning.selectors import drafting_group_ids

    process = _plan_process(obj)
    return process is not None and bool(drafting_group_ids(user=user, process=process))


rules.add_perm(
    "planning.view_plan",
    plan_is_public
    | is_site_staff
    | has_plan_process_role
    | is_region_staff_of_plan
    | is_in_a_group_of_plan,
)
rules.add_perm(
    "planning.view_plan_internal",
    is_site_staff | has_plan_process_role | is_region_staff_of_plan | is_in_a_group_of_plan,
)
rules.add_perm("planning.change_plan", is_site_staff | is_plan_coordinator)


@rules.predicate
def plan_has_public_approved_version(user, plan):
    """A published process's plan whose amendment is being drafted: everybody sees its
    last approved version (never the amendment's text)."""
    if plan is None or not hasattr(plan, "versions") or not plan.process.is_published:
        return False
    from socplan.planning.selectors import plan_approved_version

    return plan_approved_version(plan=plan) is not None


rules.add_perm("planning.view_plan_approved_version", plan_has_public_approved_version)
rules.add_perm("planning.download_plan_document", plan_is_public)
rules.add_perm("planning.change_measure", is_site_staff | is_plan_coordinator | drafts_the_measure)


def require(request, perm: str, obj=None) -> None:
    """Stop the view unless the user holds ``perm`` (on ``obj``).

    Anonymous users are sent to the login page; signed-in users get 403.
    """
    if request.user.has_perm(perm, obj):
        return
    if not request.user.is_authenticated:
        raise LoginRequired(request)
    raise PermissionDenied


class LoginRequired(Exception):
    """Raised by :func:`require` for anonymous users; the middleware redirects to login."""

    def __init__(self, request):
        super().__init__("login required")
        self.response = redirect_to_login(request.get_full_path())
