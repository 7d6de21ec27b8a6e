"""Builders for the tests of the public catalogue (search, facets, detail, shortlist)."""

import datetime
from decimal import Decimal

from socplan.catalogue import search
from socplan.catalogue.models import (
    Capacity,
    CodelistItem,
    Facility,
    LifeSituation,
    Provider,
    Service,
    ServiceAreaMunicipality,
    ServiceForm,
    ServiceRegion,
    Source,
)
from socplan.catalogue.services import load_codelists
from socplan.catalogue.validators import ico_check_digit
from socplan.territory.models import Municipality


def item(codelist_id: str) -> CodelistItem:
    """A codelist item by its register id, e.g. ``item("DruhSocialniSluzby/4")``."""
    return CodelistItem.objects.get(register_id=codelist_id)


def ico(first_seven: str) -> str:
    return first_seven + ico_check_digit(first_seven)


def provider(name="Charita Humpolec", seven="7000001", *, local=False) -> Provider:
    found = Provider.objects.filter(name=name).first()
    if found:
        return found
    return Provider.objects.create(
        ico=None if local else ico(seven),
        name=name,
        source=Source.LOCAL if local else Source.REGISTER,
    )


def service(
    name,
    *,
    kind=None,
    category=None,
    by=None,
    groups=(),
    ages=(),
    forms=(),
    places=(),
    area_codes=(),
    regions=(),
    end_date=None,
    description="",
    portal_id=None,
    **extra,
) -> Service:
    """A service; ``kind`` and groups are codelist ids ("DruhSocialniSluzby/4"), ``forms``
    are ``(form code, [(capacity type code, value), ...])``, ``places`` are municipality
    codes or ``(code, lat, lon)`` of facilities."""
    local = category is not None
    created = Service.objects.create(
        provider=by or provider(local=local),
        name=name,
        kind=item(kind) if kind else None,
        local_category=item(category) if category else None,
        source=Source.LOCAL if local else Source.REGISTER,
        start_date=datetime.date(2015, 1, 1),
        end_date=end_date,
        description=description,
        portal_id=portal_id,
        **extra,
    )
    created.target_groups.set([item(g) for g in groups])
    created.age_groups.set([item(a) for a in ages])
    for form_code, capacities in forms:
        service_form = ServiceForm.objects.create(
            service=created, form=item(f"FormaSocialniSluzby/{form_code}")
        )
        for type_code, value in capacities:
            Capacity.objects.create(
                service_form=service_form,
                type=item(f"TypKapacitySocialniSluzby/{type_code}"),
                value=value,
            )
    for place in places:
        code, lat, lon = place if isinstance(place, tuple) else (place, None, None)
        municipality = Municipality.objects.get(code=code)
        Facility.objects.create(
            service=created,
            name=name,
            street="Hlavní",
            house_number="1",
            postcode="39601",
            municipality=municipality,
            municipality_code=code,
            latitude=Decimal(lat) if lat else None,
            longitude=Decimal(lon) if lon else None,
        )
    for code in area_codes:
        ServiceAreaMunicipality.objects.create(
            service=created,
            municipality=Municipality.objects.get(code=code),
            origin=ServiceAreaMunicipality.Origin.MANUAL,
        )
    for region in regions:
        ServiceRegion.objects.create(service=created, region=region)
    search.reindex_services([created.pk])
    return created


HUMPOLEC, KEJZLICE, HERALEC = "547999", "548120", "568678"
SENIORS = "CilovaSkupinaOsoby/24"
CARERS = "CilovaSkupinaOsoby/26"
CARE_SERVICE = "DruhSocialniSluzby/4"  # pečovatelská služba
HOME_FOR_SENIORS = "DruhSocialniSluzby/13"  # domovy pro seniory
CRISIS = "DruhSocialniSluzby/23"  # krizová pomoc
COUNSELLING = "DruhSocialniSluzby/1"  # odborné sociální poradenství


def catalogue(area=None):
    """A small catalogue over the test territory (Humpolec, Kejžlice, Herálec).

    - Pečovatelská služba pro seniory (care service, field, 10 clients) in Humpolec,
      serving Kejžlice by hand;
    - Domov pro seniory Kejžlice (home for seniors, residential, 32 beds) in Kejžlice;
    - Krizová pomoc Vysočina (crisis help) in Humpolec, ended in 2020;
    - Poradna pro pečující (counselling for carers) with the extended scope of the
      region (Vysočina), no facility in the territory;
    - Klub seniorů Herálec: a local (non-registered) leisure service in Herálec.
    """
    load_codelists()
    from socplan import testing

    region, _district, _orp, _ = testing.make_territory()
    built = {
        "care": service(
            "Pečovatelská služba pro seniory",
            kind=CARE_SERVICE,
            groups=[SENIORS],
            ages=["VekovaSkupinaOsoby/8"],
            forms=[("ter", [("klient", 10)])],
            places=[(HUMPOLEC, "49.5415", "15.3593")],
            area_codes=[KEJZLICE],
            description="Pomáháme seniorům doma s nákupem, úklidem a hygienou.",
            portal_id=1001,
            phones=[{"value": "565 532 111", "note": ""}],
        ),
        "home": service(
            "Domov pro seniory Kejžlice",
            kind=HOME_FOR_SENIORS,
            by=provider("Domov Kejžlice, příspěvková organizace", "7000002"),
            groups=[SENIORS],
            forms=[("pob", [("luzka", 32)])],
            places=[(KEJZLICE, "49.5934", "15.3951")],
            portal_id=1002,
        ),
        "crisis": service(
            "Krizová pomoc Vysočina",
            kind=CRISIS,
            by=provider("Krizové centrum", "7000003"),
            groups=[CARERS],
            forms=[("amb", [("kontakt", 5)])],
            places=[(HUMPOLEC, "49.5410", "15.3600")],
            end_date=datetime.date(2020, 12, 31),
            portal_id=1003,
        ),
        "counselling": service(
            "Poradna pro pečující",
            kind=COUNSELLING,
            by=provider("Poradna Jihlava", "7000004"),
            groups=[CARERS],
            forms=[("amb", [("klient", 4)]), ("ter", [("interv", 12)])],
            regions=[region],
            portal_id=1004,
        ),
        "club": service(
            "Klub seniorů Herálec",
            category="socplan.LocalCategory/leisure",
            by=provider("Obec Herálec", local=True),
            groups=[SENIORS],
            places=[(HERALEC, "49.5410", "15.2780")],
        ),
    }
    return built


def life_situation(title="Senior potřebuje pomoc doma", *, area=None, kinds=(), groups=()):
    from django.utils.text import slugify

    situation = LifeSituation.objects.create(
        planning_area=area, slug=slugify(title), title=title, description="Popis."
    )
    situation.kinds.set([item(k) for k in kinds])
    situation.target_groups.set([item(g) for g in groups])
    return situation
