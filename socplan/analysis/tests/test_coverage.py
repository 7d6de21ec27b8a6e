"""Services against needs: reach, attribution of capacity, white spots, distances."""

import datetime
import math
from decimal import Decimal

import pytest

from socplan import testing
from socplan.analysis import coverage, demography
from socplan.catalogue.models import (
    Capacity,
    Codelist,
    Facility,
    Provider,
    Service,
    ServiceAreaMunicipality,
    ServiceForm,
    ServiceRegion,
)
from socplan.territory.models import AGE_BAND_FIELDS, AgeStructure, Municipality, Orp
from socplan.testing.catalogue import item

pytestmark = pytest.mark.django_db

# municipality code -> (aged 0–14, aged 15–64, aged 65–79, aged 80+)
AGES = {
    "547999": (1600, 6700, 1500, 500),  # Humpolec
    "548120": (50, 200, 80, 20),  # Kejžlice
    "568678": (120, 450, 70, 30),  # Herálec
    "600001": (100, 400, 150, 50),  # outside the area (another ORP)
}


def _ages(municipality, young, working, old, very_old):
    """Men and women alike: half of each count in one band of its range."""
    for sex in ("m", "f"):
        bands = dict.fromkeys(AGE_BAND_FIELDS, 0)
        bands["age_5_9"], bands["age_40_44"] = young // 2, working // 2
        bands["age_70_74"], bands["age_80_84"] = old // 2, very_old // 2
        AgeStructure.objects.create(
            municipality=municipality,
            year=2020,
            reference_date=datetime.date(2020, 12, 31),
            sex=sex,
            total=sum(bands.values()),
            **bands,
        )


@pytest.fixture
def world(db):
    area = testing.make_area()
    region, district, _orp, municipalities = testing.make_territory()
    other_orp = Orp.objects.create(code="6110", name="Pelhřimov", region=region)
    outside = Municipality.objects.create(
        code="600001",
        name="Vedlejší",
        district=district,
        orp=other_orp,
        latitude=Decimal("49.400000"),
        longitude=Decimal("15.200000"),
    )
    by_code = {m.code: m for m in [*municipalities, outside]}
    for code, values in AGES.items():
        _ages(by_code[code], *values)
    kinds = {
        "4": item(Codelist.KIND, "4", "pečovatelská služba", order=4),
        "13": item(Codelist.KIND, "13", "domovy pro seniory", order=13),
        "14": item(Codelist.KIND, "14", "domovy se zvláštním režimem", order=14),
        "3": item(Codelist.KIND, "3", "osobní asistence", order=3),
    }
    forms = {code: item(Codelist.FORM, code, code) for code in ("pob", "amb", "ter")}
    units = {code: item(Codelist.CAPACITY_TYPE, code, code) for code in ("luzka", "klient")}
    provider = Provider.objects.create(ico="12345678", name="Poskytovatel")

    def service(name, kind, form, unit, value, *, facilities=(), area=(), regions=()):
        s = Service.objects.create(provider=provider, name=name, kind=kinds[kind])
        sf = ServiceForm.objects.create(service=s, form=forms[form])
        Capacity.objects.create(service_form=sf, type=units[unit], value=value)
        for m in facilities:
            Facility.objects.create(
                service=s, municipality=m, latitude=m.latitude, longitude=m.longitude
            )
            ServiceAreaMunicipality.objects.create(service=s, municipality=m, origin="facility")
        for m in area:
            ServiceAreaMunicipality.objects.get_or_create(
                service=s, municipality=m, defaults={"origin": "manual"}
            )
        for r in regions:
            ServiceRegion.objects.create(service=s, region=r)
        return s

    humpolec, kejzlice, heralec = (by_code[c] for c in ("547999", "548120", "568678"))
    services = {
        "care": service(
            "Pečovatelská služba",
            "4",
            "ter",
            "klient",
            90,
            facilities=[humpolec],
            area=[kejzlice, outside],
        ),
        "home": service(
            "Domov pro seniory", "13", "pob", "luzka", 40, facilities=[humpolec, heralec]
        ),
        "special": service(
            "Domov se zvláštním režimem", "14", "pob", "luzka", 30, facilities=[outside]
        ),
        "assistance": service(
            "Osobní asistence", "3", "ter", "klient", 10, facilities=[outside], regions=[region]
        ),
    }
    return {"area": area, "by_code": by_code, "services": services, "region": region}


def test_it_splits_field_capacity_by_the_target_population_and_homes_by_facility(world):
    result = coverage.coverage(demography.area_of(world["area"]))
    ratios = {row.ratio.key: row for row in result.ratios}

    # home care, 90 clients over Humpolec (2,000 aged 65+), Kejžlice (100), Vedlejší (200)
    care = ratios["4.clients_per_1000_65"].levels[0]
    assert care.capacity == pytest.approx(round(90 * 2100 / 2300, 1))
    assert care.population == 2000 + 100 + 100
    assert care.value == pytest.approx(round(1000 * 90 * 2100 / 2300 / 2200, 1), abs=0.05)
    # the home for the elderly: 40 beds, 2 facilities (Humpolec, Herálec), both in the area
    home = ratios["13.beds_per_1000_80"].levels[0]
    assert home.capacity == 40
    assert home.population == 500 + 20 + 30
    assert home.value == round(1000 * 40 / 550, 1)
    # the special-regime home lies outside: none of its beds count in the area
    assert ratios["14.beds_per_1000_80"].levels[0].capacity == 0
    assert ratios["13.beds_per_1000_80"].ratio.benchmark == 83
    assert ratios["14.beds_per_1000_80"].ratio.benchmark == 36
    assert ratios["4.clients_per_1000_65"].ratio.benchmark == 31


def test_the_shares_of_a_service_spanning_two_areas_add_up_to_its_capacity(world):
    register = coverage.load_register()
    inside = coverage.coverage(demography.area_of(world["area"]), register=register)
    outside = coverage.coverage(
        demography.orp_area(Orp.objects.get(code="6110")), register=register
    )

    def capacity(result, key):
        return next(r for r in result.ratios if r.ratio.key == key).levels[0].capacity

    assert capacity(inside, "4.clients_per_1000_65") + capacity(
        outside, "4.clients_per_1000_65"
    ) == pytest.approx(90, abs=0.11)
    assert capacity(outside, "4.clients_per_1000_65") == pytest.approx(round(90 * 200 / 2300, 1))
    assert capacity(outside, "14.beds_per_1000_80") == 30


def test_it_lists_white_spots_with_the_people_of_the_target_age(world):
    result = coverage.coverage(demography.area_of(world["area"]))
    spots = {spot.column: spot for spot in result.white_spots}

    care = spots["kind:4"]
    assert [row.name for row in care.municipalities] == ["Herálec"]
    assert care.population == sum(AGES["568678"])
    assert care.target_population == 70 + 30  # aged 65+
    # personal assistance reaches the whole region through its extended scope
    assert "kind:3" not in spots
    matrix = {row.name: row.cells for row in result.rows}
    assert matrix["Kejžlice"]["kind:3"].count == 1
    assert matrix["Kejžlice"]["kind:4"].count == 1
    # the home for the elderly reaches where its facilities are
    assert matrix["Herálec"]["kind:13"].count == 1
    assert matrix["Kejžlice"]["kind:13"].count == 0
    assert [r.name for r in spots["kind:13"].municipalities] == ["Kejžlice"]


def test_it_measures_the_distance_to_the_nearest_facility(world):
    result = coverage.coverage(demography.area_of(world["area"]))
    row = next(r for r in result.rows if r.name == "Kejžlice")
    kejzlice, outside = world["by_code"]["548120"], world["by_code"]["600001"]

    def km(a, b):
        la1, lo1, la2, lo2 = map(
            math.radians, map(float, (a.latitude, a.longitude, b.latitude, b.longitude))
        )
        h = (
            math.sin((la2 - la1) / 2) ** 2
            + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
        )
        return 2 * 6371 * math.asin(math.sqrt(h))

    assert row.cells["kind:14"].distance == pytest.approx(round(km(kejzlice, outside), 1))
    humpolec = world["by_code"]["547999"]
    assert row.cells["kind:13"].distance == pytest.approx(round(km(kejzlice, humpolec), 1))


def test_ended_services_do_not_count(world):
    care = world["services"]["care"]
    care.end_date = datetime.date(2020, 1, 1)
    care.save()

    result = coverage.coverage(demography.area_of(world["area"]))

    assert {
        r.name for r in next(s for s in result.white_spots if s.column == "kind:4").municipalities
    } == {
        "Humpolec",
        "Kejžlice",
        "Herálec",
    }


def test_the_coverage_indicator_keys_give_the_live_value(world):
    area = demography.area_of(world["area"])
    value = demography.indicator_value(area, "coverage.13.beds_per_1000_80")
    assert value.value == round(1000 * 40 / 550, 1)
    spots = demography.indicator_value(area, "coverage.white_spots.kind:4")
    assert spots.value == 1
    assert demography.indicator_value(area, "coverage.nothing") is None


def test_the_national_coverage_has_every_orp(world):
    result = coverage.national_coverage()
    assert set(result) == {"6103", "6110"}
    assert result["6103"]["municipalities"] == 3
    assert result["6110"]["ratios"]["14.beds_per_1000_80"] == round(1000 * 30 / 50, 1)
    assert result["6103"]["white_spots"]["kind:4"] == {
        "municipalities": 1,
        "population": sum(AGES["568678"]),
    }
    assert "kind:3" not in result["6103"]["white_spots"]  # the region's scope reaches all
