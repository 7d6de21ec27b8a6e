"""Czech in the organisation: people in Czech alphabetical order, e-mails in the vocative."""

import pytest
from django.urls import reverse

from socplan.core.tests.test_collation import CZECH_ORDER, NAMES
from socplan.organisation.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(process):
    return [Person.objects.create(process=process, name=f"{name} Adam") for name in NAMES]


def _order(content: str, names: list[str]) -> list[str]:
    found = {name: content.find(name) for name in names}
    assert all(position >= 0 for position in found.values()), found
    return sorted(names, key=found.get)


def test_the_people_of_a_process_are_listed_in_czech_order(people, client_for, coordinator):
    client = client_for(coordinator)
    url = reverse("organisation:person_list", args=[people[0].process.slug])

    content = client.get(url).content.decode()

    assert _order(content, [f"{n} Adam" for n in NAMES]) == [f"{n} Adam" for n in CZECH_ORDER]


def test_the_owner_picker_of_a_task_is_in_czech_order(people, client_for, coordinator):
    client = client_for(coordinator)
    url = reverse("organisation:task_create", args=[people[0].process.slug])

    form = client.get(url).context["form"]

    labels = [label for value, label in form.fields["owner"].choices if value]
    assert labels == [f"{n} Adam" for n in CZECH_ORDER]


def test_a_czech_invitation_addresses_the_person_in_the_vocative(process, coordinator, settings):
    from socplan.organisation import services_structure
    from socplan.testing.mail import sent_mail

    from .structure_builders import make_seniors_group, make_seniors_meeting

    settings.LANGUAGE_CODE = "cs"
    meeting = make_seniors_meeting(process, make_seniors_group(process))

    services_structure.meeting_invitations_send(actor=coordinator, meeting=meeting)

    message = sent_mail()[0]
    assert message.body.startswith("Dobrý den, Anno Aktivní,")
    assert "Dobrý den, Anno Aktivní," in message.alternatives[0][0]


def test_statuses_agree_with_their_nouns_in_czech():
    from django.utils import translation

    from socplan.organisation.models import Meeting, Minutes, Task

    with translation.override("cs"):
        # jednání (neuter), úkol and zápis (masculine)
        assert [str(label) for label in Meeting.Status.labels] == [
            "naplánované",
            "proběhlo",
            "zrušené",
        ]
        assert [str(label) for label in Task.Status.labels] == [
            "otevřený",
            "splněný",
            "zrušený",
        ]
        assert [str(label) for label in Minutes.Status.labels] == ["rozpracovaný", "schválený"]
    with translation.override("en"):
        assert [str(label) for label in Meeting.Status.labels] == ["planned", "held", "cancelled"]
