"""Public pages of groups and meetings in the browser, with axe (WCAG 2.1 A + AA)."""

import datetime
import zoneinfo

import pytest

from socplan.organisation.models import Group, Meeting, Membership, Person

PRAGUE = zoneinfo.ZoneInfo("Europe/Prague")


@pytest.fixture
def structure(process):
    group = Group.objects.create(
        process=process,
        kind=Group.Kind.TARGET_GROUP,
        name="Pracovní skupina Senioři",
        slug="seniori",
        focus_target_groups=["senioři", "pečující"],
        is_public=True,
    )
    for name, consent, side in [
        ("Hana Pečovatelská", True, Membership.Side.PROVIDER),
        ("Karel Starosta", True, Membership.Side.COMMISSIONER),
        ("Tajná Uživatelka", False, Membership.Side.USER),
    ]:
        person = Person.objects.create(
            process=process, name=name, organisation_name="Obec Kejžlice", consent_publish=consent
        )
        Membership.objects.create(
            group=group, person=person, side=side, start=datetime.date(2018, 1, 1)
        )
    upcoming = Meeting.objects.create(
        process=process,
        kind=Meeting.Kind.WORKING_GROUP,
        title="Setkání skupiny Senioři",
        starts_at=datetime.datetime(2030, 3, 12, 14, 0, tzinfo=PRAGUE),
        place="Humpolec",
    )
    upcoming.groups.set([group])
    upcoming.agenda_items.create(order=1, title="Analýza potřeb seniorů")
    Meeting.objects.create(
        process=process,
        kind=Meeting.Kind.INFORMATION,
        title="Informační schůzka",
        starts_at=datetime.datetime(2017, 9, 12, 16, 0, tzinfo=PRAGUE),
        status=Meeting.Status.HELD,
        is_public=True,
    )
    return group, upcoming


def test_groups_page_shows_consenting_members_and_the_triad(
    page, url, process, structure, assert_accessible
):
    page.goto(url("organisation:group_list", process.slug))
    main = page.locator("main")
    assert main.get_by_text("Hana Pečovatelská").first.is_visible()
    assert main.get_by_text("Tajná Uživatelka").count() == 0
    assert page.locator(".triad__side").count() == 4
    assert_accessible(page)


def test_group_page_is_accessible(page, url, process, structure, assert_accessible):
    group, _meeting = structure
    page.goto(url("organisation:group_detail", process.slug, group.slug))
    assert page.locator("h1").first.inner_text().strip() == group.name
    assert page.get_by_text("Setkání skupiny Senioři").first.is_visible()
    assert_accessible(page)


def test_meetings_calendar_and_meeting_page(page, url, process, structure, assert_accessible):
    _group, meeting = structure
    page.goto(url("organisation:meeting_list", process.slug))
    upcoming = page.locator("section", has=page.locator("#upcoming-title"))
    past = page.locator("section", has=page.locator("#past-title"))
    assert upcoming.get_by_role("link", name="Setkání skupiny Senioři").is_visible()
    # the past meeting's title (its kind, "informační schůzka", is printed beside it too)
    assert past.get_by_role("link", name="Informační schůzka", exact=True).is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Setkání skupiny Senioři").click()
    assert page.locator("h1").first.inner_text().strip() == meeting.title
    assert page.get_by_text("Analýza potřeb seniorů").is_visible()
    assert_accessible(page)


def test_reply_page_from_the_e_mail_works_without_login(
    page, url, process, structure, assert_accessible
):
    from socplan.organisation.models import MeetingInvitation
    from socplan.organisation.services_structure import hash_reply_token

    _group, meeting = structure
    person = Person.objects.get(name="Hana Pečovatelská")
    MeetingInvitation.objects.create(
        meeting=meeting, person=person, token_hash=hash_reply_token("demo-token")
    )
    page.goto(url("organisation:meeting_reply", process.slug, "demo-token") + "?odpoved=attend")
    assert page.locator("input[value=attend]").is_checked()
    assert_accessible(page)
    page.locator("main form button[type=submit]").click()
    page.locator("[role=status]").wait_for(state="visible")  # the answer page, not a race
    assert page.locator("[role=status]").is_visible()
    assert MeetingInvitation.objects.get().reply == "attend"
