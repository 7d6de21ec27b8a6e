"""Query budgets of the HSDS list endpoints: as many queries for a page of 20 services,
organizations, locations or terms as for 2."""

import datetime
from decimal import Decimal

import pytest

from socplan.catalogue.models import (
    Capacity,
    Facility,
    Provider,
    Service,
    ServiceAreaMunicipality,
    ServiceForm,
    ServiceRegion,
)
from socplan.testing.catalogue import make_catalogue
from socplan.testing.query_budgets import assert_flat_queries

pytestmark = pytest.mark.django_db

BASE = "/api/hsds"


@pytest.fixture
def catalogue():
    return make_catalogue()


def _add_services(c):
    i = c.items
    humpolec = c.facilities["care"].municipality
    region = humpolec.district.region

    def add(start, stop):
        for n in range(start, stop):
            provider = Provider.objects.create(
                ico=f"71{n:06}",
                name=f"Poskytovatel {n:02}",
                emails=[{"value": f"info{n}@example.org", "note": ""}],
                phones=[{"value": "565 000 000", "note": ""}],
            )
            service = Service.objects.create(
                provider=provider,
                portal_id=2000 + n,
                name=f"Služba {n:02}",
                kind=i["care_kind"],
                start_date=datetime.date(2010, 1, 1),
                emails=[{"value": f"sluzba{n}@example.org", "note": ""}],
                phones=[{"value": "777 000 000", "note": ""}],
                description="Pomáháme doma.",
            )
            service.target_groups.set([i["seniors"], i["disabled"]])
            service.age_groups.set([i["adults"]])
            for form in (i["field"], i["outpatient"]):
                service_form = ServiceForm.objects.create(service=service, form=form)
                Capacity.objects.create(service_form=service_form, type=i["clients"], value=10)
            ServiceRegion.objects.create(service=service, region=region)
            ServiceAreaMunicipality.objects.create(service=service, municipality=humpolec)
            for k in range(2):
                Facility.objects.create(
                    service=service,
                    name=f"Středisko {n:02}.{k}",
                    street="Hlavní",
                    house_number=str(n + 1),
                    postcode="39601",
                    municipality=humpolec,
                    municipality_code=humpolec.code,
                    latitude=Decimal("49.5415"),
                    longitude=Decimal("15.3593"),
                )

    return add


def test_hsds_lists(catalogue, client_for):
    assert_flat_queries(
        client_for(None),
        [
            BASE + path + "?per_page=200"
            for path in ["/services", "/organizations", "/service_at_locations"]
        ],
        _add_services(catalogue),
        expect=lambda body: "Služba 01" in body or "Poskytovatel 01" in body,
    )


def test_hsds_taxonomies(catalogue, client_for):
    from socplan.testing.catalogue import item

    def add(start, stop):
        for n in range(start, stop):
            item("CilovaSkupinaOsoby", f"9{n:02}", f"Skupina {n:02}", order=100 + n)

    assert_flat_queries(
        client_for(None),
        [BASE + "/taxonomy_terms?per_page=200", BASE + "/taxonomies?per_page=200"],
        add,
        expect=lambda body: "Skupina 01" in body or "CilovaSkupinaOsoby" in body,
    )
