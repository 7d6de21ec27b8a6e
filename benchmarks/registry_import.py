"""Benchmark: the register import (RPSS) at national scale, against the ``json.load`` floor.

Run on purpose, not in the test suite:

    SOCPLAN_DATA_DIR=/tmp/socplan-bench .venv/bin/python benchmarks/registry_import.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/socplan_bench_import \
        .venv/bin/python benchmarks/registry_import.py --rounds 3

A generator writes a file in the RPSS shape with the national counts (6,733 services,
18,907 facilities, real municipality codes, ~3.6 % facilities without an address code,
duplicates, several forms with their capacities), compact like the real one: ~21 MB, or
~100 MB, the size of the real file, with ``--padded`` (attachments in
``doplnkoveUdaje``), into a temporary folder (never into the repository). The database is
SOCPLAN_DATA_DIR's SQLite file (or DATABASE_URL); the national territory is imported first
in a separate process when missing. Each round empties the catalogue (in a child process)
and imports three times: the file into the empty catalogue, the same file again (nothing
to change), and a file in which 500 services have another phone.

The floor of each import is ``json.load`` of the same file, timed in a child process just
before and just after the import (the mean of the two): the machine is shared, so absolute
times vary with its load while the ratio import / floor holds. Targets (issue "Speed where
people wait"): the first import within 5 times the floor on SQLite and 8 times on
PostgreSQL, an import with nothing changed within 2 times, memory flat. The script prints
target, figure and ratio of each import and their medians over the rounds, and appends
them to benchmarks/results.md (``--no-write``: print only). It also prints the longest
transaction of each import, wall and CPU time: on SQLite, how long other writers (a public
suggestion, an edit) wait for the import at most (issue 10, the write lock).
"""

import argparse
import datetime
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socplan.settings")
REPO = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).with_name("results.md")
SERVICES = 6733
FACILITIES = 18907
KINDS = [1, *range(3, 36)]
FORMS = {"pob": ["luzka"], "amb": ["klient", "kontakt", "interv"], "ter": ["klient", "interv"]}


def ico(number: int) -> str:
    first = f"{number:07d}"
    total = sum(int(d) * w for d, w in zip(first, (8, 7, 6, 5, 4, 3, 2), strict=True))
    return first + str((11 - total % 11) % 10)


def generate(
    path: Path, municipalities: list[tuple[str, str]], *, seed: int, changed=0, padding=True
) -> int:
    """Write the file item by item (small memory), compact like the real one; return its
    size in bytes. ``changed`` services get a different phone (for the third run);
    ``padding`` adds attachments (``doplnkoveUdaje``) so that the file has the size of the
    real one (~100 MB instead of ~23 MB)."""
    rng = random.Random(seed)
    per_service = [1] * SERVICES
    for _ in range(FACILITIES - SERVICES):
        per_service[rng.randrange(SERVICES)] += 1
    providers = 2600
    with open(path, "w", encoding="utf-8") as out:
        out.write('{"polozky": [')
        for index in range(SERVICES):
            portal_id = 1000 + index * 3
            provider = rng.randrange(providers)
            municipality, region = municipalities[rng.randrange(len(municipalities))]
            facilities = []
            for number in range(per_service[index]):
                place, place_region = (
                    (municipality, region)
                    if number == 0
                    else municipalities[rng.randrange(len(municipalities))]
                )
                address = {
                    "cisloDomovni": rng.randrange(1, 3000),
                    "cisloOrientacni": str(rng.randrange(1, 80)) if rng.random() < 0.5 else None,
                    "dodatekAdresy": None,
                    "kodAdresnihoMista": None
                    if rng.random() < 0.0358
                    else 10_000_000 + index * 10 + number,
                    "psc": f"{rng.randrange(10000, 79999)}",
                    "typCislaDomovniho": {"id": "TypStavebnihoObjektu/1"},
                    "kraj": {"id": f"Kraj/{place_region}"} if place_region else None,
                    "okres": None,
                    "obec": {"id": f"Obec/{place}"},
                    "castObce": None,
                    "mestskyObvodMestskaCast": None,
                    "mestskyObvodVPraze": None,
                    "ulice": {"nazev": f"Ulice {rng.randrange(500)}"},
                }
                facilities.append(
                    {
                        "id": None,
                        "portalId": None,
                        "identifikator": None,
                        "nazev": f"Zařízení {index}-{number}",
                        "poskytujeOd": "2010-01-01",
                        "poskytujeDo": None,
                        "utajenaAdresa": False,
                        "adresa": address,
                    }
                )
            form_codes = rng.sample(sorted(FORMS), rng.choice([1, 1, 2, 2, 3]))
            formy = [
                {
                    "forma": {"id": f"FormaSocialniSluzby/{code}"},
                    "nepretrzitePoskytovani": code == "pob",
                    "casoveRozsahy": None,
                    "kapacity": [
                        {
                            "pocet": rng.randrange(1, 200),
                            "popis": "Maximální kapacita s účinností od 01.01.2020.",
                            "typ": {"id": f"TypKapacitySocialniSluzby/{rng.choice(FORMS[code])}"},
                        }
                    ],
                }
                for code in form_codes
            ]
            phone = f"{rng.randrange(100, 999)} {rng.randrange(100, 999)} {rng.randrange(100, 999)}"
            if index < changed:
                phone = "000 000 000"
            item = {
                "portalId": portal_id,
                "id": 5_000_000 + index,
                "identifikator": f"{1_000_000 + index}",
                "datumPoskytovaniOd": "2008-01-01",
                "datumPoskytovaniDo": "2012-12-31" if rng.random() < 0.05 else None,
                "kontaktniAdresy": [],
                "druhSocialniSluzby": {"id": f"DruhSocialniSluzby/{rng.choice(KINDS)}"},
                "zarizeni": facilities,
                "poskytovatel": {
                    "ico": ico(1_000_000 + provider),
                    "nazev": f"Poskytovatel {provider}, z. s.",
                    "weby": [{"web": f"www.p{provider}.example", "poznamka": None}],
                    "emaily": [{"email": f"info@p{provider}.example", "poznamka": None}],
                    "telefony": [{"telefon": "000 000 000", "poznamka": None}],
                    "statutarniOrgany": [
                        {"titulPred": "Mgr.", "jmeno": "Jméno", "prijmeni": "Příjmení"}
                    ]
                    * 3,
                },
                "emaily": [{"email": f"sluzba{index}@p{provider}.example", "poznamka": None}],
                "telefony": [{"telefon": phone, "poznamka": None}],
                "faxy": [],
                "weby": [{"web": f"www.p{provider}.example/s{index}", "poznamka": None}],
                "ciloveSkupiny": [
                    {"cilovaSkupina": {"id": f"CilovaSkupinaOsoby/{g}"}}
                    for g in sorted(rng.sample(range(1, 27), 3))
                ],
                "vekoveSkupiny": [
                    {"vekovaSkupina": {"id": f"VekovaSkupinaOsoby/{g}"}} for g in range(5, 10)
                ],
                "doplnujiciInformaceVekoveSkupiny": None,
                "formy": formy,
                "rozsirenePusobnostiVKraji": [{"kraj": {"id": "Kraj/108"}}]
                if rng.random() < 0.1
                else [],
                # padding like the real attachments (the real file: ~15 kB per service)
                "doplnkoveUdaje": {
                    key: [
                        {
                            "priloha": {
                                "url": "https://example.mpsv.cz/agportal-server/rest/"
                                f"documents/{index}/{n}",
                                "nazev": "Příloha " + "x" * 300,
                            }
                        }
                        for n in range(10)
                    ]
                    for key in (
                        "realizacePoskytovani",
                        "planyFinancnihoZajisteni",
                        "personalniZajisteni",
                    )
                }
                if padding
                else {},
            }
            if index % 500 == 7:  # a duplicated facility now and then
                item["zarizeni"].append(
                    dict(item["zarizeni"][0], nazev=facilities[0]["nazev"] + " ")
                )
            text = json.dumps(item, ensure_ascii=False, separators=(",", ":"))
            out.write(("," if index else "") + text)
        out.write("]}")
    return path.stat().st_size


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def children_cpu() -> float:
    """CPU seconds of the finished child processes (the import's helper, see
    ``socplan.catalogue.services._Helper``, and the floors)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


FLOOR = """
import json, sys, time
started, cpu = time.perf_counter(), time.process_time()
with open(sys.argv[1], "rb") as handle:
    json.load(handle)
print(time.perf_counter() - started, time.process_time() - cpu)
"""

EMPTY_CATALOGUE = """
import django
django.setup()
from django.db import connection
from socplan.catalogue.models import Provider, RegistryImport, Service
Service.objects.all().delete()
Provider.objects.all().delete()
RegistryImport.objects.all().delete()
if connection.vendor == "sqlite":
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM catalogue_service_fts")
"""

TARGETS = {  # (SQLite, PostgreSQL): at most this many times the json.load floor
    "first import": (5, 8),
    "second import (nothing to change)": (2, 2),
    "third import (500 services changed)": (None, None),
}


class WriteTransactions:
    """Wall and CPU seconds of each outermost transaction of this process (on SQLite, the
    time the write lock is held: every other writer waits for it)."""

    def __init__(self):
        from django.db import connection, transaction

        self.spans: list[tuple[float, float]] = []
        atomic, spans = transaction.Atomic, self.spans
        enter, leave = atomic.__enter__, atomic.__exit__

        def entering(block):
            if not connection.in_atomic_block:
                block._bench_started = (time.perf_counter(), time.process_time())
            return enter(block)

        def leaving(block, *exc):
            result = leave(block, *exc)
            started = block.__dict__.pop("_bench_started", None)
            if started is not None and not connection.in_atomic_block:
                spans.append((time.perf_counter() - started[0], time.process_time() - started[1]))
            return result

        atomic.__enter__, atomic.__exit__ = entering, leaving

    def longest(self) -> tuple[float, float]:
        """The longest transaction since the last call (wall, CPU)."""
        found = max(self.spans, default=(0.0, 0.0))
        self.spans.clear()
        return found


def floor(path: Path) -> tuple[float, float]:
    """Wall and CPU seconds of json.load of ``path`` in a fresh interpreter."""
    result = subprocess.run(
        [sys.executable, "-c", FLOOR, str(path)], check=True, capture_output=True, text=True
    )
    wall, cpu = result.stdout.split()
    return float(wall), float(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--padded", action="store_true", help="a ~100 MB file, like the real")
    parser.add_argument("--no-write", action="store_true", help="do not append to results.md")
    options = parser.parse_args()

    import django

    django.setup()
    from django.db import connection

    from socplan.catalogue.services import registry_import_run
    from socplan.territory.models import Municipality

    # a clean database, prepared in child processes so that their memory is not counted
    socplan = [sys.executable, "-m", "socplan"]
    quiet = {"check": True, "stdout": subprocess.DEVNULL}
    subprocess.run([*socplan, "migrate", "--no-input"], **quiet)
    if not Municipality.objects.exists():
        subprocess.run(
            [
                *socplan,
                "import_territory",
                "--no-progress",
                str(REPO.parent / "shared/data/territory"),
            ],
            **quiet,
        )
    municipalities = [
        (code, region or "")
        for code, region in Municipality.objects.values_list("code", "district__region__ruian_code")
    ]
    vendor = connection.vendor
    target_index = 0 if vendor == "sqlite" else 1
    transactions = WriteTransactions()
    rows, ratios = [], {label: [] for label in TARGETS}
    with tempfile.TemporaryDirectory(prefix="socplan-bench-rpss-") as tmp:
        path = Path(tmp) / "rpss.json"
        started = time.perf_counter()
        size = generate(path, municipalities, seed=1, padding=options.padded)
        generated = time.perf_counter() - started
        changed_path = Path(tmp) / "rpss-changed.json"
        generate(changed_path, municipalities, seed=1, changed=500, padding=options.padded)
        connection.close()
        baseline = rss_mib()
        for number in range(1, options.rounds + 1):
            subprocess.run([sys.executable, "-c", EMPTY_CATALOGUE], check=True)
            runs = [
                ("first import", path),
                ("second import (nothing to change)", path),
                ("third import (500 services changed)", changed_path),
            ]
            for label, source in runs:
                before = floor(source)
                transactions.longest()
                started, cpu = time.perf_counter(), time.process_time()
                helper_cpu = children_cpu()
                run = registry_import_run(path=source)
                locked, locked_cpu = transactions.longest()
                elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
                cpu += children_cpu() - helper_cpu
                after = floor(source)
                floor_wall = (before[0] + after[0]) / 2
                floor_cpu = (before[1] + after[1]) / 2
                ratio = elapsed / floor_wall
                ratios[label].append(ratio)
                target = TARGETS[label][target_index]
                rows.append(
                    f"| {number} | {label} | {f'≤ {target}×' if target else '–'} | "
                    f"{elapsed:.2f} s | {floor_wall:.2f} s | **{ratio:.1f}×** | "
                    f"{cpu:.2f} s / {floor_cpu:.2f} s | {rss_mib():.0f} MiB | "
                    f"{run.added} added, {run.changed} changed, {run.ended} ended, "
                    f"{run.unchanged} unchanged | {locked:.2f} s / {locked_cpu:.2f} s | "
                    f"{os.getloadavg()[0]:.1f} |"
                )
                print(rows[-1], flush=True)
        from socplan.catalogue.models import Facility

        facilities = Facility.objects.count()
    summary = []
    for label, values in ratios.items():
        target = TARGETS[label][target_index]
        median = statistics.median(values)
        verdict = ("met" if median <= target else "NOT met") if target else "no target"
        summary.append(
            f"| {label} | {f'≤ {target}×' if target else '–'} | **{median:.1f}×** | "
            f"{min(values):.1f}× – {max(values):.1f}× | {verdict} |"
        )
    header = (
        f"\n## Register import (RPSS) against the json.load floor, {datetime.date.today()} "
        f"({vendor}, Python {platform.python_version()}, {os.cpu_count()} cores)\n\n"
        f"Generated file: {SERVICES} services, {FACILITIES} facilities "
        f"({facilities} after deduplication), {size / 1_000_000:.0f} MB compact JSON"
        f"{' (padded like the real file)' if options.padded else ''}, written in "
        f"{generated:.1f} s. {options.rounds} rounds (each: empty catalogue, first import, "
        "the same file again, a file with 500 services changed). Floor: `json.load` of the "
        "same file in a fresh interpreter, just before and just after each import (mean). "
        "CPU: of this process and of its helper process, if any (a first import is "
        "staged on two cores; on PostgreSQL the server's work is not in it) / of the "
        f"floor. Peak resident memory of the process before the imports: {baseline:.0f} "
        "MiB. Longest transaction: wall / CPU seconds of the longest transaction of the "
        "import (on SQLite the time other writers wait at most). Load: the shared "
        "machine's 1-minute load average after the import.\n\n"
        "| run | target | median ratio | range | |\n| --- | --- | --- | --- | --- |\n"
        + "\n".join(summary)
        + "\n\n| round | import | target | wall time | floor | ratio | CPU / floor CPU | "
        "peak memory so far | result | longest transaction | load |\n"
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n"
    )
    text = header + "\n".join(rows) + "\n"
    print(text)
    if not options.no_write:
        with RESULTS.open("a", encoding="utf-8") as handle:
            handle.write(text)


if __name__ == "__main__":
    main()
