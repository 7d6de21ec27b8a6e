"""Loading the demo tells nobody anything: its story (a consultation, opinions sent to the
region, meetings) queues no e-mail, whatever mail backend the installation has."""

import pytest
from django.core import mail

from socplan.core.models import OutgoingEmail

pytestmark = pytest.mark.django_db


def test_loading_the_demo_queues_and_sends_no_email(shared_demo):
    assert not OutgoingEmail.objects.exists()
    assert mail.outbox == []
