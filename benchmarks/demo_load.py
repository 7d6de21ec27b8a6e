"""Benchmark: loading the demo (``socplan load_demo``) into a fresh, migrated database, as
``make run`` and the ``shared_demo`` test fixture do.

Run on purpose, not in the test suite:

    .venv/bin/python benchmarks/demo_load.py            # the settings of ``socplan`` (production)
    .venv/bin/python benchmarks/demo_load.py --tests    # the settings the test fixture uses

Each run migrates a fresh SQLite database in a temporary SOCPLAN_DATA_DIR (not timed),
then times ``load_demo`` once: the CPU time of this process (the machine is shared, so wall
time depends on the load), the wall time, and the CPU time of each app's loader. With
``--again`` the demo is then loaded a second time in the same process into a new empty
database (as the test suite does); with ``--data-dir DIR`` an earlier run's folder is
reused (the demo's PDFs kept in ``DIR/demo-pdfs``); with ``--profile FILE`` the first load
runs under cProfile (CPU time).
"""

import argparse
import os
import sys
import tempfile
import time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tests", action="store_true", help="with the settings of the tests")
    parser.add_argument("--profile", help="write a cProfile of the load to this file")
    parser.add_argument(
        "--data-dir",
        help="SOCPLAN_DATA_DIR to use (its database is made again; its files, such as the "
        "demo's PDFs kept from an earlier run, are kept); default: a new temporary folder",
    )
    parser.add_argument(
        "--again", action="store_true", help="then load it again into a new empty database"
    )
    options = parser.parse_args()
    data_dir = options.data_dir or tempfile.mkdtemp(prefix="socplan-demo-bench-")
    if os.path.exists(f"{data_dir}/socplan.sqlite3"):  # a new database, the files kept
        os.remove(f"{data_dir}/socplan.sqlite3")
    os.environ["SOCPLAN_DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socplan.settings")
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

    import django

    django.setup()
    from django.core.management import call_command
    from django.test import override_settings

    from socplan.core.demo import load_demo
    from socplan.testing.personas import settings_for_tests

    call_command("migrate", verbosity=0)
    overrides = {}
    if options.tests:
        overrides = {
            **settings_for_tests(),
            "LIBRARY_ROOT": f"{data_dir}/library",
            "MEDIA_ROOT": f"{data_dir}/media",
            "PRIVATE_ROOT": f"{data_dir}/private",
        }
    per_app: dict[str, float] = {}
    from django.apps import apps

    for config in apps.get_app_configs():
        loader = getattr(config, "load_demo", None)
        if loader is not None:

            def timed(report, loader=loader, label=config.label):
                start = time.process_time()
                try:
                    loader(report)
                finally:
                    per_app[label] = time.process_time() - start

            config.load_demo = timed
    profiler = None
    if options.profile:
        import cProfile

        profiler = cProfile.Profile(time.process_time)  # CPU time: the machine is shared
    with override_settings(**overrides):
        cpu, wall = time.process_time(), time.perf_counter()
        if profiler:
            profiler.enable()
        report = load_demo()
        if profiler:
            profiler.disable()
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    if profiler:
        profiler.dump_stats(options.profile)
    load = os.getloadavg()[0]
    settings_name = "test settings" if options.tests else "production settings"
    print(
        f"load_demo ({settings_name}): CPU {cpu:.2f} s, wall {wall:.2f} s, "
        f"{sum(report.created.values())} objects created, load average {load:.1f}"
    )
    print("  CPU by app: " + ", ".join(f"{label} {cpu:.2f} s" for label, cpu in per_app.items()))
    if options.again:  # a second load in this process, into a second empty database
        from django.db import connection

        connection.close()
        os.remove(f"{data_dir}/socplan.sqlite3")
        call_command("migrate", verbosity=0)
        with override_settings(**overrides):
            cpu, wall = time.process_time(), time.perf_counter()
            load_demo()
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        print(f"  second load in the same process: CPU {cpu:.2f} s, wall {wall:.2f} s")


if __name__ == "__main__":
    main()
