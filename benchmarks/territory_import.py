"""Benchmark: the national territory import (ČSÚ code lists, census, coordinates).

Run on purpose, not in the test suite:

    SOCPLAN_DATA_DIR=/tmp/socplan-bench .venv/bin/python benchmarks/territory_import.py [DIR]

DIR defaults to ../shared/data/territory. The database is a fresh SQLite file in
SOCPLAN_DATA_DIR (or DATABASE_URL). The figures (wall time and peak memory of the first
import and of the idempotent second one) are appended to benchmarks/results.md.
"""

import os
import resource
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socplan.settings")
REPO = Path(__file__).resolve().parents[1]
from _common import write_section  # noqa: E402


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from socplan.territory.importers import import_territory

    source = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO.parent / "shared/data/territory"
    call_command("migrate", interactive=False, verbosity=0)
    call_command("flush", interactive=False, verbosity=0)

    lines = []
    for label in ("first import", "second import (nothing to change)"):
        started = time.perf_counter()
        report = import_territory(source)
        elapsed = time.perf_counter() - started
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        lines.append(
            f"| {label} | {elapsed:.2f} s | {rss:.0f} MiB | "
            f"{report.total_added} added, {report.total_changed} changed |"
        )
    write_section(
        "Territory import",
        connection.vendor,
        ["run", "wall time", "peak resident memory so far", "result"],
        lines,
        load=False,
    )


if __name__ == "__main__":
    main()
