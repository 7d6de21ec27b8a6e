"""Query budgets of the territory's lists: planning areas and the municipalities and
sub-areas of an area: as many queries for 20 rows as for 2."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from socplan.territory.models import Municipality, PlanningArea, Population, SubArea
from socplan.testing.query_budgets import assert_flat_queries, clients_of

pytestmark = pytest.mark.django_db


def _municipality(n, district, orp, *, census=True):
    municipality = Municipality.objects.create(
        code=f"59{n:04}",
        name=f"Obec {n:02}",
        district=district,
        orp=orp,
        latitude=Decimal("49.5"),
        longitude=Decimal("15.3"),
    )
    Population.objects.create(
        municipality=municipality,
        year=2021 if census else 2023,
        source=Population.Source.CENSUS if census else Population.Source.REGISTER,
        reference_date=datetime.date(2021, 3, 26),
        total=100 + n,
        age_0_14=10,
        age_15_64=60,
        age_65_plus=30 + n,
    )
    return municipality


def test_area_list(area, personas, client_for):
    district = area.municipalities.first().district
    orp = area.orp

    def add(start, stop):
        for n in range(start, stop):
            other = PlanningArea.objects.create(
                name=f"Oblast {n:02}", slug=f"oblast-{n}", kind=PlanningArea.Kind.MAS
            )
            # every other area has only yearly figures (no census): its own total
            other.municipalities.set([_municipality(n, district, orp, census=n % 2 == 0)])

    assert_flat_queries(
        clients_of(personas, client_for, "anonymous", "coordinator"),
        reverse("territory:area_list"),
        add,
        expect=lambda html: "Oblast 01" in html,
    )


def test_area_detail(area, personas, client_for):
    district = area.municipalities.first().district

    def add(start, stop):
        for n in range(start, stop):
            municipality = _municipality(n, district, area.orp)
            area.municipalities.add(municipality)
            sub_area = SubArea.objects.create(area=area, name=f"Část {n:02}")
            sub_area.municipalities.set([municipality])

    assert_flat_queries(
        clients_of(personas, client_for, "anonymous", "coordinator"),
        reverse("territory:area_detail", kwargs={"slug": area.slug}),
        add,
        expect=lambda html: "Obec 01" in html and "Část 01" in html,
    )
