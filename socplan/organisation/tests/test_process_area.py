"""A coordinator makes a planning area for their process from municipalities of its region
(issue 15; issue 10 limits which areas they may attach and edit)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from socplan.core.models import AuditEvent
from socplan.organisation import services
from socplan.territory.models import District, Municipality, Orp, PlanningArea, Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_region_municipality(area):
    region = Region.objects.create(code="3026", name="Jihočeský kraj", nuts_code="CZ031")
    district = District.objects.create(code="40606", name="Tábor", region=region)
    orp = Orp.objects.create(code="3117", name="Tábor", region=region)
    return Municipality.objects.create(code="552046", name="Tábor", district=district, orp=orp)


def url(process):
    return reverse("organisation:process_area_create", kwargs={"slug": process.slug})


def test_a_coordinator_creates_an_area_of_their_region_and_the_process_moves_onto_it(
    process, coordinator, client_for, other_region_municipality
):
    client = client_for(coordinator)
    page = client.get(url(process)).content.decode()
    # the region's municipalities, grouped by ORP; none of another region
    assert "Kejžlice" in page and "Herálec" in page and "Tábor" not in page
    kejzlice = Municipality.objects.get(name="Kejžlice")
    herale = Municipality.objects.get(name="Herálec")

    response = client.post(
        url(process),
        {
            "name": "Mikroregion Kejžlicko",
            "kind": PlanningArea.Kind.MICROREGION,
            "municipalities": [kejzlice.pk, herale.pk],
        },
    )

    assert response.status_code == 302
    process.refresh_from_db()
    area = process.planning_area
    assert area.name == "Mikroregion Kejžlicko"
    assert sorted(area.municipalities.values_list("name", flat=True)) == ["Herálec", "Kejžlice"]
    assert area.created_by == coordinator
    assert coordinator.has_perm("territory.change_area", area)  # theirs to edit
    assert AuditEvent.objects.filter(action="planning_area.created").exists()


def test_a_whole_orp_is_ticked_at_once(process, coordinator, client_for):
    orp = Orp.objects.get(name="Humpolec")
    response = client_for(coordinator).post(
        url(process), {"name": "Celé Humpolecko", "kind": "orp", "orps": [orp.pk]}
    )
    assert response.status_code == 302
    process.refresh_from_db()
    assert process.planning_area.municipalities.count() == 3


def test_municipalities_of_another_region_and_none_are_refused(
    process, coordinator, client_for, other_region_municipality
):
    old_area = process.planning_area
    # the form offers no municipality of another region ...
    response = client_for(coordinator).post(
        url(process),
        {"name": "Cizí", "kind": "mas", "municipalities": [other_region_municipality.pk]},
    )
    assert response.status_code == 200
    assert "municipalities" in response.context["form"].errors
    response = client_for(coordinator).post(url(process), {"name": "Prázdné", "kind": "mas"})
    assert "Choose at least one municipality." in response.content.decode()
    # ... and the service refuses it whoever calls it
    with pytest.raises(ValidationError) as error:
        services.process_area_create(
            process=process,
            actor=None,
            name="Cizí",
            kind="mas",
            municipalities=[other_region_municipality],
        )
    assert "Tábor" in str(error.value)
    process.refresh_from_db()
    assert process.planning_area == old_area
    assert not PlanningArea.objects.filter(name__in=["Cizí", "Prázdné"]).exists()


def test_only_the_coordinator_and_staff_may_create_an_area_for_the_process(
    process, coordinator, staff, client_for, django_user_model
):
    nobody = django_user_model.objects.create_user(email="n@example.org", password="x" * 12)
    assert client_for(nobody).get(url(process)).status_code == 403
    assert client_for(coordinator).get(url(process)).status_code == 200
    assert client_for(staff).get(url(process)).status_code == 200
    # the process form links to it for the coordinator, who may not make areas otherwise
    edit = client_for(coordinator).get(
        reverse("organisation:process_edit", kwargs={"slug": process.slug})
    )
    assert url(process) in edit.content.decode()
