"""The one guard of the pages of a process: the process a user may see, or 404."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from socplan.core.permissions import LoginRequired, require

from . import selectors_minutes
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


def meeting_for_reader(request, slug, pk):
    """The meeting; a meeting of internal groups does not exist (404) for signed-in people
    outside them, as on the meeting page; anonymous visitors sign in first."""
    process = process_for_user(request, slug)
    meeting = selectors_minutes.meeting_in_process(process=process, pk=pk)
    if not request.user.has_perm("organisation.view_meeting", meeting):
        if not request.user.is_authenticated:
            raise LoginRequired(request)
        raise Http404
    return meeting


def readable_minutes_context(request, meeting) -> dict:
    """The internal minutes for those who may read them; otherwise the published version
    (names only with consent); otherwise nothing: login or 403."""
    if request.user.has_perm("organisation.view_minutes", meeting):
        return selectors_minutes.minutes_context(meeting=meeting, public=False)
    if selectors_minutes.published_minutes_of_meeting(meeting=meeting) is not None:
        return selectors_minutes.minutes_context(meeting=meeting, public=True)
    require(request, "organisation.view_minutes", meeting)
    raise Http404  # not reached: require() refuses
