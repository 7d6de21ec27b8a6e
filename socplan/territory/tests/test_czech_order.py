"""Czech alphabetical order on the territory's pages and pickers (core.collation)."""

import re

import pytest
from django.urls import reverse

from socplan.core.tests.test_collation import CZECH_ORDER, NAMES
from socplan.territory.models import Municipality

pytestmark = pytest.mark.django_db


def _add_municipalities(area):
    template = area.municipalities.first()
    for index, name in enumerate(NAMES):
        municipality = Municipality.objects.create(
            code=f"59{index:04d}", name=name, district=template.district, orp=template.orp
        )
        area.municipalities.add(municipality)


def _in_page_order(content: str, names: list[str]) -> list[str]:
    found = {name: content.find(f">{name}<") for name in names}
    assert all(position >= 0 for position in found.values()), found
    return sorted(names, key=found.get)


def test_it_lists_the_municipalities_of_an_area_in_czech_order(client, area):
    _add_municipalities(area)

    content = client.get(reverse("territory:area_detail", args=[area.slug])).content.decode()

    assert _in_page_order(content, NAMES) == CZECH_ORDER


def test_the_default_order_of_municipalities_is_czech(area):
    _add_municipalities(area)

    names = [m.name for m in area.municipalities.all() if m.name in NAMES]

    assert names == CZECH_ORDER
    assert re.sub(r"\s", "", str(Municipality.objects.all().query)).endswith(
        'ORDERBY"territory_municipality"."name"COLLATE"cs-x-icu"ASC,"territory_municipality"."code"ASC'
    )
