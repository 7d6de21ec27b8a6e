"""Benchmark: the region's view (socplan.monitoring.region) over the whole country: the
figures of all 206 ORPs (every region's overview from one loaded register) and the
national list, against a national register of about 7,000 services and a plan in every ORP.

Run on purpose, not in the test suite:

    SOCPLAN_DATA_DIR=/tmp/socplan-bench .venv/bin/python benchmarks/region_rollup.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/socplan_bench_region \
        .venv/bin/python benchmarks/region_rollup.py

The database of SOCPLAN_DATA_DIR (or DATABASE_URL) is migrated and the shipped reference
dataset of the whole country loaded when missing. Without a national register in the
catalogue, the synthetic one of benchmarks/area_profile.py is written (32 services in every
ORP). Without benchmark processes, one process is written over every ORP (its medium-term
plan approved in every other ORP, 12 measures naming services and target groups, costs of
the measures and of their activities for 5 years from 2 sources, an action plan with its
monitoring period) and 40 MAS processes over two neighbouring ORPs each: 246 processes,
about 3,000 measures and 40,000 cost rows. Labelled "benchmark" (their slugs begin so).

Target (issue 17): the figures of all 206 ORPs in under 5 s. The script prints target,
figure and ratio (figure / target; under 1 is met) of the wall and the CPU time, the best
and the median of ``--rounds`` runs (3), and appends them to benchmarks/results.md
(``--no-write``: print only).
"""

import argparse
import datetime
import os
import platform
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socplan.settings")
HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results.md"
TARGET = 5.0
PREFIX = "benchmark-"


def _processes() -> int:
    """One process over every ORP and 40 MAS processes (see the module's docstring)."""
    from django.db import transaction

    from socplan.catalogue.models import Codelist, CodelistItem, Service
    from socplan.consultation.models import PlanApproval
    from socplan.monitoring.models import MonitoringPeriod
    from socplan.organisation.models import PlanningProcess
    from socplan.planning.models import (
        ActionItem,
        Activity,
        CostEstimate,
        Measure,
        Plan,
        Priority,
    )
    from socplan.territory.models import Municipality, Orp, PlanningArea

    existing = PlanningProcess.objects.filter(slug__startswith=PREFIX).count()
    if existing:
        return existing
    rng = random.Random(17)
    groups = list(CodelistItem.objects.filter(codelist=Codelist.TARGET_GROUP))
    if not groups:
        from socplan.catalogue.services import ensure_codelists

        ensure_codelists()
        groups = list(CodelistItem.objects.filter(codelist=Codelist.TARGET_GROUP))
    members: dict[int, list[int]] = {}
    for orp_id, pk in Municipality.objects.filter(orp__isnull=False).values_list("orp_id", "pk"):
        members.setdefault(orp_id, []).append(pk)
    services_of: dict[int, list[int]] = {}
    for pk, orp_id in Service.objects.filter(
        facilities__municipality__orp__isnull=False
    ).values_list("pk", "facilities__municipality__orp_id"):
        services_of.setdefault(orp_id, []).append(pk)
    orps = list(Orp.objects.order_by("code"))
    kinds = [k for k, _label in Measure.Kind.choices]
    sources = ["region", "eu", "municipalities", "state"]
    with transaction.atomic():
        specs = [(f"ORP {o.name}", [o], PlanningArea.Kind.ORP, o) for o in orps]
        for n in range(40):
            a, b = orps[(n * 5) % len(orps)], orps[(n * 5 + 1) % len(orps)]
            specs.append((f"MAS {a.name} a {b.name}", [a, b], PlanningArea.Kind.MAS, None))
        for n, (name, area_orps, kind, orp) in enumerate(specs):
            area = PlanningArea.objects.create(
                name=name, slug=f"{PREFIX}area-{n}", kind=kind, orp=orp
            )
            municipalities = [m for o in area_orps for m in members.get(o.pk, [])]
            if kind == PlanningArea.Kind.MAS:
                municipalities = municipalities[: max(len(municipalities) * 2 // 3, 1)]
            area.municipalities.set(municipalities)
            process = PlanningProcess.objects.create(
                name=f"KPSS {name}",
                slug=f"{PREFIX}process-{n}",
                planning_area=area,
                period_start=2025,
                period_end=2029,
                realizer="benchmark",
                is_published=bool(n % 3),
            )
            approved = n % 2 == 0
            plan = Plan.objects.create(
                process=process,
                kind=Plan.Kind.MEDIUM_TERM,
                title=f"Plán {name}",
                year_start=2025,
                year_end=2029,
                status=Plan.Status.IN_FORCE if approved else Plan.Status.DRAFT,
            )
            if approved:
                PlanApproval.objects.create(
                    plan=plan,
                    version=1,
                    approved_on=datetime.date(2024, 12, 1),
                    resolution=f"ZM {n}/2024",
                )
            action_plan = Plan.objects.create(
                process=process,
                kind=Plan.Kind.ACTION,
                medium_term_plan=plan,
                year=2025,
                title=f"AP 2025 {name}",
                year_start=2025,
                year_end=2025,
            )
            candidates = [s for o in area_orps for s in services_of.get(o.pk, [])]
            costs, items = [], []
            for p in range(3):
                priority = Priority.objects.create(plan=plan, title=f"Priorita {p}", order=p)
                for m in range(4):
                    measure = Measure.objects.create(
                        priority=priority,
                        title=f"Opatření {p}.{m}",
                        order=m,
                        kind=rng.choice(kinds),
                    )
                    if candidates:
                        measure.services.set(rng.sample(candidates, min(2, len(candidates))))
                    measure.target_groups.set(rng.sample(groups, min(2, len(groups))))
                    activity = Activity.objects.create(measure=measure, title="Aktivita")
                    items.append(
                        ActionItem(plan=action_plan, activity=activity, status="in_progress")
                    )
                    for year in range(2025, 2030):
                        for source in rng.sample(sources, 2):
                            amount = Decimal(rng.randrange(10, 500) * 1000)
                            costs.append(
                                CostEstimate(
                                    plan=plan,
                                    measure=measure,
                                    year=year,
                                    source=source,
                                    amount=amount,
                                )
                            )
                            costs.append(
                                CostEstimate(
                                    plan=plan,
                                    measure=measure,
                                    activity=activity,
                                    year=year,
                                    source=source,
                                    amount=amount / 2,
                                )
                            )
            CostEstimate.objects.bulk_create(costs, batch_size=1000)
            ActionItem.objects.bulk_create(items)
            MonitoringPeriod.objects.create(action_plan=action_plan)
    return len(specs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each figure")
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    import django

    django.setup()
    from area_profile import _synthetic_register
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.urls import reverse

    from socplan.analysis import coverage
    from socplan.monitoring import region as region_module
    from socplan.planning.models import CostEstimate, Measure
    from socplan.territory import reference
    from socplan.territory.models import Municipality, Orp, Region

    call_command("migrate", interactive=False, verbosity=0)
    if Municipality.objects.count() < 6000:
        reference.load()
    services = _synthetic_register()
    processes = _processes()
    measures, costs = Measure.objects.count(), CostEstimate.objects.count()

    from django.conf import settings

    settings.DEBUG = True  # count the queries
    lines = []

    reverse("home:index")  # the URL configuration is loaded, as in a running server

    def timed(label, function):
        """The best and the median of ``--rounds`` runs (the machine may be shared)."""
        walls, cpus = [], []
        for _round in range(args.rounds):
            reset_queries()
            wall, cpu = time.perf_counter(), time.process_time()
            result = function()
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
            queries = len(connection.queries)
        wall, cpu = min(walls), min(cpus)
        lines.append(
            f"| {label} | {TARGET:.0f} s | {wall:.2f} s ({wall / TARGET:.2f}); median "
            f"{statistics.median(walls):.2f} s | {cpu:.2f} s ({cpu / TARGET:.2f}); median "
            f"{statistics.median(cpus):.2f} s | {queries} |"
        )
        print(lines[-1], flush=True)
        return result

    overviews = timed(
        f"the figures of all {Orp.objects.count()} ORPs: every region's overview, register "
        "loaded once (all_regions_overview)",
        region_module.all_regions_overview,
    )
    register = coverage.load_register()
    timed(
        "the same with the register already loaded (the roll-up alone)",
        lambda: [
            region_module.region_overview(region=r, register=register) for r in Region.objects.all()
        ],
    )
    timed("the national list of regions (national_overview)", region_module.national_overview)
    biggest = max(overviews, key=lambda o: len(o.orps))
    timed(
        f"one region's page data: {biggest.region_name} ({len(biggest.orps)} ORPs), with its "
        "register and tables",
        lambda: region_module.overview_tables(
            region_module.region_overview(region=Region.objects.get(code=biggest.region_code))
        ),
    )
    orps = sum(len(o.orps) for o in overviews)
    load = os.getloadavg()[0]
    header = (
        f"\n\n## Region's view roll-up, {datetime.date.today().isoformat()} "
        f"({connection.vendor}, Python {platform.python_version()}, {os.cpu_count()} cores, "
        f"load average {load:.1f})\n\n"
        f"Target (issue 17): the figures of all 206 ORPs under {TARGET:.0f} s. Data: {orps} "
        f"ORPs in {len(overviews)} regions, {services} services, {processes} benchmark "
        f"processes, {measures} measures, {costs} cost rows. Ratio = figure / target.\n\n"
        f"Best of {args.rounds} runs (and the median). "
        "CPU time is that of the Python process (SQLite runs in it; PostgreSQL's own work "
        "is in the wall time only).\n\n"
        "| what | target | wall time (ratio) | CPU time (ratio) | queries |\n"
        "| --- | --- | --- | --- | --- |\n"
    )
    text = header + "\n".join(lines) + "\n"
    print(text)
    if not args.no_write:
        with RESULTS.open("a", encoding="utf-8") as results:
            results.write(text)


if __name__ == "__main__":
    main()
