"""The demo catalogue of ORP Humpolec (catdata)."""

import pytest

from socplan.catalogue import demo
from socplan.catalogue.models import LifeSituation, Provider, Service
from socplan.catalogue.selectors import services_available_in, services_for_area
from socplan.catalogue.validators import ico_is_valid
from socplan.core.demo import DemoReport
from socplan.territory.models import Municipality, PlanningArea

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_catalogue_for_humpolec(shared_demo):
    area = PlanningArea.objects.get(slug="orp-humpolec")
    services = Service.objects.filter(is_demo=True)
    registered = services.filter(source="register")
    assert 15 <= registered.count() <= 25
    assert services.filter(source="local").count() >= 3
    assert all("(demo)" in s.name for s in services)
    assert set(services_for_area(area)) >= set(services)
    for provider in Provider.objects.filter(is_demo=True, ico__isnull=False):
        assert ico_is_valid(provider.ico) and "(demo)" in provider.name
    kinds = set(registered.values_list("kind__code", flat=True))
    assert len(kinds) >= 12
    forms = set(registered.values_list("forms__form__code", flat=True))
    assert forms == {"amb", "pob", "ter"}
    # a village without any facility is served through service-area rows or the region
    zeliv = Municipality.objects.get(code="549215")
    assert services_available_in(zeliv).filter(name__startswith="Pečovatelská služba").exists()
    situations = LifeSituation.objects.filter(planning_area__isnull=True)
    titles = set(situations.values_list("title", flat=True))
    assert {"Pečuji o blízkého", "Senior potřebuje pomoc doma", "Jsem v krizi"} <= titles
    assert {"Hledám bydlení", "Mám dítě a potřebuji poradit", "Závislost"} <= titles
    care = situations.get(slug="pecuji-o-blizkeho")
    assert care.kinds.filter(code="8").exists() and care.target_groups.filter(code="26").exists()
    # the demo services are found by the search
    assert Service.objects.filter(is_demo=True).exclude(search_text="").count() == services.count()


def test_loading_again_creates_nothing(shared_demo):
    report = DemoReport()
    demo.load(report)
    assert not report.changed_anything
