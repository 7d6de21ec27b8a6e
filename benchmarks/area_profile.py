"""Benchmark: the profile of an ORP with its comparison (region, Czechia) and the coverage of
all 206 ORPs against a national register of about 6,700 services.

Run on purpose, not in the test suite:

    SOCPLAN_DATA_DIR=/tmp/socplan-bench .venv/bin/python benchmarks/area_profile.py

The database of SOCPLAN_DATA_DIR (or DATABASE_URL) is migrated and the shipped reference
dataset of the whole country loaded. Without a national register in the catalogue, a
synthetic one is written (labelled "benchmark", 32 services in every ORP: field services over
the whole ORP, homes and outpatient services in its largest municipality, with capacities).
Targets: a profile (demography with comparison) under 1 s; the coverage of all ORPs under 5 s.
Figures are appended to benchmarks/results.md.
"""

import os
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socplan.settings")
from _common import write_section  # noqa: E402

ORPS = ("6103", "3112", "6221", "1000", "8107", "5103")


def _synthetic_register() -> int:
    from django.db import transaction

    from socplan.catalogue.models import (
        Capacity,
        Codelist,
        CodelistItem,
        Facility,
        Provider,
        Service,
        ServiceAreaMunicipality,
        ServiceForm,
    )
    from socplan.catalogue.services import ensure_codelists
    from socplan.territory.models import Municipality, Orp

    if Service.objects.count() >= 6000:
        return Service.objects.count()
    ensure_codelists()
    kinds = {i.code: i for i in CodelistItem.objects.filter(codelist=Codelist.KIND)}
    forms = {i.code: i for i in CodelistItem.objects.filter(codelist=Codelist.FORM)}
    units = {i.code: i for i in CodelistItem.objects.filter(codelist=Codelist.CAPACITY_TYPE)}
    residential = {"13", "14", "12", "15", "20", "11"}
    outpatient = {"1", "9", "10", "22", "24", "25", "29", "30", "33"}
    with transaction.atomic():
        provider, _ = Provider.objects.get_or_create(ico="99999999", defaults={"name": "benchmark"})
        members = {}
        for orp_id, pk in Municipality.objects.filter(orp__isnull=False).values_list(
            "orp_id", "pk"
        ):
            members.setdefault(orp_id, []).append(pk)
        largest = {}
        for row in (
            Municipality.objects.filter(orp__isnull=False)
            .values("orp_id", "pk", "latitude", "longitude", "population__total")
            .order_by("orp_id", "-population__total")
        ):
            largest.setdefault(row["orp_id"], row)
        services, plans = [], []
        for orp in Orp.objects.all():
            seat = largest.get(orp.pk)
            if seat is None:
                continue
            for code in sorted(kinds, key=lambda c: int(c) if c.isdigit() else 999):
                form = "pob" if code in residential else "amb" if code in outpatient else "ter"
                services.append(
                    Service(
                        provider=provider, name=f"{kinds[code].name} {orp.name}", kind=kinds[code]
                    )
                )
                plans.append((orp.pk, seat, form))
        Service.objects.bulk_create(services, batch_size=1000)
        service_forms, capacities, facilities, areas = [], [], [], []
        for service, (orp_id, seat, form) in zip(services, plans, strict=True):
            service_forms.append(ServiceForm(service=service, form=forms[form]))
            facilities.append(
                Facility(
                    service=service,
                    municipality_id=seat["pk"],
                    latitude=seat["latitude"],
                    longitude=seat["longitude"],
                )
            )
            reached = members[orp_id] if form == "ter" else [seat["pk"]]
            areas += [
                ServiceAreaMunicipality(service=service, municipality_id=m, origin="facility")
                for m in reached
            ]
        ServiceForm.objects.bulk_create(service_forms, batch_size=1000)
        for sf, (_orp, _seat, form) in zip(service_forms, plans, strict=True):
            unit = "luzka" if form == "pob" else "klient"
            capacities.append(Capacity(service_form=sf, type=units[unit], value=40))
        Capacity.objects.bulk_create(capacities, batch_size=1000)
        Facility.objects.bulk_create(facilities, batch_size=1000)
        ServiceAreaMunicipality.objects.bulk_create(areas, batch_size=2000)
    return Service.objects.count()


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from socplan.analysis import coverage, demography
    from socplan.territory import reference
    from socplan.territory.models import Municipality

    call_command("migrate", interactive=False, verbosity=0)
    if Municipality.objects.count() < 6000:
        reference.load()
    services = _synthetic_register()

    lines = []
    for code in ORPS:
        area = demography.resolve_area(code)
        wall, cpu = time.perf_counter(), time.process_time()
        analysis = demography.demography(area)
        analysis.pyramid()
        analysis.map()
        demography.tables(analysis)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        lines.append(
            f"| profile of {area.name} ({len(area.municipality_ids)} municipalities, "
            f"with region and Czechia, charts, tables) | {wall:.2f} s | {cpu:.2f} s |"
        )
    wall, cpu = time.perf_counter(), time.process_time()
    register = coverage.load_register()
    result = coverage.national_coverage(register)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    lines.append(
        f"| coverage of all {len(result)} ORPs against {services} services (register "
        f"loaded once, reach, attribution, white spots, ratios) | {wall:.2f} s | {cpu:.2f} s |"
    )
    wall, cpu = time.perf_counter(), time.process_time()
    one = coverage.coverage(demography.resolve_area("3112"), register=register)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    lines.append(
        f"| coverage of ORP Tábor ({len(one.rows)} municipalities) with distances, "
        f"register loaded | {wall:.2f} s | {cpu:.2f} s |"
    )
    write_section(
        "Area profile and coverage",
        connection.vendor,
        ["what", "wall time", "CPU time"],
        lines,
        note=(
            "Targets: the profile of any ORP with its comparison under 1 s; the coverage of all "
            "206 ORPs against the national register of about 6,700 services under 5 s.\n"
        ),
    )


if __name__ == "__main__":
    main()
