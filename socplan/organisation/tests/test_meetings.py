import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from socplan.core.mail import send_queued_emails
from socplan.organisation import selectors_structure as selectors
from socplan.organisation import services_structure as services
from socplan.organisation.models import Attendance, Meeting, MeetingInvitation, Membership
from socplan.testing.mail import sent_mail

from .structure_builders import (
    PRAGUE,
    add_member,
    make_group,
    make_meeting,
    make_person,
    make_seniors_group,
    make_seniors_meeting,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(process):
    return make_seniors_group(process)


@pytest.fixture
def meeting(process, group):
    return make_seniors_meeting(process, group)


def _send(meeting, actor):
    return services.meeting_invitations_send(actor=actor, meeting=meeting)


def test_invitations_go_to_current_members_with_email(meeting, coordinator):
    assert _send(meeting, coordinator) == 1
    assert len(sent_mail()) == 1
    message = sent_mail()[0]
    assert message.to == ["anna@example.org"]
    assert "Setkání skupiny Senioři" in message.subject
    assert "2. Analýza potřeb seniorů" in message.body
    assert "/odpoved/" in message.body
    # sending again does not invite the same person twice
    assert _send(meeting, coordinator) == 0
    assert MeetingInvitation.objects.count() == 1


def test_invitation_has_an_ics_attachment(meeting, coordinator):
    _send(meeting, coordinator)
    (name, content, mimetype) = sent_mail()[0].attachments[0]
    assert name.endswith(".ics") and mimetype == "text/calendar"
    calendar = Calendar.from_ical(content)
    event = next(iter(calendar.walk("VEVENT")))
    assert str(event["UID"]).startswith(f"meeting-{meeting.pk}@")
    assert str(event["SUMMARY"]) == "Setkání skupiny Senioři"
    assert str(event["LOCATION"]) == "Městský úřad Humpolec, zasedací místnost"
    assert str(event["URL"]).endswith(meeting.get_absolute_url())
    start = event["DTSTART"]
    assert start.params["TZID"] == "Europe/Prague"
    assert start.dt == datetime.datetime(2030, 3, 12, 14, 0, tzinfo=PRAGUE)
    assert event["DTEND"].dt == datetime.datetime(2030, 3, 12, 16, 0, tzinfo=PRAGUE)
    assert "Analýza potřeb seniorů" in str(event["DESCRIPTION"])
    assert calendar.walk("VTIMEZONE")  # the TZID is defined in the file


def test_reply_link_records_the_reply_without_login(meeting, coordinator, client):
    _send(meeting, coordinator)
    link = next(line for line in sent_mail()[0].body.splitlines() if "/odpoved/" in line)
    path = link.split("testserver")[-1].split("127.0.0.1:8000")[-1]
    response = client.get(path)
    assert response.status_code == 200
    assert "Analýza potřeb seniorů" in response.content.decode()
    invitation = MeetingInvitation.objects.get()
    assert invitation.reply == "none"  # opening the link changes nothing
    response = client.post(path, {"reply": "excused"})
    assert "Your reply was recorded" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.reply == "excused" and invitation.replied_at
    assert client.post(path, {"reply": "maybe"}).status_code == 200
    invitation.refresh_from_db()
    assert invitation.reply == "excused"
    bad = reverse("organisation:meeting_reply", args=[meeting.process.slug, "not-a-token"])
    assert client.get(bad).status_code == 404


def test_coordinator_sees_the_replies(meeting, coordinator, client_for):
    client = client_for(coordinator)
    url = reverse("organisation:meeting_invitations", args=[meeting.process.slug, meeting.pk])
    assert client.post(url).status_code == 302
    assert len(sent_mail()) == 1
    invitation = MeetingInvitation.objects.get()
    services.invitation_reply(invitation=invitation, reply="attend")
    html = client.get(url).content.decode()
    assert "Anna Aktivní" in html and "will attend" in html
    assert "Will attend: 1, excused: 0, no reply: 0." in html
    assert "Bohumil Bez E-mailu" in html  # listed as without an e-mail address


def test_meeting_create_with_agenda(process, group, coordinator, client_for):
    client = client_for(coordinator)
    url = reverse("organisation:meeting_create", args=[process.slug])
    data = {
        "title": "Jarní setkání",
        "kind": "working_group",
        "groups": [group.pk],
        "starts_at": "2030-04-01T16:00",
        "ends_at": "2030-04-01T15:00",
        "place": "Humpolec",
        "status": "planned",
        "agenda-TOTAL_FORMS": "3",
        "agenda-INITIAL_FORMS": "0",
        "agenda-0-title": "Úvod",
        "agenda-1-title": "",
        "agenda-2-title": "Různé",
    }
    response = client.post(url, data)
    assert "A meeting cannot end before it starts." in response.content.decode()
    assert not Meeting.objects.exists()
    data["ends_at"] = "2030-04-01T18:00"
    response = client.post(url, data)
    meeting = Meeting.objects.get()
    assert response["Location"] == meeting.get_absolute_url()
    assert [i.title for i in meeting.agenda_items.all()] == ["Úvod", "Různé"]
    assert meeting.starts_at == datetime.datetime(2030, 4, 1, 16, 0, tzinfo=PRAGUE)
    # editing keeps the existing items (their minutes) and reorders them
    first, second = meeting.agenda_items.all()
    first.minutes_text = "Zápis bodu"
    first.save()
    edit = reverse("organisation:meeting_edit", args=[process.slug, meeting.pk])
    data |= {
        "agenda-TOTAL_FORMS": "2",
        "agenda-0-id": str(second.pk),
        "agenda-0-title": "Různé",
        "agenda-1-id": str(first.pk),
        "agenda-1-title": "Úvod",
        "agenda-2-title": "",
    }
    assert client.post(edit, data).status_code == 302
    items = list(meeting.agenda_items.all())
    assert [i.title for i in items] == ["Různé", "Úvod"]
    assert items[1].pk == first.pk and items[1].minutes_text == "Zápis bodu"


def test_public_meeting_needs_no_group(process, coordinator, client_for):
    url = reverse("organisation:meeting_create", args=[process.slug])
    data = {
        "title": "Veřejné setkání",
        "kind": "public",
        "starts_at": "2030-05-01T17:00",
        "status": "planned",
        "agenda-TOTAL_FORMS": "0",
        "agenda-INITIAL_FORMS": "0",
    }
    response = client_for(coordinator).post(url, data)
    assert "Choose the invited groups, or make the meeting public." in response.content.decode()
    assert client_for(coordinator).post(url, data | {"is_public": "on"}).status_code == 302


def test_attendance_record_and_stats(process, group, meeting, coordinator, client_for):
    _send(meeting, coordinator)
    anna = group.memberships.get(person__name="Anna Aktivní").person
    bohumil = group.memberships.get(person__name="Bohumil Bez E-mailu").person
    client = client_for(coordinator)
    url = reverse("organisation:meeting_attendance", args=[process.slug, meeting.pk])
    html = client.get(url).content.decode()
    invited_part, others_part = html.split('id="id_others', 1)
    assert "Anna Aktivní" in invited_part and "Bohumil Bez E-mailu" not in invited_part
    assert "Bohumil Bez E-mailu" in others_part  # not invited: among the other people
    response = client.post(url, {"present": [anna.pk], "guests": "Host Hostinský; Kraj Vysočina\n"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD
    assert Attendance.objects.filter(meeting=meeting, present=True).count() == 2
    guest = Attendance.objects.get(person__isnull=True)
    assert (guest.guest_name, guest.guest_organisation) == ("Host Hostinský", "Kraj Vysočina")

    second = make_meeting(
        process,
        group,
        starts_at=datetime.datetime(2030, 6, 1, 14, 0, tzinfo=PRAGUE),
        status=Meeting.Status.HELD,
    )
    services.attendance_record(actor=None, meeting=second, present=[bohumil], absent=[anna])
    by_person = {s.person.name: s for s in selectors.attendance_stats_by_person(process=process)}
    assert (by_person["Anna Aktivní"].invited, by_person["Anna Aktivní"].present) == (1, 1)
    assert by_person["Bohumil Bez E-mailu"].present == 1
    (stats,) = selectors.attendance_stats_by_group(process=process)
    assert (stats.meetings, stats.attendances, stats.people, stats.guests) == (2, 3, 2, 1)
    html = client.get(
        reverse("organisation:attendance_stats", args=[process.slug])
    ).content.decode()
    assert "Pracovní skupina Senioři" in html and "Anna Aktivní" in html


def test_public_calendar_shows_public_meetings_only(process, client):
    public_group = make_group(process, name="Veřejná", slug="verejna")
    internal_group = make_group(process, name="Interní", slug="interni", is_public=False)
    make_meeting(process, public_group, title="Setkání veřejné skupiny")
    make_meeting(process, internal_group, title="Interní porada")
    make_meeting(process, title="Veřejné projednání", is_public=True)
    make_meeting(
        process,
        public_group,
        title="Minulé setkání",
        starts_at=datetime.datetime(2018, 3, 1, 10, 0, tzinfo=PRAGUE),
        status=Meeting.Status.HELD,
    )
    html = client.get(reverse("organisation:meeting_list", args=[process.slug])).content.decode()
    assert "Setkání veřejné skupiny" in html and "Veřejné projednání" in html
    assert "Interní porada" not in html
    upcoming, past = html.split('id="past-title"')
    assert "Minulé setkání" in past and "Minulé setkání" not in upcoming
    internal = Meeting.objects.get(title="Interní porada")
    assert client.get(internal.get_absolute_url()).status_code == 302  # sign in first


def test_ics_download(process, client):
    meeting = make_meeting(process, title="Veřejné projednání", is_public=True)
    response = client.get(reverse("organisation:meeting_ics", args=[process.slug, meeting.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    event = next(iter(Calendar.from_ical(response.content).walk("VEVENT")))
    assert str(event["SUMMARY"]) == "Veřejné projednání"


def test_cancelled_meeting_sends_no_invitations(meeting, coordinator):
    meeting.status = Meeting.Status.CANCELLED
    meeting.save()
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        _send(meeting, coordinator)
    assert not sent_mail()


def test_membership_role_does_not_matter_for_invitations(process, coordinator):
    group = make_group(process)
    add_member(
        group,
        make_person(process, "Předsedkyně", email="chair@example.org"),
        role=Membership.Role.CHAIR,
    )
    meeting = make_meeting(process, group)
    assert _send(meeting, coordinator) == 1


def test_reply_link_preselects_the_answer_from_the_e_mail(meeting, coordinator, client):
    _send(meeting, coordinator)
    line = next(line for line in sent_mail()[0].body.splitlines() if "odpoved=excused" in line)
    path = line.split("127.0.0.1:8000")[-1]
    html = client.get(path).content.decode()
    assert "checked" in html.split('value="excused"')[1].split(">")[0]
    assert "checked" not in html.split('value="attend"')[1].split(">")[0]
    assert MeetingInvitation.objects.get().reply == "none"


def test_methodologist_creates_meetings_only_for_their_groups(process, methodologist, client_for):
    mine = make_group(process, name="Moje", slug="moje")
    other = make_group(process, name="Cizí", slug="cizi")
    add_member(
        mine,
        make_person(process, "Metodik", user=methodologist),
        role=Membership.Role.METHODOLOGIST,
    )
    client = client_for(methodologist)
    url = reverse("organisation:meeting_create", args=[process.slug])
    html = client.get(url).content.decode()
    assert "Moje" in html and "Cizí" not in html
    data = {
        "title": "Setkání",
        "kind": "working_group",
        "starts_at": "2030-04-01T16:00",
        "status": "planned",
        "is_public": "on",
        "agenda-TOTAL_FORMS": "0",
        "agenda-INITIAL_FORMS": "0",
    }
    assert "Choose at least one of your groups." in client.post(url, data).content.decode()
    response = client.post(url, data | {"groups": [other.pk]})
    assert response.status_code == 200 and not Meeting.objects.exists()
    assert client.post(url, data | {"groups": [mine.pk]}).status_code == 302
    meeting = Meeting.objects.get()
    assert (
        client.get(
            reverse("organisation:meeting_edit", args=[process.slug, meeting.pk])
        ).status_code
        == 200
    )


def test_a_failing_mail_server_does_not_stop_the_invitations(
    meeting, process, coordinator, client_for, settings
):
    group = meeting.groups.get()
    add_member(group, make_person(process, "Zuzana Poslední", email="zuzana@example.org"))
    settings.EMAIL_BACKEND = "socplan.testing.mail.FailingEmailBackend"
    url = reverse("organisation:meeting_invitations", args=[process.slug, meeting.pk])
    response = client_for(coordinator).post(url, follow=True)
    assert "Invitations queued for sending: 2." in response.content.decode()
    assert sent_mail() == []
    assert MeetingInvitation.objects.count() == 2  # saved, with working links
    # The mail server works again: the retry sends both, with their calendar files.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    send_queued_emails(now=timezone.now() + datetime.timedelta(hours=1))
    assert sorted(m.to[0] for m in sent_mail()) == ["anna@example.org", "zuzana@example.org"]
    assert all(m.attachments[0].filename == "pozvanka.ics" for m in sent_mail())


def test_process_page_links_to_groups_and_meetings(process, client):
    html = client.get(process.get_absolute_url()).content.decode()
    assert reverse("organisation:group_list", args=[process.slug]) in html
    assert reverse("organisation:meeting_list", args=[process.slug]) in html
    assert reverse("organisation:person_list", args=[process.slug]) not in html


def test_other_people_of_the_process_can_be_recorded_present(
    process, group, meeting, coordinator, client_for
):
    _send(meeting, coordinator)
    visitor = make_person(process, "Návštěvník Z Jiné Skupiny")
    url = reverse("organisation:meeting_attendance", args=[process.slug, meeting.pk])
    client = client_for(coordinator)
    assert "Návštěvník Z Jiné Skupiny" in client.get(url).content.decode()
    assert client.post(url, {"others": [visitor.pk]}).status_code == 302
    assert Attendance.objects.get(person=visitor).present
    anna = Attendance.objects.get(person__name="Anna Aktivní")
    assert not anna.present  # invited, not ticked: absent


def test_cancellation_notice_removes_the_meeting_from_calendars(meeting, coordinator, client_for):
    _send(meeting, coordinator)
    uid = next(iter(Calendar.from_ical(sent_mail()[0].attachments[0][1]).walk("VEVENT")))["UID"]
    url = reverse("organisation:meeting_invitations", args=[meeting.process.slug, meeting.pk])
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):  # only a cancelled meeting
        services.meeting_cancellation_send(actor=coordinator, meeting=meeting)
    meeting.status = Meeting.Status.CANCELLED
    meeting.save()
    sent_mail().clear()
    assert client_for(coordinator).post(url).status_code == 302
    (message,) = sent_mail()
    assert message.to == ["anna@example.org"] and "Cancelled" in message.subject
    calendar = Calendar.from_ical(message.attachments[0][1])
    assert str(calendar["METHOD"]) == "CANCEL"
    event = next(iter(calendar.walk("VEVENT")))
    assert event["UID"] == uid and str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) >= 0


def test_no_replies_after_the_meeting(process, group, client):
    meeting = make_meeting(
        process, group, starts_at=datetime.datetime(2018, 3, 1, 10, 0, tzinfo=PRAGUE)
    )
    person = group.memberships.first().person
    MeetingInvitation.objects.create(
        meeting=meeting, person=person, token_hash=services.hash_reply_token("old-token")
    )
    url = reverse("organisation:meeting_reply", args=[process.slug, "old-token"])
    response = client.post(url, {"reply": "attend"})
    assert "already taken place" in response.content.decode()
    assert MeetingInvitation.objects.get().reply == "none"
