"""No lost edits in the catalogue: a stale local service form or a provider editor's stale
proposal shows both versions and changes nothing."""

import pytest
from django.urls import reverse

from socplan import testing
from socplan.accounts.models import Role
from socplan.catalogue.models import ChangeProposal, CodelistItem, Service
from socplan.catalogue.services import load_codelists
from socplan.testing.personas import PASSWORD

from .review_helpers import make_editor, make_provider, make_service

pytestmark = pytest.mark.django_db


def _local(area, **extra):
    municipality = area.municipalities.order_by("name").first()
    return {
        "name": "Klub seniorů",
        "local_category": CodelistItem.objects.local_categories().get(code="leisure").pk,
        "provider_name": "Obec",
        "description": "Setkání každé úterý.",
        "municipality": municipality.pk,
        **extra,
    }


def test_a_stale_local_service_form_shows_both_versions(
    coordinator, methodologist, process, client_for
):
    load_codelists()
    testing.grant_role(user=methodologist, process=process, role=Role.COORDINATOR)
    area = process.planning_area
    first, second = client_for(coordinator), client_for(methodologist)
    create = reverse("catalogue:local_service_create", kwargs={"slug": area.slug})
    assert first.post(create, _local(area)).status_code == 302
    service = Service.objects.get()
    edit = reverse("catalogue:local_service_edit", kwargs={"slug": area.slug, "pk": service.pk})
    version_first = first.get(edit).context["form"]["edit_version"].value()
    version_second = second.get(edit).context["form"]["edit_version"].value()
    assert version_first == version_second == service.updated_at.isoformat()

    assert (
        first.post(edit, _local(area, edit_version=version_first, name="Klub Humpolec")).status_code
        == 302
    )
    stale = second.post(
        edit, _local(area, edit_version=version_second, description="Každou středu.")
    )
    assert stale.status_code == 200
    rows = {row["label"]: row for row in stale.context["form"].conflict_rows}
    assert rows["Name of the service"] == {
        "label": "Name of the service",
        "theirs": "Klub Humpolec",
        "mine": "Klub seniorů",
    }
    assert rows["Description in plain language"]["mine"] == "Každou středu."
    service.refresh_from_db()
    assert (service.name, service.description) == ("Klub Humpolec", "Setkání každé úterý.")
    assert "Každou středu." in stale.content.decode()  # kept in the form


def test_a_provider_editor_proposal_over_a_changed_entry_shows_a_conflict(
    client_for, process, django_user_model, coordinator
):
    provider = make_provider()
    service = make_service(provider=provider)
    editor = django_user_model.objects.create_user(
        email="editor@example.org", password=PASSWORD, full_name="Editorka"
    )
    testing.grant_role(user=editor, process=process, role=Role.PROVIDER_EDITOR)
    make_editor(editor, provider)
    client = client_for(editor)
    address = reverse("catalogue:service_propose", kwargs={"pk": service.pk})
    form = client.get(address).context["form"]
    shown = {name: form[name].value() or "" for name in ("description", "opening_hours")}
    version = form["edit_version"].value()
    # meanwhile the coordinator corrects the opening hours (through a reviewed suggestion)
    Service.objects.filter(pk=service.pk).update(opening_hours="Po–Pá 8–12")
    service.refresh_from_db()
    service.save()  # a real save: a new version
    response = client.post(
        address, {**shown, "edit_version": version, "description": "Nový popis."}
    )
    assert response.status_code == 200
    rows = {row["label"]: row for row in response.context["form"].conflict_rows}
    assert rows["Opening hours"]["theirs"] == "Po–Pá 8–12"
    assert not ChangeProposal.objects.exists()  # nothing that would undo the correction
