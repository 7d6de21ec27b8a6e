"""The one guard of the pages of a process: the process a user may see, or 404."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from socplan.core.permissions import require

from .models import PlanningProcess
from .selectors import process_by_slug

VIEW_PROCESS = "organisation.view_process"


def process_for_user(request_or_user, slug: str, perm: str = VIEW_PROCESS) -> PlanningProcess:
    """The process with ``slug`` (its area, partners and phases loaded), if the user holds
    ``perm`` on it.

    A process the user may not see does not exist for them (404), as a process that does
    not exist at all. For any other ``perm`` the user is refused as by
    :func:`~socplan.core.permissions.require`: anonymous visitors sign in first, others get
    403 (PermissionDenied). Pass the request, or a user (for instance ``AnonymousUser()``
    for what the public sees, as feeds do)."""
    is_request = isinstance(request_or_user, HttpRequest)
    user = request_or_user.user if is_request else request_or_user
    process = process_by_slug(slug=slug)
    if user.has_perm(perm, process):
        return process
    if perm == VIEW_PROCESS:
        raise Http404  # unpublished processes do not exist for those who may not see them
    if is_request:
        require(request_or_user, perm, process)
    raise PermissionDenied
