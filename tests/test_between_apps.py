"""Where two sibling apps meet through an interface of a lower app (they never import
each other), the meeting is tested here, at the project level."""

from socplan.catalogue.models import Provider
from socplan.organisation import services_structure as services


def test_provider_person_takes_the_name_from_the_catalogue(process, coordinator):
    Provider.objects.create(ico="70886199", name="Oblastní charita Havlíčkův Brod")
    person = services.person_create(
        actor=coordinator,
        process=process,
        name="Tomáš Charitní",
        organisation_kind="provider",
        provider_ico="70886199",
    )
    assert person.organisation_name == "Oblastní charita Havlíčkův Brod"


def test_a_coordinator_of_a_process_keeps_the_local_services_of_its_area(process, coordinator):
    """The catalogue learns who coordinates which area through territory.processes."""
    from socplan.territory.processes import coordinated_area_ids

    assert coordinated_area_ids(coordinator) == {process.planning_area_id}
    assert coordinator.has_perm("catalogue.change_local_services", process.planning_area)
