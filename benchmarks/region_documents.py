"""Benchmark: the region's page data with the coverage summary kept in the shared cache
(``analysis.coverage.national_coverage_cached``) against a cold cache (the national register
loaded), and the groundwork for the region's own plan (DOCX, XLSX) of the largest region.

Run on purpose, not in the test suite (the data as benchmarks/region_rollup.py writes it):

    SOCPLAN_DATA_DIR=/tmp/socplan-bench .venv/bin/python benchmarks/region_documents.py

Prints the best and the median of ``--rounds`` runs (3) and appends them to
benchmarks/results.md (``--no-write``: print only).
"""

import argparse
import datetime
import os
import platform
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socplan.settings")
HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results.md"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each figure")
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    import django

    django.setup()
    from area_profile import _synthetic_register
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.utils.translation import override
    from region_rollup import _processes

    from socplan.documents import region as documents
    from socplan.monitoring import region as region_module
    from socplan.territory import reference
    from socplan.territory.models import Municipality, Region

    call_command("migrate", interactive=False, verbosity=0)
    if Municipality.objects.count() < 6000:
        reference.load()
    services = _synthetic_register()
    _processes()
    region = max(Region.objects.all(), key=lambda r: r.orps.count())
    lines = []

    def timed(label, function, *, before=None):
        walls, cpus, result = [], [], None
        for _round in range(args.rounds):
            if before:
                before()
            wall, cpu = time.perf_counter(), time.process_time()
            result = function()
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
        lines.append(
            f"| {label} | {min(walls):.2f} s (median {statistics.median(walls):.2f} s) | "
            f"{min(cpus):.2f} s (median {statistics.median(cpus):.2f} s) |"
        )
        print(lines[-1], flush=True)
        return result

    with override("cs"):
        timed(
            "the region's page data, cache cold (the national register loaded)",
            lambda: region_module.region_overview(region=region),
            before=cache.clear,
        )
        overview = timed(
            "the region's page data, the coverage summary in the cache",
            lambda: region_module.region_overview(region=region),
        )
        docx = timed(
            "the groundwork for the region's plan, DOCX",
            lambda: documents.region_docx(overview=overview, language="cs"),
        )
        xlsx = timed(
            "the groundwork for the region's plan, XLSX",
            lambda: documents.region_xlsx(overview=overview, language="cs"),
        )
    load = os.getloadavg()[0]
    header = (
        f"\n\n## Region's page cache and plan groundwork, {datetime.date.today().isoformat()} "
        f"({connection.vendor}, Python {platform.python_version()}, {os.cpu_count()} cores, "
        f"load average {load:.1f})\n\n"
        f"{region.name}: {len(overview.orps)} ORPs, {len(overview.plans)} plans, "
        f"{overview.measures_total} measures; {services} services in the catalogue. DOCX "
        f"{len(docx) // 1024} KiB, XLSX {len(xlsx) // 1024} KiB. Best of {args.rounds} runs "
        "(and the median); CPU time of the Python process.\n\n"
        "| figure | wall | CPU |\n| --- | --- | --- |\n"
    )
    text = header + "\n".join(lines) + "\n"
    print(text)
    if not args.no_write:
        with RESULTS.open("a", encoding="utf-8") as file:
            file.write(text)


if __name__ == "__main__":
    main()
