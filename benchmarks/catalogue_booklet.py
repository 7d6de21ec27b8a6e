"""Benchmark: the catalogue booklet (PDF) of the Humpolec demo.

Run on purpose, not in the test suite:

    SOCPLAN_DATA_DIR=/tmp/socplan-bench .venv/bin/python benchmarks/catalogue_booklet.py

The database is the one of SOCPLAN_DATA_DIR (or DATABASE_URL): it is migrated and the
demo loaded when missing. Each arrangement (by kind, by target group) and page size is
rendered once; the wall time, the CPU time of this process (the machine is shared, so
wall time depends on the load) and the number of pages are appended to
benchmarks/results.md.
"""

import io
import os
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socplan.settings")
from _common import write_section  # noqa: E402


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from pypdf import PdfReader

    from socplan.core.demo import load_demo
    from socplan.documents.booklet import default_process, render_booklet
    from socplan.territory.models import PlanningArea

    call_command("migrate", interactive=False, verbosity=0)
    load_demo()
    area = PlanningArea.objects.get(slug="orp-humpolec")
    process = default_process(area)
    lines = []
    for by in ("kind", "target_group"):
        for size in ("A5", "A4"):
            wall, cpu = time.perf_counter(), time.process_time()
            pdf = render_booklet(area=area, process=process, by=by, page_size=size)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            pages = len(PdfReader(io.BytesIO(pdf)).pages)
            kib = len(pdf) // 1024
            lines.append(f"| by {by}, {size} | {wall:.1f} s | {cpu:.1f} s | {pages} | {kib} KiB |")
    write_section(
        "Catalogue booklet of the Humpolec demo",
        connection.vendor,
        ["booklet", "wall time", "CPU time", "pages", "size"],
        lines,
    )


if __name__ == "__main__":
    main()
