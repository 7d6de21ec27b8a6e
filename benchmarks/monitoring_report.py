"""Benchmark: the yearly monitoring report of a plan with 200 activities and 100 indicators
as PDF and as DOCX (target: each under 10 s).

Run on purpose, not in the test suite:

    SOCPLAN_DATA_DIR=/tmp/sb-monitoring .venv/bin/python benchmarks/monitoring_report.py

The database is the one of SOCPLAN_DATA_DIR (or DATABASE_URL): it is migrated, and a plan of
10 priorities × 4 measures × 5 activities with 100 indicators (values in two years) is made
when missing, with its action plans 2019 and 2020 and the monitoring of both, filled in
(states, progress, commentary, real costs) and the 2019 one approved. Each format of the 2020
report is rendered once from the database (all queries included); the wall time, the CPU time
of this process (the machine is shared), the size and the number of queries are appended to
benchmarks/results.md.
"""

import io
import os
import time
from decimal import Decimal

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socplan.settings")
from _common import write_section  # noqa: E402

TITLE = "Plán 2019–2021 (benchmark monitoringu)"
SOURCES = ["municipalities", "region", "state", "eu"]
STATES = ["done", "done", "in_progress", "not_done", "planned", "cancelled", "done"]


def _plan():
    from socplan import testing
    from socplan.monitoring import services
    from socplan.monitoring.models import IndicatorSetup, MonitoringPeriod
    from socplan.organisation.models import PlanningProcess
    from socplan.planning import services as planning_services
    from socplan.planning.models import Activity, CostEstimate, Indicator, Plan

    existing = Plan.objects.filter(title=TITLE).first()
    if (
        existing is not None
        and MonitoringPeriod.objects.filter(
            action_plan__medium_term_plan=existing, action_plan__year=2020
        ).exists()
    ):
        return existing
    process = PlanningProcess.objects.filter(slug="bench-monitoring").first()
    if process is None:
        area = testing.make_area(name="ORP Benchmark M", slug="orp-bench-monitoring")
        process = testing.make_process(area=area, slug="bench-monitoring")
    plan = planning_services.plan_create(
        actor=None, process=process, title=TITLE, year_start=2019, year_end=2021
    )
    indicators = 0
    for p in range(1, 11):
        priority = planning_services.priority_create(
            actor=None, plan=plan, title=f"Priorita {p}: služby pro seniory a rodiny"
        )
        for m in range(1, 5):
            measure = planning_services.measure_create(
                actor=None, priority=priority, title=f"Opatření {p}.{m}: rozvoj služeb v obcích"
            )
            activities = Activity.objects.bulk_create(
                Activity(
                    measure=measure,
                    order=a,
                    code=f"{p}.{m}.{a}",
                    title=f"Aktivita {p}.{m}.{a}: zajištění provozu služby",
                    start_year=2019,
                    end_year=2021,
                )
                for a in range(1, 6)
            )
            CostEstimate.objects.bulk_create(
                CostEstimate(
                    plan=plan,
                    measure=measure,
                    activity=activity,
                    year=year,
                    source=SOURCES[(a + year) % 4],
                    amount=Decimal(100000 + 1000 * a),
                )
                for a, activity in enumerate(activities)
                for year in (2019, 2020, 2021)
            )
            for i in range(1, 3 + (m % 2)):
                if indicators == 100:
                    break
                indicators += 1
                indicator = Indicator.objects.create(
                    measure=measure,
                    order=i,
                    name=f"Indikátor {p}.{m}.{i}: počet podpořených osob",
                    unit="osob",
                    baseline=Decimal(10 * i),
                    targets={"2019": 12 * i, "2020": 14 * i, "2021": 16 * i},
                )
                services.indicator_setup_set(
                    actor=None,
                    indicator=indicator,
                    aggregation=IndicatorSetup.Aggregation.CUMULATIVE
                    if i == 1
                    else IndicatorSetup.Aggregation.LEVEL,
                )
    for year in (2019, 2020):
        action_plan = planning_services.action_plan_create(
            actor=None, medium_term_plan=plan, year=year
        )
        # the state of activities is recorded without a new version of a frozen plan
        Plan.objects.filter(pk=action_plan.pk).update(status=Plan.Status.APPROVED)
        period = services.period_create(actor=None, action_plan=action_plan)
        for n, item in enumerate(
            action_plan.items.select_related("activity__measure").prefetch_related("costs")
        ):
            status = STATES[(n + year) % len(STATES)]
            services.activity_report_save(
                actor=None,
                period=period,
                item=item,
                status=status,
                progress=None if status in ("done", "cancelled") else 30 + n % 50,
                commentary="Aktivita probíhala podle plánu, výstupy jsou doloženy zápisy. "
                * (1 + n % 3),
                costs=[
                    {"source": c.source, "amount": c.amount * Decimal("0.9")}
                    for c in item.costs.all()
                ],
            )
        for n, indicator in enumerate(Indicator.objects.filter(measure__priority__plan=plan)):
            services.indicator_value_set(
                actor=None, period=period, indicator=indicator, value=11 + n % 7
            )
        services.period_update(
            actor=None, period=period, deadline=None, summary="Shrnutí roku (benchmark)."
        )
        if year == 2019:
            services.period_submit(actor=None, period=period)
            services.period_approve(actor=None, period=period)
    return plan


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext
    from pypdf import PdfReader

    from socplan.documents.monitoring import report_docx, report_pdf
    from socplan.monitoring.models import MonitoringPeriod

    call_command("migrate", interactive=False, verbosity=0)
    plan = _plan()
    lines = []
    for fmt, render in (("pdf", report_pdf), ("docx", report_docx)):
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            wall, cpu = time.perf_counter(), time.process_time()
            period = MonitoringPeriod.objects.select_related(
                "action_plan__process", "action_plan__medium_term_plan"
            ).get(action_plan__medium_term_plan=plan, action_plan__year=2020)
            content = render(period=period, language="cs")
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        extra = ""
        if fmt == "pdf":
            extra = f", {len(PdfReader(io.BytesIO(content)).pages)} pages"
        lines.append(
            f"| {fmt.upper()} | {wall:.1f} s | {cpu:.1f} s | {len(content) // 1024} KiB{extra} "
            f"| {len(queries.captured_queries)} |"
        )
    write_section(
        "Monitoring report of a plan with 200 activities and 100 indicators",
        connection.vendor,
        ["format", "wall time", "CPU time", "size", "queries"],
        lines,
        note="Target: each format under 10 s.\n",
    )


if __name__ == "__main__":
    main()
