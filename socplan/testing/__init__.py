"""Test support for every app (project level, beside settings and urls, outside the app
layers): small builders for a territory, a planning area and a process without importing
the national code lists (the importer's own tests read the real files); the shared
personas (:mod:`socplan.testing.personas`, loaded by the root conftest.py); a small
catalogue (:mod:`socplan.testing.catalogue`); the e-mail queue in tests
(:mod:`socplan.testing.mail`: ``sent_mail()``, a failing mail server)."""

import datetime
from decimal import Decimal

from socplan.territory.models import District, Municipality, Orp, PlanningArea, Population, Region


def make_territory():
    region, _ = Region.objects.get_or_create(
        code="3107",
        defaults={"name": "Kraj Vysočina", "nuts_code": "CZ063", "ruian_code": "108"},
    )
    district, _ = District.objects.get_or_create(
        code="40673",
        defaults={
            "name": "Pelhřimov",
            "lau_code": "CZ0633",
            "ruian_code": "3304",
            "region": region,
        },
    )
    orp, _ = Orp.objects.get_or_create(code="6103", defaults={"name": "Humpolec", "region": region})
    # Test values: Humpolec has its census figures, the small ones are made up for tests.
    rows = [
        ("547999", "Humpolec", 10835, 1643, 6714, 2478, "49.541500", "15.359300"),
        ("548120", "Kejžlice", 330, 52, 211, 67, "49.593400", "15.395100"),
        ("568678", "Herálec", 695, 121, 455, 119, "49.541000", "15.278000"),
    ]
    municipalities = []
    for code, name, total, a, b, c, lat, lon in rows:
        m, _ = Municipality.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "district": district,
                "orp": orp,
                "latitude": Decimal(lat),
                "longitude": Decimal(lon),
            },
        )
        Population.objects.get_or_create(
            municipality=m,
            year=2021,
            source=Population.Source.CENSUS,
            defaults={
                "reference_date": datetime.date(2021, 3, 26),
                "total": total,
                "age_0_14": a,
                "age_15_64": b,
                "age_65_plus": c,
            },
        )
        municipalities.append(m)
    return region, district, orp, municipalities


def make_other_region():
    region, _ = Region.objects.get_or_create(
        code="3042",
        defaults={"name": "Jihočeský kraj", "nuts_code": "CZ031", "ruian_code": "35"},
    )
    return region


def make_area(*, name="ORP Humpolec", slug="orp-humpolec"):
    _, _, orp, municipalities = make_territory()
    area = PlanningArea.objects.create(name=name, slug=slug, kind=PlanningArea.Kind.ORP, orp=orp)
    area.municipalities.set(municipalities)
    return area


def make_process(*, area=None, published=True, slug="kpss-humpolec"):
    from socplan.organisation.models import Phase, PlanningProcess

    area = area or make_area()
    process = PlanningProcess.objects.create(
        name="Komunitní plán sociálních služeb v ORP Humpolec",
        slug=slug,
        planning_area=area,
        period_start=2019,
        period_end=2021,
        realizer="MAS Společnost pro rozvoj Humpolecka",
        registration_number="CZ.03.2.63/0.0/0.0/16_063/0006578",
        publicity_notice="Projekt je spolufinancován Evropskou unií.",
        contact_name="Jana Testová",
        contact_email="kontakt@example.org",
        is_published=published,
    )
    Phase.objects.create(
        process=process,
        kind=Phase.Kind.PREPARATION,
        start=datetime.date(2017, 9, 1),
        end=datetime.date(2017, 12, 31),
    )
    Phase.objects.create(
        process=process,
        kind=Phase.Kind.ANALYSIS,
        start=datetime.date(2018, 1, 1),
        end=datetime.date(2018, 6, 30),
    )
    return process


def grant_role(*, user, process, role: str):
    """Give ``user`` a role in ``process`` (for the tests of apps beside organisation)."""
    from socplan.organisation.models import ProcessRole

    return ProcessRole.objects.get_or_create(user=user, process=process, role=role)[0]


def has_role(*, user, process, role: str) -> bool:
    from socplan.organisation.models import ProcessRole

    return ProcessRole.objects.filter(user=user, process=process, role=role).exists()
