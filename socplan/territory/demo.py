"""Demo territory: the 25 municipalities of ORP Humpolec with real codes, names,
census population and coordinates (see demo/orp_humpolec.json), and the planning area."""

import datetime
import json
from decimal import Decimal
from pathlib import Path

from .models import District, Municipality, Orp, PlanningArea, Population, Region

DATA_FILE = Path(__file__).with_name("demo") / "orp_humpolec.json"
AREA_SLUG = "orp-humpolec"


def load(report) -> PlanningArea:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    region, created = Region.objects.get_or_create(
        code=data["region"]["code"], defaults=data["region"]
    )
    report.add("region", created)
    districts = {}
    for row in data["districts"]:
        district, created = District.objects.get_or_create(
            code=row["code"], defaults={**row, "region": region}
        )
        districts[district.code] = district
        report.add("district", created)
    orp, created = Orp.objects.get_or_create(
        code=data["orp"]["code"], defaults={**data["orp"], "region": region}
    )
    report.add("ORP", created)

    census_year = data["census"]["year"]
    census_date = datetime.date.fromisoformat(data["census"]["reference_date"])
    register_year = data["register_population_year"]
    municipalities = []
    for row in data["municipalities"]:
        municipality, created = Municipality.objects.get_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "short_name": row["name"],
                "district": districts[row["district"]],
                "orp": orp,
                "postcode": row["postcode"],
                "latitude": Decimal(row["latitude"]),
                "longitude": Decimal(row["longitude"]),
            },
        )
        report.add("municipality", created)
        municipalities.append(municipality)
        _, created = Population.objects.get_or_create(
            municipality=municipality,
            year=census_year,
            source=Population.Source.CENSUS,
            defaults={"reference_date": census_date, **row["census_2021"]},
        )
        report.add("census population record", created)
        _, created = Population.objects.get_or_create(
            municipality=municipality,
            year=register_year,
            source=Population.Source.REGISTER,
            defaults={"total": row["population_2020"]},
        )
        report.add("register population record", created)

    area, created = PlanningArea.objects.get_or_create(
        slug=AREA_SLUG,
        defaults={
            "name": "ORP Humpolec",
            "kind": PlanningArea.Kind.ORP,
            "orp": orp,
            "description": (
                "Správní obvod obce s rozšířenou působností Humpolec: 25 obcí v okrese "
                "Pelhřimov, Kraj Vysočina."
            ),
            "is_demo": True,
        },
    )
    report.add("planning area", created)
    if created:
        area.municipalities.set(municipalities)
    _load_statistics(report, orp_code=orp.code)
    return area


def _load_statistics(report, *, orp_code: str) -> None:
    """Population by age and sex, the index of social exclusion and the boundaries of the
    demo's ORP from the shipped reference dataset (only what is missing). The whole country
    comes with ``socplan load_reference`` (``make run``); loading it here would slow down
    every test that loads the demo."""
    from . import reference

    path = reference.DEMO_FILE if orp_code in reference.DEMO_ORPS else None
    _territory, statistics = reference.load(
        orp_codes={orp_code}, path=path, with_territory=False, create_only=True
    )
    for label, entity in (
        ("population by age and sex record", statistics.age_structure),
        ("social exclusion record", statistics.social_exclusion),
        ("boundary", statistics.boundaries),
    ):
        for _ in range(entity.added):
            report.add(label)
