"""The region's page reads the country's coverage summary from the shared cache
(:func:`socplan.analysis.coverage.national_coverage_cached`), not the whole register on
every request."""

import datetime

import pytest

from socplan.analysis import coverage
from socplan.analysis.tests.test_coverage_cache import KEY, ON, loads, world  # noqa: F401
from socplan.monitoring import region as region_module

pytestmark = pytest.mark.django_db


def test_the_region_page_reads_the_cached_summary(world, loads):  # noqa: F811
    first = region_module.region_overview(region=world["region"], on=ON)
    second = region_module.region_overview(region=world["region"], on=ON)
    assert len(loads) == 1
    [orp] = second.orps
    assert orp.ratios[KEY].value == first.orps[0].ratios[KEY].value == 100.0
    assert orp.population_80 == 550
    assert [(s.column, s.municipalities) for s in orp.white_spots] == [("kind:13", 2)]
    # the same figures as from a register loaded by hand
    direct = region_module.region_overview(
        region=world["region"], on=ON, register=coverage.load_register(ON)
    )
    assert [(o.code, o.ratios[KEY].value, o.population) for o in direct.orps] == [
        (o.code, o.ratios[KEY].value, o.population) for o in second.orps
    ]


def test_a_service_save_changes_the_region_figures(world, loads):  # noqa: F811
    assert (
        region_module.region_overview(region=world["region"], on=ON).orps[0].ratios[KEY].value
        == 100.0
    )
    capacity = world["capacity"]
    capacity.value = 110
    capacity.save()
    world["service"].save()
    overview = region_module.region_overview(region=world["region"], on=ON)
    assert overview.orps[0].ratios[KEY].value == 200.0
    assert len(loads) == 2
    assert isinstance(overview.register_date, datetime.date)
    assert overview.register_size == 1
    assert coverage.summary_cache_key(ON)
