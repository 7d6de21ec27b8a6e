"""No lost edits in the catalogue, the check inside the saving transaction (issue 10): a
change saved after the form was validated is a conflict too, never overwritten."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from socplan.catalogue import review
from socplan.catalogue.forms_review import LocalFieldsForm
from socplan.catalogue.models import ChangeProposal, Service

from .test_review import provider as provider  # fixtures
from .test_review import service as service

pytestmark = pytest.mark.django_db


def test_corrections_of_an_accepted_suggestion_saved_over_a_newer_entry_conflict(
    coordinator, service, monkeypatch
):
    review.suggestion_submit(service=service, message="Otevírací doba neplatí.")
    proposal = ChangeProposal.objects.get()
    address = reverse("catalogue:review_detail", kwargs={"pk": proposal.pk})
    client = Client()
    client.force_login(coordinator)
    shown = client.get(address).context["corrections_form"]
    original = LocalFieldsForm.clean

    def clean_then_somebody_saves(self):
        cleaned = original(self)  # the version still matches here
        Service.objects.filter(pk=service.pk).update(
            opening_hours="Út 9–12", updated_at=timezone.now()
        )
        return cleaned

    monkeypatch.setattr(LocalFieldsForm, "clean", clean_then_somebody_saves)
    response = client.post(
        address,
        {
            "action": "accept",
            "fix-edit_version": shown["edit_version"].value(),
            "fix-description": service.description,
            "fix-opening_hours": "Po–Pá 8–16",
            "fix-accessibility": "",
            "accept-note": "Opraveno.",
        },
    )
    assert response.status_code == 200
    form = response.context["corrections_form"]
    rows = {row["label"]: (row["theirs"], row["mine"]) for row in form.conflict_rows}
    assert ("Út 9–12", "Po–Pá 8–16") in rows.values()
    assert "Somebody else saved this" in response.content.decode()
    service.refresh_from_db()
    assert service.opening_hours == "Út 9–12"
    assert ChangeProposal.objects.get().status == ChangeProposal.Status.PENDING
