import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from socplan.core.models import AuditEvent
from socplan.organisation import selectors_minutes, services_minutes
from socplan.organisation.models import Meeting, Minutes, Task

from .minutes_builders import approve_minutes, at, make_structure, write_minutes

pytestmark = pytest.mark.django_db


@pytest.fixture
def s(process, member, methodologist):
    return make_structure(process, member=member, methodologist=methodologist)


def test_it_writes_draft_minutes_with_item_texts_resolutions_and_tasks(s, coordinator):
    minutes = write_minutes(s, coordinator)

    assert minutes.status == Minutes.Status.DRAFT
    assert minutes.written_by == coordinator
    s.items[1].refresh_from_db()
    assert s.items[1].minutes_text == "Diskuse o odlehčovací službě."
    numbers = list(s.meeting.resolutions.values_list("number", flat=True))
    assert numbers == ["1/2019", "PS 7/2019"]  # a blank number gets the next free one
    task = Task.objects.get()
    assert task.group == s.group  # agreed at a meeting of one group
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"minutes.created", "meeting.resolutions_updated", "task.created"} <= actions


def test_it_refuses_a_resolution_number_used_elsewhere_in_the_process(s, coordinator):
    write_minutes(s, coordinator)
    with pytest.raises(ValidationError):
        services_minutes.resolutions_update(
            meeting=s.next_meeting,
            actor=coordinator,
            resolutions=[{"number": "PS 7/2019", "text": "Duplicitní"}],
        )
    assert not s.next_meeting.resolutions.exists()


def test_it_approves_the_minutes_at_the_next_meeting_and_freezes_them(s, coordinator):
    write_minutes(s, coordinator)
    assert selectors_minutes.next_meeting_for_approval(meeting=s.meeting) == s.next_meeting

    minutes = approve_minutes(s, coordinator)

    assert minutes.status == Minutes.Status.APPROVED
    assert minutes.approved_at_meeting == s.next_meeting
    assert minutes.approved_on == datetime.date(2019, 6, 4)
    with pytest.raises(ValidationError):
        services_minutes.minutes_save(meeting=s.meeting, actor=coordinator, summary="Změna")
    with pytest.raises(ValidationError):
        services_minutes.resolutions_update(
            meeting=s.meeting, actor=coordinator, resolutions=[{"text": "Nové"}]
        )
    minutes.refresh_from_db()
    assert minutes.summary == "Shrnutí jednání."


def test_it_refuses_approval_at_an_earlier_or_the_same_meeting(s, process, coordinator):
    write_minutes(s, coordinator)
    earlier = Meeting.objects.create(
        process=process, kind=Meeting.Kind.PUBLIC, title="Dříve", starts_at=at(2019, 1, 10)
    )
    for meeting in (earlier, s.meeting):
        with pytest.raises(ValidationError) as error:
            services_minutes.minutes_approve(
                minutes=s.meeting.minutes, actor=coordinator, approved_at_meeting=meeting
            )
        assert "approved_at_meeting" in error.value.error_dict
    assert s.meeting.minutes.status == Minutes.Status.DRAFT
    assert earlier not in selectors_minutes.meetings_for_approval(meeting=s.meeting)


def test_publishing_needs_approval_and_a_public_group_or_meeting(s, coordinator):
    minutes = write_minutes(s, coordinator)
    with pytest.raises(ValidationError):
        services_minutes.minutes_publish(minutes=minutes, actor=coordinator)

    approve_minutes(s, coordinator)
    s.group.is_public = False
    s.group.save()
    with pytest.raises(ValidationError):
        services_minutes.minutes_publish(minutes=minutes, actor=coordinator)
    assert selectors_minutes.published_minutes_of_meeting(meeting=s.meeting) is None

    s.meeting.is_public = True  # a public meeting of an internal group
    s.meeting.save()
    services_minutes.minutes_publish(minutes=minutes, actor=coordinator)
    assert selectors_minutes.published_minutes_of_meeting(meeting=s.meeting) == minutes

    services_minutes.minutes_reopen(minutes=minutes, actor=coordinator)
    minutes.refresh_from_db()
    assert (minutes.status, minutes.is_published) == (Minutes.Status.DRAFT, False)


def test_the_public_meeting_minutes_page_never_shows_internal_minutes(s, coordinator, client):
    write_minutes(s, coordinator)
    url = reverse(
        "organisation:minutes_detail", kwargs={"slug": s.meeting.process.slug, "pk": s.meeting.pk}
    )

    assert client.get(url).status_code == 302  # anonymous: to the login page
    approve_minutes(s, coordinator)
    assert client.get(url).status_code == 302  # approved, not published

    services_minutes.minutes_publish(minutes=s.meeting.minutes, actor=coordinator)
    response = client.get(url)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Diskuse o odlehčovací službě." in text
    assert "PS doporučuje rozšířit odlehčovací službu." in text
    assert "Členka Dvořáková" in text  # consented
    assert "Tajný Uživatel" not in text  # did not consent: only counted
    assert "Host Hostovský" not in text  # guests are not named publicly
    assert "2 other people present" in text
    assert "(name not published)" in text  # the task owner without consent


def test_the_internal_minutes_page_names_everybody_present(s, coordinator, member, client_for):
    write_minutes(s, coordinator)
    url = reverse(
        "organisation:minutes_detail", kwargs={"slug": s.meeting.process.slug, "pk": s.meeting.pk}
    )

    text = client_for(member).get(url).content.decode()

    assert "Tajný Uživatel" in text
    assert "Host Hostovský" in text
    assert "Present (3)" in text
    assert "Excused or absent: Metodik Černý" in text
    assert "Draft" in text


def test_the_methodologist_writes_minutes_through_the_form(s, methodologist, client_for):
    client = client_for(methodologist)
    kwargs = {"slug": s.meeting.process.slug, "pk": s.meeting.pk}

    response = client.post(
        reverse("organisation:minutes_edit", kwargs=kwargs),
        {"summary": "Krátce.", f"item_{s.items[0].pk}": "Úvod", f"item_{s.items[1].pk}": ""},
    )

    assert response.status_code == 302
    assert s.meeting.minutes.summary == "Krátce."
    assert s.meeting.minutes.written_by == methodologist


def test_the_resolution_form_keeps_input_and_saves_nothing_on_error(s, coordinator, client_for):
    client = client_for(coordinator)
    url = reverse(
        "organisation:resolutions_edit", kwargs={"slug": s.meeting.process.slug, "pk": s.meeting.pk}
    )
    data = {
        "resolutions-TOTAL_FORMS": "2",
        "resolutions-INITIAL_FORMS": "0",
        "resolutions-MIN_NUM_FORMS": "0",
        "resolutions-MAX_NUM_FORMS": "100",
        "resolutions-0-number": "ŘS 1/2019",
        "resolutions-0-text": "",
        "resolutions-1-text": "",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Write the text of the resolution." in response.content.decode()
    assert 'value="ŘS 1/2019"' in response.content.decode()
    assert not s.meeting.resolutions.exists()

    data["resolutions-0-text"] = "Schvaluje se."
    assert client.post(url, data).status_code == 302
    assert list(s.meeting.resolutions.values_list("number", "text")) == [
        ("ŘS 1/2019", "Schvaluje se.")
    ]


def test_the_approval_form_records_the_later_meeting(s, coordinator, client_for):
    write_minutes(s, coordinator)
    client = client_for(coordinator)
    url = reverse(
        "organisation:minutes_approve", kwargs={"slug": s.meeting.process.slug, "pk": s.meeting.pk}
    )
    page = client.get(url).content.decode()
    assert "2. jednání pracovní skupiny" in page

    response = client.post(
        url, {"approved_at_meeting": s.next_meeting.pk, "approved_on": "2019-06-05"}
    )

    assert response.status_code == 302
    minutes = Minutes.objects.get()
    assert minutes.approved_on == datetime.date(2019, 6, 5)
    publish = reverse(
        "organisation:minutes_action",
        kwargs={"slug": s.meeting.process.slug, "pk": s.meeting.pk, "action": "zverejnit"},
    )
    client.post(publish)
    minutes.refresh_from_db()
    assert minutes.is_published
