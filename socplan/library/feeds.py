"""The RSS feed of a process's news and the iCal feed of its events and public meetings."""

from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.utils.translation import gettext as _

from socplan.organisation.guards import process_for_user

from . import selectors


class NewsFeed(Feed):
    """Published news of a published process (feed readers have no login)."""

    def get_object(self, request, slug):
        return process_for_user(AnonymousUser(), slug)

    def title(self, process):
        return _("News: %(process)s") % {"process": process.name}

    def link(self, process):
        from django.urls import reverse

        return reverse("library:news_list", kwargs={"slug": process.slug})

    def description(self, process):
        return process.purpose or process.name

    def items(self, process):
        return selectors.published_news(process=process)[:30]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.perex

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at


def ical_calendar(*, process, entries, site_url: str) -> bytes:
    """An iCalendar (RFC 5545) file with one VEVENT per calendar entry."""
    import icalendar
    from django.utils import timezone

    cal = icalendar.Calendar()
    cal.add("prodid", "-//socplan//library//CS")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", process.name)
    now = timezone.now()
    for entry in entries:
        event = icalendar.Event()
        event.add("uid", entry.uid)
        event.add("summary", entry.title)
        event.add("dtstamp", now)
        event.add("dtstart", entry.starts_at)
        if entry.ends_at:
            event.add("dtend", entry.ends_at)
        if entry.place:
            event.add("location", entry.place)
        if entry.description:
            event.add("description", entry.description)
        event.add("url", site_url + entry.url)
        event.add("categories", [entry.kind_label])
        if entry.cancelled:
            event.add("status", "CANCELLED")
        cal.add_component(event)
    return cal.to_ical()
