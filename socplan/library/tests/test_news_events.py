"""News, events, the calendar and the RSS and iCal feeds."""

import datetime
import xml.etree.ElementTree as ET

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from socplan.core.models import AuditEvent
from socplan.library import services
from socplan.library.models import Event, NewsArticle
from socplan.organisation.services_structure import meeting_ics

from .helpers import at, make_meeting

pytestmark = pytest.mark.django_db


def _article(process, title, *, published=True, when=None, **kw):
    return services.news_create(
        process=process,
        actor=None,
        title=title,
        perex=kw.pop("perex", f"Perex: {title}"),
        is_published=published,
        published_at=when or timezone.now() - datetime.timedelta(days=1),
        **kw,
    )


def test_the_public_sees_only_published_articles_whose_time_has_come(
    process, coordinator, client_for
):
    _article(process, "Pozvánka na veřejné setkání", body="První odstavec.\n\nDruhý odstavec.")
    _article(process, "Koncept", published=False)
    _article(process, "Naplánováno", when=timezone.now() + datetime.timedelta(days=3))
    url = reverse("library:news_list", kwargs={"slug": process.slug})

    public = client_for(None).get(url).content.decode()
    assert "Pozvánka na veřejné setkání" in public
    assert "Koncept" not in public and "Naplánováno" not in public
    managed = client_for(coordinator).get(url).content.decode()
    assert "Koncept" in managed and "Naplánováno" in managed
    draft = NewsArticle.objects.get(title="Koncept")
    assert client_for(None).get(draft.get_absolute_url()).status_code == 404
    assert client_for(coordinator).get(draft.get_absolute_url()).status_code == 200


def test_the_article_shows_the_body_as_escaped_paragraphs(process, client_for):
    article = _article(process, "Aktualita", body="První <b>odstavec</b>.\n\nDruhý odstavec.")

    page = client_for(None).get(article.get_absolute_url()).content.decode()

    assert "<p>První &lt;b&gt;odstavec&lt;/b&gt;.</p>" in page
    assert "<p>Druhý odstavec.</p>" in page


def test_slugs_are_unique_per_process_and_never_a_page_name(process):
    one = _article(process, "Nová")
    two = _article(process, "Nová")
    rss = _article(process, "RSS")

    assert one.slug == "nova-2" and two.slug == "nova-3"
    assert rss.slug == "rss-2"


def test_the_coordinator_writes_and_edits_an_article_through_the_form(
    process, coordinator, client_for
):
    client = client_for(coordinator)
    url = reverse("library:news_create", kwargs={"slug": process.slug})
    bad = client.post(url, {"title": "Bez perexu", "perex": "", "published_at": "2019-05-01T10:00"})
    assert bad.status_code == 200 and not NewsArticle.objects.exists()
    assert 'value="Bez perexu"' in bad.content.decode()

    response = client.post(
        url,
        {
            "title": "Výsledky průzkumu",
            "perex": "Shrnutí průzkumu potřeb.",
            "body": "Text.",
            "published_at": "2019-05-01T10:00",
            "is_published": "on",
        },
    )
    article = NewsArticle.objects.get()
    assert response["Location"] == article.get_absolute_url()
    assert timezone.localtime(article.published_at).hour == 10
    edit = reverse("library:news_edit", kwargs={"slug": process.slug, "article": article.slug})
    client.post(
        edit,
        {
            "title": "Výsledky průzkumu 2019",
            "perex": "Nový perex.",
            "published_at": "2019-05-01T10:00",
            "is_published": "on",
        },
    )
    article.refresh_from_db()
    assert (article.title, article.slug) == ("Výsledky průzkumu 2019", "vysledky-pruzkumu")
    assert AuditEvent.objects.filter(action__startswith="news.").count() == 2


def test_the_rss_feed_lists_the_published_news(process, client_for):
    _article(process, "První aktualita", perex="O setkání.")
    _article(process, "Skrytá", published=False)

    response = client_for(None).get(reverse("library:news_feed", kwargs={"slug": process.slug}))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    assert process.name in channel.findtext("title")
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["První aktualita"]
    assert items[0].findtext("description") == "O setkání."
    assert items[0].findtext("link").endswith("/aktuality/prvni-aktualita/")


def test_feeds_of_an_unpublished_process_do_not_exist(unpublished_process, client_for):
    client = client_for(None)
    slug = {"slug": unpublished_process.slug}
    assert client.get(reverse("library:news_feed", kwargs=slug)).status_code == 404
    assert client.get(reverse("library:event_ical", kwargs=slug)).status_code == 404


def _event(process, title, when, **kw):
    return services.event_create(process=process, actor=None, title=title, starts_at=when, **kw)


def _month_section(response) -> str:
    page = response.content.decode()
    start = page.index('id="month-title"')
    return page[start : page.index("</section>", start)]


def test_the_calendar_lists_events_and_public_meetings_of_the_month(process, member, client_for):
    _event(process, "Den sociálních služeb", at(2019, 9, 12, 9), place="Náměstí, Humpolec")
    _event(process, "Interní porada", at(2019, 9, 13), is_public=False)
    _event(process, "Jiný měsíc", at(2019, 10, 2))
    make_meeting(
        process, kind="public", title="Veřejné projednání", when=at(2019, 9, 20, 17), public=True
    )
    make_meeting(process, title="Pracovní skupina Senioři", when=at(2019, 9, 21))
    url = reverse("library:event_calendar", kwargs={"slug": process.slug})

    page = _month_section(client_for(None).get(url, {"rok": 2019, "mesic": 9}))
    assert "Den sociálních služeb" in page and "Veřejné projednání" in page
    assert "Interní porada" not in page and "Pracovní skupina Senioři" not in page
    assert "Jiný měsíc" not in page
    assert page.index("Den sociálních služeb") < page.index("Veřejné projednání")
    assert "?rok=2019&amp;mesic=10" in page and "?rok=2019&amp;mesic=8" in page
    assert (
        "Interní porada" in client_for(member).get(url, {"rok": 2019, "mesic": 9}).content.decode()
    )
    # nonsense in the address shows the current month
    assert client_for(None).get(url, {"rok": "x", "mesic": "13"}).status_code == 200


def test_the_ical_feed_has_the_public_events_and_public_meetings(process, client_for):
    _event(
        process,
        "Den sociálních služeb",
        at(2019, 9, 12, 9),
        ends_at=at(2019, 9, 12, 15),
        place="Humpolec",
    )
    _event(process, "Interní porada", at(2019, 9, 13), is_public=False)
    meeting = make_meeting(
        process,
        kind="public",
        title="Veřejné projednání",
        when=at(2019, 9, 20, 17),
        public=True,
        status="cancelled",
    )

    response = client_for(None).get(reverse("library:event_ical", kwargs={"slug": process.slug}))

    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = {str(e.get("summary")): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"Den sociálních služeb", "Veřejné projednání"}
    day = events["Den sociálních služeb"]
    assert day.decoded("dtstart") == at(2019, 9, 12, 9)
    assert day.decoded("dtend") == at(2019, 9, 12, 15)
    assert str(day.get("location")) == "Humpolec"
    public = events["Veřejné projednání"]
    # the same UID as in the meeting's invitation, so a calendar keeps one copy of it
    assert str(public.get("uid")) == meeting.ical_uid
    assert meeting.ical_uid.startswith(f"meeting-{meeting.pk}@")
    assert f"UID:{meeting.ical_uid}".encode() in meeting_ics(meeting=meeting)
    assert str(public.get("status")) == "CANCELLED"
    assert str(public.get("url")).endswith(meeting.get_absolute_url())


def test_an_event_cannot_end_before_it_starts(process, coordinator, client_for):
    url = reverse("library:event_create", kwargs={"slug": process.slug})
    response = client_for(coordinator).post(
        url,
        {
            "title": "Školení",
            "starts_at": "2019-09-12T10:00",
            "ends_at": "2019-09-12T09:00",
            "is_public": "on",
        },
    )

    assert response.status_code == 200
    assert "An event cannot end before it starts." in response.content.decode()
    assert not Event.objects.exists()


def test_the_coordinator_adds_and_deletes_an_event(process, coordinator, client_for):
    client = client_for(coordinator)
    client.post(
        reverse("library:event_create", kwargs={"slug": process.slug}),
        {"title": "Školení", "starts_at": "2019-09-12T10:00", "place": "MěÚ", "is_public": "on"},
    )
    event = Event.objects.get()
    assert event.place == "MěÚ"
    assert client_for(None).get(event.get_absolute_url()).status_code == 200

    client.post(reverse("library:event_delete", kwargs={"slug": process.slug, "pk": event.pk}))
    assert not Event.objects.exists()
    assert AuditEvent.objects.filter(action="event.deleted").exists()


def test_an_internal_event_is_not_public(process, member, client_for):
    event = _event(process, "Interní porada", at(2019, 9, 13), is_public=False)
    assert client_for(None).get(event.get_absolute_url()).status_code == 404
    assert client_for(member).get(event.get_absolute_url()).status_code == 200


def test_the_calendar_of_an_empty_month_points_to_the_recent_entries(process, client_for):
    _event(process, "Den sociálních služeb", at(2019, 9, 12, 9))
    _event(process, "Budoucí akce", timezone.now() + datetime.timedelta(days=10))
    url = reverse("library:event_calendar", kwargs={"slug": process.slug})

    page = client_for(None).get(url, {"rok": 2020, "mesic": 2}).content.decode()

    assert "Nothing is planned in this month." in page
    recent = page[page.index('id="recent-title"') :]
    assert "Den sociálních služeb" in recent and "?rok=2019&amp;mesic=9" in recent
    upcoming = page[page.index('id="upcoming-title"') : page.index('id="recent-title"')]
    assert "Budoucí akce" in upcoming and "Den sociálních služeb" not in upcoming
