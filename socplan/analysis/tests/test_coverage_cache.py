"""The country's coverage summary kept in the shared cache
(:func:`socplan.analysis.coverage.national_coverage_cached`): read once, read again when a
service, the territory or the date changes."""

import datetime

import pytest

from socplan import testing
from socplan.analysis import coverage
from socplan.analysis.demography import AGE_YEAR
from socplan.catalogue.models import Capacity, Codelist, Facility, Provider, Service, ServiceForm
from socplan.territory.models import AgeStructure
from socplan.testing.catalogue import item

pytestmark = pytest.mark.django_db
ON = datetime.date(2026, 6, 1)
KEY = "13.beds_per_1000_80"


@pytest.fixture
def world(db):
    region, _district, orp, municipalities = testing.make_territory()
    humpolec = municipalities[0]
    for m, very_old in zip(municipalities, (500, 20, 30), strict=True):
        AgeStructure.objects.create(
            municipality=m,
            year=AGE_YEAR,
            reference_date=datetime.date(AGE_YEAR, 12, 31),
            sex="f",
            total=1000 + very_old,
            age_30_34=1000,
            age_85_plus=very_old,
        )
    kind = item(Codelist.KIND, "13", "domovy pro seniory", order=13)
    form = item(Codelist.FORM, "pob", "pobytová")
    beds = item(Codelist.CAPACITY_TYPE, "luzka", "Počet lůžek")
    provider = Provider.objects.create(ico="12345678", name="Poskytovatel")
    service = Service.objects.create(
        provider=provider, name="DS Humpolec", kind=kind, start_date=datetime.date(2010, 1, 1)
    )
    service_form = ServiceForm.objects.create(service=service, form=form)
    capacity = Capacity.objects.create(service_form=service_form, type=beds, value=55)
    Facility.objects.create(service=service, name="DS", municipality=humpolec)
    return {"region": region, "orp": orp, "service": service, "capacity": capacity}


@pytest.fixture
def loads(monkeypatch):
    """Counts the loads of the register."""
    calls = []
    real = coverage.load_register

    def counted(on=None):
        calls.append(on)
        return real(on)

    monkeypatch.setattr(coverage, "load_register", counted)
    return calls


def _value(summary, world):
    return summary["orps"][world["orp"].pk]["ratios"][KEY][2]


def test_it_loads_the_register_once_for_many_requests(world, loads):
    first = coverage.national_coverage_cached(on=ON)
    second = coverage.national_coverage_cached(on=ON)
    assert len(loads) == 1
    assert first == second
    # 55 beds for 550 aged 80+
    assert _value(second, world) == 100.0
    orp = second["orps"][world["orp"].pk]
    assert orp["municipalities"] == 3 and orp["ages"][3] == 550


def test_the_white_spots_and_levels_match_the_register(world, loads):
    summary = coverage.national_coverage_cached(on=ON)
    orp = summary["orps"][world["orp"].pk]
    assert orp["white_spots"]["kind:13"] == [2, 2050]  # Kejžlice and Herálec, 1020 + 1030
    assert summary["regions"][world["region"].pk][KEY] == [55.0, 550, 100.0]
    assert summary["cz"][KEY][2] == 100.0
    assert ("kind:13", "domovy pro seniory") in summary["columns"]
    # the same as the register's own figures, uncached
    assert coverage.national_coverage(coverage.load_register(ON))["6103"]["ratios"][KEY] == 100.0


def test_a_service_save_changes_the_key_and_the_figures(world, loads):
    before_key = coverage.summary_cache_key(ON)
    assert _value(coverage.national_coverage_cached(on=ON), world) == 100.0
    capacity = world["capacity"]
    capacity.value = 110
    capacity.save()
    world["service"].save()  # as the service's form does: the catalogue's data changed
    assert coverage.summary_cache_key(ON) != before_key
    assert _value(coverage.national_coverage_cached(on=ON), world) == 200.0
    assert len(loads) == 2


def test_a_capacity_changed_in_bulk_changes_the_key(world, loads):
    before_key = coverage.summary_cache_key(ON)
    Capacity.objects.update(value=11)  # no signal: the capacities' sum changes the key
    assert coverage.summary_cache_key(ON) != before_key


def test_a_reloaded_age_structure_changes_the_key(world, loads):
    coverage.national_coverage_cached(on=ON)
    before_key = coverage.summary_cache_key(ON)
    # a reload of the reference data updates rows in bulk (no new row, no signal)
    AgeStructure.objects.filter(age_85_plus=500).update(age_85_plus=1000, total=2000)
    assert coverage.summary_cache_key(ON) != before_key
    assert _value(coverage.national_coverage_cached(on=ON), world) == 52.4  # 55 / 1050
    assert len(loads) == 2


def test_another_date_is_another_key(world, loads):
    coverage.national_coverage_cached(on=ON)
    coverage.national_coverage_cached(on=ON + datetime.timedelta(days=1))
    assert len(loads) == 2
