"""Builders for the tests of the review part (providers, services, editors)."""

from socplan.catalogue.models import (
    Facility,
    Provider,
    ProviderEditor,
    Service,
    ServiceAreaMunicipality,
    Source,
)
from socplan.catalogue.validators import ico_check_digit
from socplan.territory.models import Municipality


def valid_ico(first_seven: str) -> str:
    return first_seven + ico_check_digit(first_seven)


def make_provider(*, ico=None, name="Charita Humpolec"):
    return Provider.objects.create(
        ico=ico or valid_ico("7000001"), name=name, source=Source.REGISTER
    )


def make_service(*, provider=None, name="Pečovatelská služba Humpolec", municipality_code="547999"):
    """A service with a facility in ``municipality_code`` (Humpolec: inside the test area)."""
    provider = provider or make_provider()
    service = Service.objects.create(
        provider=provider,
        name=name,
        description="Pomáháme seniorům v jejich domácnostech.",
        opening_hours="Po–Pá 7–15",
        accessibility="",
    )
    if municipality_code:
        municipality = Municipality.objects.get(code=municipality_code)
        Facility.objects.create(
            service=service,
            name=name,
            municipality=municipality,
            municipality_code=municipality_code,
        )
    return service


def make_editor(user, provider):
    return ProviderEditor.objects.create(user=user, provider=provider)


def add_manual_area(service, code):
    return ServiceAreaMunicipality.objects.create(
        service=service,
        municipality=Municipality.objects.get(code=code),
        origin=ServiceAreaMunicipality.Origin.MANUAL,
    )
