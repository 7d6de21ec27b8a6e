import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from socplan.organisation import selectors_minutes, services_minutes
from socplan.organisation.models import Person, Task
from socplan.testing.mail import sent_mail

from .minutes_builders import make_structure

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def days(n):
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def s(process, member, methodologist):
    return make_structure(process, member=member, methodologist=methodologist)


def _task(s, title, *, owner=None, due=None, status=Task.Status.OPEN, group="default"):
    return services_minutes.task_create(
        process=s.group.process,
        actor=None,
        title=title,
        owner=owner,
        due=due,
        group=s.group if group == "default" else group,
        status=status,
    )


def test_it_lists_tasks_per_process_group_and_person_with_overdue_ones(s, process):
    late = _task(s, "Pozdě", owner=s.member_person, due=days(-2))
    soon = _task(s, "Brzy", owner=s.private_person, due=days(5))
    done = _task(s, "Hotovo", owner=s.member_person, due=days(-10), status=Task.Status.DONE)
    elsewhere = _task(s, "Bez skupiny", owner=s.member_person, group=None)

    open_tasks = selectors_minutes.tasks_of_process(process=process)
    assert open_tasks == [late, soon, elsewhere]  # by due date, undated last
    assert [t.is_overdue for t in open_tasks] == [True, False, False]
    assert selectors_minutes.tasks_of_process(process=process, status="done") == [done]
    assert done.done_at is not None
    assert selectors_minutes.tasks_of_process(process=process, group=s.group) == [late, soon]
    assert selectors_minutes.tasks_of_process(
        process=process, owner=s.member_person, status="all"
    ) == [late, elsewhere, done]


def test_my_tasks_are_those_of_my_person_records(s, member, client_for):
    _task(s, "Moje", owner=s.member_person, due=days(-1))
    _task(s, "Cizí", owner=s.private_person, due=days(1))

    response = client_for(member).get(reverse("organisation:my_tasks"))

    text = response.content.decode()
    assert "Moje" in text and "Cizí" not in text
    assert "overdue" in text  # in words, not only a colour
    assert "1 task is overdue." in text


def test_the_process_task_list_filters_open_and_done(s, process, coordinator, client_for):
    _task(s, "Otevřený úkol", owner=s.member_person)
    _task(s, "Dokončený úkol", owner=s.member_person, status=Task.Status.DONE)
    client = client_for(coordinator)
    url = reverse("organisation:task_list", kwargs={"slug": process.slug})

    open_page = client.get(url).content.decode()
    done_page = client.get(url + "?stav=done").content.decode()
    group_page = client.get(
        reverse("organisation:group_tasks", kwargs={"slug": process.slug, "group": s.group.slug})
    ).content.decode()

    assert "Otevřený úkol" in open_page and "Dokončený úkol" not in open_page
    assert "Dokončený úkol" in done_page and "Otevřený úkol" not in done_page
    assert "Otevřený úkol" in group_page


def test_a_member_updates_the_status_of_their_own_task_only(s, process, member, client_for):
    mine = _task(s, "Moje", owner=s.member_person)
    theirs = _task(s, "Cizí", owner=s.private_person)
    client = client_for(member)

    def post(task):
        url = reverse("organisation:task_status", kwargs={"slug": process.slug, "pk": task.pk})
        return client.post(url, {"status": "done"})

    assert post(mine).status_code == 302
    assert post(theirs).status_code == 403
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.status, theirs.status) == (Task.Status.DONE, Task.Status.OPEN)
    edit = reverse("organisation:task_edit", kwargs={"slug": process.slug, "pk": mine.pk})
    assert client.get(edit).status_code == 403  # members do not edit tasks


def test_a_methodologist_gives_tasks_only_to_the_groups_they_facilitate(
    s, process, methodologist, client_for
):
    other = type(s.group).objects.create(process=process, kind="other", name="Jiná", slug="jina")
    client = client_for(methodologist)
    url = reverse("organisation:task_create", kwargs={"slug": process.slug})
    data = {"title": "Úkol", "owner": s.member_person.pk, "due": "2030-01-01", "status": "open"}

    refused = client.post(url, {**data, "group": other.pk})
    assert refused.status_code == 200
    assert not Task.objects.exists()
    assert client.post(url, {**data, "group": s.group.pk}).status_code == 302
    task = Task.objects.get()
    assert (task.group, task.owner, task.due) == (
        s.group,
        s.member_person,
        datetime.date(2030, 1, 1),
    )


def test_the_task_form_keeps_input_on_error(s, process, coordinator, client_for):
    url = reverse("organisation:task_create", kwargs={"slug": process.slug})
    response = client_for(coordinator).post(
        url, {"title": "", "description": "Popis zůstane", "due": "zítra", "status": "open"}
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "Popis zůstane" in text
    assert "Please correct the errors below." in text
    assert not Task.objects.exists()


def test_a_task_owner_must_be_a_person_of_the_process(s, unpublished_process):
    stranger = Person.objects.create(process=unpublished_process, name="Cizí proces")
    with pytest.raises(ValidationError) as error:
        _task(s, "Úkol", owner=stranger)
    assert "owner" in error.value.error_dict
    assert not Task.objects.exists()


def test_reminders_go_once_a_day_to_owners_of_due_and_overdue_tasks(s):
    _task(s, "Zpožděný", owner=s.member_person, due=days(-3))
    _task(s, "Za dva dny", owner=s.member_person, due=days(2))
    _task(s, "Za měsíc", owner=s.member_person, due=days(30))
    _task(s, "Hotový", owner=s.private_person, due=days(-1), status=Task.Status.DONE)
    _task(s, "Soukromý", owner=s.private_person, due=days(1))
    s.methodologist_person.email = ""
    s.methodologist_person.save()
    _task(s, "Bez e-mailu", owner=s.methodologist_person, due=days(0))

    report = services_minutes.task_reminders_send(days=3)

    assert (report.emails, report.tasks) == (2, 3)
    assert report.skipped_without_email == ["Metodik Černý"]
    by_recipient = {m.to[0]: m for m in sent_mail()}
    assert set(by_recipient) == {"clenka@example.org", "tajny@example.org"}
    body = by_recipient["clenka@example.org"].body
    assert "Zpožděný" in body and "OVERDUE" in body
    assert "Za dva dny" in body
    assert "Za měsíc" not in body
    assert "/procesy/moje-ukoly/" in body  # she has a login
    assert "moje-ukoly" not in by_recipient["tajny@example.org"].body
    html = by_recipient["clenka@example.org"].alternatives[0][0]
    assert "Zpožděný" in html

    # Run again the same day: nothing new; the next day: reminded again.
    assert services_minutes.task_reminders_send(days=3).emails == 0
    assert len(sent_mail()) == 2
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    assert services_minutes.task_reminders_send(days=3, now=tomorrow).emails == 2


def test_the_reminder_command_is_cron_friendly(s, capsys):
    _task(s, "Zpožděný", owner=s.member_person, due=days(-1))

    call_command("send_task_reminders", "--days", "1")
    call_command("send_task_reminders", "--days", "1")

    out = capsys.readouterr().out
    assert "Reminder e-mails queued for sending: 1 (tasks: 1)." in out
    assert "Reminder e-mails queued for sending: 0 (tasks: 0)." in out
    assert len(sent_mail()) == 1
    assert Task.objects.get().reminded_at is not None


def test_a_new_due_date_deserves_a_new_reminder(s):
    task = _task(s, "Úkol", owner=s.member_person, due=days(1))
    services_minutes.task_reminders_send(days=3)
    services_minutes.task_update(task=task, actor=None, due=days(2))
    assert services_minutes.task_reminders_send(days=3).tasks == 1


def test_only_managers_delete_a_task(s, process, member, coordinator, client_for):
    task = _task(s, "Zbytečný", owner=s.member_person)
    url = reverse("organisation:task_delete", kwargs={"slug": process.slug, "pk": task.pk})

    assert client_for(member).post(url).status_code == 403
    assert Task.objects.filter(pk=task.pk).exists()
    assert client_for(coordinator).post(url).status_code == 302
    assert not Task.objects.filter(pk=task.pk).exists()


def test_tasks_of_an_internal_group_are_hidden_from_members_of_other_groups(
    s, process, member, coordinator, client_for
):
    internal = type(s.group).objects.create(
        process=process, kind="other", name="Interní", slug="interni", is_public=False
    )
    _task(s, "Tajný úkol", owner=s.private_person, group=internal)
    url = reverse("organisation:task_list", kwargs={"slug": process.slug})

    assert "Tajný úkol" not in client_for(member).get(url).content.decode()
    assert "Tajný úkol" in client_for(coordinator).get(url).content.decode()
    group_url = reverse(
        "organisation:group_tasks", kwargs={"slug": process.slug, "group": internal.slug}
    )
    assert client_for(member).get(group_url).status_code == 404


def test_the_task_list_links_to_the_minutes_only_for_those_who_may_read_them(
    s, process, coordinator, django_user_model, client_for
):
    from socplan.organisation.models import ProcessRole

    services_minutes.task_create(
        process=process, actor=None, title="Úkol ze setkání", meeting=s.meeting, group=None
    )
    editor = django_user_model.objects.create_user(
        email="editor@example.org", password="x-x-x-x-x-x", full_name="Editorka"
    )
    ProcessRole.objects.create(user=editor, process=process, role=ProcessRole.Role.PROVIDER_EDITOR)
    url = reverse("organisation:task_list", kwargs={"slug": process.slug})
    minutes = reverse(
        "organisation:minutes_detail", kwargs={"slug": process.slug, "pk": s.meeting.pk}
    )

    editor_page = client_for(editor).get(url).content.decode()

    assert not editor.has_perm("organisation.view_minutes", s.meeting)
    assert "Úkol ze setkání" in editor_page
    assert minutes not in editor_page
    assert minutes in client_for(coordinator).get(url).content.decode()
