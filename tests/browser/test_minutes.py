"""The published minutes on the public meeting page (axe), and "My tasks" of a member."""

import datetime

import pytest

from socplan.organisation import services_minutes
from socplan.organisation.models import ProcessRole, Task
from socplan.organisation.tests.minutes_builders import make_structure


@pytest.fixture
def published(process, user):
    ProcessRole.objects.create(user=user, process=process, role=ProcessRole.Role.MEMBER)
    s = make_structure(process, member=user)
    services_minutes.minutes_save(
        meeting=s.meeting,
        actor=None,
        summary="Skupina projednala potřeby seniorů.",
        item_texts={s.items[1].pk: "Chybí odlehčovací služba v menších obcích."},
    )
    services_minutes.resolutions_update(
        meeting=s.meeting,
        actor=None,
        resolutions=[{"number": "PS 1/2019", "text": "Doporučuje se rozšířit službu."}],
    )
    services_minutes.task_create(
        process=process,
        actor=None,
        title="Zjistit kapacitu služby",
        owner=s.member_person,
        due=datetime.date(2019, 4, 30),
        meeting=s.meeting,
    )
    services_minutes.minutes_approve(
        minutes=s.meeting.minutes, actor=None, approved_at_meeting=s.next_meeting
    )
    services_minutes.minutes_publish(minutes=s.meeting.minutes, actor=None)
    return s


def test_it_shows_published_minutes_on_an_accessible_public_meeting_page(
    page, url, process, published, assert_accessible
):
    page.goto(url("organisation:meeting_detail", slug=process.slug, pk=published.meeting.pk))

    section = page.locator("section.minutes")
    assert section.get_by_text("Chybí odlehčovací služba v menších obcích.").is_visible()
    assert section.get_by_text("PS 1/2019").first.is_visible()
    assert section.get_by_text("Členka Dvořáková").first.is_visible()
    assert section.get_by_text("Tajný Uživatel").count() == 0  # no consent: not named
    assert_accessible(page)


def test_a_member_sees_and_finishes_their_overdue_task(
    page, url, process, published, user, sign_in, assert_accessible
):
    sign_in(page, user)
    page.goto(url("organisation:my_tasks"))

    row = page.locator("tr", has_text="Zjistit kapacitu služby")
    assert row.locator(".badge--overdue").is_visible()  # said in words, not only colour
    assert_accessible(page)

    row.get_by_role("button").click()
    page.wait_for_load_state()
    assert Task.objects.get().status == Task.Status.DONE
