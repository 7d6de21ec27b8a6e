"""Guards of the territory's pages: a planning area by its address, for whoever may see it."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import PlanningArea


def area_for_viewer(request, slug: str, queryset=None) -> PlanningArea:
    """The planning area ``slug`` if the user may see it; 404 otherwise, as for an address
    that does not exist (the name of an unpublished process's area is not public)."""
    area = get_object_or_404(queryset if queryset is not None else PlanningArea, slug=slug)
    if not request.user.has_perm("territory.view_area", area):
        raise Http404
    return area
