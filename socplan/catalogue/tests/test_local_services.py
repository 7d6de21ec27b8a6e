"""Local (non-registered) services entered by coordinators (catdata)."""

import pytest
from django.urls import reverse

from socplan.catalogue.models import CodelistItem, Service, ServiceChange
from socplan.catalogue.selectors import services_available_in, services_for_area
from socplan.catalogue.services import load_codelists

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def codelists():
    load_codelists()


def _data(area, **extra):
    municipality = area.municipalities.order_by("name").first()
    return {
        "name": "Klub seniorů",
        "local_category": CodelistItem.objects.local_categories().get(code="leisure").pk,
        "provider_name": "Obec",
        "description": "Setkání každé úterý.",
        "opening_hours": "Út 14–17",
        "email": "klub@example.org",
        "phone": "000 111 222",
        "municipality": municipality.pk,
        "postcode": "396 01",
        **extra,
    }


def test_a_coordinator_adds_and_edits_a_local_service(coordinator, process, client_for):
    area = process.planning_area
    client = client_for(coordinator)
    url = reverse("catalogue:local_service_create", kwargs={"slug": area.slug})
    response = client.post(url, _data(area, whole_area="on"))
    assert response.status_code == 302
    service = Service.objects.get()
    assert service.source == "local" and service.kind is None
    assert service.local_category.code == "leisure"
    assert service.provider.ico is None and service.provider.source == "local"
    assert service.facilities.get().postcode == "39601"
    assert set(services_for_area(area)) == {service}
    for municipality in area.municipalities.all():
        assert service in services_available_in(municipality)
    assert ServiceChange.objects.get(service=service).source == "coordinator"
    listing = client.get(reverse("catalogue:local_services", kwargs={"slug": area.slug}))
    assert "Klub seniorů" in listing.content.decode()

    edit = reverse("catalogue:local_service_edit", kwargs={"slug": area.slug, "pk": service.pk})
    form = client.get(edit)
    assert "Setkání každé úterý." in form.content.decode()
    response = client.post(edit, _data(area, name="Klub seniorů Humpolec", phone=""))
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.name == "Klub seniorů Humpolec" and service.phones == []
    fields = set(
        ServiceChange.objects.filter(service=service, actor=coordinator).values_list(
            "field", flat=True
        )
    )
    assert {"name", "phones", "area"} <= fields
    name = ServiceChange.objects.get(service=service, field="name")
    assert (name.old_value, name.new_value) == ("Klub seniorů", "Klub seniorů Humpolec")


def test_bad_input_keeps_what_was_typed_and_changes_nothing(coordinator, process, client_for):
    area = process.planning_area
    url = reverse("catalogue:local_service_create", kwargs={"slug": area.slug})
    response = client_for(coordinator).post(url, _data(area, name="", postcode="12"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Setkání každé úterý." in page and "five digits" in page
    assert not Service.objects.exists()


def test_registered_services_are_not_edited_here(coordinator, process, client_for):
    area = process.planning_area
    client = client_for(coordinator)
    client.post(reverse("catalogue:local_service_create", kwargs={"slug": area.slug}), _data(area))
    service = Service.objects.get()
    Service.objects.filter(pk=service.pk).update(source="register")
    edit = reverse("catalogue:local_service_edit", kwargs={"slug": area.slug, "pk": service.pk})
    assert client.get(edit).status_code == 404
