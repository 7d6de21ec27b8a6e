"""Benchmark: the plan document (PDF) of the Humpolec demo, a generated plan of about 100
pages, and the catalogue booklet of the demo, against the targets of issue 16 (CPU time:
the demo plan and the A5 booklet each under 2 s, a plan of 100 pages under 8 s; a second
download of an unchanged plan "instant").

Run on purpose, not in the test suite:

    SOCPLAN_DATA_DIR=/tmp/sb-documents .venv/bin/python benchmarks/plan_document.py

The database is the one of SOCPLAN_DATA_DIR (or DATABASE_URL): it is migrated and the demo
loaded when missing; the generated plan (in the demo process, so with the analytical
chapters of the demo area) is made when missing. Each document is rendered once in this
process after one warm-up rendering of a small document (imports, fonts); the CPU time of
this process (the machine is shared: wall time depends on the load), the wall time and the
number of pages are printed and appended to benchmarks/results.md. The kept-document rows
time ``plan_document_cached``: the first call typesets, the second finds the kept file (for
an approved plan by its version, for a draft by the hash of its printed data, which it makes
again).
"""

import datetime
import io
import os
import platform
import tempfile
import time
from decimal import Decimal
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socplan.settings")
RESULTS = Path(__file__).with_name("results.md")
TITLE = "Střednědobý plán (benchmark dokumentu o 100 stranách, 13 × 7 opatření)"
SOURCES = ["municipalities", "region", "state", "eu"]
# 13 priorities: over 100 pages as Typst sets them (8 made 108 pages in WeasyPrint, 74 in Typst)
PRIORITIES, MEASURES, ACTIVITIES = 13, 7, 4
TEXT = (
    "Opatření navazuje na zjištění analýzy potřeb a na jednání pracovní skupiny. "
    "Služba se rozšíří do menších obcí v území, zajistí víkendový provoz a spolupráci "
    "s praktickými lékaři, obecními úřady a dalšími poskytovateli v území ORP. "
)


def _big_plan():
    from socplan.organisation.models import PlanningProcess
    from socplan.planning import services
    from socplan.planning.models import Activity, CostEstimate, Indicator, Plan

    existing = Plan.objects.filter(title=TITLE).first()
    if existing is not None:
        return existing
    process = PlanningProcess.objects.get(slug="kpss-orp-humpolec")
    plan = services.plan_create(
        actor=None,
        process=process,
        title=TITLE,
        year_start=2022,
        year_end=2025,
        introduction=TEXT * 6,
        vision=TEXT * 3,
        legal_basis=TEXT * 2,
        process_description=TEXT * 8,
        monitoring=TEXT * 3,
        change_procedure=TEXT * 2,
    )
    for p in range(1, PRIORITIES + 1):
        priority = services.priority_create(
            actor=None,
            plan=plan,
            title=f"Rozvoj služeb pro seniory a rodiny v území, oblast {p}",
            description=TEXT * 2,
        )
        for m in range(1, MEASURES + 1):
            measure = services.measure_create(
                actor=None,
                priority=priority,
                title=f"Rozšíření terénní služby do obcí, opatření {p}.{m}",
                description=TEXT * 3,
                justification=TEXT,
                responsible_other="Město Humpolec",
                partners="Charita Humpolec, Kraj Vysočina",
            )
            activities = Activity.objects.bulk_create(
                Activity(
                    measure=measure,
                    order=a,
                    code=f"{p}.{m}.{a}",
                    title=f"Zajištění provozu a personálu služby, aktivita {p}.{m}.{a}",
                    start_year=2022,
                    end_year=2025,
                )
                for a in range(1, ACTIVITIES + 1)
            )
            CostEstimate.objects.bulk_create(
                CostEstimate(
                    plan=plan,
                    measure=measure,
                    activity=activity,
                    year=year,
                    source=SOURCES[(a + year) % 4],
                    amount=Decimal(150000 + 2500 * a),
                )
                for a, activity in enumerate(activities)
                for year in range(2022, 2026)
            )
            for i in (1, 2):
                Indicator.objects.create(
                    measure=measure,
                    order=i,
                    name=f"Počet podpořených osob {p}.{m}.{i}",
                    unit="osob",
                    baseline=Decimal(10 * i),
                    targets={str(y): 10 * i + (y - 2021) * 3 for y in range(2022, 2026)},
                )
    return plan


def _timed(function):
    wall, cpu = time.perf_counter(), time.process_time()
    result = function()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import override_settings
    from pypdf import PdfReader

    from socplan.core.demo import load_demo
    from socplan.documents import typeset
    from socplan.documents.booklet import default_process, render_booklet
    from socplan.documents.plan import plan_document_cached, plan_pdf
    from socplan.planning.models import Plan
    from socplan.territory.models import PlanningArea

    call_command("migrate", interactive=False, verbosity=0)
    if not Plan.objects.filter(is_demo=True).exists():
        load_demo()
    demo = Plan.objects.get(is_demo=True, kind=Plan.Kind.MEDIUM_TERM)
    big = _big_plan()
    area = PlanningArea.objects.get(slug="orp-humpolec")
    process = default_process(area)
    language = settings.LANGUAGE_CODE
    # warm-up: imports, fonts, translations, URL resolvers
    typeset.typeset_pdf(
        typeset.Document(title="Zahřátí", lang=language, blocks=[typeset.paragraph("Zahřátí")])
    )

    def pages(pdf: bytes) -> int:
        return len(PdfReader(io.BytesIO(pdf)).pages)

    rows = []

    def row(what, target, pdf, wall, cpu):
        count = pages(pdf) if pdf is not None else ""
        ratio = f"{cpu / target:.2f}" if target else ""
        per_page = f"{1000 * cpu / count:.0f} ms" if count else ""
        size = f"{len(pdf) // 1024} KiB" if pdf is not None else ""
        target_text = f"{target:g} s" if target else "instant"
        rows.append(
            f"| {what} | {target_text} | {cpu:.2f} s | {ratio} | {wall:.1f} s | {count} | "
            f"{per_page} | {size} |"
        )
        print(rows[-1], flush=True)

    pdf, wall, cpu = _timed(lambda: plan_pdf(plan=demo, language=language))
    row("demo plan (Humpolec), PDF", 2, pdf, wall, cpu)
    pdf, wall, cpu = _timed(lambda: plan_pdf(plan=big, language=language))
    row(f"generated plan ({big.priorities.count()} priorities), PDF", 8, pdf, wall, cpu)
    for size in ("A5", "A4"):
        pdf, wall, cpu = _timed(
            lambda size=size: render_booklet(
                area=area, process=process, by="kind", page_size=size, language=language
            )
        )
        row(f"booklet of the demo by kind, {size}", 2 if size == "A5" else 0, pdf, wall, cpu)
        if size == "A4":
            rows[-1] = rows[-1].replace("| instant |", "| – |", 1)
    with tempfile.TemporaryDirectory() as data_dir, override_settings(DATA_DIR=Path(data_dir)):
        (path, _name), wall, cpu = _timed(
            lambda: plan_document_cached(plan=demo, format="pdf", language=language)
        )
        row("demo plan, first download (typeset and kept)", 0, path.read_bytes(), wall, cpu)
        rows[-1] = rows[-1].replace("| instant |", "| – |", 1)
        (path, _name), wall, cpu = _timed(
            lambda: plan_document_cached(plan=demo, format="pdf", language=language)
        )
        row("demo plan (approved), second download: the kept file", 0, None, wall, cpu)
        plan_document_cached(plan=big, format="pdf", language=language)
        (path, _name), wall, cpu = _timed(
            lambda: plan_document_cached(plan=big, format="pdf", language=language)
        )
        row(
            "generated plan (a draft), second download: collected, hashed, the kept file",
            0,
            None,
            wall,
            cpu,
        )
    load = os.getloadavg()[0]
    header = (
        f"\n## Plan document and booklet, {datetime.date.today()} ({connection.vendor}, "
        f"Python {platform.python_version()}, {os.cpu_count()} cores, load average {load:.1f})"
        "\n\n"
        "Targets of issue 16 in CPU time of the process; ratio = CPU time / target.\n\n"
        "| document | target | CPU time | ratio | wall time | pages | CPU per page | size |\n"
        "| --- | --- | --- | --- | --- | --- | --- | --- |\n"
    )
    text = header + "\n".join(rows) + "\n"
    print(text)
    with RESULTS.open("a", encoding="utf-8") as handle:
        handle.write(text)


if __name__ == "__main__":
    main()
