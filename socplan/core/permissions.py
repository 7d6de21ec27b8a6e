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

# --- organisation: groups, members, meetings, minutes, tasks (issue 4) ---

# --- library: documents, news, events (issue 4) ---

# --- planning (issue 5) ---


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
