"""The yearly monitoring report of a plan (PDF and editable DOCX).

Both formats come from one context (:func:`report_context`, the numbers of
:func:`socplan.monitoring.selectors.period_state`): the title page with the approval and the
council's decision, the summary (progress of the plan, activities by state), the state of
every priority, measure and activity with its commentary, the indicators against their
targets with charts of actual against target (PDF), spending against the plan by funding
source, and what carries over to the next year.

Served by :func:`socplan.documents.views.monitoring_report` (public once the period is
approved) and kept on disk per period, its last change, language and format.
"""

import io
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

from socplan.monitoring import rollup
from socplan.monitoring.models import MonitoringPeriod
from socplan.monitoring.selectors import LIGHT_LABELS, period_state

from .branding import branding_for
from .charts import actual_against_target_chart
from .pdf import render_pdf
from .typography import czech_nbsp, format_number
from .word import add_margins, add_table, add_toc, czech_typography, money, new_document

FORMATS = ("pdf", "docx")
LAYOUT = 1


def _percent(value) -> str:
    return "–" if value is None else f"{format_number(round(value), 0)}\u00a0%"


def _light(value) -> str:
    return str(LIGHT_LABELS.get(value, "–")) if value else "–"


def _indicator_charts(state, year: int) -> list:
    charts = []
    plan = state.period.plan
    years = [y for y in plan.years if y <= year]
    for row in state.indicators:
        indicator = row.indicator
        categories, targets, actuals = [], [], []
        if indicator.baseline is not None:
            categories.append(_("baseline"))
            targets.append(None)
            actuals.append(indicator.baseline)
        for y in years:
            categories.append(str(y))
            targets.append(rollup.target_to_date(indicator.targets, y, row.aggregation))
            actuals.append(rollup.value_to_date(row.values_by_year, y, row.aggregation))
        name = f"{indicator.measure.code} {indicator.name}"
        chart = actual_against_target_chart(
            title=f"{name} ({indicator.unit})" if indicator.unit else name,
            categories=categories,
            target=targets,
            actual=actuals,
            unit=indicator.unit,
            legend=False,  # said once above the charts
        )
        if chart is not None and any(v is not None for v in actuals[-len(years) :]):
            charts.append(chart)
    return charts


def report_context(period: MonitoringPeriod, *, charts: bool = True) -> dict:
    state = period_state(period=period, with_evidence=True)
    plan = period.plan
    process = plan.process
    return {
        "period": period,
        "plan": plan,
        "process": process,
        "state": state,
        "title": _("Monitoring report %(year)s") % {"year": period.year},
        "subtitle": plan.title,
        "page_size": "A4",
        "indicator_charts": _indicator_charts(state, period.year) if charts else [],
        "generated_on": timezone.localdate(),
        "light_label": _light(state.light),
    }


def report_pdf(*, period: MonitoringPeriod, language: str | None = None) -> bytes:
    with override(language or settings.LANGUAGE_CODE):
        context = report_context(period)
    return render_pdf("documents/monitoring_report.html", context, language=language)


def report_docx(*, period: MonitoringPeriod, language: str | None = None) -> bytes:
    """The same report as editable DOCX (without the charts; their numbers are in the
    tables)."""
    with override(language or settings.LANGUAGE_CODE):
        context = report_context(period, charts=False)
        state, plan = context["state"], context["plan"]
        t = czech_nbsp
        document = new_document(title=f"{context['title']} – {plan.title}")
        document.add_heading(t(context["title"]), level=0)
        document.add_paragraph(t(plan.title), style="Subtitle")
        document.add_paragraph(t(plan.process.name))
        if period.is_demo or plan.is_demo:
            document.add_paragraph(_("Demo data: made up for trying socplan out."))
        document.add_paragraph(_status_line(period))
        if period.council_noted_on:
            document.add_paragraph(_council_line(period))
        add_toc(
            document,
            heading=_("Contents"),
            placeholder=_(
                "The table of contents is filled in when the document is opened in a word "
                "processor."
            ),
        )
        document.add_heading(_("Summary"), level=1)
        if period.summary:
            for paragraph in period.summary.splitlines():
                if paragraph.strip():
                    document.add_paragraph(t(paragraph))
        document.add_paragraph(
            _("Progress of the plan in the year: %(progress)s (%(light)s).")
            % {"progress": _percent(state.progress), "light": context["light_label"]}
        )
        document.add_paragraph(
            _("Share of activities done: %(share)s.") % {"share": _percent(state.done_share)}
        )
        add_table(
            document,
            [_("State"), _("Activities")],
            [[label, str(count)] for _code, label, count in state.counts],
            numeric_from=1,
        )
        document.add_heading(_("State of the priorities, measures and activities"), level=1)
        for p in state.priorities:
            document.add_heading(
                t(
                    _("Priority %(code)s: %(title)s")
                    % {"code": p.priority.code, "title": p.priority.title}
                    + f" – {_percent(p.progress)}, {_light(p.light)}"
                ),
                level=2,
            )
            for m in p.measures:
                document.add_heading(
                    t(
                        _("Measure %(code)s: %(title)s")
                        % {"code": m.measure.code, "title": m.measure.title}
                        + f" – {_percent(m.progress)}, {_light(m.light)}"
                    ),
                    level=3,
                )
                if m.override:
                    document.add_paragraph(
                        t(_("Light set by hand: %(reason)s") % {"reason": m.override.reason})
                    )
                if m.activities:
                    add_table(
                        document,
                        [
                            _("Activity"),
                            _("State"),
                            _("Progress"),
                            _("Planned (CZK)"),
                            _("Real (CZK)"),
                            _("Commentary"),
                        ],
                        [
                            [
                                t(f"{a.activity.code} {a.activity.title}"),
                                a.state,
                                _percent(a.progress),
                                money(a.planned_total),
                                money(a.actual_total),
                                t(a.commentary),
                            ]
                            for a in m.activities
                        ],
                        numeric_from=None,
                    )
        document.add_heading(_("Indicators"), level=1)
        if state.indicators:
            add_table(
                document,
                [
                    _("Indicator"),
                    _("Kind"),
                    _("Baseline"),
                    _("Value of the year"),
                    _("Actual to date"),
                    _("Target of the plan"),
                    _("Achieved"),
                ],
                [
                    [
                        t(f"{r.indicator.measure.code} {r.indicator.name}"),
                        _("cumulative") if r.aggregation == "cumulative" else _("level"),
                        format_number(r.baseline),
                        format_number(r.value.value) if r.value else "–",
                        format_number(r.to_date),
                        format_number(r.target_final),
                        _percent(r.achievement),
                    ]
                    for r in state.indicators
                ],
                numeric_from=2,
            )
        document.add_heading(_("Spending against the plan"), level=1)
        total = state.cost_total
        add_table(
            document,
            [_("Funding source"), _("Planned"), _("Real"), _("Difference"), _("Execution")],
            [
                [
                    label,
                    money(m.planned),
                    money(m.actual),
                    money(m.difference),
                    _percent(m.execution),
                ]
                for label, m in state.cost_rows
            ],
            footer=[
                _("Total"),
                money(total.planned),
                money(total.actual),
                money(total.difference),
                _percent(total.execution),
            ],
            numeric_from=1,
        )
        document.add_heading(_("What carries over"), level=1)
        if state.carry_over:
            for a in state.carry_over:
                document.add_paragraph(
                    t(f"{a.activity.code} {a.activity.title} ({a.state})"), style="List Bullet"
                )
        else:
            document.add_paragraph(_("Nothing: every activity is done or cancelled."))
        add_margins(document, title=context["title"], branding=branding_for(plan.process))
        czech_typography(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _status_line(period: MonitoringPeriod) -> str:
    if period.is_locked and period.approved_at:
        return _("Approved by the steering group on %(date)s.") % {
            "date": date_format(timezone.localtime(period.approved_at).date(), "SHORT_DATE_FORMAT")
        }
    return _("Status: %(status)s (not approved yet).") % {"status": period.get_status_display()}


def _council_line(period: MonitoringPeriod) -> str:
    return _("%(body)s took note of the report on %(date)s by resolution %(resolution)s.") % {
        "body": period.council_body or _("The council"),
        "date": date_format(period.council_noted_on, "SHORT_DATE_FORMAT"),
        "resolution": period.council_resolution,
    }


def file_name(period: MonitoringPeriod, format: str) -> str:
    return f"monitoring-{period.year}-{slugify(period.plan.title)[:60] or 'plan'}.{format}"


def report_cached(*, period: MonitoringPeriod, format: str, language: str | None = None):
    """The report as it is now, made on the first request and kept in the data dir per
    period, its last change, language and LAYOUT. Returns (path, download name)."""
    if format not in FORMATS:
        raise ValueError(format)
    language = language or get_language() or settings.LANGUAGE_CODE
    directory = Path(settings.DATA_DIR) / "monitoring-reports"
    prefix = f"period-{period.pk}-"
    stamp = int(period.updated_at.timestamp() * 1000)
    path = directory / f"{prefix}{stamp}-l{LAYOUT}-{language}.{format}"
    if not path.exists():
        directory.mkdir(parents=True, exist_ok=True)
        render = report_pdf if format == "pdf" else report_docx
        content = render(period=period, language=language)
        with tempfile.NamedTemporaryFile(dir=directory, delete=False, suffix=".part") as tmp:
            tmp.write(content)
        os.replace(tmp.name, path)
        for old in directory.glob(f"{prefix}*-{language}.{format}"):
            if old != path:
                old.unlink(missing_ok=True)
    return path, file_name(period, format)


def load_demo_report(report) -> None:
    """The demo's monitoring report of 2019 as a document of the process's library."""
    from socplan.library import services as library_services
    from socplan.library.models import Document
    from socplan.monitoring.demo import PROCESS_SLUG, REPORT_TITLE

    period = (
        MonitoringPeriod.objects.filter(
            is_demo=True,
            action_plan__process__slug=PROCESS_SLUG,
            action_plan__year=2019,
            status=MonitoringPeriod.Status.APPROVED,
        )
        .select_related("action_plan__process")
        .first()
    )
    if period is None:
        return
    process = period.action_plan.process
    if Document.objects.filter(process=process, title=REPORT_TITLE).exists():
        return
    pdf = report_pdf(period=period, language="cs")
    library_services.document_create(
        process=process,
        actor=None,
        title=REPORT_TITLE,
        category=Document.Category.PLAN,
        issued_on=period.council_noted_on or timezone.localdate(),
        is_public=True,
        file=ContentFile(pdf, name="monitorovaci-zprava-2019.pdf"),
        is_demo=True,
    )
    report.add("monitoring report document")
