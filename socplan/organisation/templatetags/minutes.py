"""``{% load minutes %}``: the minutes of a meeting for the meeting page."""

from django import template

from socplan.organisation import selectors_minutes

register = template.Library()


@register.simple_tag(takes_context=True)
def published_minutes(context, meeting):
    """The published version of the meeting's minutes (names only with consent), or None
    when they are not approved and published."""
    if selectors_minutes.published_minutes_of_meeting(meeting=meeting) is None:
        return None
    return selectors_minutes.minutes_context(meeting=meeting, public=True)


@register.simple_tag(takes_context=True)
def minutes_access(context, meeting):
    """What the signed-in user may do with the meeting's minutes: a dict with ``view``,
    ``change`` and ``minutes`` (or None)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"view": False, "change": False, "minutes": None}
    view = user.has_perm("organisation.view_minutes", meeting)
    return {
        "view": view,
        "change": user.has_perm("organisation.change_minutes", meeting),
        "minutes": selectors_minutes.minutes_of_meeting(meeting=meeting) if view else None,
    }
