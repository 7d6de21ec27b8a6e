"""The demo of provider editors: one editor, one pending proposal, one accepted change."""

import pytest
from django.contrib.auth import get_user_model

from socplan.catalogue import demo_review
from socplan.catalogue.models import ChangeProposal, Provider, ProviderEditor, ServiceChange
from socplan.core.demo import DemoReport

from .review_helpers import make_service, valid_ico

pytestmark = pytest.mark.django_db


def test_it_loads_an_editor_a_pending_proposal_and_an_accepted_change(shared_demo):
    report = shared_demo  # the report of the first load
    if not Provider.objects.filter(is_demo=True, ico__isnull=False).exists():
        # without the catalogue's demo, make a demo provider here
        provider = Provider.objects.create(ico=valid_ico("7100001"), name="Demo", is_demo=True)
        make_service(provider=provider, name="Demo služba")
        make_service(provider=provider, name="Druhá demo služba")
        demo_review.load(report)

    user = get_user_model().objects.get(email="provider-editor@demo.socplan.cz")
    assert user.check_password("socplan-demo")
    editor = ProviderEditor.objects.get(user=user)
    assert editor.provider.is_demo
    assert ChangeProposal.objects.filter(proposed_by=user, status="pending").count() == 1
    accepted = ChangeProposal.objects.get(proposed_by=user, status="accepted")
    row = ServiceChange.objects.get(service=accepted.service, field="accessibility")
    assert row.actor == user
    accepted.service.refresh_from_db()
    assert accepted.service.accessibility == demo_review.ACCEPTED_ACCESSIBILITY
    assert (
        "provider-editor@demo.socplan.cz",
        "socplan-demo",
        f"editor za poskytovatele ({editor.provider.name})",  # the demo is loaded in Czech
    ) in report.logins

    again = DemoReport()
    demo_review.load(again)
    assert not again.changed_anything
    assert ChangeProposal.objects.filter(proposed_by=user).count() == 2
