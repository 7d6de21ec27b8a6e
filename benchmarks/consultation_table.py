"""Benchmark: the resolution table of a consultation round with 500 comments as PDF, DOCX
and XLSX (target: under 10 s altogether).

Run on purpose, not in the test suite:

    SOCPLAN_DATA_DIR=/tmp/sb-consult .venv/bin/python benchmarks/consultation_table.py

The database is the one of SOCPLAN_DATA_DIR (or DATABASE_URL): it is migrated, and a plan
with a round of 500 resolved comments (varied lengths, quotes, all four kinds of resolution)
is made when missing. Each format is rendered once, from the database (the query of the
table included), in a fresh process (the PDF, typeset by Typst, pays for loading Typst and
the fonts); the wall time, the CPU time of this process (the machine is shared) and the size
are appended to benchmarks/results.md, with a second download of the PDF from its cache.
"""

import datetime
import io
import os
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socplan.settings")
from _common import write_section  # noqa: E402

COMMENTS = 500
TITLE = "Benchmark: 500 připomínek"


def _round():
    from django.utils import timezone

    from socplan import testing
    from socplan.consultation import services
    from socplan.consultation.models import Comment, Resolution, Round
    from socplan.consultation.selectors import draft_parts
    from socplan.organisation.models import PlanningProcess
    from socplan.planning import services as planning_services

    existing = Round.objects.filter(title=TITLE).first()
    if existing is not None:
        return existing
    process = PlanningProcess.objects.filter(slug="bench-consultation").first()
    if process is None:
        area = testing.make_area(name="ORP Benchmark", slug="orp-bench-consultation")
        process = testing.make_process(area=area, slug="bench-consultation")
    plan = planning_services.plan_create(
        actor=None, process=process, title="Plán (benchmark)", year_start=2019, year_end=2021
    )
    for p in range(1, 5):
        priority = planning_services.priority_create(actor=None, plan=plan, title=f"Priorita {p}")
        for m in range(1, 5):
            measure = planning_services.measure_create(
                actor=None, priority=priority, title=f"Opatření {p}.{m} pro seniory a rodiny"
            )
            planning_services.activity_create(actor=None, measure=measure, title="Aktivita")
    round_ = services.round_open(
        actor=None,
        plan=plan,
        title=TITLE,
        opens_on=datetime.date(2018, 10, 1),
        closes_on=datetime.date(2018, 10, 31),
    )
    parts = draft_parts(round=round_)
    outcomes = Resolution.Outcome.values
    now = timezone.now()
    comments = []
    for n in range(1, COMMENTS + 1):
        part = parts[n % len(parts)]
        comments.append(
            Comment(
                round=round_,
                number=n,
                part=part.kind,
                part_key=part.key,
                part_label=part.label,
                quote="návrh počítá s rozšířením služby" if n % 3 == 0 else "",
                text=(
                    "Navrhuji doplnit dostupnost služby v menších obcích regionu. " * (1 + n % 6)
                ),
                kind=Comment.Kind.ESSENTIAL if n % 4 == 0 else Comment.Kind.RECOMMENDATION,
                author_name=f"Připomínkující {n}",
                organisation="Obec" if n % 5 == 0 else "",
                publish_name=n % 2 == 0,
                channel=Comment.Channel.WEB if n % 3 else Comment.Channel.HEARING,
                received_on=datetime.date(2018, 10, 1 + n % 30),
                confirmed_at=now,
            )
        )
    Comment.objects.bulk_create(comments)
    Resolution.objects.bulk_create(
        Resolution(
            comment=comment,
            outcome=outcomes[i % 4],
            reasoning="Řídicí skupina připomínku projednala a rozhodla takto. " * (1 + i % 4),
            change="Text opatření upraven." if i % 4 == 0 else "",
            decided_on=datetime.date(2018, 11, 14),
        )
        for i, comment in enumerate(Comment.objects.filter(round=round_).order_by("number"))
    )
    return round_


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from pypdf import PdfReader

    from socplan.consultation.models import Round
    from socplan.documents.consultation import RENDER, table_file

    call_command("migrate", interactive=False, verbosity=0)
    round_pk = _round().pk
    lines, total_wall, total_cpu = [], 0.0, 0.0
    for fmt in ("pdf", "docx", "xlsx"):
        round_ = Round.objects.select_related("plan__process").get(pk=round_pk)
        wall, cpu = time.perf_counter(), time.process_time()
        content = RENDER[fmt](round=round_, language="cs")
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        total_wall += wall
        total_cpu += cpu
        extra = ""
        if fmt == "pdf":
            extra = f", {len(PdfReader(io.BytesIO(content)).pages)} pages"
        lines.append(
            f"| {fmt.upper()} | {wall:.1f} s | {cpu:.1f} s | {len(content) // 1024} KiB{extra} |"
        )
    lines.append(f"| all three | {total_wall:.1f} s | {total_cpu:.1f} s | target: under 10 s |")
    # A public download goes through the cache: made once per content of the table, then
    # the query and the hash of the document's data only.
    round_ = Round.objects.select_related("plan__process").get(pk=round_pk)
    table_file(round=round_, format="pdf", language="cs")
    wall, cpu = time.perf_counter(), time.process_time()
    content, _name = table_file(round=round_, format="pdf", language="cs")
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    lines.append(
        f"| PDF again (cached, unchanged table) | {wall:.2f} s | {cpu:.2f} s "
        f"| {len(content) // 1024} KiB |"
    )
    write_section(
        f"Resolution table of {COMMENTS} comments",
        connection.vendor,
        ["format", "wall time", "CPU time", "size"],
        lines,
    )


if __name__ == "__main__":
    main()
