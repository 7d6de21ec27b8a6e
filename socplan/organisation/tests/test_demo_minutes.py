import datetime

import pytest
from django.urls import reverse

from socplan.core.demo import load_demo
from socplan.organisation.demo_minutes import INFO
from socplan.organisation.models import Meeting, Minutes, Task
from socplan.organisation.selectors_minutes import tasks_of_process, tasks_of_user

pytestmark = pytest.mark.django_db


def test_the_demo_has_minutes_resolutions_and_tasks_and_loads_once(client, shared_demo):
    report = shared_demo  # the report of the first load
    assert report.created["minutes"] == 4

    info = Meeting.objects.get(title=INFO)
    assert info.starts_at.date() == datetime.date(2017, 9, 12)
    minutes = info.minutes
    assert minutes.status == Minutes.Status.APPROVED and minutes.is_published
    assert minutes.approved_at_meeting.title == "1. setkání řídicí skupiny"
    assert Minutes.objects.filter(status=Minutes.Status.DRAFT).count() == 1
    assert set(Task.objects.values_list("status", flat=True)) == {"open", "done"}
    process = info.process
    overdue = [t for t in tasks_of_process(process=process) if t.is_overdue]
    assert [t.title for t in overdue] == ["Připravit leták pro pečující o dostupných službách"]
    member_user = overdue[0].owner.user
    assert member_user is not None and member_user.email == "clenka@demo.socplan.cz"
    assert len(tasks_of_user(user=member_user)) == 2

    page = client.get(
        reverse("organisation:meeting_detail", kwargs={"slug": process.slug, "pk": info.pk})
    )
    assert "Harmonogram projektu" in page.content.decode()
    assert "Projekt poběží od září 2017" in page.content.decode()

    assert not load_demo().created.get("minutes")
    assert Minutes.objects.count() == 4
