"""A small catalogue for the tests of the HSDS API and the booklet (made up)."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from socplan import testing
from socplan.catalogue.models import (
    Capacity,
    Codelist,
    CodelistItem,
    Facility,
    Provider,
    Service,
    ServiceAreaMunicipality,
    ServiceForm,
    ServiceGroup,
    ServiceRegion,
    Source,
)


def item(codelist, code, name, *, order=0, paragraph="", group=""):
    obj, _ = CodelistItem.objects.get_or_create(
        codelist=codelist,
        register_id=f"{codelist}/{code}",
        defaults={
            "code": code,
            "name": name,
            "order": order,
            "paragraph": paragraph,
            "group": group,
        },
    )
    return obj


@dataclass
class Catalogue:
    items: dict = field(default_factory=dict)
    providers: dict = field(default_factory=dict)
    services: dict = field(default_factory=dict)
    facilities: dict = field(default_factory=dict)


def make_catalogue() -> Catalogue:
    """Services in the test territory (Humpolec, Kejžlice, Herálec of core.testing):

    - "Pečovatelská služba Humpolec" (Zeta, field form, 120 clients, Humpolec and Kejžlice);
    - "Domov pro seniory Kejžlice" (Alfa, residential, 40 beds);
    - "Azylový dům Humpolec" (Alfa, secret address, 12 beds);
    - "Chráněné bydlení Herálec" (Čtyřlístek, ended in 2020: not active);
    - "Klub seniorů Humpolec" (local service of "Město Humpolec", leisure).
    """
    region, _, _, municipalities = testing.make_territory()
    humpolec, kejzlice, heralec = municipalities
    c = Catalogue()
    i = c.items
    i["care_kind"] = item(
        Codelist.KIND,
        "13",
        "pečovatelská služba",
        order=13,
        paragraph="§ 40",
        group=ServiceGroup.CARE,
    )
    i["home_kind"] = item(
        Codelist.KIND,
        "9",
        "domovy pro seniory",
        order=9,
        paragraph="§ 49",
        group=ServiceGroup.CARE,
    )
    i["shelter_kind"] = item(
        Codelist.KIND,
        "23",
        "azylové domy",
        order=23,
        paragraph="§ 57",
        group=ServiceGroup.PREVENTION,
    )
    i["housing_kind"] = item(
        Codelist.KIND,
        "17",
        "chráněné bydlení",
        order=17,
        paragraph="§ 51",
        group=ServiceGroup.CARE,
    )
    i["seniors"] = item(Codelist.TARGET_GROUP, "24", "senioři", order=24)
    i["homeless"] = item(Codelist.TARGET_GROUP, "13", "osoby bez přístřeší", order=13)
    i["disabled"] = item(Codelist.TARGET_GROUP, "2", "osoby s chronickým onemocněním", order=2)
    i["adults"] = item(Codelist.AGE_GROUP, "7", "dospělí (27–64 let)", order=7)
    i["old"] = item(Codelist.AGE_GROUP, "8", "mladší senioři (65–80 let)", order=8)
    i["field"] = item(Codelist.FORM, "ter", "terénní", order=3)
    i["residential"] = item(Codelist.FORM, "pob", "pobytová", order=2)
    i["outpatient"] = item(Codelist.FORM, "amb", "ambulantní", order=1)
    i["clients"] = item(Codelist.CAPACITY_TYPE, "klient", "Počet klientů", order=1)
    i["beds"] = item(Codelist.CAPACITY_TYPE, "luzka", "Počet lůžek", order=4)
    i["leisure"] = item(Codelist.LOCAL_CATEGORY, "leisure", "volný čas a vzdělávání", order=3)

    p = c.providers
    p["zeta"] = Provider.objects.create(
        ico="00248266",
        name="Zeta, o. p. s.",
        legal_form="obecně prospěšná společnost",
        web="www.zeta-example.cz",
        emails=[{"value": "info@zeta-example.cz", "note": ""}],
        phones=[{"value": "565 532 111", "note": "ústředna"}],
    )
    p["alfa"] = Provider.objects.create(
        ico="25755277", name="Alfa – sociální služby, z. ú.", legal_form="ústav"
    )
    p["ctyrlistek"] = Provider.objects.create(ico="70887616", name="Čtyřlístek, z. s.")
    p["town"] = Provider.objects.create(ico=None, name="Město Humpolec", source=Source.LOCAL)

    s = c.services
    s["care"] = Service.objects.create(
        provider=p["zeta"],
        portal_id=1001,
        identifikator="1234567",
        name="Pečovatelská služba Humpolec",
        kind=i["care_kind"],
        start_date=datetime.date(2010, 1, 1),
        emails=[
            {"value": "pecovatelska@zeta-example.cz", "note": "vedoucí"},
            {"value": "not-an-email", "note": ""},
        ],
        phones=[{"value": "777 123 456", "note": "vedoucí služby"}],
        webs=[{"value": "www.zeta-example.cz/pecovatelska", "note": ""}],
        description="Pomáháme lidem zůstat doma: nákupy, hygiena, dovoz obědů.",
        opening_hours="Po–Pá 7:00–15:30",
        verified_at=datetime.date(2026, 10, 1),
    )
    s["care"].target_groups.set([i["seniors"], i["disabled"]])
    s["care"].age_groups.set([i["adults"], i["old"]])
    form = ServiceForm.objects.create(service=s["care"], form=i["field"])
    Capacity.objects.create(service_form=form, type=i["clients"], value=120)
    ServiceRegion.objects.create(service=s["care"], region=region)

    s["home"] = Service.objects.create(
        provider=p["alfa"],
        portal_id=1002,
        name="Domov pro seniory Kejžlice",
        kind=i["home_kind"],
        start_date=datetime.date(2005, 5, 1),
    )
    s["home"].target_groups.set([i["seniors"]])
    form = ServiceForm.objects.create(service=s["home"], form=i["residential"], continuous=True)
    Capacity.objects.create(service_form=form, type=i["beds"], value=40)

    s["shelter"] = Service.objects.create(
        provider=p["alfa"],
        portal_id=1003,
        name="Azylový dům Humpolec",
        kind=i["shelter_kind"],
        start_date=datetime.date(2012, 1, 1),
    )
    s["shelter"].target_groups.set([i["homeless"]])
    form = ServiceForm.objects.create(service=s["shelter"], form=i["residential"])
    Capacity.objects.create(service_form=form, type=i["beds"], value=12)

    s["ended"] = Service.objects.create(
        provider=p["ctyrlistek"],
        portal_id=1004,
        name="Chráněné bydlení Herálec",
        kind=i["housing_kind"],
        start_date=datetime.date(2008, 1, 1),
        end_date=datetime.date(2020, 12, 31),
    )
    s["ended"].target_groups.set([i["disabled"]])

    s["club"] = Service.objects.create(
        provider=p["town"],
        name="Klub seniorů Humpolec",
        local_category=i["leisure"],
        source=Source.LOCAL,
        description="Setkávání, přednášky a výlety pro seniory.",
    )
    s["club"].target_groups.set([i["seniors"]])

    f = c.facilities
    f["care"] = Facility.objects.create(
        service=s["care"],
        name="Pečovatelská služba – středisko Humpolec",
        street="Školní",
        house_number="675",
        orientation_number="4",
        postcode="39601",
        municipality=humpolec,
        municipality_code=humpolec.code,
        address_code=12345678,
        latitude=Decimal("49.541500"),
        longitude=Decimal("15.359300"),
    )
    f["home"] = Facility.objects.create(
        service=s["home"],
        name="Domov Kejžlice",
        street="",
        house_number="52",
        postcode="39601",
        municipality=kejzlice,
        municipality_code=kejzlice.code,
    )
    f["shelter"] = Facility.objects.create(
        service=s["shelter"],
        name="Azylový dům",
        street="Tajná",
        house_number="13",
        postcode="39601",
        municipality=humpolec,
        municipality_code=humpolec.code,
        latitude=Decimal("49.540000"),
        longitude=Decimal("15.350000"),
        is_secret_address=True,
    )
    f["ended"] = Facility.objects.create(
        service=s["ended"],
        name="Chráněné bydlení",
        street="Nádražní",
        house_number="8",
        municipality=heralec,
        municipality_code=heralec.code,
    )
    f["club"] = Facility.objects.create(
        service=s["club"],
        name="Klubovna",
        street="Horní náměstí",
        house_number="300",
        municipality=humpolec,
        municipality_code=humpolec.code,
    )
    for key, municipality in [
        ("care", humpolec),
        ("home", kejzlice),
        ("shelter", humpolec),
        ("ended", heralec),
        ("club", humpolec),
    ]:
        ServiceAreaMunicipality.objects.create(
            service=s[key],
            municipality=municipality,
            origin=ServiceAreaMunicipality.Origin.FACILITY,
        )
    ServiceAreaMunicipality.objects.create(
        service=s["care"], municipality=kejzlice, origin=ServiceAreaMunicipality.Origin.MANUAL
    )
    from socplan.catalogue.search import reindex_all

    reindex_all()
    return c
